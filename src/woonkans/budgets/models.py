"""Budget management (budgetbeheer) and the debt inventory of a household.

Budget management: the household's income comes in at the financial consultant, who pays
the rent and the other fixed charges and transfers living money (leefgeld). The debt
inventory lists every creditor with the amount, status and priority; rent, energy, water
and health insurance come first.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household
from woonkans.organisations.models import Organisation

ZERO = Decimal("0.00")
_money = {"max_digits": 12, "decimal_places": 2}


# --------------------------------------------------------------------------------------
# Debt inventory
# --------------------------------------------------------------------------------------


class CreditorKind(models.TextChoices):
    VERHUURDER = "verhuurder", _("Landlord (rent)")
    ENERGIE = "energie", _("Energy supplier")
    WATER = "water", _("Water company")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Health insurer")
    BELASTINGEN = "belastingen", _("Local or national taxes")
    OVERHEID = "overheid", _("Government (CJIB, DUO, allowances)")
    TELECOM = "telecom", _("Telecom")
    OVERIG = "overig", _("Other")


class DebtStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_REGELING = "in_regeling", _("In an arrangement")
    AFGELOST = "afgelost", _("Paid off")
    OVERGEDRAGEN = "overgedragen", _("Handed over")


# Statuses of a debt the household still has to pay itself.
OPEN_STATUSES = (DebtStatus.OPEN, DebtStatus.IN_REGELING)


class Debt(models.Model):
    """One debt of a household to one creditor.

    ``priority`` is 1 for the most urgent debts; it follows from the creditor kind
    (``woonkans.budgets.rules.priority_for_kind``) unless the consultant overrides it with a
    reason (``priority_override_reason``).
    """

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="debts", verbose_name=_("household")
    )
    creditor_name = models.CharField(_("creditor"), max_length=200)
    kind = models.CharField(_("kind of creditor"), max_length=20, choices=CreditorKind.choices)
    reference = models.CharField(_("creditor's reference"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("amount"), **_money, validators=[MinValueValidator(Decimal("0.00"))]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DebtStatus.choices, default=DebtStatus.OPEN
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 is the most urgent."),
    )
    priority_override_reason = models.CharField(
        _("reason for a different priority"), max_length=500, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    handed_over_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over to"),
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "-amount", "pk"]
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="debt_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1) & models.Q(priority__lte=9),
                name="debt_priority_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor_name} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def priority_overridden(self) -> bool:
        return bool(self.priority_override_reason)


class ContactChannel(models.TextChoices):
    TELEFOON = "telefoon", _("Phone")
    EMAIL = "email", _("E-mail")
    BRIEF = "brief", _("Letter")
    PORTAAL = "portaal", _("Creditor's portal")
    GESPREK = "gesprek", _("Meeting")


class CreditorContact(models.Model):
    """A contact of the consultant with a creditor about one debt."""

    debt = models.ForeignKey(Debt, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    outcome = models.TextField(_("outcome"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("contact with a creditor")
        verbose_name_plural = _("contacts with creditors")

    def __str__(self) -> str:
        return f"{self.debt.creditor_name} {self.contacted_on:%Y-%m-%d}"


class HandoverKind(models.TextChoices):
    SCHULDHULP = "schuldhulp", _("Debt help")
    BEWIND = "bewind", _("Protective administration (bewind)")


class DebtHandover(models.Model):
    """The household's debts handed over to debt help or a bewindvoerder."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="handovers")
    kind = models.CharField(_("handed over to"), max_length=20, choices=HandoverKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    handed_over_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    debts = models.ManyToManyField(Debt, related_name="handovers", blank=True)
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-handed_over_on", "-pk"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation} {self.handed_over_on:%Y-%m-%d}"
