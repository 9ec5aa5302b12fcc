"""Reading letter templates, settings and letters, and preparing a letter without storing it.

Access: letters are a corporation's own business. Only an actor of the corporation that
owns the tenancy, in a role that writes letters, sees the tenancy here or its letters;
everyone else gets :class:`~django.http.Http404`, exactly as for a missing record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.template.base import Lexer, TokenType
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.arrears.costs import CostBreakdown, collection_costs
from woonkans.arrears.models import LedgerEntry
from woonkans.arrears.positions import Entry
from woonkans.core.templatetags.money import format_money
from woonkans.households.access import household_for_actor, tenancies_visible_to
from woonkans.households.models import Household, Relation, Tenancy
from woonkans.norms.selectors import NormNotFound, wik_scale_on
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role

from .claims import ClaimError, ClaimPlan, EarlierLetter, open_terms_at, plan_claim
from .contexts import SAMPLE_FACTS, FourteenDayTerms, LetterFacts, letter_context, sample_facts
from .deadlines import fourteen_day_deadline, presumed_receipt
from .kinds import LetterKind
from .models import GeneratedLetter, LetterSettings, LetterTemplate
from .placeholders import PLACEHOLDERS, MissingValues
from .readability import ReadabilityReport, measure
from .rendering import RenderedLetter, render_letter

# Who makes letters for tenants, and who edits a corporation's templates.
LETTER_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})
TEMPLATE_EDIT_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})
TEMPLATE_VIEW_ROLES = LETTER_ROLES | TEMPLATE_EDIT_ROLES


class LetterError(Exception):
    """A letter cannot be made; ``str()`` is a message fit to show to the user."""


def is_corporation_actor(actor: Actor | None, roles: frozenset[str]) -> bool:
    return (
        actor is not None
        and actor.role in roles
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
    )


# --- templates and settings -------------------------------------------------------------


def active_template(organisation: Organisation | None, kind: str) -> LetterTemplate:
    """The corporation's own active template of ``kind``, else the shipped default."""
    own = None
    if organisation is not None:
        own = LetterTemplate.objects.filter(
            organisation=organisation, kind=kind, is_active=True
        ).first()
    if own is not None:
        return own
    default = LetterTemplate.objects.filter(
        organisation__isnull=True, kind=kind, is_active=True
    ).first()
    if default is None:
        raise LetterError(_("There is no text for this kind of letter."))
    return default


def template_history(organisation: Organisation, kind: str) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(organisation=organisation, kind=kind).select_related(
        "updated_by"
    )


def letter_settings_for(organisation: Organisation) -> LetterSettings:
    """The corporation's letter settings; unsaved defaults when it has none yet."""
    try:
        return LetterSettings.objects.get(organisation=organisation)
    except LetterSettings.DoesNotExist:
        return LetterSettings(organisation=organisation)


def _scale_on(sent_on: date):
    try:
        return wik_scale_on(sent_on)
    except NormNotFound as error:
        raise LetterError(
            _("No collection-cost scale is valid on %(date)s. Ask the administrator.")
            % {"date": sent_on.isoformat()}
        ) from error


def fourteen_day_terms(
    *,
    amount_due: Decimal,
    sent_on: date,
    settings: LetterSettings,
    costs: CostBreakdown | None = None,
) -> FourteenDayTerms:
    """Costs with the WIK scale valid on the letter date (unless ``costs`` are given, as
    :func:`claim_for` computes them), presumed receipt and last day."""
    if costs is None:
        scale = _scale_on(sent_on)
        costs = collection_costs(amount_due, scale=scale, vat=settings.vat_on_collection_costs)
    return FourteenDayTerms(
        costs=costs,
        receipt_on=presumed_receipt(sent_on, settings.presumed_delivery_days),
        deadline=fourteen_day_deadline(
            sent_on,
            settings.presumed_delivery_days,
            next_working_day=settings.deadline_next_working_day,
        ),
    )


