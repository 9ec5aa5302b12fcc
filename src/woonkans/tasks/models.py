"""Due items (what has to happen by when in a trajectory) and incident reports.

Due items are generated from the trajectory's data by the pure rules in :mod:`.rules`
(idempotently: one item per trajectory, kind and period key) and synchronised by
:func:`woonkans.tasks.services.due_items_sync`. An item is assigned to an organisation and
a member function in the trajectory (whoever holds that function now, see
``trajectories.selectors.current_members``), or to one person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation
from woonkans.trajectories.models import Trajectory


class DueKind(models.TextChoices):
    DETAILS_TO_CORPORATION = (
        "details_to_corporation",
        _("Send the household's details to the corporation's contact person"),
    )
    RENT_TAKEOVER = "rent_takeover", _("Take over the rent payment")
    QUARTERLY_REPORT = "quarterly_report", _("Quarterly report to the corporation")
    SUPPORT_REPORT = "support_report", _("Support worker's report for the evaluation")
    EVALUATION = "evaluation", _("Evaluation meeting")


class DueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class DueItem(models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="due_items", verbose_name=_("trajectory")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DueKind.choices)
    period_key = models.CharField(
        _("period"),
        max_length=32,
        blank=True,
        help_text=_("Which occurrence of a recurring item this is (empty for one-off items)."),
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    responsible_function = models.CharField(_("function"), max_length=32, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    concerns_corporation = models.BooleanField(
        _("concerns the corporation"),
        default=False,
        help_text=_("The corporation's users see items that concern it, not care-internal ones."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DueStatus.choices, default=DueStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_source = models.CharField(
        _("completed through"),
        max_length=64,
        blank=True,
        help_text=_("'manual', or the kind of record that completed the item."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind", "period_key"], name="dueitem_unique_period"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="dueitem_done_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="dueitem_status_due")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"

    @property
    def household_id(self) -> int:
        return self.trajectory.household_id

    @property
    def function_label(self) -> str:
        from woonkans.trajectories.models import MemberFunction

        if self.responsible_function in MemberFunction.values:
            return str(MemberFunction(self.responsible_function).label)
        return self.responsible_function

    def is_overdue(self, today) -> bool:
        return self.status == DueStatus.OPEN and self.due_on < today


class IncidentKind(models.TextChoices):
    DETENTION = "detention", _("Detention")
    NUISANCE = "nuisance", _("Nuisance")
    OTHER = "other", _("Other event")


class IncidentReport(models.Model):
    """A special event (detention, nuisance, ...) the care provider reports. Filing one
    notifies the corporation's contact persons at once."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("trajectory")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    notified_count = models.PositiveSmallIntegerField(_("contact persons notified"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on})"

    @property
    def household_id(self) -> int:
        return self.trajectory.household_id


class DigestSent(models.Model):
    """One daily digest e-mail per person per day (makes the digest idempotent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    item_count = models.PositiveSmallIntegerField(default=0)
    email = models.ForeignKey(
        "jobs.OutgoingEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_per_day")
        ]
        verbose_name = _("daily digest sent")
        verbose_name_plural = _("daily digests sent")

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.sent_on}"
