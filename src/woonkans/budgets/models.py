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
    monthly_repayment = models.DecimalField(
        _("repayment per month"),
        **_money,
        default=ZERO,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("What the household pays off per month in an arrangement."),
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
                condition=models.Q(monthly_repayment__gte=0), name="debt_repayment_positive"
            ),
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


# --------------------------------------------------------------------------------------
# Budget management
# --------------------------------------------------------------------------------------


class LivingMoneyFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class BudgetManagement(models.Model):
    """Budget management (budgetbeheer) of one household by one organisation's
    financial consultants. At most one runs per household at a time."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="budget_managements"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("financial consultant"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    living_money_amount = models.DecimalField(
        _("living money per transfer"),
        **_money,
        default=ZERO,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    living_money_frequency = models.CharField(
        _("living money is transferred"),
        max_length=20,
        choices=LivingMoneyFrequency.choices,
        default=LivingMoneyFrequency.WEEKLY,
    )
    reserve_target = models.DecimalField(
        _("savings buffer target"),
        **_money,
        default=ZERO,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    reserve_balance = models.DecimalField(
        _("savings buffer balance"),
        **_money,
        default=ZERO,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("budget management")
        verbose_name_plural = _("budget managements")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True),
                name="budget_one_running_per_household",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="budget_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.organisation}"

    @property
    def is_running(self) -> bool:
        return self.ended_on is None


class IncomeKind(models.TextChoices):
    LOON = "loon", _("Wages")
    BIJSTAND = "bijstand", _("Social assistance")
    WW = "ww", _("Unemployment benefit")
    HUURTOESLAG = "huurtoeslag", _("Rent allowance (huurtoeslag)")
    ZORGTOESLAG = "zorgtoeslag", _("Care allowance (zorgtoeslag)")
    KINDGEBONDEN_BUDGET = "kindgebonden_budget", _("Child budget (kindgebonden budget)")
    KINDERBIJSLAG = "kinderbijslag", _("Child benefit (kinderbijslag)")
    OVERIG = "overig", _("Other income")


class IncomeSource(models.Model):
    budget = models.ForeignKey(BudgetManagement, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("kind of income"), max_length=30, choices=IncomeKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount per month"), **_money, validators=[MinValueValidator(Decimal("0.00"))]
    )
    payment_day = models.PositiveSmallIntegerField(
        _("paid on day of the month"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["payment_day", "pk"]
        verbose_name = _("income source")
        verbose_name_plural = _("income sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="income_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(payment_day__gte=1) & models.Q(payment_day__lte=31),
                name="income_payment_day_range",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class ChargeKind(models.TextChoices):
    HUUR = "huur", _("Rent")
    ENERGIE = "energie", _("Energy")
    WATER = "water", _("Water")
    ZORGVERZEKERING = "zorgverzekering", _("Health insurance")
    GEMEENTELIJKE_BELASTINGEN = "gemeentelijke_belastingen", _("Local taxes")
    OVERIG = "overig", _("Other fixed charge")


class FixedCharge(models.Model):
    budget = models.ForeignKey(BudgetManagement, on_delete=models.CASCADE, related_name="charges")
    kind = models.CharField(_("kind of charge"), max_length=30, choices=ChargeKind.choices)
    payee = models.CharField(_("payee"), max_length=200)
    amount = models.DecimalField(
        _("amount per month"), **_money, validators=[MinValueValidator(Decimal("0.00"))]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day of the month"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_day", "pk"]
        verbose_name = _("fixed charge")
        verbose_name_plural = _("fixed charges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="charge_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(due_day__gte=1) & models.Q(due_day__lte=31),
                name="charge_due_day_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.payee}"


class ConsultantPayment(models.Model):
    """A payment the financial consultant made from the household's budget."""

    budget = models.ForeignKey(BudgetManagement, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=200)
    amount = models.DecimalField(
        _("amount"), **_money, validators=[MinValueValidator(Decimal("0.01"))]
    )
    charge = models.ForeignKey(
        FixedCharge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("fixed charge"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment by the consultant")
        verbose_name_plural = _("payments by the consultant")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on:%Y-%m-%d} {self.payee} {self.amount}"


# --------------------------------------------------------------------------------------
# Quarterly financial summary for the corporation
# --------------------------------------------------------------------------------------


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class QuarterlySummary(models.Model):
    """The quarterly financial summary of a household for its corporation. The figures
    are generated from the data when the draft is made (and can be regenerated while it
    is a draft); the consultant adds remarks and sends it."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="quarterly_summaries"
    )
    corporation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("corporation")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    income_total = models.DecimalField(_("income per month"), **_money, default=ZERO)
    fixed_charges_total = models.DecimalField(_("fixed charges per month"), **_money, default=ZERO)
    living_money_monthly = models.DecimalField(_("living money per month"), **_money, default=ZERO)
    repayments_total = models.DecimalField(_("repayments per month"), **_money, default=ZERO)
    rent_months_on_time = models.PositiveSmallIntegerField(
        _("months with the rent paid on time"), null=True, blank=True
    )
    rent_months = models.PositiveSmallIntegerField(_("months in the period"), default=3)
    arrears_at_start = models.DecimalField(
        _("arrears at the start"), **_money, null=True, blank=True
    )
    arrears_at_end = models.DecimalField(_("arrears at the end"), **_money, null=True, blank=True)
    open_rent_terms_at_end = models.PositiveSmallIntegerField(
        _("open rent terms at the end"), null=True, blank=True
    )
    budget_management_running = models.BooleanField(_("budget management running"))
    arrangement_possible = models.BooleanField(
        _("payment arrangement possible"), null=True, blank=True
    )
    arrangement_amount = models.DecimalField(
        _("possible arrangement per month"), **_money, null=True, blank=True
    )
    capacity_note = models.CharField(_("about the capacity"), max_length=300, blank=True)
    remarks = models.TextField(_("remarks of the consultant"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    generated_at = models.DateTimeField(_("figures generated at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "-pk"]
        verbose_name = _("quarterly financial summary")
        verbose_name_plural = _("quarterly financial summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "corporation", "year", "quarter"],
                name="summary_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1) & models.Q(quarter__lte=4),
                name="summary_quarter_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="summary_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.year} Q{self.quarter}"

    @property
    def is_sent(self) -> bool:
        return self.status == SummaryStatus.SENT

    @property
    def balance(self) -> Decimal:
        return (
            self.income_total
            - self.fixed_charges_total
            - self.living_money_monthly
            - self.repayments_total
        )
