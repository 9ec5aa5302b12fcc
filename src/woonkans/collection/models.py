"""Collection at the corporation: the steps a corporation takes when rent is not paid, the
worklists they produce, contact attempts, outgoing messages and payment arrangements.

* :class:`CollectionPolicy` and its ordered :class:`CollectionStep` rows are a
  corporation's configured process (presets in ``presets.py``).
* :class:`CollectionCase` is one arrears episode of a tenancy: opened by the daily run when
  the tenancy comes into arrears, closed when the arrears are paid. Steps run once per case.
* :class:`WorklistItem` is one action due for one tenancy: a step's attempt, or an alert.
* :class:`ContactAttempt` records an attempt to reach the tenant (the municipal
  vroegsignalering model's *Contactpoging*). The signals app reads it: keep field names.
* :class:`OutboundMessage` is an SMS, WhatsApp message or e-mail sent through the gateway.
* :class:`PaymentArrangement` (VERA *Betalingsregeling*) with its terms and status history.

State changes go through ``services.py``; the engine's decisions are the pure functions in
``engine.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation

ZERO = Decimal("0.00")


# --- Steps ------------------------------------------------------------------------------


class Channel(models.TextChoices):
    BRIEF = "brief", _("Letter")
    KAARTJE = "kaartje", _("Card")
    SMS = "sms", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    BELCOMPUTER = "belcomputer", _("Automated dialler (belcomputer)")
    TELEFOON = "telefoon", _("Phone call")
    HUISBEZOEK = "huisbezoek", _("Home visit")
    # Not in the list: handing a file to, or asking for, another party (social team,
    # debt help, VIA, last-chance trajectory, bailiff). See docs/collection.md.
    OVERDRACHT = "overdracht", _("Hand-over or referral")


#: Channels whose message the gateway sends.
MESSAGE_CHANNELS = frozenset({Channel.SMS, Channel.WHATSAPP, Channel.EMAIL})
#: Channels that are completed by producing a document from a letter template.
LETTER_CHANNELS = frozenset({Channel.BRIEF, Channel.KAARTJE})


class StepRole(models.TextChoices):
    """Who carries out a step. Social team and bailiff steps appear on the corporation's
    worklist as hand-over tasks: someone at the corporation asks them to act."""

    INCASSOMEDEWERKER = "incassomedewerker", _("Collections officer")
    WOONCONSULENT = "woonconsulent", _("Housing consultant (woonconsulent)")
    SOCIAAL_TEAM = "sociaal_team", _("Social team / CJG")
    DEURWAARDER = "deurwaarder", _("Bailiff")


class Trigger(models.TextChoices):
    AFTER_DUE = "after_due", _("Days after the due date of the oldest unpaid rent")
    AFTER_PREVIOUS = "after_previous", _("Days after the previous step")


class LegalStage(models.TextChoices):
    """How far the legal route has gone, in order. Provided by the legal app through
    ``hooks.register_legal_stage_provider``."""

    NONE = "", _("No legal stage")
    DEURWAARDER = "deurwaarder", _("Handed over to the bailiff")
    DAGVAARDING = "dagvaarding", _("Summons served")
    VONNIS = "vonnis", _("Verdict")
    ONTRUIMING = "ontruiming", _("Eviction announced")


class CollectionPolicy(models.Model):
    """A corporation's collection process: settings plus ordered steps."""

    corporation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="collection_policy",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    preset = models.CharField(_("based on preset"), max_length=32, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("The daily run only plans steps when active.")
    )
    pause_while_arrangement_kept = models.BooleanField(
        _("pause while a payment arrangement is kept"), default=True
    )
    arrangement_grace_days = models.PositiveSmallIntegerField(
        _("days before a missed term breaks an arrangement"),
        default=14,
        help_text=_(
            "A payment arrangement counts as broken when a term is still not fully paid "
            "this many days after its due date."
        ),
    )
    liberation_day_every_year = models.BooleanField(
        _("Liberation Day (5 May) is a day off every year"),
        default=False,
        help_text=_(
            "The public holiday list only includes 5 May once every five years (2025, 2030, …)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("collection policy")
        verbose_name_plural = _("collection policies")

    def __str__(self) -> str:
        return str(self.corporation)


class CollectionStep(models.Model):
    policy = models.ForeignKey(CollectionPolicy, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(
        _("instructions"), blank=True, help_text=_("Shown with the task on the worklist.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    trigger = models.CharField(_("starts"), max_length=20, choices=Trigger.choices)
    trigger_days = models.PositiveSmallIntegerField(_("number of days"))
    min_amount = models.DecimalField(
        _("minimum arrears"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.01"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The step is skipped while the arrears are below this amount."),
    )
    min_open_terms = models.PositiveSmallIntegerField(
        _("minimum unpaid rent terms"),
        default=0,
        help_text=_("0: no minimum. For example 2: only from two unpaid months of rent."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    actor_role = models.CharField(_("carried out by"), max_length=20, choices=StepRole.choices)
    stop_at_legal_stage = models.CharField(
        _("stop from legal stage"),
        max_length=20,
        choices=LegalStage.choices,
        blank=True,
        default="",
        help_text=_("Not planned any more once the legal route has reached this stage."),
    )
    repeat_times = models.PositiveSmallIntegerField(
        _("extra attempts"), default=0, help_text=_("0: one attempt only.")
    )
    repeat_every_days = models.PositiveSmallIntegerField(_("days between attempts"), default=0)
    stop_when_reached = models.BooleanField(
        _("no further attempts once the tenant was reached"), default=True
    )
    send_automatically = models.BooleanField(
        _("send automatically"),
        default=False,
        help_text=_("For text messages, WhatsApp and e-mail: the daily run sends the message."),
    )
    letter_template = models.CharField(
        _("letter template"),
        max_length=64,
        blank=True,
        help_text=_("For letters and cards: the key of the template, e.g. herinnering."),
    )
    message_text = models.TextField(
        _("message text"),
        blank=True,
        help_text=_(
            "For text messages, WhatsApp and e-mail. Empty: the standard text. Placeholders: "
            "{corporatie}, {bedrag}, {contract}."
        ),
    )

    class Meta:
        ordering = ["policy", "position"]
        verbose_name = _("collection step")
        verbose_name_plural = _("collection steps")
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="collectionstep_order"),
            models.CheckConstraint(
                condition=models.Q(repeat_times=0) | models.Q(repeat_every_days__gte=1),
                name="collectionstep_repeat_interval",
            ),
            models.CheckConstraint(
                condition=models.Q(min_amount__gt=0), name="collectionstep_min_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


# --- Cases and worklists ----------------------------------------------------------------


class CollectionCase(models.Model):
    """One arrears episode of a tenancy. At most one open case per tenancy."""

    class CloseReason(models.TextChoices):
        PAID = "paid", _("Arrears paid")
        TENANCY_ENDED = "tenancy_ended", _("Tenancy ended")

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="collection_cases")
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason closed"), max_length=20, choices=CloseReason.choices, blank=True
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("collection case")
        verbose_name_plural = _("collection cases")
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=models.Q(closed_on__isnull=True),
                name="collectioncase_one_open_per_tenancy",
            )
        ]
        indexes = [models.Index(fields=["corporation", "closed_on"])]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.opened_on})"


class WorklistKind(models.TextChoices):
    STEP = "step", _("Collection step")
    ARRANGEMENT_BROKEN = "arrangement_broken", _("Payment arrangement broken")
    # Put on the worklist by another process (e.g. the legal app after a verdict) through
    # ``services.worklist_prompt_add``; unique per tenancy and ``source_key``.
    PROMPT = "prompt", _("Prompt")


class WorklistStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class WorklistItem(models.Model):
    """One action due for one tenancy, planned by the daily run.

    A step's attempt exists once per case (unique ``(case, step, attempt)``); a broken
    arrangement alert once per missed term. Running the engine again therefore adds
    nothing. ``arrears_amount``, ``days_overdue`` and ``priority`` are refreshed by every
    run while the item is open.
    """

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="worklist_items")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=WorklistKind.choices)
    case = models.ForeignKey(
        CollectionCase, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    step = models.ForeignKey(
        CollectionStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    arrangement_term = models.ForeignKey(
        "PaymentArrangementTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
    )
    title = models.CharField(_("task"), max_length=100)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    assigned_role = models.CharField(_("for"), max_length=20, choices=StepRole.choices)
    letter_template = models.CharField(max_length=64, blank=True)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=WorklistStatus.choices, default=WorklistStatus.OPEN
    )
    priority = models.IntegerField(_("priority"), default=0)
    urgent = models.BooleanField(_("urgent"), default=False)
    arrears_amount = models.DecimalField(
        _("arrears"), max_digits=12, decimal_places=2, default=ZERO
    )
    days_overdue = models.PositiveIntegerField(_("days overdue"), default=0)
    open_terms = models.PositiveSmallIntegerField(_("unpaid rent terms"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by_label = models.CharField(_("done by"), max_length=150, blank=True)
    cancelled_reason = models.CharField(_("reason cancelled"), max_length=100, blank=True)
    source_key = models.CharField(
        max_length=100,
        blank=True,
        help_text="For prompts: the other process's key, e.g. verdict:12:2026-W48.",
    )
    exported_on = models.DateField(
        _("in the call list of"),
        null=True,
        blank=True,
        help_text=_("For the automated dialler: the date of the call list it was exported in."),
    )

    class Meta:
        ordering = ["-priority", "due_date", "pk"]
        verbose_name = _("worklist item")
        verbose_name_plural = _("worklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step", "attempt"],
                condition=models.Q(kind="step"),
                name="worklistitem_step_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["arrangement_term"],
                condition=models.Q(kind="arrangement_broken"),
                name="worklistitem_alert_once_per_term",
            ),
            models.UniqueConstraint(
                fields=["tenancy", "source_key"],
                condition=models.Q(kind="prompt"),
                name="worklistitem_prompt_once_per_key",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="step") | models.Q(case__isnull=False),
                name="worklistitem_step_has_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_at__isnull=False),
                name="worklistitem_done_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["corporation", "status", "due_date"], name="worklist_open"),
            models.Index(fields=["tenancy", "status"], name="worklist_tenancy"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date})"

    @property
    def is_open(self) -> bool:
        return self.status == WorklistStatus.OPEN

    @property
    def label(self) -> str:
        """The task as shown: the step's name, or the kind of alert."""
        return self.title or str(self.get_kind_display())


# --- Contact attempts -------------------------------------------------------------------


class ContactKind(models.TextChoices):
    """The municipal vroegsignalering model's EnumContactsoort (codes in ``GGM_CODE``)."""

    MAIL = "mail", _("E-mail")
    BRIEF = "brief", _("Letter")
    SMS_WHATSAPP = "sms_whatsapp", _("Text message / WhatsApp")
    TELEFOON = "telefoon", _("Phone")
    HUISBEZOEK = "huisbezoek", _("Home visit")
    KAARTJE = "kaartje", _("Card")
    ADMINISTRATIEF = "administratief", _("Administrative")
    AFSPRAAK_OP_LOCATIE = "afspraak_op_locatie", _("Appointment at a location")


#: The spelling of the GGM code list (Gemeentelijk Gegevensmodel, Contactpoging.soort).
GGM_CONTACT_KIND = {
    ContactKind.MAIL: "Mail",
    ContactKind.BRIEF: "Brief",
    ContactKind.SMS_WHATSAPP: "SMS/WhatsApp",
    ContactKind.TELEFOON: "Telefoon",
    ContactKind.HUISBEZOEK: "Huisbezoek",
    ContactKind.KAARTJE: "Kaartje",
    ContactKind.ADMINISTRATIEF: "Administratief",
    ContactKind.AFSPRAAK_OP_LOCATIE: "Afspraak op locatie",
}

#: Which contact kind a worklist channel naturally records.
CHANNEL_CONTACT_KIND = {
    Channel.BRIEF: ContactKind.BRIEF,
    Channel.KAARTJE: ContactKind.KAARTJE,
    Channel.SMS: ContactKind.SMS_WHATSAPP,
    Channel.WHATSAPP: ContactKind.SMS_WHATSAPP,
    Channel.EMAIL: ContactKind.MAIL,
    Channel.BELCOMPUTER: ContactKind.TELEFOON,
    Channel.TELEFOON: ContactKind.TELEFOON,
    Channel.HUISBEZOEK: ContactKind.HUISBEZOEK,
    Channel.OVERDRACHT: ContactKind.ADMINISTRATIEF,
}


class PartOfDay(models.TextChoices):
    OCHTEND = "ochtend", _("Morning")
    MIDDAG = "middag", _("Afternoon")
    AVOND = "avond", _("Evening")


class ContactOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer / nobody home")
    MESSAGE_LEFT = "message_left", _("Message or note left")
    WRONG_DETAILS = "wrong_details", _("Wrong number or address")
    PAYMENT_PROMISED = "payment_promised", _("Tenant will pay")
    PAID = "paid", _("Tenant has paid")
    ARRANGEMENT = "arrangement", _("Payment arrangement made or requested")
    REFERRED = "referred", _("Referred to help")
    APPOINTMENT = "appointment", _("Appointment made")
    REFUSED = "refused", _("Tenant does not want to talk")
    OTHER = "other", _("Other")


class ArrearsReason(models.TextChoices):
    """'Vraag door': why is the tenant behind?"""

    INCOME_DROP = "income_drop", _("Income dropped (less work, lower pay)")
    JOB_LOSS = "job_loss", _("Lost their job")
    BENEFITS_STOPPED = "benefits_stopped", _("Benefit or allowance stopped or reclaimed")
    ILLNESS = "illness", _("Illness")
    DIVORCE = "divorce", _("Divorce or relationship ended")
    DEATH = "death", _("Death in the family")
    DEBTS_ELSEWHERE = "debts_elsewhere", _("Debts elsewhere")
    UNEXPECTED_COSTS = "unexpected_costs", _("Unexpected costs")
    PAPERWORK = "paperwork", _("Lost track of paperwork or payments")
    OTHER = "other", _("Other reason")


class OtherProblem(models.TextChoices):
    """'Vraag door': other problems noticed."""

    DEBTS = "debts", _("Other debts or payment problems")
    HEALTH = "health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health or stress")
    ADDICTION = "addiction", _("Addiction")
    RELATIONSHIP = "relationship", _("Relationship or family problems")
    CHILDREN = "children", _("Worries about the children")
    LONELINESS = "loneliness", _("Loneliness, small network")
    LANGUAGE = "language", _("Language or reading difficulties")
    HOUSING = "housing", _("Condition of the home")
    OTHER = "other", _("Other problem")