def sample_context(organisation: Organisation | None, kind: str) -> dict[str, str | bool]:
    """Fictional values for previews, with the corporation's name and settings where set.
    The 14-day amounts are computed like a real letter's when a WIK scale is valid."""
    changes: dict[str, object] = {}
    settings = None
    if organisation is not None:
        settings = letter_settings_for(organisation)
        changes = {
            "corporation_name": organisation.name,
            "sender_address": settings.sender_address or SAMPLE_FACTS.sender_address,
            "contact_name": settings.signature_name or SAMPLE_FACTS.contact_name,
            "phone": settings.contact_phone or SAMPLE_FACTS.phone,
        }
    facts = sample_facts(**changes)
    if kind == LetterKind.VEERTIENDAGENBRIEF:
        try:
            terms = fourteen_day_terms(
                amount_due=facts.amount_due,
                sent_on=facts.sent_on,
                settings=settings or LetterSettings(),
            )
        except LetterError:
            terms = None
        facts = sample_facts(**changes, fourteen_day=terms)
    return letter_context(facts)


def _text_only(text: str) -> str:
    return "".join(t.contents for t in Lexer(text).tokenize() if t.token_type == TokenType.TEXT)


@dataclass(frozen=True)
class TemplateCheck:
    errors: dict[str, list[str]]
    readability: ReadabilityReport
    preview: RenderedLetter | None


def check_template_text(
    *, organisation: Organisation | None, kind: str, title: str, body: str
) -> TemplateCheck:
    """Validate a template text and measure its readability, as the editor shows it.

    A valid text is measured as it reads in a letter, filled with the sample values; a text
    with errors is measured without its placeholders."""
    candidate = LetterTemplate(organisation=organisation, kind=kind, title=title, body=body)
    errors: dict[str, list[str]] = {}
    try:
        candidate.clean()
    except ValidationError as error:
        errors = error.message_dict
    preview = None
    if not errors:
        try:
            preview = render_letter(template=candidate, context=sample_context(organisation, kind))
        except MissingValues:
            preview = None
    text = preview.text if preview else f"{_text_only(title)}\n\n{_text_only(body)}"
    return TemplateCheck(errors=errors, readability=measure(text), preview=preview)


def templates_overview(organisation: Organisation) -> list[dict]:
    """Per kind: the text in use (own or default), and its readability. A kind without any
    text (the shipped defaults are missing) gets a row with ``template`` None."""
    rows = []
    for kind in LetterKind:
        try:
            template = active_template(organisation, kind)
        except LetterError:
            rows.append({"kind": kind, "template": None, "is_own": False, "readability": None})
            continue
        check = check_template_text(
            organisation=organisation, kind=kind, title=template.title, body=template.body
        )
        rows.append(
            {
                "kind": kind,
                "template": template,
                "is_own": not template.is_default,
                "readability": check.readability,
            }
        )
    return rows


# --- tenancies and letters behind the access gate ---------------------------------------


def tenancies_for_letters(actor: Actor | None) -> QuerySet[Tenancy]:
    """Tenancies the actor may write letters for: its own corporation's, visible through
    the household access gate."""
    if not is_corporation_actor(actor, LETTER_ROLES):
        return Tenancy.objects.none()
    return tenancies_visible_to(actor).filter(corporation=actor.organisation)


def household_for_letters(actor: Actor | None, pk) -> tuple[Household, QuerySet[Tenancy]]:
    """The household and the actor's corporation's tenancies of it; 404 when none."""
    if not is_corporation_actor(actor, LETTER_ROLES):
        raise Http404
    household = household_for_actor(actor, pk)
    tenancies = tenancies_for_letters(actor).filter(household=household).order_by("pk")
    if not tenancies.exists():
        raise Http404
    return household, tenancies


def letters_visible_to(actor: Actor | None) -> QuerySet[GeneratedLetter]:
    return GeneratedLetter.objects.filter(tenancy__in=tenancies_for_letters(actor))


