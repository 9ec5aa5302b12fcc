"""Use cases: drafting, editing with optimistic locking, signatures and the guard on
"started", extension, early end with notices, templates and preferences."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from woonkans.agreements import selectors, services
from woonkans.agreements.models import AgreementStatus, CorporationAgreementSettings
from woonkans.agreements.rules import AgreementForm, PartyRole
from woonkans.audit.models import AuditEvent
from woonkans.households.models import TimelineEntry
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import State
from woonkans.trajectories.services import TransitionRefused, trajectory_transition

from .helpers import add_contact, coordinator, corporation_staff, make_trajectory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(date(2026, 3, 10), tick=False):
        yield


def _draft(trajectory=None, actor=None, **kwargs):
    trajectory = trajectory or make_trajectory()
    kwargs.setdefault("form", AgreementForm.ADDENDUM)
    kwargs.setdefault("start_date", date(2026, 3, 1))
    return services.agreement_create(
        actor=actor or coordinator(trajectory), trajectory=trajectory, **kwargs
    )


def _sign_all(agreement, actor):
    for party in agreement.parties.all():
        agreement = services.signature_record(
            actor=actor,
            agreement=agreement,
            party=party,
            signed_on=date(2026, 3, 9),
            signed_by="" if party.role == PartyRole.TENANT else "J. Jansen, manager",
            version=agreement.version,
        )
    return agreement


def test_draft_takes_parties_items_dates_and_copies_from_the_trajectory():
    agreement = _draft(guidance_hours_per_week=Decimal("6"))
    parties = list(agreement.parties.all())
    assert [(p.role, p.name, p.must_sign) for p in parties] == [
        (PartyRole.LANDLORD, "Woonstichting Eik", True),
        (PartyRole.TENANT, "Bea Bosuil", True),
        (PartyRole.TENANT, "Bob Bosuil", True),
        (PartyRole.CARE_PROVIDER, "Zorg Samen", False),
    ]
    assert agreement.end_date == date(2027, 2, 28)
    assert agreement.copies == 5
    assert agreement.proposed_form == AgreementForm.ADDENDUM
    assert any("6 uur per week" in item.text for item in agreement.items.all())
    assert AuditEvent.objects.filter(object_id=str(agreement.pk), action="create").exists()
    assert TimelineEntry.objects.filter(
        household=agreement.household, kind="agreement.created"
    ).exists()


def test_another_form_than_proposed_needs_a_reason():
    trajectory = make_trajectory(legal_stage="vonnis")
    with pytest.raises(ValidationError) as raised:
        _draft(trajectory, form=AgreementForm.ADDENDUM)
    assert "form_reason" in raised.value.error_dict
    agreement = _draft(trajectory, form=AgreementForm.ADDENDUM, form_reason="Gezin wil dit")
    assert agreement.proposed_form == AgreementForm.WOONBEGELEIDINGSOVEREENKOMST
    assert agreement.form_reason == "Gezin wil dit"


def test_the_corporation_preference_is_proposed():
    trajectory = make_trajectory(legal_stage="vonnis")
    CorporationAgreementSettings.objects.create(
        corporation=trajectory.corporation,
        form_after_verdict=AgreementForm.VASTSTELLINGSOVEREENKOMST,
    )
    assert selectors.proposed_form(trajectory) == AgreementForm.VASTSTELLINGSOVEREENKOMST
    agreement = _draft(trajectory, form=AgreementForm.VASTSTELLINGSOVEREENKOMST)
    assert agreement.form_reason == ""


def test_one_open_agreement_per_trajectory():
    agreement = _draft()
    with pytest.raises(ValidationError):
        _draft(agreement.trajectory)


def test_only_coordinator_and_corporation_staff_draft():
    trajectory = make_trajectory()
    for actor in (
        f.make_actor(Role.WOONBEGELEIDER, trajectory.care_provider),
        f.make_actor(Role.COORDINATOR, f.OrganisationFactory(care=True)),
        f.make_actor(Role.WOONCONSULENT, f.OrganisationFactory(corporation=True)),
    ):
        with pytest.raises(PermissionDenied):
            _draft(trajectory, actor=actor)
    assert _draft(trajectory, actor=corporation_staff(trajectory)).pk


def test_edit_with_optimistic_locking():
    agreement = _draft()
    actor = coordinator(agreement.trajectory)
    version = agreement.version
    updated = services.agreement_update(
        actor=actor,
        agreement=agreement,
        version=version,
        items=["Eerste afspraak", "  ", "- Tweede afspraak"],
        copies=3,
    )
    assert list(updated.items.values_list("text", flat=True)) == [
        "Eerste afspraak",
        "Tweede afspraak",
    ]
    assert updated.copies == 3 and updated.version == version + 1
    with translation.override("en"), pytest.raises(services.EditConflict, match="Someone else"):
        services.agreement_update(actor=actor, agreement=agreement, version=version, copies=2)


def test_no_edit_after_the_first_signature():
    agreement = _draft()
    actor = coordinator(agreement.trajectory)
    party = agreement.parties.get(name="Bea Bosuil")
    agreement = services.signature_record(
        actor=actor, agreement=agreement, party=party, signed_on=TODAY, version=agreement.version
    )
    with pytest.raises(ValidationError):
        services.agreement_update(
            actor=actor, agreement=agreement, version=agreement.version, copies=2
        )


def test_guard_blocks_started_until_all_parties_signed():
    trajectory = make_trajectory(state=State.INTAKE)
    actor = coordinator(trajectory)
    with translation.override("en"), pytest.raises(TransitionRefused, match="agreement"):
        trajectory_transition(
            actor=actor, trajectory=trajectory, to_state=State.STARTED, on_date=TODAY
        )
    agreement = _draft(trajectory, form=AgreementForm.WOONBEGELEIDINGSOVEREENKOMST, form_reason="x")
    parties = list(agreement.parties.all())
    for party in parties[:-1]:
        agreement = services.signature_record(
            actor=actor,
            agreement=agreement,
            party=party,
            signed_on=date(2026, 3, 9),
            signed_by="A. Akker",
            version=agreement.version,
        )
    assert agreement.status == AgreementStatus.DRAFT
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        trajectory_transition(
            actor=actor, trajectory=trajectory, to_state=State.STARTED, on_date=TODAY
        )
    assert parties[-1].name in " ".join(refused.value.messages)
    agreement = services.signature_record(
        actor=actor,
        agreement=agreement,
        party=parties[-1],
        signed_on=TODAY,
        signed_by="A. Akker",
        version=agreement.version,
    )
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.signed_on == TODAY
    trajectory.refresh_from_db()
    moved = trajectory_transition(
        actor=actor, trajectory=trajectory, to_state=State.STARTED, on_date=TODAY
    )
    assert moved.state == State.STARTED


def test_named_only_party_need_not_sign():
    agreement = _draft(form=AgreementForm.ADDENDUM)
    actor = corporation_staff(agreement.trajectory)
    for party in agreement.parties.filter(must_sign=True):
        agreement = services.signature_record(
            actor=actor,
            agreement=agreement,
            party=party,
            signed_on=TODAY,
            signed_by="Iemand",
            version=agreement.version,
        )
    assert agreement.status == AgreementStatus.SIGNED
    assert selectors.started_guard(agreement.trajectory) is None


def test_signature_rules():
    agreement = _draft()
    landlord = agreement.parties.get(role=PartyRole.LANDLORD)
    actor = corporation_staff(agreement.trajectory, Role.INCASSOMEDEWERKER)
    with pytest.raises(ValidationError):  # who signed for the organisation?
        services.signature_record(
            actor=actor, agreement=agreement, party=landlord, signed_on=TODAY, version=1
        )
    with pytest.raises(ValidationError):  # not in the future
        services.signature_record(
            actor=actor,
            agreement=agreement,
            party=landlord,
            signed_on=TODAY + timedelta(days=1),
            signed_by="X",
            version=1,
        )
    helper = f.make_actor(Role.FINANCIEEL_CONSULENT, agreement.trajectory.care_provider)
    with pytest.raises(PermissionDenied):
        services.signature_record(
            actor=helper, agreement=agreement, party=landlord, signed_on=TODAY, version=1
        )


def test_extension_by_the_coordinator_only():
    agreement = _draft()
    agreement = _sign_all(agreement, coordinator(agreement.trajectory))
    with pytest.raises(PermissionDenied):
        services.agreement_extend(
            actor=corporation_staff(agreement.trajectory),
            agreement=agreement,
            new_end_date=date(2027, 8, 31),
            reason="Meer tijd",
            version=agreement.version,
        )
    with pytest.raises(ValidationError):
        services.agreement_extend(
            actor=coordinator(agreement.trajectory),
            agreement=agreement,
            new_end_date=date(2027, 1, 31),
            reason="Eerder",
            version=agreement.version,
        )
    extended = services.agreement_extend(
        actor=coordinator(agreement.trajectory),
        agreement=agreement,
        new_end_date=date(2027, 8, 31),
        reason="Schuldregeling loopt nog",
        version=agreement.version,
    )
    assert extended.end_date == date(2027, 8, 31)
    extension = extended.extensions.get()
    assert (extension.previous_end_date, extension.reason) == (
        date(2027, 2, 28),
        "Schuldregeling loopt nog",
    )
    assert extension.decided_on == TODAY
    assert TimelineEntry.objects.filter(kind="agreement.extended").exists()


def test_extension_needs_a_signed_agreement():
    agreement = _draft()
    with pytest.raises(ValidationError):
        services.agreement_extend(
            actor=coordinator(agreement.trajectory),
            agreement=agreement,
            new_end_date=date(2027, 8, 31),
            reason="Meer tijd",
            version=agreement.version,
        )


def test_early_end_writes_a_notice_and_mails_every_party_organisations_contact_persons():
    agreement = _draft(form=AgreementForm.WOONBEGELEIDINGSOVEREENKOMST, form_reason="x")
    trajectory = agreement.trajectory
    agreement = _sign_all(agreement, coordinator(trajectory))
    add_contact(trajectory, trajectory.corporation, "contact1@example.invalid")
    add_contact(trajectory, trajectory.corporation, "contact2@example.invalid")
    add_contact(trajectory, trajectory.care_provider, "zorgcontact@example.invalid")
    stranger = f.OrganisationFactory(care=True)
    add_contact(trajectory, stranger, "niet@example.invalid")
    notice = services.agreement_end_early(
        actor=coordinator(trajectory),
        agreement=agreement,
        outcome="mislukt",
        effective_on=date(2026, 4, 1),
        reason="Geen medewerking aan budgetbeheer",
        version=agreement.version,
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    assert agreement.ended_on == date(2026, 4, 1)
    assert notice.emails_queued == 3
    to = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert to == {
        "contact1@example.invalid",
        "contact2@example.invalid",
        "zorgcontact@example.invalid",
    }
    body = OutgoingEmail.objects.first().body
    assert f"/afspraken/{agreement.pk}/" in body
    assert "Bosuil" not in body  # no names in e-mail
    assert selectors.active_agreement(trajectory) is None

    from woonkans.agreements.document import notice_document, notice_pdf

    document = notice_document(agreement)
    assert "Geen medewerking aan budgetbeheer" in document.text
    assert "1 april 2026" in document.text
    assert set(document.recipients) >= {"Bea Bosuil", "Woonstichting Eik", "Zorg Samen"}
    assert notice_pdf(document).startswith(b"%PDF")


def test_immediate_early_end_on_success_and_rules():
    agreement = _draft()
    actor = coordinator(agreement.trajectory)
    with pytest.raises(ValidationError):
        services.agreement_end_early(
            actor=actor,
            agreement=agreement,
            outcome="succes",
            effective_on=date(2026, 3, 1),
            reason="Goed gegaan",
            version=agreement.version,
        )
    with pytest.raises(PermissionDenied):
        services.agreement_end_early(
            actor=corporation_staff(agreement.trajectory),
            agreement=agreement,
            outcome="succes",
            effective_on=TODAY,
            reason="Goed gegaan",
            version=agreement.version,
        )
    notice = services.agreement_end_early(
        actor=actor,
        agreement=agreement,
        outcome="succes",
        effective_on=date(2026, 6, 1),
        immediate=True,
        reason="Goed gegaan",
        version=agreement.version,
    )
    assert notice.effective_on == TODAY and notice.emails_queued == 0
    _recipients, missing = services.notice_recipients(agreement)
    assert set(missing) == {"Woonstichting Eik", "Zorg Samen"}


def test_corporation_preferences():
    corporation = f.OrganisationFactory(corporation=True)
    admin = f.make_actor(Role.FUNCTIONEEL_BEHEERDER, corporation)
    settings = services.corporation_settings_update(
        actor=admin,
        form_without_verdict=AgreementForm.ADDENDUM,
        form_after_verdict=AgreementForm.VASTSTELLINGSOVEREENKOMST,
    )
    assert settings.form_after_verdict == AgreementForm.VASTSTELLINGSOVEREENKOMST
    with pytest.raises(ValidationError):
        services.corporation_settings_update(
            actor=admin,
            form_without_verdict=AgreementForm.VASTSTELLINGSOVEREENKOMST,
            form_after_verdict=AgreementForm.VASTSTELLINGSOVEREENKOMST,
        )
    with pytest.raises(services.EditConflict):
        services.corporation_settings_update(
            actor=admin,
            form_without_verdict=AgreementForm.ADDENDUM,
            form_after_verdict=AgreementForm.WOONBEGELEIDINGSOVEREENKOMST,
            version=settings.version + 5,
        )
    with pytest.raises(PermissionDenied):
        services.corporation_settings_update(
            actor=f.make_actor(Role.INCASSOMEDEWERKER, corporation),
            form_without_verdict=AgreementForm.ADDENDUM,
            form_after_verdict=AgreementForm.VASTSTELLINGSOVEREENKOMST,
        )
