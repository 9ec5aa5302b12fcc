from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation

from .costs_booking import (
    COSTS_DECISION_DELAY_DAYS,
    MAX_DECISION_DELAY_DAYS,
    MIN_DECISION_DELAY_DAYS,
)
from .deadlines import MAX_DELIVERY_DAYS
from .kinds import LetterKind, layout_for
from .placeholders import required_errors, template_errors


class LetterTemplate(models.Model):
    """One version of the text of a kind of letter.

    ``organisation`` empty: the default text shipped with Woonkans. A corporation that
    changes a text gets its own template; each save adds a new version and deactivates
    the previous one, so a generated letter always points at the exact text it used.
    Title and body use the placeholder language of :mod:`woonkans.documents.placeholders`.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_templates",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    kind = models.CharField(_("kind of letter"), max_length=32, choices=LetterKind.choices)
    title = models.CharField(
        _("subject"), max_length=200, help_text=_("The subject line, in bold above the text.")
    )
    body = models.TextField(
        _("text"),
        max_length=10000,
        help_text=_(
            "Plain text. An empty line starts a new paragraph; a line that starts with "
            "“# ” is a heading and one that starts with “- ” a list item. Use the "
            "placeholders listed below the editor."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(is_active=True, organisation__isnull=False),
                name="lettertemplate_one_active_per_corporation",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(is_active=True, organisation__isnull=True),
                name="lettertemplate_one_active_default",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"],
                condition=models.Q(organisation__isnull=False),
                name="lettertemplate_unique_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "version"],
                condition=models.Q(organisation__isnull=True),
                name="lettertemplate_unique_default_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_default(self) -> bool:
        return self.organisation_id is None

    @property
    def layout(self) -> str:
        return layout_for(self.kind)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind in LetterKind.values:
            for field in ("title", "body"):
                problems = template_errors(getattr(self, field) or "", kind=self.kind)
                if problems:
                    errors[field] = problems
            if not errors:
                missing = required_errors(f"{self.title}\n{self.body}", kind=self.kind)
                if missing:
                    errors["body"] = missing
        if errors:
            raise ValidationError(errors)


class LetterSettings(models.Model):
    """How a corporation's letters are made. Absent: the defaults below apply."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="letter_settings",
        verbose_name=_("housing corporation"),
    )
    vat_on_collection_costs = models.BooleanField(
        _("add VAT to collection costs"),
        default=False,
        help_text=_(
            "Only when collection is outsourced and the corporation cannot deduct the VAT. "
            "A corporation that collects itself adds no VAT."
        ),
    )
    presumed_delivery_days = models.PositiveSmallIntegerField(
        _("days until presumed receipt"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DELIVERY_DAYS)],
        help_text=_(
            "A letter is presumed received this many days after its date. The 14-day term "
            "starts the day after."
        ),
    )
    deadline_next_working_day = models.BooleanField(
        _("move a deadline on a weekend or public holiday to the next working day"),
        default=False,
        help_text=_(
            "Off: the 14 days are calendar days. On: a last day to pay on a Saturday, Sunday "
            "or general public holiday moves to the next working day."
        ),
    )
    costs_decision_delay_days = models.PositiveSmallIntegerField(
        _("days after the deadline before the collection costs are decided"),
        default=COSTS_DECISION_DELAY_DAYS,
        validators=[
            MinValueValidator(MIN_DECISION_DELAY_DAYS),
            MaxValueValidator(MAX_DECISION_DELAY_DAYS),
        ],
        help_text=_(
            "The costs of a 14-day letter are decided by the first daily run more than this "
            "many days after the last day to pay, so that a payment made on the last day has "
            "reached Woonkans through your ledger import. Choose at least the number of days "
            "your import can lag behind, weekends included."
        ),
    )
    contact_phone = models.CharField(_("phone number for tenants"), max_length=32, blank=True)
    signature_name = models.CharField(
        _("name of the contact person who signs"), max_length=150, blank=True
    )
    sender_address = models.TextField(
        _("sender address"),
        max_length=500,
        blank=True,
        help_text=_("Printed under the corporation's name, for example a PO box."),
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
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(presumed_delivery_days__lte=MAX_DELIVERY_DAYS),
                name="lettersettings_delivery_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    costs_decision_delay_days__gte=MIN_DECISION_DELAY_DAYS,
                    costs_decision_delay_days__lte=MAX_DECISION_DELAY_DAYS,
                ),
                name="lettersettings_decision_delay_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


def _letter_path(extension: str) -> str:
    # No names or numbers of the tenant in the path.
    return f"letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def letter_pdf_path(instance, filename: str) -> str:
    return _letter_path("pdf")