class ContactAttempt(models.Model):
    """An attempt to reach a tenant (vroegsignalering *Contactpoging*: soort, bereikt,
    datum, dagdeel). Field names are read by the signals app: keep them stable."""

    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_attempts",
        verbose_name=_("tenancy"),
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="contact_attempts"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind of contact"), max_length=24, choices=ContactKind.choices)
    reached = models.BooleanField(_("tenant reached"))
    attempted_at = models.DateTimeField(_("when"))
    part_of_day = models.CharField(_("part of day"), max_length=10, choices=PartOfDay.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ContactOutcome.choices)
    note = models.TextField(_("notes"), blank=True)
    arrears_reason = models.JSONField(
        _("reasons for the arrears"), default=list, blank=True
    )  # list of ArrearsReason values
    arrears_reason_note = models.TextField(_("reason for the arrears, in words"), blank=True)
    other_problems = models.JSONField(
        _("other problems noticed"), default=list, blank=True
    )  # list of OtherProblem values
    other_problems_note = models.TextField(_("other problems, in words"), blank=True)
    pointed_to_debt_help = models.BooleanField(_("pointed to debt help"), default=False)
    worklist_item = models.ForeignKey(
        WorklistItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_attempts",
    )
    recorded_by_label = models.CharField(_("recorded by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        indexes = [
            models.Index(fields=["tenancy", "attempted_at"], name="contact_tenancy_when"),
            models.Index(fields=["household", "attempted_at"], name="contact_household_when"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.attempted_at:%Y-%m-%d}"

    @property
    def ggm_kind(self) -> str:
        return GGM_CONTACT_KIND.get(self.kind, "")

    def arrears_reason_labels(self) -> list[str]:
        labels = dict(ArrearsReason.choices)
        return [str(labels.get(v, v)) for v in self.arrears_reason]

    def other_problem_labels(self) -> list[str]:
        labels = dict(OtherProblem.choices)
        return [str(labels.get(v, v)) for v in self.other_problems]


# --- Outgoing messages ------------------------------------------------------------------


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessage(models.Model):
    """An SMS, WhatsApp message or e-mail to a tenant, sent through the gateway
    (``gateway.py``). With the outbox backend it is only stored (demo and tests)."""

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    worklist_item = models.ForeignKey(
        WorklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    backend = models.CharField(_("sent through"), max_length=20, blank=True)
    provider_reference = models.CharField(
        _("reference of the provider"), max_length=100, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["corporation", "-created_at"], name="message_corp_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["sms", "whatsapp", "email"]),
                name="outboundmessage_channel",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outboundmessage_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.pk} ({self.status})"

    @property
    def masked_recipient(self) -> str:
        value = self.recipient
        if "@" in value:
            name, _sep, domain = value.partition("@")
            return f"{name[:1]}…@{domain}"
        return f"…{value[-3:]}" if len(value) > 3 else "…"


# --- Payment arrangements (VERA Betalingsregeling) --------------------------------------


class ArrangementStatus(models.TextChoices):
    """VERA Betalingsregelingstatus."""

    AAN = "AAN", _("Requested")
    ACT = "ACT", _("Active")
    ANN = "ANN", _("Cancelled")
    BEE = "BEE", _("Ended")
    BEV = "BEV", _("Frozen")
    VER = "VER", _("Removed")


class ArrangementEndReason(models.TextChoices):
    """VERA Betalingsregelingeindereden."""

    NONE = "", _("Not ended")
    AFB = "AFB", _("Paid off")
    ONI = "ONI", _("Uncollectable")
    SAN = "SAN", _("Remaining debt settled (debt restructuring)")
    VOL = "VOL", _("Arrangement not kept")


class ArrangementInterval(models.TextChoices):
    """VERA prolongatieInterval; only monthly terms are supported."""

    MONTH = "maand", _("Monthly")


class PaymentMethod(models.TextChoices):
    AUTOMATIC_DEBIT = "automatische_incasso", _("Direct debit")
    TRANSFER = "overboeking", _("Bank transfer")
    DEDUCTION = "inhouding", _("Deducted from benefit or paid by the administrator")


#: Statuses in which an arrangement is current: at most one per tenancy.
CURRENT_ARRANGEMENT_STATUSES = ("AAN", "ACT", "BEV")


class PaymentArrangement(models.Model):
    """A payment arrangement (VERA *Betalingsregeling*) for a tenancy's arrears.

    VERA names: ``status``, ``eindeReden`` = ``end_reason``, ``begindatum`` = ``start_date``,
    ``einddatum`` = ``end_date``, ``afspraakdatum`` = ``agreed_on``, ``bedrag`` =
    ``total_amount``, ``termijnenAantal`` = ``number_of_terms``, ``prolongatieInterval`` =
    ``interval``, ``betaalwijze`` = ``payment_method``. Status changes only through
    ``services.arrangement_change_status`` (allowed transitions in ``arrangements.py``).
    The signals and legal apps read this model: keep field names stable.
    """

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        related_name="payment_arrangements",
        verbose_name=_("tenancy"),
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="payment_arrangements"
    )
    status = models.CharField(_("status"), max_length=3, choices=ArrangementStatus.choices)
    end_reason = models.CharField(
        _("end reason"), max_length=3, choices=ArrangementEndReason.choices, blank=True
    )
    start_date = models.DateField(
        _("start date"), help_text=_("Payments from this date count towards the terms.")
    )
    end_date = models.DateField(_("end date"))
    agreed_on = models.DateField(_("date agreed"))
    total_amount = models.DecimalField(_("total amount"), max_digits=12, decimal_places=2)
    term_amount = models.DecimalField(_("amount per term"), max_digits=12, decimal_places=2)
    number_of_terms = models.PositiveSmallIntegerField(_("number of terms"))
    interval = models.CharField(
        _("interval"),
        max_length=10,
        choices=ArrangementInterval.choices,
        default=ArrangementInterval.MONTH,
    )
    payment_method = models.CharField(
        _("payment method"), max_length=24, choices=PaymentMethod.choices
    )
    note = models.TextField(_("notes"), blank=True)
    created_by_label = models.CharField(_("made by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        verbose_name = _("payment arrangement")
        verbose_name_plural = _("payment arrangements")
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=models.Q(status__in=CURRENT_ARRANGEMENT_STATUSES),
                name="arrangement_one_current_per_tenancy",
            ),
            models.CheckConstraint(
                condition=models.Q(end_reason="") | models.Q(status__in=["BEE", "VER"]),
                name="arrangement_end_reason_only_when_ended",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="BEE") | ~models.Q(end_reason=""),
                name="arrangement_ended_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(total_amount__gt=0)
                & models.Q(term_amount__gt=0)
                & models.Q(number_of_terms__gte=1),
                name="arrangement_amounts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="arrangement_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["corporation", "status"], name="arrangement_corp_status")]

    def __str__(self) -> str:
        return f"{self.tenancy.contract_number} {self.get_status_display()}"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_ARRANGEMENT_STATUSES


class PaymentArrangementTerm(models.Model):
    """One term (termijn) of an arrangement. ``paid_amount`` and ``paid_on`` are kept up
    to date from the ledger by the monitoring in the daily run."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("term"))
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_amount = models.DecimalField(_("paid"), max_digits=12, decimal_places=2, default=ZERO)
    paid_on = models.DateField(_("fully paid on"), null=True, blank=True)

    class Meta:
        ordering = ["arrangement", "number"]
        verbose_name = _("term of a payment arrangement")
        verbose_name_plural = _("terms of payment arrangements")
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "number"], name="term_unique_number"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="term_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(paid_amount__gte=0)
                & models.Q(paid_amount__lte=models.F("amount")),
                name="term_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.amount} ({self.due_date})"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_amount


class ArrangementStatusChange(models.Model):
    """Status history of an arrangement (append-only)."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=3, choices=ArrangementStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=3, choices=ArrangementStatus.choices)
    end_reason = models.CharField(
        _("end reason"), max_length=3, choices=ArrangementEndReason.choices, blank=True
    )
    changed_at = models.DateTimeField(_("when"))
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["arrangement", "changed_at", "pk"]
        verbose_name = _("status change of a payment arrangement")
        verbose_name_plural = _("status changes of payment arrangements")

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"
