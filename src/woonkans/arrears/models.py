"""Ledger (mutaties) of tenancies, the import batches that bring them in, and the
per-corporation column mappings that let other ERP exports in.

Later capabilities (collection steps, worklists, letters, signals) read the ledger through
``selectors.py`` and never change it: the ledger only grows by imports, and by the one
entry of collection costs Woonkans books when a 14-day letter's term passed unpaid
(``documents/costs_booking.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Tenancy
from woonkans.organisations.models import Organisation


class LedgerKind(models.TextChoices):
    HUUR = "huur", _("Rent charge")
    KOSTEN = "kosten", _("Costs charged")
    BETALING = "betaling", _("Payment")
    CORRECTIE = "correctie", _("Correction")


class ImportKind(models.TextChoices):
    TENANCIES = "tenancies", _("Tenancies")
    LEDGER = "ledger", _("Ledger entries")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected: nothing changed")
    DUPLICATE = "duplicate", _("Same file as an earlier import: nothing changed")
    FAILED = "failed", _("Failed: nothing changed")


class ImportBatch(models.Model):
    """One attempt to import one file. Rejected and duplicate attempts are kept too, so a
    corporation sees what was tried and why it did not apply."""

    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="import_batches",
        verbose_name=_("housing corporation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    # Progress and outcome. While the import runs, progress goes to the cache (see
    # ``uploads.py``); ``rows_read`` is written when it ends. ``rows_total`` is counted
    # before an uploaded file is read (lines of a CSV, rows of an XLSX sheet; may be empty).
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows already present"), default=0)
    error_count = models.PositiveIntegerField(_("bad rows"), default=0)
    # The first errors as [{"line": int, "column": str, "reason": str}]; all of them are
    # reported to whoever ran the import, ``error_count`` says how many there were.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_by_label = models.CharField(_("started by"), max_length=150, blank=True)
    # An uploaded file waiting for the background worker, relative to MEDIA_ROOT; emptied
    # when the file is deleted after the import (see ``uploads.py``).
    stored_file = models.CharField(_("stored upload"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["corporation", "kind", "sha256", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"


class LedgerEntry(models.Model):
    """One ledger mutation (mutatie) of a tenancy, as the corporation's ERP booked it.

    ``amount`` is signed from the tenant's debt point of view: rent and costs positive,
    payments negative, corrections as given. Entries are never edited: a repeated
    ``mutation_id`` with the same content is skipped, with other content it is refused.
    """

    # The ledger is the one table with tens of millions of rows. Its corporation and batch
    # keys are not foreign-key constraints in the database: PostgreSQL checks each
    # constraint with one trigger per inserted row at commit, which made these two a third
    # each of a large import's time. The import sets both itself (the corporation it
    # holds a lock on, its own batch) and every entry's tenancy — still a constraint —
    # belongs to that corporation; the ORM keeps ``PROTECT``. The unique constraint on
    # (corporation, mutation_id) serves as the corporation's index.
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corporation"),
        db_constraint=False,
        db_index=False,
    )
    # Indexed by the (tenancy, due_date) index below; a second index on the tenancy alone
    # would only cost time on every insert.
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("tenancy"),
        db_index=False,
    )
    mutation_id = models.CharField(_("mutation id"), max_length=64)
    booking_date = models.DateField(_("booking date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=255, blank=True)
    # Empty for an entry Woonkans books itself (the collection costs after a 14-day letter,
    # ``documents/costs_booking.py``); every imported entry has its batch.
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        db_constraint=False,
    )
    source_line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    # True when the entry is reflected in the stored arrears state (``state.py``): set by
    # the ledger import, which folds its rows into that state in the same transaction. An
    # entry written any other way (the collection costs, a test, a script) stays false and
    # its tenancy is computed from the full ledger until the next import folds it in.
    in_state = models.BooleanField(_("in the arrears state"), default=False, db_default=False)

    class Meta:
        ordering = ["tenancy", "booking_date", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["tenancy", "due_date"]),
            # Small: only the entries not yet in the arrears state (normally none).
            models.Index(
                fields=["corporation", "tenancy"],
                condition=models.Q(in_state=False),
                name="ledgerentry_not_in_state",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "mutation_id"], name="ledgerentry_unique_mutation"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["huur", "kosten"]) | models.Q(amount__gt=0),
                name="ledgerentry_charge_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="betaling") | models.Q(amount__lt=0),
                name="ledgerentry_payment_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="betaling") | models.Q(due_date__isnull=False),
                name="ledgerentry_due_date_for_charges",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mutation_id} {self.kind} {self.amount}"


class ColumnMapping(models.Model):
    """How one corporation's ERP export differs from the canonical import format.

    ``columns`` maps a canonical column name to the column name in the export, e.g.
    ``{"overeenkomstnummer": "Contractnr", "bedrag": "Bedrag EUR"}``; unmapped columns keep
    their canonical name. ``date_format`` is a ``strftime`` pattern (empty: ``YYYY-MM-DD``).
    ``decimal_separator`` empty accepts a point or a comma without thousands separators;
    set to ``,`` or ``.`` it fixes the decimal separator and accepts the other one as a
    thousands separator (``1.234,56``).
    """

    class DecimalSeparator(models.TextChoices):
        EITHER = "", _("Point or comma, no thousands separator")
        COMMA = ",", _("Comma (1.234,56)")
        POINT = ".", _("Point (1,234.56)")

    corporation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("corporation")
    )
    kind = models.CharField(_("import kind"), max_length=16, choices=ImportKind.choices)
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    date_format = models.CharField(_("date format"), max_length=32, blank=True)
    decimal_separator = models.CharField(
        _("decimal separator"),
        max_length=1,
        choices=DecimalSeparator.choices,
        blank=True,
        default="",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "kind"], name="columnmapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.corporation} – {self.get_kind_display()}"


# --- The stored arrears state (see ``state.py`` and docs/adr/0009) ----------------------
#
# Derived data, rebuilt from the ledger at will: per tenancy the running totals the closed
# form of the positions needs, as of the corporation's state date; the rent charges still
# open at that date; and the ledger entries that count after it. Amounts in integer cents.
# The keys are not database foreign-key constraints (PostgreSQL would check each with one
# trigger per inserted row); the ORM cascades when a tenancy or corporation goes.


class ArrearsStateDate(models.Model):
    """The date up to which the corporation's arrears state is folded (``as_of``)."""

    corporation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    as_of = models.DateField()

    class Meta:
        verbose_name = _("arrears state date")
        verbose_name_plural = _("arrears state dates")

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.as_of}"


