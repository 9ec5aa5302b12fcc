"""Agreements of the last-chance trajectory: the contract that lays down the conditions.

One :class:`Agreement` per trajectory at a time (a new one may follow an ended one). Its
parties, the concrete agreements of article 1, extensions and the notice of an early end
are kept as rows; every change goes through :mod:`woonkans.agreements.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Person
from woonkans.organisations.models import Organisation
from woonkans.trajectories.models import Trajectory

from .rules import AgreementForm, PartyRole


class AgreementStatus(models.TextChoices):
    DRAFT = "concept", _("Draft: waiting for signatures")
    SIGNED = "getekend", _("Signed by all parties")
    ENDED = "beeindigd", _("Ended")


class EndOutcome(models.TextChoices):
    SUCCESS = "succes", _("Ended early: the guidance succeeded")
    FAILURE = "mislukt", _("Ended early: the agreements were not kept")


class CorporationAgreementSettings(models.Model):
    """A corporation's preferred forms of agreement, per legal stage."""

    corporation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreement_settings",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    form_without_verdict = models.CharField(
        _("preferred form without a verdict"),
        max_length=40,
        choices=AgreementForm.choices,
        default=AgreementForm.ADDENDUM,
    )
    form_after_verdict = models.CharField(
        _("preferred form after a verdict"),
        max_length=40,
        choices=AgreementForm.choices,
        default=AgreementForm.WOONBEGELEIDINGSOVEREENKOMST,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement settings")
        verbose_name_plural = _("agreement settings")

    def __str__(self) -> str:
        return f"{self.corporation}"


class AgreementTemplate(models.Model):
    """An organisation's own Word template for one form of agreement.

    The file is kept in the database (at most :data:`~.docx_templates.MAX_TEMPLATE_BYTES`);
    it was checked on upload: a real .docx, no macros, only known placeholders."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreement_templates",
        verbose_name=_("organisation"),
    )
    form = models.CharField(_("form"), max_length=40, choices=AgreementForm.choices)
    name = models.CharField(_("name"), max_length=120)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    placeholders = models.JSONField(_("placeholders used"), default=list)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "form", "-uploaded_at", "-pk"]
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="agreements")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="agreements", editable=False
    )
    form = models.CharField(_("form"), max_length=40, choices=AgreementForm.choices)
    proposed_form = models.CharField(
        _("proposed form"), max_length=40, choices=AgreementForm.choices
    )
    form_reason = models.TextField(
        _("reason for another form"),
        blank=True,
        help_text=_("Required when the form differs from the proposed one."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    guidance_hours_per_week = models.DecimalField(
        _("guidance hours per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    repayment_per_month = models.DecimalField(
        _("repayment per month"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=4)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed by all parties on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_outcome = models.CharField(
        _("outcome"), max_length=10, choices=EndOutcome.choices, blank=True
    )
    end_reason = models.TextField(_("reason for the end"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="agreement_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=~models.Q(status="beeindigd"),
                name="agreement_one_open_per_trajectory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.household}"

    @property
    def is_ended(self) -> bool:
        return self.status == AgreementStatus.ENDED


class AgreementItem(models.Model):
    """One concrete agreement of article 1."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("agreement"), max_length=500)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("concrete agreement")
        verbose_name_plural = _("concrete agreements")

    def __str__(self) -> str:
        return self.text


class AgreementParty(models.Model):
    """A party to the agreement: an organisation or a tenant, with its signature."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250)
    must_sign = models.BooleanField(_("signs"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("The person who signed, for an organisation: name and function."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(role="huurder"),
                name="agreementparty_organisation_unless_tenant",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class AgreementExtension(models.Model):
    """The coordinator extended the agreement: append-only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="extensions")
    previous_end_date = models.DateField(_("previous end date"))
    new_end_date = models.DateField(_("new end date"))
    reason = models.TextField(_("reason"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.previous_end_date} -> {self.new_end_date}"


class AgreementNotice(models.Model):
    """The written notice to all parties that the agreement ends early."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="notice")
    outcome = models.CharField(_("outcome"), max_length=10, choices=EndOutcome.choices)
    effective_on = models.DateField(_("ends on"))
    immediate = models.BooleanField(_("with immediate effect"), default=False)
    reason = models.TextField(_("reason"))
    written_on = models.DateField(_("written on"))
    written_by_name = models.CharField(_("written by"), max_length=200)
    emails_queued = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice of early end")
        verbose_name_plural = _("notices of early end")

    def __str__(self) -> str:
        return f"{self.agreement} – {self.effective_on}"
