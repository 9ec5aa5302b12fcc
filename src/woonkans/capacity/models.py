"""Repayment capacity calculations, payment-plan proposals and the corporation's standard
demand. The rules are in ``rules.py`` and ``plans.py``; changes go through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation

_money = {"max_digits": 12, "decimal_places": 2}


class Situation(models.TextChoices):
    """The four household situations of the beslagvrije voet; the values are the keys of
    the norm tables (``woonkans.norms.models.HouseholdSituation``)."""

    ALLEENSTAANDE = "alleenstaande", _("Single")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Single parent (child under 18)")
    GEHUWDEN = "gehuwden", _("Married or cohabiting, no child under 18")
    GEHUWDEN_MET_KINDEREN = (
        "gehuwden_met_kinderen",
        _("Married or cohabiting with a child under 18"),
    )


class IncomeGroupChoice(models.TextChoices):
    LAAG = "laag", _("Low: income at or below the social-assistance norm")
    # xgettext:no-python-format
    MIDDEN = "midden", _("Middle: 95% of the norm plus the top-up")
    HOOG = "hoog", _("High: the maximum applies")
    BOVEN_NORM = "boven_norm", _("Above the norm; top-up not entered (upper bound used)")
    GEEN = "geen", _("No income")


class CapacitySettings(models.Model):
    """A corporation's standard demand for rent arrears (default: the pilot's, 50% at once
    and the rest in 10 months). Changed by the corporation's functional administrator."""

    corporation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="capacity_settings"
    )
    upfront_percent = models.DecimalField(
        _("share of the debt to pay at once (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    months = models.PositiveSmallIntegerField(
        _("months for the rest"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("standard demand for arrears")
        verbose_name_plural = _("standard demands for arrears")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(upfront_percent__gte=0) & models.Q(upfront_percent__lte=100),
                name="capacity_settings_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1), name="capacity_settings_months_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.corporation}: {self.upfront_percent}% + {self.months}"


class CapacityCalculation(models.Model):
    """One stored calculation of a household's repayment capacity: the inputs, the norm
    values used (with source and table version), every component and the result."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="capacity_calculations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    reference_date = models.DateField(_("reference date"))
    situation = models.CharField(_("household situation"), max_length=32, choices=Situation.choices)
    net_income = models.DecimalField(
        _("net income per month incl. holiday allowance"),
        **_money,
        validators=[MinValueValidator(Decimal("0"))],
    )
    top_up = models.DecimalField(_("top-up (compensatiekop)"), **_money, null=True, blank=True)
    top_up_source = models.CharField(_("source of the top-up"), max_length=300, blank=True)
    adults_for_deductible = models.PositiveSmallIntegerField(
        _("adults with a health-insurance deductible"), default=0
    )
    corrections = models.JSONField(
        _("corrections"), default=list, blank=True, help_text="[{code, amount, note}]"
    )
    # Results
    income_group = models.CharField(
        _("income group"), max_length=16, choices=IncomeGroupChoice.choices
    )
    beslagvrije_voet = models.DecimalField(_("beslagvrije voet"), **_money)
    capacity_bvv = models.DecimalField(_("income minus beslagvrije voet"), **_money)
    protected = models.DecimalField(_("protected amount (VTLB)"), **_money)
    capacity = models.DecimalField(_("repayment capacity"), **_money)
    components = models.JSONField(default=list)
    norms_used = models.JSONField(default=list)
    note = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("repayment capacity calculation")
        verbose_name_plural = _("repayment capacity calculations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=0) & models.Q(capacity_bvv__gte=0),
                name="capacity_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.reference_date}: {self.capacity}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SplitMethodChoice(models.TextChoices):
    PRO_RATA = "pro_rata", _("Pro rata (in proportion to the amounts)")
    PRIORITY = "priority", _("By priority (rent, energy, water, health insurance first)")


class PaymentProposal(models.Model):
    """A payment plan for the rent arrears proposed to the corporation by a financial
    consultant. Accepting it registers a payment arrangement (collection app)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="payment_proposals"
    )
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="+")
    calculation = models.ForeignKey(
        CapacityCalculation, on_delete=models.PROTECT, related_name="proposals"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    debt = models.DecimalField(_("rent arrears"), **_money)
    at_once = models.DecimalField(_("paid at once"), **_money, default=Decimal("0.00"))
    term_amount = models.DecimalField(_("amount per month"), **_money)
    number_of_terms = models.PositiveSmallIntegerField(_("number of monthly terms"))
    first_due_date = models.DateField(_("first term due"))
    capacity = models.DecimalField(_("repayment capacity"), **_money)
    split_method = models.CharField(
        _("split over creditors"), max_length=16, choices=SplitMethodChoice.choices
    )
    comparison = models.JSONField(default=dict)  # standard demand and split, as proposed
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    note = models.TextField(_("explanation for the corporation"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_label = models.CharField(max_length=150, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)
    arrangement = models.ForeignKey(
        "collection.PaymentArrangement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment plan proposal")
        verbose_name_plural = _("payment plan proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_amount__gt=0)
                & models.Q(number_of_terms__gte=1)
                & models.Q(at_once__gte=0)
                & models.Q(debt__gt=0),
                name="proposal_amounts_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.number_of_terms} x {self.term_amount}"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.PROPOSED
