"""Vroegsignalering (early signals of rent arrears to the municipality).

* :class:`SignalPolicy`: a corporation's configuration — to which municipality, from which
  moment, and what its letters contain.
* :class:`Objection`: the tenant objected to passing their contact details on.
* :class:`Signal`: a *Vroegsignaal* (municipal data model GGM) made for one tenancy and one
  arrears episode, once the four legal conditions hold and the configured moment is reached.
* :class:`SignalExport`: a batch of signals sent to the municipality's platform.
* :class:`SignalOutcome`: the municipality's feedback with the CBS end-result code.

The four conditions are not stored: they are derived from the actual actions (contact
attempts, letters, objections) by :func:`woonkans.signals.conditions.signal_conditions`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}


class SignalPolicy(models.Model):
    """When and where a corporation sends early signals."""

    corporation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="signal_policy",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "gemeente"},
        verbose_name=_("municipality"),
        help_text=_("Receives the signals for homes in cities without their own entry below."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("The daily run only makes signals when active.")
    )
    min_days_in_arrears = models.PositiveSmallIntegerField(
        _("minimum days in arrears"),
        default=0,
        help_text=_(
            "Days since the due date of the oldest unpaid rent. 0: as soon as the legal "
            "conditions hold."
        ),
    )
    min_amount = models.DecimalField(
        _("minimum arrears"),
        default=Decimal("0.01"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY,
    )
    objection_days = models.PositiveSmallIntegerField(
        _("days to object"),
        default=7,
        help_text=_(
            "Days after the reminder that offered to pass on the contact details, during "
            "which the tenant can object before the signal is made."
        ),
    )
    reminder_offers_signal = models.BooleanField(
        _("our reminders offer to pass the contact details to the municipality"),
        default=False,
        help_text=_(
            "Tick only when the reminder and 14-day letter templates contain this offer. "
            "Without it no signal may be made."
        ),
    )
    letters_point_to_debt_help = models.BooleanField(
        _("our reminders point to debt help"),
        default=True,
        help_text=_(
            "Tick when the reminder and 14-day letter templates explain where to get debt "
            "help. Otherwise a contact attempt must record that the tenant was pointed to it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("early-signal policy")
        verbose_name_plural = _("early-signal policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__gt=0), name="signalpolicy_min_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.corporation)

    def municipality_for(self, tenancy: Tenancy) -> Organisation:
        city = (tenancy.city or "").strip().lower()
        for route in self.routes.all():
            if route.city.strip().lower() == city:
                return route.municipality
        return self.municipality


class SignalRoute(models.Model):
    """Homes in ``city`` are signalled to ``municipality`` (corporations spanning several
    municipalities)."""

    policy = models.ForeignKey(SignalPolicy, on_delete=models.CASCADE, related_name="routes")
    city = models.CharField(_("city"), max_length=100)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "gemeente"},
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("municipality for a city")
        verbose_name_plural = _("municipalities for cities")
        constraints = [
            models.UniqueConstraint(fields=["policy", "city"], name="signalroute_unique_city")
        ]

    def __str__(self) -> str:
        return f"{self.city} → {self.municipality}"


class ObjectionChannel(models.TextChoices):
    TELEFOON = "telefoon", _("By phone")
    BRIEF = "brief", _("By letter")
    EMAIL = "email", _("By e-mail")
    BALIE = "balie", _("In person")
    OVERIG = "overig", _("Other")


class Objection(models.Model):
    """The tenant objected to passing their contact details to the municipality.

    Blocks the signal of the arrears episode in which it was received, until withdrawn. A
    later episode brings a new reminder with a new offer, so an old objection does not carry
    over (docs/vroegsignalering.md).
    """

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="signal_objections")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("how"), max_length=16, choices=ObjectionChannel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("objection to an early signal")
        verbose_name_plural = _("objections to early signals")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("received_on")),
                name="objection_withdrawn_after_received",
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d}"


class SignalPartner(models.TextChoices):
    """GGM EnumSignaalpartner. A corporation signals as ``HUUR``."""

    HUUR = "HUUR", _("Rent")
    ENERGIE = "ENERGIE", _("Energy")
    WATER = "WATER", _("Water")
    ZORG = "ZORG", _("Health insurance")
    CAK_ZORGVERZEKERINGEN = "CAK_ZORGVERZEKERINGEN", _("CAK health insurance")
    CAK_EIGEN_BIJDRAGE = "CAK_EIGEN_BIJDRAGE", _("CAK own contribution")
    HYPOTHEEK = "HYPOTHEEK", _("Mortgage")
    DUO = "DUO", _("DUO")
    BELASTINGDIENST = "BELASTINGDIENST", _("Tax authority")
    DIENST_TOESLAGEN = "DIENST_TOESLAGEN", _("Benefits agency (Dienst Toeslagen)")
    OVERIGE = "OVERIGE", _("Other")


class SignalStatus(models.TextChoices):
    NEW = "nieuw", _("Not yet sent")
    SENT = "verstuurd", _("Sent")
    CLOSED = "afgesloten", _("Closed by the municipality")


class SignalExport(models.Model):
    """One batch of signals sent to the municipality's platform. Downloading it again gives
    the same signals; each download is audited."""

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("sent on"))
    since = models.DateField(_("signals made since"), null=True, blank=True)
    signal_count = models.PositiveIntegerField(_("signals"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export of early signals")
        verbose_name_plural = _("exports of early signals")

    def __str__(self) -> str:
        return f"{self.pk} {self.created_on:%Y-%m-%d}"


class Signal(models.Model):
    """An early signal (GGM *Vroegsignaal*) for one tenancy and one arrears episode."""

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="signals")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="signals")
    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.CharField(
        _("signal partner"),
        max_length=24,
        choices=SignalPartner.choices,
        default=SignalPartner.HUUR,
    )
    # GGM Vroegsignaal
    amount = models.DecimalField(_("arrears"), **MONEY)  # bedrag
    arose_on = models.DateField(_("arrears arose on"))  # ontstaansdatum
    created_on = models.DateField(_("made on"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)  # signaaldatum
    crisis = models.BooleanField(_("crisis signal"), default=False)  # crisissignaal
    warm_handover = models.BooleanField(_("warm hand-over"), default=False)  # warmeOverdracht
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    # What the signal was based on (the conditions at the time it was made).
    days_in_arrears = models.PositiveIntegerField(_("days in arrears"))
    conditions = models.JSONField(_("conditions met"), default=dict)
    export = models.ForeignKey(
        SignalExport, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("early signal")
        verbose_name_plural = _("early signals")
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "arose_on"], name="signal_once_per_arrears_episode"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="signal_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="verstuurd") | Q(sent_on__isnull=False),
                name="signal_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["corporation", "status"], name="signal_corp_status"),
            models.Index(fields=["municipality", "status"], name="signal_municipality_status"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy.contract_number} {self.arose_on:%Y-%m-%d}"


class EndResult(models.TextChoices):
    """GGM EnumEindresultaat: the CBS monitoring list of end results of an early signal.

    Codes are the enumeration values of the GGM (v2.5.1 DDL, ``ENUMEINDRESULTAAT_ENUM``);
    labels are the GGM names. The leading underscore of the quick-fix code is the GGM's own.
    """

    NIET_OPGEPAKT_HERHAALDE_MELDING = (
        "NIET_OPGEPAKT_HERHAALDE_MELDING",
        _("Not picked up: repeated signal"),
    )
    NIET_OPGEPAKT_ONTERECHT_SIGNAAL = (
        "NIET_OPGEPAKT_ONTERECHT_SIGNAAL",
        _("Not picked up: unjustified signal"),
    )
    NIET_OPGEPAKT_ANDERE_REDEN = "NIET_OPGEPAKT_ANDERE_REDEN", _("Not picked up: other reason")
    INWONER_IS_OVERLEDEN = "INWONER_IS_OVERLEDEN", _("Resident has died")
    PERSOON_IS_GEEN_INWONER_MEER_IN_DE_GEMEENTE = (
        "PERSOON_IS_GEEN_INWONER_MEER_IN_DE_GEMEENTE",
        _("Person is no (longer a) resident of the municipality"),
    )
    INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING = (
        "INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING",
        _("Resident already known at debt help"),
    )
    INWONER_HEEFT_AL_EEN_ANDER_LOPEND_TRAJECT = (
        "INWONER_HEEFT_AL_EEN_ANDER_LOPEND_TRAJECT",
        _("Resident already has another running trajectory"),
    )
    DEFINITIEF_GEEN_CONTACT_KUNNEN_KRIJGEN = (
        "DEFINITIEF_GEEN_CONTACT_KUNNEN_KRIJGEN",
        _("Definitively no contact"),
    )
    GEEN_REACTIE_NA_EERDER_CONTACT = (
        "GEEN_REACTIE_NA_EERDER_CONTACT",
        _("No response after earlier contact"),
    )
    INWONER_HOEFT_GEEN_HULP_VANUIT_VROEGSIGNALERING = (
        "INWONER_HOEFT_GEEN_HULP_VANUIT_VROEGSIGNALERING",
        _("Resident does not want help from early signalling"),
    )
    INWONER_HEEFT_ZELF_AL_BETAALD_BETALINGSREGELING_GETROFFEN = (
        "INWONER_HEEFT_ZELF_AL_BETAALD_BETALINGSREGELING_GETROFFEN",
        _("Resident already paid or made a payment arrangement"),
    )
    BUDGET_ADVIES_EN_OF_QUICK_FIX = (
        "_BUDGET_ADVIES_EN_OF_QUICK_FIX",
        _("(Budget) advice and/or quick fix"),
    )
    VERVOLGHULP_EN_OF_VERWIJZING_FINANCIEEL = (
        "VERVOLGHULP_EN_OF_VERWIJZING_FINANCIEEL",
        _("Follow-up help and/or referral: financial"),
    )
    VERWIJZING_ZONDER_CONTACT = "VERWIJZING_ZONDER_CONTACT", _("Referral without contact")
    VERVOLGHULP_EN_OF_VERWIJZING_NIET_FINANCIEEL = (
        "VERVOLGHULP_EN_OF_VERWIJZING_NIET_FINANCIEEL",
        _("Follow-up help and/or referral: non-financial"),
    )


class SignalOutcome(models.Model):
    """The municipality's feedback on a signal. Registering it closes the signal."""

    signal = models.OneToOneField(Signal, on_delete=models.PROTECT, related_name="outcome")
    result = models.CharField(_("end result"), max_length=64, choices=EndResult.choices)
    decided_on = models.DateField(_("date"))
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("For the municipality only: the corporation does not see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("outcome of an early signal")
        verbose_name_plural = _("outcomes of early signals")

    def __str__(self) -> str:
        return self.result