def letter_for_actor(actor: Actor | None, pk) -> GeneratedLetter:
    try:
        return letters_visible_to(actor).select_related("tenancy", "household").get(pk=pk)
    except (GeneratedLetter.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- preparing a letter -----------------------------------------------------------------


def tenant_name(household: Household) -> str:
    """The main tenant and co-tenants by name, else the household's name."""
    people = household.members.filter(
        relation__in=[Relation.HOOFDHUURDER, Relation.MEDEHUURDER]
    ).order_by("relation", "pk")
    names = [f"{p.first_name} {p.last_name}".strip() for p in people]
    return " en ".join(names) if names else household.name


# Values computed from the parameters, never taken from ``context_overrides``.
COMPUTED = frozenset(
    {
        "datum",
        "bedrag_achterstand",
        "incassokosten",
        "btw",
        "btw_van_toepassing",
        "totaal",
        "totaal_met_kosten",
        "ontvangstdatum",
        "uiterste_betaaldatum",
    }
)
_DESCRIPTIONS = {p.name: p.description for p in PLACEHOLDERS}


@dataclass(frozen=True)
class PreparedLetter:
    template: LetterTemplate
    letter: RenderedLetter
    terms: FourteenDayTerms | None
    amount_due: Decimal | None
    sent_on: date
    claim: ClaimPlan | None = None
    amount_reason: str = ""


def tenancy_entries(tenancy: Tenancy) -> list[Entry]:
    """The tenancy's ledger as plain entries for the pure rules."""
    return [
        Entry(kind, amount, booked, due, ref)
        for kind, amount, booked, due, ref in LedgerEntry.objects.filter(
            tenancy=tenancy
        ).values_list("kind", "amount", "booking_date", "due_date", "mutation_id")
    ]


def earlier_fourteen_day_letters(tenancy: Tenancy) -> list[EarlierLetter]:
    """The tenancy's 14-day letters whose costs were booked or are still pending, with
    the terms they charged costs over. A letter paid within its term (no costs booked)
    is left out: its terms carried no costs."""
    letters = (
        GeneratedLetter.objects.filter(tenancy=tenancy, kind=LetterKind.VEERTIENDAGENBRIEF)
        .select_related("costs_booking")
        .prefetch_related("claimed_terms")
    )
    earlier = []
    for letter in letters:
        booking = getattr(letter, "costs_booking", None)
        if booking is not None and booking.total <= 0:
            continue
        earlier.append(
            EarlierLetter(
                costed_refs=frozenset(
                    t.mutation_id for t in letter.claimed_terms.all() if t.costed
                ),
                costs=booking.costs if booking is not None else (letter.collection_costs or 0),
            )
        )
    return earlier


def open_principal_for(tenancy: Tenancy, on: date):
    """The overdue principal of ``tenancy`` at the end of ``on`` (:func:`open_terms_at`)."""
    return open_terms_at(tenancy_entries(tenancy), on)


def claim_for(
    *,
    tenancy: Tenancy,
    sent_on: date,
    amount: Decimal | None,
    reason: str,
    settings: LetterSettings,
) -> ClaimPlan:
    """What a 14-day letter of ``tenancy`` dated ``sent_on`` claims, with its costs
    (``documents/claims.py``). Raises :class:`LetterError` with a message fit to show."""
    scale = _scale_on(sent_on)
    try:
        plan = plan_claim(
            open_principal_for(tenancy, sent_on),
            amount=amount,
            earlier=earlier_fourteen_day_letters(tenancy),
            scale=scale,
            vat=settings.vat_on_collection_costs,
        )
    except ClaimError as error:
        day = sent_on.strftime("%d-%m-%Y")
        if error.code == "nothing_open":
            raise LetterError(
                _(
                    "On %(date)s this tenancy has no overdue rent or corrections left unpaid. "
                    "A 14-day letter can only claim an amount that is due."
                )
                % {"date": day}
            ) from error
        if error.code == "too_high":
            raise LetterError(
                _(
                    "The amount is more than the overdue rent and corrections on %(date)s "
                    "(%(open)s). A 14-day letter cannot claim more; booked collection costs "
                    "are not part of it. Enter %(open)s or less."
                )
                % {"date": day, "open": format_money(error.open_total)}
            ) from error
        raise LetterError(_("The amount due must be more than zero.")) from error
    if plan.lowered and not reason.strip():
        raise LetterError(
            _(
                "You entered less than the overdue rent and corrections on %(date)s "
                "(%(open)s). Give the reason for the lower amount."
            )
            % {"date": sent_on.strftime("%d-%m-%Y"), "open": format_money(plan.open_total)}
        )
    return plan


def prepare_letter(
    *,
    tenancy: Tenancy,
    kind: str,
    sent_on: date,
    amount_due: Decimal | None = None,
    appointment: str = "",
    context_overrides: dict[str, str] | None = None,
    amount_reason: str = "",
) -> PreparedLetter:
    """Everything a letter says, rendered but not stored. Raises :class:`LetterError`.

    A 14-day letter claims the overdue principal of the tenancy at ``sent_on``
    (:func:`claim_for`): ``amount_due`` None takes all of it; a lower amount needs
    ``amount_reason``; a higher one is refused."""
    if kind not in LetterKind.values:
        raise LetterError(_("Unknown kind of letter."))
    if amount_due is not None:
        if not isinstance(amount_due, Decimal):
            raise TypeError("amount_due must be a Decimal.")
        if amount_due <= 0:
            raise LetterError(_("The amount due must be more than zero."))
    corporation = tenancy.corporation
    settings = letter_settings_for(corporation)
    terms = claim = None
    amount_reason = amount_reason.strip()
    if kind == LetterKind.VEERTIENDAGENBRIEF:
        if sent_on < timezone.localdate():
            raise LetterError(
                _(
                    "A 14-day letter cannot be dated in the past: the term counts from the "
                    "letter date."
                )
            )
        claim = claim_for(
            tenancy=tenancy,
            sent_on=sent_on,
            amount=amount_due,
            reason=amount_reason,
            settings=settings,
        )
        amount_due = claim.principal
        if not claim.lowered:
            amount_reason = ""
        terms = fourteen_day_terms(
            amount_due=amount_due, sent_on=sent_on, settings=settings, costs=claim.costs
        )
    else:
        amount_reason = ""
    facts = LetterFacts(
        tenant_name=tenant_name(tenancy.household),
        street_line=f"{tenancy.street} {tenancy.house_number}",
        postcode_city=f"{tenancy.postcode} {tenancy.city}",
        contract_number=tenancy.contract_number,
        corporation_name=corporation.name,
        sender_address=settings.sender_address,
        contact_name=settings.signature_name,
        phone=settings.contact_phone,
        sent_on=sent_on,
        amount_due=amount_due,
        fourteen_day=terms,
        appointment=appointment.strip(),
    )
    context = letter_context(facts)
    for name, value in (context_overrides or {}).items():
        if name not in _DESCRIPTIONS or name in COMPUTED:
            raise ValueError(f"Cannot override the placeholder {name!r}.")
        if not isinstance(value, str):
            raise TypeError("Override values must be strings.")
        context[name] = value.strip()
    # An empty value counts as missing: a letter never says "call us on ." by accident.
    context = {name: value for name, value in context.items() if value != ""}
    template = active_template(corporation, kind)
    try:
        rendered = render_letter(template=template, context=context)
    except MissingValues as missing:
        raise LetterError(
            _("This letter cannot be made yet. Missing: %(names)s.")
            % {"names": "; ".join(str(_DESCRIPTIONS.get(n, n)) for n in missing.names)}
        ) from missing
    return PreparedLetter(
        template=template,
        letter=rendered,
        terms=terms,
        amount_due=amount_due,
        sent_on=sent_on,
        claim=claim,
        amount_reason=amount_reason,
    )