class ArrearsState(models.Model):
    """Totals of one tenancy's entries that count on or before the state date, in cents:
    costs ``co``, principal ``pr`` (rent and positive corrections), credits ``cr``
    (payments and negative corrections), and ``low``, the lowest end-of-day value of
    ``costs - credits + credit balance`` (capped at zero) — see
    :func:`woonkans.arrears.positions.position_by_totals`."""

    tenancy = models.OneToOneField(
        Tenancy, on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=False
    )
    corporation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    co = models.BigIntegerField()
    pr = models.BigIntegerField()
    cr = models.BigIntegerField()
    low = models.BigIntegerField()

    class Meta:
        verbose_name = _("arrears state")
        verbose_name_plural = _("arrears states")

    def __str__(self) -> str:
        return f"{self.tenancy_id}: {self.co + self.pr - self.cr}"


class ArrearsOpenRent(models.Model):
    """A rent charge of the tenancy still (partly) open at the state date, with the running
    sum of principal up to and including it (cents): it stays open while that sum exceeds
    the principal paid."""

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    corporation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    due_date = models.DateField()
    running = models.BigIntegerField()

    class Meta:
        verbose_name = _("open rent charge")
        verbose_name_plural = _("open rent charges")
        indexes = [models.Index(fields=["tenancy"], name="arrears_openrent_tenancy")]

    def __str__(self) -> str:
        return f"{self.tenancy_id}: {self.due_date}"


class ArrearsPending(models.Model):
    """A ledger entry that counts after the state date (``d``: its due date, a payment's
    booking date), in cents and signed as in the ledger; folded into the state when the
    state date passes it."""

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    d = models.DateField()
    kind = models.CharField(max_length=16, choices=LedgerKind.choices)
    c = models.BigIntegerField()

    class Meta:
        verbose_name = _("pending ledger entry")
        verbose_name_plural = _("pending ledger entries")
        indexes = [
            models.Index(fields=["corporation", "d"], name="arrears_pending_corp_d"),
            models.Index(fields=["tenancy"], name="arrears_pending_tenancy"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy_id}: {self.kind} {self.c} on {self.d}"