def letter_docx_path(instance, filename: str) -> str:
    return _letter_path("docx")


class GeneratedLetter(models.Model):
    """A letter made for a tenancy: the files and what they state. Never changed after."""

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, related_name="letters", verbose_name=_("tenancy")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="letters", verbose_name=_("household")
    )
    kind = models.CharField(_("kind of letter"), max_length=32, choices=LetterKind.choices)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    template_version = models.PositiveIntegerField(_("template version"))
    sent_on = models.DateField(_("letter date"))
    title = models.CharField(_("subject"), max_length=300)
    amount_due = models.DecimalField(
        _("amount due"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_reason = models.CharField(
        _("reason for a lower amount"),
        max_length=500,
        blank=True,
        help_text=_("Why a 14-day letter claims less than the overdue rent at its date."),
    )
    # What a 14-day letter stated: the costs if not paid in time and the last day to pay.
    collection_costs = models.DecimalField(
        _("collection costs"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The part of the amount the costs were computed over (the terms that did not carry
    # costs in an earlier letter, documents/claims.py), and the most the costs could be
    # when the letter continued an earlier claim (empty: the scale's own maximum). Empty
    # for letters made before these rules: the costs were over ``amount_due``.
    costs_principal = models.DecimalField(
        _("principal the costs are computed over"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    costs_limit = models.DecimalField(
        _("most the collection costs may be"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, null=True, blank=True)
    presumed_receipt_on = models.DateField(_("presumed receipt"), null=True, blank=True)
    deadline = models.DateField(_("last day to pay"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=letter_pdf_path)
    docx = models.FileField(_("Word document"), upload_to=letter_docx_path)
    content_hash = models.CharField(
        _("content hash"), max_length=64, help_text=_("SHA-256 of the PDF file.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("generated letter")
        verbose_name_plural = _("generated letters")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=LetterKind.VEERTIENDAGENBRIEF)
                | models.Q(
                    amount_due__isnull=False,
                    collection_costs__isnull=False,
                    vat__isnull=False,
                    presumed_receipt_on__isnull=False,
                    deadline__isnull=False,
                ),
                name="generatedletter_fourteen_day_terms",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on:%Y-%m-%d}"


class ClaimedTerm(models.Model):
    """One overdue term (a rent charge or a positive correction of the ledger) a 14-day
    letter claimed, and whether the letter charged collection costs over it. A later
    letter charges no costs over a term that carried them here while these costs are
    booked or pending (``documents/claims.py``)."""

    letter = models.ForeignKey(
        GeneratedLetter,
        on_delete=models.CASCADE,
        related_name="claimed_terms",
        verbose_name=_("14-day letter"),
    )
    mutation_id = models.CharField(_("mutation id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16)
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount charged"), max_digits=12, decimal_places=2)
    open_amount = models.DecimalField(
        _("unpaid at the letter date"), max_digits=12, decimal_places=2
    )
    claimed = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2)
    costed = models.BooleanField(_("collection costs charged over it"))

    class Meta:
        ordering = ["letter", "due_date", "pk"]
        verbose_name = _("claimed term")
        verbose_name_plural = _("claimed terms")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "mutation_id"], name="claimedterm_unique_per_letter"
            ),
            models.CheckConstraint(
                condition=models.Q(claimed__gt=0, claimed__lte=models.F("open_amount")),
                name="claimedterm_claimed_within_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mutation_id} {self.claimed}"


class CostsBooking(models.Model):
    """The decision on the collection costs of one 14-day letter, taken once its term ended.

    ``total`` above zero: the costs were booked as ``ledger_entry`` (kind ``kosten``).
    Zero: the remaining principal was paid within the term and no costs are due. One
    decision per letter, never changed after (see :mod:`woonkans.documents.costs_booking`).
    """

    letter = models.OneToOneField(
        GeneratedLetter,
        on_delete=models.PROTECT,
        related_name="costs_booking",
        verbose_name=_("14-day letter"),
    )
    decided_on = models.DateField(_("decided on"))
    payments_in_term = models.DecimalField(
        _("paid within the term"), max_digits=12, decimal_places=2
    )
    remaining_principal = models.DecimalField(
        _("principal unpaid at the deadline"), max_digits=12, decimal_places=2
    )
    costs = models.DecimalField(_("collection costs"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("costs booked"), max_digits=12, decimal_places=2)
    ledger_entry = models.OneToOneField(
        "arrears.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("collection costs decision")
        verbose_name_plural = _("collection costs decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total=0, ledger_entry__isnull=True)
                | models.Q(total__gt=0, ledger_entry__isnull=False),
                name="costsbooking_entry_when_costs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} → {self.total}"
