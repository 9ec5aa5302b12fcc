"""Use cases: generating letters, editing texts and settings."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from woonkans.arrears.costs import collection_costs
from woonkans.audit.models import AuditAction, AuditEvent
from woonkans.documents import services
from woonkans.documents.deadlines import fourteen_day_deadline
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import GeneratedLetter, LetterSettings, LetterTemplate
from woonkans.documents.placeholders import format_date_nl
from woonkans.documents.selectors import LetterError, active_template
from woonkans.households.models import TimelineEntry
from woonkans.norms.selectors import wik_scale_on
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .ledger import rent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 5)  # a Monday


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-01-05 10:00 +01:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def letter_settings(corporation):
    return LetterSettings.objects.create(
        organisation=corporation,
        contact_phone="0123 45 67 89",
        signature_name="Alex de Jong",
        sender_address="Postbus 1\n1234 AA Voorbeeldstad",
    )


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


@pytest.fixture
def officer(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


@pytest.fixture
def administrator(corporation):
    return f.make_actor(role=Role.FUNCTIONEEL_BEHEERDER, organisation=corporation)


def _pdf_text(letter: GeneratedLetter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Whitespace collapsed: line breaks fall anywhere, and amounts have a no-break space.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _docx_text(letter: GeneratedLetter) -> str:
    with letter.docx.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def test_fourteen_day_letter_states_amount_costs_and_deadline(letter_settings, tenancy, officer):
    amount = Decimal("1225.00")
    rent(tenancy, "1225.00")
    letter = services.letter_generate(
        actor=officer, tenancy=tenancy, kind=LetterKind.VEERTIENDAGENBRIEF, amount_due=amount
    )
    expected_costs = collection_costs(amount, scale=wik_scale_on(TODAY), vat=False)
    expected_deadline = fourteen_day_deadline(TODAY, 2)
    assert expected_deadline == date(2026, 1, 21)
    letter.refresh_from_db()
    assert letter.sent_on == TODAY
    assert letter.amount_due == amount
    assert letter.collection_costs == expected_costs.costs == Decimal("183.75")
    assert letter.vat == Decimal("0.00")
    assert letter.presumed_receipt_on == date(2026, 1, 7)
    assert letter.deadline == expected_deadline
    assert letter.household_id == tenancy.household_id
    assert letter.template.is_default and letter.template_version == letter.template.version

    pdf_text = _pdf_text(letter)
    assert "1.225,00" in pdf_text
    assert "183,75" in pdf_text
    assert "woensdag 21 januari 2026" in pdf_text  # the last day to pay, exactly
    assert "woensdag 7 januari 2026" in pdf_text  # presumed receipt
    assert "Daar komt geen btw bij." in pdf_text
    assert "Tessa Testpersoon" in pdf_text
    assert "0123 45 67 89" in pdf_text
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert letter.content_hash == hashlib.sha256(content).hexdigest()

    docx_text = _docx_text(letter)
    assert "1.225,00" in docx_text and "183,75" in docx_text
    assert "woensdag 21 januari 2026" in docx_text


def test_vat_only_when_the_corporation_is_configured_for_it(letter_settings, tenancy, officer):
    letter_settings.vat_on_collection_costs = True
    letter_settings.save()
    rent(tenancy, "650.00")
    letter = services.letter_generate(
        actor=officer,
        tenancy=tenancy,
        kind=LetterKind.VEERTIENDAGENBRIEF,
        amount_due=Decimal("650.00"),
    )
    # norms.md §2: €650 -> €97.50 costs, €20.48 VAT, €117.98 together.
    assert letter.collection_costs == Decimal("97.50")
    assert letter.vat == Decimal("20.48")
    text = _pdf_text(letter)
    assert "Daar komt € 20,48 btw bij. Samen is dat € 117,98." in text
    assert "767,98" in text  # 650.00 + 117.98 owed after the deadline


def test_configured_delivery_days_and_working_day_rule(letter_settings, tenancy, officer):
    letter_settings.presumed_delivery_days = 4
    letter_settings.deadline_next_working_day = True
    letter_settings.save()
    rent(tenancy, "100.00")
    # Letter Monday 5 January + 4 = Friday 9th; + 14 = Friday 23rd (a working day).
    letter = services.letter_generate(
        actor=officer,
        tenancy=tenancy,
        kind=LetterKind.VEERTIENDAGENBRIEF,
        amount_due=Decimal("100.00"),
        sent_on=date(2026, 1, 8),  # + 4 = Monday 12th; + 14 = Monday 26th
    )
    assert letter.deadline == date(2026, 1, 26)
    assert letter.collection_costs == Decimal("40.00")  # the minimum
    letter = services.letter_generate(
        actor=officer,
        tenancy=tenancy,
        kind=LetterKind.VEERTIENDAGENBRIEF,
        amount_due=Decimal("100.00"),
        sent_on=date(2026, 1, 6),  # + 4 = Saturday 10th; + 14 = Saturday 24th -> Monday 26th
    )
    assert letter.deadline == date(2026, 1, 26)


def test_audit_and_timeline(letter_settings, tenancy, officer):
    letter = services.letter_generate(
        actor=officer, tenancy=tenancy, kind=LetterKind.HERINNERING, amount_due=Decimal("612.50")
    )
    event = AuditEvent.objects.get(object_type="documents.generatedletter", object_id=letter.pk)
    assert event.action == AuditAction.CREATE
    assert event.household_id == tenancy.household_id
    assert event.organisation_id == officer.organisation.pk
    assert event.purpose == "huurincasso"
    assert "amount_due" in event.fields
    entry = TimelineEntry.objects.get(household=tenancy.household, kind="letter.generated")
    assert entry.field_group == "financial"
    assert entry.summary == "Reminder dated 05-01-2026"
    assert entry.organisation_id == officer.organisation.pk


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in {Role.INCASSOMEDEWERKER, Role.WOONCONSULENT}]
)
def test_other_roles_of_the_corporation_may_not_generate(letter_settings, tenancy, role):
    actor = f.make_actor(role=role, organisation=tenancy.corporation)
    with pytest.raises(PermissionDenied):
        services.letter_generate(actor=actor, tenancy=tenancy, kind=LetterKind.KAARTJE)
    assert not GeneratedLetter.objects.exists()


def test_another_corporation_may_not_generate(letter_settings, tenancy, other_corporation):
    actor = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=other_corporation)
    with pytest.raises(PermissionDenied):
        services.letter_generate(actor=actor, tenancy=tenancy, kind=LetterKind.KAARTJE)
    assert not GeneratedLetter.objects.exists()
    assert not AuditEvent.objects.filter(object_type="documents.generatedletter").exists()


def test_housing_consultant_may_generate(letter_settings, tenancy, corporation):
    actor = f.make_actor(role=Role.WOONCONSULENT, organisation=corporation)
    letter = services.letter_generate(
        actor=actor, tenancy=tenancy, kind=LetterKind.HUISBEZOEK_BRIEFJE
    )
    assert "5 januari 2026" in _pdf_text(letter)


def test_fourteen_day_letter_needs_an_amount_and_a_date_not_in_the_past(
    letter_settings, tenancy, officer
):
    # Nothing overdue: nothing to claim.
    with pytest.raises(LetterError, match="no overdue rent or corrections"):
        services.letter_generate(actor=officer, tenancy=tenancy, kind=LetterKind.VEERTIENDAGENBRIEF)
    rent(tenancy, "10.00")
    with pytest.raises(LetterError, match="cannot be dated in the past"):
        services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            amount_due=Decimal("10.00"),
            sent_on=date(2026, 1, 4),
        )
    with pytest.raises(LetterError, match="more than zero"):
        services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.HERINNERING,
            amount_due=Decimal("0.00"),
        )
    assert not GeneratedLetter.objects.exists()


def test_missing_settings_are_named_instead_of_printing_blanks(tenancy, officer):
    with pytest.raises(LetterError) as caught:
        services.letter_generate(actor=officer, tenancy=tenancy, kind=LetterKind.KAARTJE)
    assert "Phone number for the tenant" in str(caught.value)
    assert not GeneratedLetter.objects.exists()


def test_invitation_needs_the_appointment(letter_settings, tenancy, officer):
    with pytest.raises(LetterError, match="Day, time and place"):
        services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.UITNODIGING,
            amount_due=Decimal("300.00"),
        )
    letter = services.letter_generate(
        actor=officer,
        tenancy=tenancy,
        kind=LetterKind.UITNODIGING,
        amount_due=Decimal("300.00"),
        appointment="dinsdag 13 januari om 10.00 uur",
    )
    assert "dinsdag 13 januari om 10.00 uur" in _pdf_text(letter)


def test_context_overrides(letter_settings, tenancy, officer):
    letter = services.letter_generate(
        actor=officer,
        tenancy=tenancy,
        kind=LetterKind.KAARTJE,
        context_overrides={"telefoon": "06 98 76 54 32"},
    )
    assert "06 98 76 54 32" in _pdf_text(letter)
    rent(tenancy, "100.00")
    with pytest.raises(ValueError, match="uiterste_betaaldatum"):
        services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            amount_due=Decimal("100.00"),
            context_overrides={"uiterste_betaaldatum": "morgen"},
        )
    with pytest.raises(ValueError, match="onbekend"):
        services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.KAARTJE,
            context_overrides={"onbekend": "x"},
        )


# --- editing texts ------------------------------------------------------------------------

BODY = "Beste {{ huurder.naam }},\n\nBel ons op {{ telefoon }}."


def test_saving_makes_an_own_version_and_letters_use_it(
    letter_settings, tenancy, officer, administrator
):
    kind = LetterKind.KAARTJE
    first = services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons", body=BODY, seen_version=0
    )
    assert (first.organisation, first.version, first.is_active) == (
        administrator.organisation,
        1,
        True,
    )
    second = services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons a.u.b.", body=BODY, seen_version=1
    )
    first.refresh_from_db()
    assert second.version == 2 and not first.is_active
    assert active_template(administrator.organisation, kind) == second
    # The default is untouched and still the text of other corporations.
    default = LetterTemplate.objects.get(organisation__isnull=True, kind=kind)
    assert default.is_active and default.title == "Wilt u ons even bellen?"
    letter = services.letter_generate(actor=officer, tenancy=tenancy, kind=kind)
    assert (letter.template, letter.template_version) == (second, 2)
    assert "Bel ons a.u.b." in _pdf_text(letter)
    events = AuditEvent.objects.filter(object_type="documents.lettertemplate")
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


def test_unchanged_text_adds_no_version(administrator):
    kind = LetterKind.KAARTJE
    first = services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons", body=BODY, seen_version=0
    )
    again = services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons", body=BODY, seen_version=1
    )
    assert again == first
    assert LetterTemplate.objects.filter(organisation=administrator.organisation).count() == 1


def test_a_stale_editor_is_refused(administrator):
    kind = LetterKind.KAARTJE
    services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons", body=BODY, seen_version=0
    )
    with pytest.raises(services.EditConflict):
        services.letter_template_save(
            actor=administrator, kind=kind, title="Anders", body=BODY, seen_version=0
        )
    assert active_template(administrator.organisation, kind).title == "Bel ons"


def test_invalid_text_is_refused_and_nothing_changes(administrator):
    with pytest.raises(ValidationError) as caught:
        services.letter_template_save(
            actor=administrator,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            title="Betalen",
            body="Betaal {{ bedrag_achterstand }} voor {{ datum_uiterlijk }}.",
            seen_version=0,
        )
    messages = caught.value.message_dict["body"]
    assert "Unknown placeholder “datum_uiterlijk”." in messages
    assert not LetterTemplate.objects.filter(organisation=administrator.organisation).exists()
    with pytest.raises(ValidationError) as caught:
        services.letter_template_save(
            actor=administrator,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            title="Betalen",
            body="Betaal {{ bedrag_achterstand }}.",
            seen_version=0,
        )
    assert any("{{ incassokosten }}" in m for m in caught.value.message_dict["body"])


def test_reset_returns_to_the_default(administrator):
    kind = LetterKind.KAARTJE
    services.letter_template_save(
        actor=administrator, kind=kind, title="Bel ons", body=BODY, seen_version=0
    )
    services.letter_template_reset(actor=administrator, kind=kind)
    assert active_template(administrator.organisation, kind).is_default
    # Saving again continues the version numbers.
    third = services.letter_template_save(
        actor=administrator, kind=kind, title="Weer eigen", body=BODY, seen_version=0
    )
    assert third.version == 2


def test_only_the_administrator_edits_texts_and_settings(officer, other_corporation):
    for actor in (
        officer,
        f.make_actor(Role.FUNCTIONEEL_BEHEERDER, f.OrganisationFactory(care=True)),
    ):
        with pytest.raises(PermissionDenied):
            services.letter_template_save(
                actor=actor, kind=LetterKind.KAARTJE, title="x", body="y", seen_version=0
            )
        with pytest.raises(PermissionDenied):
            services.letter_settings_update(actor=actor, contact_phone="1")
    assert not LetterTemplate.objects.filter(organisation__isnull=False).exists()
    assert not LetterSettings.objects.exists()


def test_settings_update_is_audited(administrator):
    settings = services.letter_settings_update(
        actor=administrator, vat_on_collection_costs=True, presumed_delivery_days=3
    )
    assert settings.vat_on_collection_costs and settings.presumed_delivery_days == 3
    event = AuditEvent.objects.get(object_type="documents.lettersettings")
    assert event.fields == ["presumed_delivery_days", "vat_on_collection_costs"]
    with pytest.raises(ValidationError):
        services.letter_settings_update(actor=administrator, presumed_delivery_days=20)
    settings.refresh_from_db()
    assert settings.presumed_delivery_days == 3


def test_dutch_dates_in_letters_whatever_the_language():
    assert format_date_nl(TODAY) == "5 januari 2026"
