"""The case conference (casusoverleg): scheduled meetings of the partners.

A care provider organises the meetings; its coordinator chairs them. Each
:class:`Conference` invites partner organisations, has an agenda of :class:`AgendaItem`
rows (new referrals, running trajectories with due or overdue items, cases returned for
more information, and items added by hand), an attendance list (:class:`Attendance`), one
:class:`Decision` per discussed case and :class:`ActionPoint` rows. A
:class:`ConferenceSeries` is a recurring schedule ("every 2 weeks") from which the next
meeting is generated idempotently.

When the meeting starts the agenda is frozen: the items keep the snapshot of the case
(name, state, why it is on the agenda) they had at that moment, whatever happens later.
Who may see which item is decided in :mod:`.access` (need-to-know per trajectory).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation
from woonkans.trajectories.models import Trajectory, Transition


class ConferenceSeries(models.Model):
    """A recurring schedule of case conferences (for example every 2 weeks)."""

    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="conference_series",
        verbose_name=_("organised by"),
    )
    title = models.CharField(_("title"), max_length=200)
    first_on = models.DateField(_("first meeting on"))
    interval_weeks = models.PositiveSmallIntegerField(_("every so many weeks"), default=2)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    invited = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("invited organisations")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("case conference schedule")
        verbose_name_plural = _("case conference schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_weeks__gte=1),
                name="conference_series_interval_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ConferenceStatus(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    STARTED = "gestart", _("In progress")
    CLOSED = "afgesloten", _("Closed")


class Conference(models.Model):
    """One case conference meeting."""

    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("organised by"),
    )
    series = models.ForeignKey(
        ConferenceSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("schedule"),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    invited = models.ManyToManyField(
        Organisation,
        related_name="conferences_invited",
        blank=True,
        verbose_name=_("invited organisations"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "date"],
                condition=models.Q(series__isnull=False),
                name="conference_one_per_series_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    @property
    def agenda_frozen(self) -> bool:
        return self.status != ConferenceStatus.PLANNED

    def party_organisation_ids(self) -> set[int]:
        return {self.organiser_id, *self.invited.values_list("pk", flat=True)}


class AgendaSource(models.TextChoices):
    REFERRAL = "aanmelding", _("New referral")
    FOLLOW_UP = "meer_informatie", _("Returned: more information needed")
    DUE_ITEMS = "termijnen", _("Running trajectory with due or overdue items")
    MANUAL = "handmatig", _("Added by hand")


class AgendaItem(models.Model):
    """One point of the agenda: a case (trajectory) or a general topic.

    The ``snapshot_*`` fields describe the case as it was when the agenda was built; they
    are refreshed until the meeting starts and kept unchanged afterwards."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="items")
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_items",
        verbose_name=_("trajectory"),
    )
    topic = models.CharField(
        _("topic"), max_length=200, blank=True, help_text=_("For a general point without a case.")
    )
    source = models.CharField(_("why on the agenda"), max_length=20, choices=AgendaSource.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    snapshot_name = models.CharField(max_length=200, blank=True)
    snapshot_reference = models.CharField(max_length=32, blank=True)
    snapshot_state = models.CharField(max_length=20, blank=True)
    snapshot_priority = models.BooleanField(default=False)
    snapshot_reason = models.TextField(blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    added_by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "trajectory"],
                condition=models.Q(trajectory__isnull=False),
                name="agenda_item_one_per_trajectory",
            ),
            models.CheckConstraint(
                condition=models.Q(trajectory__isnull=False) | ~models.Q(topic=""),
                name="agenda_item_case_or_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.snapshot_name or self.topic

    @property
    def is_case(self) -> bool:
        return self.trajectory_id is not None

    def get_snapshot_state_display(self) -> str:
        from woonkans.trajectories.models import State

        try:
            return str(State(self.snapshot_state).label)
        except ValueError:
            return self.snapshot_state


class AttendanceStatus(models.TextChoices):
    UNKNOWN = "onbekend", _("Not recorded")
    PRESENT = "aanwezig", _("Present")
    EXCUSED = "afgemeld", _("Absent with notice")
    ABSENT = "afwezig", _("Absent without notice")


class Attendance(models.Model):
    """Attendance of an invited organisation (``person_name`` empty) or of one person."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    person_name = models.CharField(_("person"), max_length=150, blank=True)
    status = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.UNKNOWN,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "person_name", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organisation", "person_name"],
                name="attendance_unique_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.person_name or '-'} ({self.status})"


class Outcome(models.TextChoices):
    ADMIT = "toelaten", _("Admit")
    NOT_ADMIT = "niet_toelaten", _("Do not admit")
    MORE_INFORMATION = "meer_informatie", _("More information needed")


class Decision(models.Model):
    """The conference's decision about one case on its agenda."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="conference_decisions"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_label = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    transition = models.ForeignKey(
        Transition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("case conference decision")
        verbose_name_plural = _("case conference decisions")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_on:%Y-%m-%d})"


class ActionPoint(models.Model):
    """A task agreed in the meeting: about one case (``item``) or general."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="action_points"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_points",
        verbose_name=_("case"),
    )
    description = models.CharField(_("action"), max_length=500)
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")

    def __str__(self) -> str:
        return self.description
