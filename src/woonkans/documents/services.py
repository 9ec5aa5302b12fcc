"""Use cases of letters: editing a corporation's texts and settings, generating a letter.

Each runs in one transaction, takes the acting :class:`Actor` and writes the audit log;
generating a letter also writes the household timeline.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.arrears.models import LedgerEntry, LedgerKind
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.core.templatetags.money import format_money
from woonkans.households.models import Tenancy
from woonkans.households.services import EditConflict, timeline_add
from woonkans.norms.selectors import wik_scale_on
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, Role
from woonkans.organisations.policy import FieldGroup

from .costs_booking import booking_date, costs_due_after_letter, decision_due
from .defaults import ship_missing_defaults
from .kinds import LetterKind
from .models import ClaimedTerm, CostsBooking, GeneratedLetter, LetterSettings, LetterTemplate
from .rendering import letter_docx, letter_pdf
from .selectors import (
    LETTER_ROLES,
    TEMPLATE_EDIT_ROLES,
    LetterError,
    is_corporation_actor,
    letter_settings_for,
    prepare_letter,
)

__all__ = [
    "COSTS_BOOKED",
    "EditConflict",
    "LetterError",
    "collection_costs_book_due",
    "letter_defaults_restore",
    "letter_generate",
    "letter_settings_update",
    "letter_template_reset",
    "letter_template_save",
]

#: Timeline kind of a decision on the collection costs of a 14-day letter.
COSTS_BOOKED = "costs.booked"

SETTINGS_FIELDS = (
    "vat_on_collection_costs",
    "presumed_delivery_days",
    "deadline_next_working_day",
    "costs_decision_delay_days",
    "contact_phone",
    "signature_name",
    "sender_address",
)


def _require_editor(actor: Actor) -> None:
    if not is_corporation_actor(actor, TEMPLATE_EDIT_ROLES):
        raise PermissionDenied


def _conflict() -> EditConflict:
    return EditConflict(
        _(
            "Someone else changed this text in the meantime. Reload the page to see the "
            "current text, then make your change again."
        )
    )


@transaction.atomic
def letter_template_save(
    *, actor: Actor, kind: str, title: str, body: str, seen_version: int
) -> LetterTemplate:
    """Save a corporation's text of ``kind`` as a new version.

    ``seen_version`` is the version of the corporation's own text the editor showed, or 0
    when it showed the default text. Someone else's save in between is refused with
    :class:`EditConflict`. An unchanged text adds no version.
    """
    _require_editor(actor)
    organisation = actor.organisation
    own = list(
        LetterTemplate.objects.select_for_update().filter(organisation=organisation, kind=kind)
    )
    current = next((t for t in own if t.is_active), None)
    if (current.version if current else 0) != seen_version:
        raise _conflict()
    title, body = title.strip(), body.strip().replace("\r\n", "\n")
    if current and current.title == title and current.body == body:
        return current
    template = LetterTemplate(
        organisation=organisation,
        kind=kind,
        title=title,
        body=body,
        version=max((t.version for t in own), default=0) + 1,
        is_active=True,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    if current:
        # Before validating: one active text per corporation and kind (a failed validation
        # rolls this back with the transaction).
        LetterTemplate.objects.filter(pk=current.pk).update(is_active=False)
    template.full_clean()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:  # a first save by someone else at the same moment
        raise _conflict() from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if current is None else AuditAction.UPDATE,
        obj=template,
        fields=["title", "body"],
        detail=f"{kind} v{template.version}",
    )
    return template


@transaction.atomic
def letter_template_reset(*, actor: Actor, kind: str) -> None:
    """Stop using the corporation's own text of ``kind``: the default applies again. The
    old versions are kept (letters point at them)."""
    _require_editor(actor)
    for template in LetterTemplate.objects.select_for_update().filter(
        organisation=actor.organisation, kind=kind, is_active=True
    ):
        LetterTemplate.objects.filter(pk=template.pk).update(is_active=False)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=template,
            fields=["is_active"],
            detail=f"{kind} v{template.version} reset to default",
        )


@transaction.atomic
def letter_defaults_restore(*, actor: Actor) -> list[LetterTemplate]:
    """Re-create the shipped default texts that are missing (see :mod:`.defaults`).

    Only the functional administrator of a corporation may do this; the defaults are shared
    by all corporations, so restoring them changes nothing for a corporation that has its
    own texts. Kinds that still have a default are left alone. Returns the restored texts.
    """
    _require_editor(actor)
    # One restore at a time: lock the corporation's letter settings row (or create it).
    LetterSettings.objects.select_for_update().get_or_create(organisation=actor.organisation)
    restored = ship_missing_defaults()
    for template in restored:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=template,
            fields=["title", "body", "is_active"],
            detail=f"default {template.kind} v{template.version} restored",
        )
    return restored


@transaction.atomic
def letter_settings_update(*, actor: Actor, **values) -> LetterSettings:
    _require_editor(actor)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    settings, created = LetterSettings.objects.select_for_update().get_or_create(
        organisation=actor.organisation
    )
    changed = [name for name, value in values.items() if getattr(settings, name) != value]
    if not changed and not created:
        return settings
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by = actor.user
    settings.updated_at = timezone.now()
    settings.full_clean()
    settings.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=settings,
        fields=changed,
    )
    return settings


@transaction.atomic
def letter_generate(
    *,
    actor: Actor,
    tenancy: Tenancy,
    kind: str,
    sent_on: date | None = None,
    amount_due: Decimal | None = None,
    appointment: str = "",
    context_overrides: dict[str, str] | None = None,
    amount_reason: str = "",
) -> GeneratedLetter:
    """Make a letter for ``tenancy``: PDF and DOCX stored, audit and timeline written.

    Only a collections officer or housing consultant of the corporation that owns the
    tenancy may do so (views fetch the tenancy through ``selectors.tenancies_for_letters``,
    which answers 404 to others). ``sent_on`` is the letter date (default today). A 14-day
    letter cannot be dated in the past, because its term is counted from that date; it
    claims the overdue principal at its date (``amount_due`` None: all of it; lower: with
    ``amount_reason``; higher: refused) and charges costs only over the terms that did not
    carry costs in an earlier letter (``documents/claims.py``); the claimed terms are
    stored with it. Raises :class:`LetterError` with a message fit to show.
    """
    if not is_corporation_actor(actor, LETTER_ROLES) or (
        tenancy.corporation_id != actor.organisation.pk
    ):
        raise PermissionDenied
    sent_on = sent_on or timezone.localdate()
    if kind == LetterKind.VEERTIENDAGENBRIEF:
        # One 14-day letter of a tenancy at a time: two made at the same moment would both
        # charge costs over the same terms.
        Tenancy.objects.select_for_update().filter(pk=tenancy.pk).first()
    prepared = prepare_letter(
        tenancy=tenancy,
        kind=kind,
        sent_on=sent_on,
        amount_due=amount_due,
        appointment=appointment,
        context_overrides=context_overrides,
        amount_reason=amount_reason,
    )
    amount_due = prepared.amount_due
    claim = prepared.claim
    pdf = letter_pdf(prepared.letter)
    docx = letter_docx(prepared.letter)
    terms = prepared.terms
    letter = GeneratedLetter(
        tenancy=tenancy,
        household=tenancy.household,
        kind=kind,
        template=prepared.template,
        template_version=prepared.template.version,
        sent_on=sent_on,
        title=prepared.letter.title[:300],
        amount_due=amount_due,
        amount_reason=prepared.amount_reason,
        costs_principal=claim.cost_base if claim else None,
        costs_limit=claim.costs_limit if claim else None,
        collection_costs=terms.costs.costs if terms else None,
        vat=terms.costs.vat if terms else None,
        presumed_receipt_on=terms.receipt_on if terms else None,
        deadline=terms.deadline if terms else None,
        content_hash=hashlib.sha256(pdf).hexdigest(),
        created_by=actor.user,
        created_by_label=actor.label,
        created_at=timezone.now(),
    )
    letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
    letter.docx.save("letter.docx", ContentFile(docx), save=False)
    try:
        letter.save()
        if claim is not None:
            ClaimedTerm.objects.bulk_create(
                ClaimedTerm(
                    letter=letter,
                    mutation_id=line.term.ref,
                    kind=line.term.kind,
                    due_date=line.term.due_date,
                    amount=line.term.amount,
                    open_amount=line.term.open,
                    claimed=line.claimed,
                    costed=not line.costed_before,
                )
                for line in claim.lines
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=letter,
            fields=[
                "kind",
                "sent_on",
                *(["amount_due"] if amount_due is not None else []),
                *(["collection_costs", "costs_principal", "deadline"] if terms else []),
                *(["amount_reason"] if prepared.amount_reason else []),
            ],
            detail=f"{kind} v{letter.template_version}",
        )
        timeline_add(
            household=tenancy.household,
            kind="letter.generated",
            field_group=FieldGroup.FINANCIAL,
            actor=actor,
            summary=_("%(kind)s dated %(date)s")
            % {"kind": LetterKind(kind).label, "date": sent_on.strftime("%d-%m-%Y")},
        )
    except Exception:
        # No files without a record. (A rollback of an outer transaction after this
        # returns can still leave two orphan files; they hold nothing the record lacks.)
        letter.pdf.delete(save=False)
        letter.docx.delete(save=False)
        raise
    return letter


def costs_mutation_id(letter: GeneratedLetter) -> str:
    """The ledger mutation id of the costs of ``letter``: one per letter, never reused."""
    return f"WIK-{letter.pk}"


@transaction.atomic
def collection_costs_book_due(
    *, corporation: Organisation, run_date: date, actor: Actor | None = None
) -> dict[str, int]:
    """Decide on the collection costs of the corporation's 14-day letters whose term ended.

    For each 14-day letter of ``corporation`` without a decision whose deadline lies more
    than the corporation's ``LetterSettings.costs_decision_delay_days`` (default
    ``COSTS_DECISION_DELAY_DAYS``) before ``run_date``: the payments booked after the
    letter date up to the deadline are taken from the ledger and the costs recomputed over
    the remaining principal (:mod:`.costs_booking`). Costs above zero are booked as one
    ledger entry of kind ``kosten`` dated the day after the deadline; the decision is
    recorded either way (:class:`CostsBooking`), with audit and timeline. Running again
    books nothing twice. Returns counts: ``letters`` decided, ``booked``, ``paid``
    (no costs due), ``skipped`` (decided meanwhile by another run).
    """
    actor = actor or system_actor(corporation, Role.INCASSOMEDEWERKER)
    letters = (
        GeneratedLetter.objects.filter(
            kind=LetterKind.VEERTIENDAGENBRIEF,
            tenancy__corporation=corporation,
            costs_booking__isnull=True,
            deadline__isnull=False,
        )
        .select_related("tenancy", "household")
        .order_by("deadline", "pk")
    )
    counts = {"letters": 0, "booked": 0, "paid": 0, "skipped": 0}
    delay_days = letter_settings_for(corporation).costs_decision_delay_days
    scales = {}
    for letter in letters:
        if not decision_due(letter.deadline, run_date, delay_days):
            continue
        if letter.sent_on not in scales:
            scales[letter.sent_on] = wik_scale_on(letter.sent_on)
        payments = [
            (day, -amount)
            for day, amount in LedgerEntry.objects.filter(
                tenancy=letter.tenancy,
                kind=LedgerKind.BETALING,
                booking_date__gt=letter.sent_on,
                booking_date__lte=letter.deadline,
            ).values_list("booking_date", "amount")
        ]
        due = costs_due_after_letter(
            # Letters made before the costs-once rule have no cost base: their costs were
            # computed over the whole amount.
            claimed=(
                letter.costs_principal if letter.costs_principal is not None else letter.amount_due
            ),
            limit=letter.costs_limit,
            letter_date=letter.sent_on,
            deadline=letter.deadline,
            payments=payments,
            scale=scales[letter.sent_on],
            vat=letter.vat > 0,
        )
        try:
            with transaction.atomic():
                booking = _book_costs(letter=letter, due=due, run_date=run_date, actor=actor)
        except IntegrityError:
            # Another run decided on this letter at the same moment: its decision stands.
            counts["skipped"] += 1
            continue
        counts["letters"] += 1
        counts["booked" if booking.ledger_entry_id else "paid"] += 1
    return counts


def _book_costs(*, letter: GeneratedLetter, due, run_date: date, actor: Actor) -> CostsBooking:
    entry = None
    letter_date = letter.sent_on.strftime("%d-%m-%Y")
    if due.total > 0:
        day = booking_date(letter.deadline)
        entry = LedgerEntry.objects.create(
            corporation_id=letter.tenancy.corporation_id,
            tenancy=letter.tenancy,
            mutation_id=costs_mutation_id(letter),
            booking_date=day,
            due_date=day,
            kind=LedgerKind.KOSTEN,
            amount=due.total,
            # The ledger's description, in the language of the corporation's ledger.
            description=f"Incassokosten (14-dagenbrief van {letter_date})",
            batch=None,
        )
    booking = CostsBooking.objects.create(
        letter=letter,
        decided_on=run_date,
        payments_in_term=due.paid_in_term,
        remaining_principal=due.remaining,
        costs=due.costs,
        vat=due.vat,
        total=due.total,
        ledger_entry=entry,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=booking,
        household_id=letter.household_id,
        fields=["payments_in_term", "remaining_principal", "costs", "vat", "total"],
        detail=(
            f"letter {letter.pk}: {due.total} booked as {entry.mutation_id}"
            if entry
            else f"letter {letter.pk}: paid within the term, no costs"
        ),
    )
    if entry:
        summary = _(
            "Collection costs of %(amount)s booked: the 14-day letter of %(date)s was "
            "not paid in full by %(deadline)s."
        )
    else:
        summary = _("No collection costs: the 14-day letter of %(date)s was paid within the term.")
    timeline_add(
        household=letter.household,
        kind=COSTS_BOOKED,
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=summary
        % {
            "amount": format_money(due.total),
            "date": letter_date,
            "deadline": letter.deadline.strftime("%d-%m-%Y"),
        },
    )
    return booking
