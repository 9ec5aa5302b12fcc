"""The legal route of a tenancy: hand-over to a bailiff or collection agency (VERA
ExterneIncasso), summons, verdict, eviction notice and its outcome.

Records are added by the use cases in ``services.py`` only, each after checking the table of
allowed steps in ``stages.py``. The stage shown to users is derived from them
(``stages.legal_stage``), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Tenancy
from woonkans.organisations.models import Organisation

from .stages import NoticeOutcome

MONEY = {"max_digits": 12, "decimal_places": 2}


class ExternalCollectionKind(models.TextChoices):
    """VERA reference data EXTERNEINCASSOSOORT."""

    DEU = "DEU", _("Bailiff (deurwaarder)")
    INC = "INC", _("Collection agency (incassobureau)")


class ExternalCollectionStatus(models.TextChoices):
    """VERA reference data EXTERNEINCASSOSTATUS."""

    NIE = "NIE", _("New")
    ACT = "ACT", _("Active")
    EIN = "EIN", _("Ended")


class ExternalCollectionEndReason(models.TextChoices):
    PAID = "betaald", _("Paid in full")
    ARRANGEMENT = "regeling", _("Payment arrangement made")
    RETURNED = "teruggenomen", _("Taken back by the corporation")
    DEBT_HELP = "schuldhulp", _("Taken over by debt help")
    EVICTED = "ontruimd", _("Evicted; remaining debt handled elsewhere")
    UNCOLLECTABLE = "oninbaar", _("Uncollectable")
    OTHER = "overig", _("Other reason")


class ExternalCollection(models.Model):
    """A claim handed over to a bailiff or collection agency (VERA ExterneIncasso)."""

    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        related_name="external_collections",
        verbose_name=_("tenancy"),
    )
    kind = models.CharField(_("kind"), max_length=3, choices=ExternalCollectionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=3,
        choices=ExternalCollectionStatus.choices,
        default=ExternalCollectionStatus.NIE,
    )
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bailiff or collection agency"),
        limit_choices_to={"kind": "extern"},
    )
    reference = models.CharField(
        _("file number at the bailiff"), max_length=64, blank=True, help_text=_("Optional.")
    )
    handed_over_on = models.DateField(_("handed over on"))  # VERA overdrachtsdatum
    started_on = models.DateField(_("started on"), null=True, blank=True)  # VERA begindatum
    amount = models.DecimalField(_("amount handed over"), **MONEY)  # VERA bedrag
    balance = models.DecimalField(_("outstanding balance"), **MONEY)  # VERA saldo
    balance_on = models.DateField(_("balance on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)  # VERA einddatum
    end_reason = models.CharField(
        _("reason for ending"),
        max_length=16,
        choices=ExternalCollectionEndReason.choices,
        blank=True,
    )
    end_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["handed_over_on", "pk"]
        verbose_name = _("hand-over to bailiff or collection agency")
        verbose_name_plural = _("hand-overs to bailiff or collection agency")
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=~Q(status="EIN"),
                name="externalcollection_one_open_per_tenancy",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="externalcollection_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="externalcollection_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(status="EIN") & Q(ended_on__isnull=False))
                | (~Q(status="EIN") & Q(ended_on__isnull=True)),
                name="externalcollection_ended_on_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.handed_over_on:%Y-%m-%d}"

    @property
    def household_id(self) -> int:
        return self.tenancy.household_id


class Summons(models.Model):
    """A summons (dagvaarding) to the subdistrict court (kantonrechter)."""

    collection = models.ForeignKey(
        ExternalCollection, on_delete=models.PROTECT, related_name="summonses"
    )
    served_on = models.DateField(_("served on"))
    court_date = models.DateField(_("date of the hearing"))
    court = models.CharField(
        _("court"), max_length=200, help_text=_("For example: Rechtbank Den Haag, kanton.")
    )
    claim_amount = models.DecimalField(_("amount claimed"), **MONEY)
    claims_eviction = models.BooleanField(
        _("claims dissolution and eviction"),
        default=True,
        help_text=_("The summons asks the court to dissolve the lease and order the eviction."),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["served_on", "pk"]
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")
        constraints = [
            models.UniqueConstraint(
                fields=["collection"],
                condition=Q(withdrawn_on__isnull=True),
                name="summons_one_pending_per_collection",
            ),
            models.CheckConstraint(
                condition=Q(court_date__gte=models.F("served_on")),
                name="summons_hearing_after_service",
            ),
            models.CheckConstraint(
                condition=Q(claim_amount__gte=0), name="summons_claim_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.served_on:%Y-%m-%d}"

    @property
    def household_id(self) -> int:
        return self.collection.tenancy.household_id


class Verdict(models.Model):
    """The court's verdict (vonnis) on a summons."""

    summons = models.OneToOneField(Summons, on_delete=models.PROTECT, related_name="verdict")
    pronounced_on = models.DateField(_("date of the verdict"))
    dissolution_and_eviction = models.BooleanField(
        _("lease dissolved and eviction ordered"),
        help_text=_(
            "The court dissolved the lease and ordered the eviction (ontbinding en ontruiming)."
        ),
    )
    amount_awarded = models.DecimalField(
        _("amount awarded"), null=True, blank=True, help_text=_("Optional."), **MONEY
    )
    by_default = models.BooleanField(
        _("by default"),
        default=False,
        help_text=_("The tenant did not appear (verstekvonnis)."),
    )
    content = models.TextField(
        _("content of the verdict"),
        blank=True,
        help_text=_("A short summary of what the court decided, for example conditions or terms."),
    )
    served_on = models.DateField(
        _("verdict served on"), null=True, blank=True, help_text=_("Optional: betekening.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0),
                name="verdict_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pronounced_on:%Y-%m-%d}"

    @property
    def household_id(self) -> int:
        return self.summons.collection.tenancy.household_id


class EvictionNotice(models.Model):
    """The bailiff's announcement of the eviction (aanzegging) and what became of it."""

    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="notices")
    notified_on = models.DateField(_("announced on"))
    eviction_date = models.DateField(_("eviction date"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=NoticeOutcome.choices, blank=True, default=""
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["notified_on", "pk"]
        verbose_name = _("eviction notice")
        verbose_name_plural = _("eviction notices")
        constraints = [
            models.UniqueConstraint(
                fields=["verdict"],
                condition=Q(outcome=""),
                name="evictionnotice_one_pending_per_verdict",
            ),
            models.CheckConstraint(
                condition=Q(eviction_date__gte=models.F("notified_on")),
                name="evictionnotice_eviction_after_notice",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_on__isnull=True))
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="evictionnotice_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.eviction_date:%Y-%m-%d}"

    @property
    def household_id(self) -> int:
        return self.verdict.summons.collection.tenancy.household_id


#: Default: a verdict prompt is urgent from this many days before the eviction date.
URGENT_BEFORE_EVICTION_DAYS = 14
MAX_URGENT_BEFORE_EVICTION_DAYS = 90


class LegalSettings(models.Model):
    """A corporation's settings of the legal route. Absent: the defaults below apply."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="legal_settings",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    urgent_before_eviction_days = models.PositiveSmallIntegerField(
        _("days before an eviction from which the contact prompt is urgent"),
        default=URGENT_BEFORE_EVICTION_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_URGENT_BEFORE_EVICTION_DAYS)],
        help_text=_(
            "After a verdict the worklist asks every week to keep trying to reach the tenant. "
            "From this many days before the announced eviction date the prompt is marked "
            "urgent. 0: only on the eviction day itself."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal route settings")
        verbose_name_plural = _("legal route settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(urgent_before_eviction_days__lte=MAX_URGENT_BEFORE_EVICTION_DAYS),
                name="legalsettings_urgent_days_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)
