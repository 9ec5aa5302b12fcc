"""Making signals from the actual actions, objections, export and outcomes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from woonkans.audit.models import AuditEvent
from woonkans.households.access import household_for_actor
from woonkans.households.models import Involvement, TimelineEntry
from woonkans.organisations.models import Role
from woonkans.signals import services
from woonkans.signals.export import CSV_HEADER
from woonkans.signals.models import Signal, SignalRoute, SignalStatus
from woonkans.signals.tasks import create_due
from woonkans.testing import factories as f

from .helpers import complete_actions, contact, letter, payment, policy, rent_unpaid

pytestmark = pytest.mark.django_db
D = Decimal

ARREARS = date(2026, 3, 1)
CALL = date(2026, 3, 8)
REMINDER = date(2026, 3, 10)
READY = date(2026, 3, 17)  # reminder + 7 days to object


@pytest.fixture
def municipality():
    return f.OrganisationFactory(municipality=True, name="Gemeente Voorbeeld", slug="gem-test")


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


@pytest.fixture
def signal_policy(corporation, municipality):
    return policy(corporation, municipality)


@pytest.fixture
def officer(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


@pytest.fixture
def wijkconsulent(municipality):
    return f.make_actor(role=Role.WIJKCONSULENT, organisation=municipality)


def run(corporation, day):
    return services.signals_create_due(corporation=corporation, run_date=day)


def test_signal_made_once_all_conditions_hold_and_opens_an_involvement(
    corporation, tenancy, signal_policy, municipality, wijkconsulent
):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    assert run(corporation, READY - timedelta(days=1))["signals"] == 0  # still time to object
    counts = run(corporation, READY)
    assert counts["signals"] == 1
    signal = Signal.objects.get()
    assert (signal.amount, signal.arose_on, signal.created_on) == (D("700.00"), ARREARS, READY)
    assert (signal.status, signal.partner, signal.municipality) == ("nieuw", "HUUR", municipality)
    assert signal.days_in_arrears == 16
    assert signal.conditions["written_reminder"]["met"] is True
    assert not signal.crisis and not signal.warm_handover
    involvement = Involvement.objects.get(organisation=municipality, kind="signal")
    assert involvement.source_id == str(signal.pk) and involvement.is_open
    assert household_for_actor(wijkconsulent, tenancy.household_id) == tenancy.household
    assert TimelineEntry.objects.filter(kind="signal.created", field_group="financial").count() == 1
    assert AuditEvent.objects.filter(
        object_type="signals.signal", action="create", purpose="vroegsignalering"
    ).exists()


def test_running_again_makes_nothing_new(corporation, tenancy, signal_policy):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    assert run(corporation, READY)["signals"] == 1
    again = run(corporation, READY)
    later = run(corporation, READY + timedelta(days=20))
    assert again["signals"] == 0 and again["already_signalled"] == 1
    assert later["signals"] == 0
    assert Signal.objects.count() == 1
    assert Involvement.objects.filter(kind="signal").count() == 1


def test_a_new_arrears_episode_gets_a_new_signal(corporation, tenancy, signal_policy):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    run(corporation, READY)
    payment(tenancy, date(2026, 3, 20), "700.00")
    assert run(corporation, date(2026, 3, 25))["candidates"] == 0
    rent_unpaid(tenancy, date(2026, 5, 1))
    # The old actions do not count for the new episode.
    assert run(corporation, date(2026, 5, 20))["signals"] == 0
    contact(tenancy, date(2026, 5, 5), kind="huisbezoek", pointed=True)
    letter(tenancy, date(2026, 5, 6))
    assert run(corporation, date(2026, 5, 20))["signals"] == 1
    assert list(Signal.objects.order_by("arose_on").values_list("arose_on", flat=True)) == [
        ARREARS,
        date(2026, 5, 1),
    ]


@pytest.mark.parametrize("missing", ["contact", "letter", "offer", "debt_help"])
def test_no_signal_when_a_condition_is_missing(corporation, tenancy, municipality, missing):
    policy(
        corporation,
        municipality,
        reminder_offers_signal=missing != "offer",
        letters_point_to_debt_help=False,
    )
    rent_unpaid(tenancy, ARREARS)
    if missing != "contact":
        contact(tenancy, CALL, pointed=missing != "debt_help")
    if missing != "letter":
        letter(tenancy, REMINDER)
    counts = run(corporation, READY + timedelta(days=30))
    assert counts["signals"] == 0 and counts["conditions_not_met"] == 1
    assert not Signal.objects.exists()


def test_objection_blocks_and_withdrawal_releases(corporation, tenancy, signal_policy, officer):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    objection = services.objection_register(
        actor=officer, tenancy=tenancy, received_on=date(2026, 3, 12), channel="telefoon"
    )
    assert run(corporation, READY)["signals"] == 0
    services.objection_withdraw(actor=officer, objection=objection, withdrawn_on=date(2026, 3, 20))
    assert run(corporation, date(2026, 3, 19))["signals"] == 0
    assert run(corporation, date(2026, 3, 20))["signals"] == 1
    assert (
        TimelineEntry.objects.filter(
            kind__in=["signal.objection", "signal.objection_withdrawn"]
        ).count()
        == 2
    )
    with pytest.raises(ValidationError):
        services.objection_withdraw(
            actor=officer, objection=objection, withdrawn_on=date(2026, 3, 21)
        )


def test_configured_moment(corporation, tenancy, municipality):
    policy(corporation, municipality, min_days_in_arrears=30, min_amount=D("1000.00"))
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    assert run(corporation, date(2026, 4, 5))["signals"] == 0  # 35 days, but 700 < 1000
    rent_unpaid(tenancy, date(2026, 4, 1))
    assert run(corporation, date(2026, 4, 5))["signals"] == 1  # 1400 and 35 days
    assert Signal.objects.get().amount == D("1400.00")


def test_without_policy_or_inactive_nothing_happens(corporation, tenancy, municipality):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    assert run(corporation, READY)["no_policy"] == 1
    policy(corporation, municipality, is_active=False)
    assert run(corporation, READY)["no_policy"] == 1
    assert not Signal.objects.exists()


def test_contacts_of_other_organisations_do_not_count(corporation, tenancy, signal_policy):
    care = f.OrganisationFactory(care=True)
    rent_unpaid(tenancy, ARREARS)
    contact(tenancy, CALL, pointed=True, organisation=care)
    letter(tenancy, REMINDER)
    assert run(corporation, READY)["signals"] == 0
    contact(tenancy, CALL, pointed=True, with_tenancy=False)  # household-level, own org
    assert run(corporation, READY)["signals"] == 1


def test_crisis_and_warm_handover(corporation, tenancy, signal_policy, officer):
    from woonkans.legal import services as legal

    rent_unpaid(tenancy, ARREARS)
    contact(tenancy, CALL, kind="huisbezoek", reached=True, pointed=True)
    letter(tenancy, REMINDER)
    bailiff = f.OrganisationFactory(kind="extern", external_kind="deurwaarder")
    legal.external_collection_handover(
        actor=officer,
        tenancy=tenancy,
        kind="DEU",
        agency=bailiff,
        handed_over_on=date(2026, 3, 11),
        amount=D("700.00"),
    )
    legal.summons_register(
        actor=officer,
        tenancy=tenancy,
        served_on=date(2026, 3, 12),
        court_date=date(2026, 4, 1),
        court="Kanton",
        claim_amount=D("700.00"),
        claims_eviction=True,
    )
    run(corporation, READY)
    signal = Signal.objects.get()
    assert signal.crisis and signal.warm_handover


def test_signal_goes_to_the_municipality_of_the_city(corporation, tenancy, signal_policy):
    other = f.OrganisationFactory(municipality=True, name="Gemeente Elders")
    SignalRoute.objects.create(policy=signal_policy, city=tenancy.city.upper(), municipality=other)
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    run(corporation, READY)
    assert Signal.objects.get().municipality == other


def test_ended_tenancy_gets_no_signal(corporation, tenancy, signal_policy):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    tenancy.end_date = date(2026, 3, 15)
    tenancy.save()
    assert run(corporation, READY)["candidates"] == 0


def test_daily_task_runs_once_per_day(corporation, tenancy, signal_policy, time_machine):
    from woonkans.jobs.models import JobRun

    time_machine.move_to("2026-03-17 07:30:00+01:00")
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    create_due.delay()
    create_due.delay()
    assert JobRun.objects.filter(task_name="signals.create_due").count() == 1
    assert JobRun.objects.get().counts["signals"] == 1
    assert Signal.objects.count() == 1


# --- Export -----------------------------------------------------------------------------


@pytest.fixture
def signal(corporation, tenancy, signal_policy):
    complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    run(corporation, READY)
    return Signal.objects.get()


def test_export_marks_sent_and_a_second_export_has_nothing(officer, corporation, signal):
    export = services.signals_export(actor=officer, corporation=corporation)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT and signal.export == export
    assert export.signal_count == 1
    assert services.signals_export(actor=officer, corporation=corporation) is None
    assert TimelineEntry.objects.filter(kind="signal.sent").count() == 1


def test_export_since_leaves_older_signals_for_later(officer, corporation, signal):
    assert (
        services.signals_export(
            actor=officer, corporation=corporation, since=READY + timedelta(days=1)
        )
        is None
    )
    assert services.signals_export(actor=officer, corporation=corporation, since=READY) is not None


def test_csv_export_is_exact(officer, corporation, signal, tenancy, time_machine):
    time_machine.move_to("2026-03-18 09:00:00+01:00")
    export = services.signals_export(actor=officer, corporation=corporation)
    content, name = services.signal_export_download(actor=officer, export=export, fmt="csv")
    assert name == f"vroegsignalen-ws-test-{export.pk}.csv"
    lines = content.splitlines()
    assert lines[0] == (
        "signaal_id,signaalpartner,signaalpartner_naam,gemeente,overeenkomstnummer,bedrag,"
        "ontstaansdatum,signaaldatum,crisissignaal,warme_overdracht,voornamen,achternaam,"
        "geboortedatum,straat,huisnummer,postcode,plaats,telefoonnummer,emailadres"
    )
    assert tuple(lines[0].split(",")) == CSV_HEADER
    person = tenancy.household.members.get()
    row = next(csv.DictReader(io.StringIO(content)))
    assert row == {
        "signaal_id": str(signal.pk),
        "signaalpartner": "HUUR",
        "signaalpartner_naam": "Woonstichting Test",
        "gemeente": "Gemeente Voorbeeld",
        "overeenkomstnummer": tenancy.contract_number,
        "bedrag": "700.00",
        "ontstaansdatum": "2026-03-01",
        "signaaldatum": "2026-03-18",
        "crisissignaal": "false",
        "warme_overdracht": "false",
        "voornamen": "Tessa",
        "achternaam": "Testpersoon",
        "geboortedatum": "1985-03-14",
        "straat": "Voorbeeldstraat",
        "huisnummer": tenancy.house_number,
        "postcode": "1234 AB",
        "plaats": "Voorbeeldstad",
        "telefoonnummer": "0612345678",
        "emailadres": person.email,
    }
    assert len(lines) == 2


def test_json_export_is_exact_and_repeatable(officer, corporation, signal, tenancy, time_machine):
    time_machine.move_to("2026-03-18 09:00:00+01:00")
    export = services.signals_export(actor=officer, corporation=corporation)
    first, _name = services.signal_export_download(actor=officer, export=export, fmt="json")
    again, name = services.signal_export_download(actor=officer, export=export, fmt="json")
    assert first == again and name.endswith(".json")
    document = json.loads(first)
    person = tenancy.household.members.get()
    assert document == {
        "export": {"id": export.pk, "datum": "2026-03-18"},
        "vroegsignalen": [
            {
                "id": signal.pk,
                "signaalpartner": {"type": "HUUR", "naam": "Woonstichting Test"},
                "gemeente": "Gemeente Voorbeeld",
                "overeenkomstnummer": tenancy.contract_number,
                "bedrag": "700.00",
                "ontstaansdatum": "2026-03-01",
                "signaaldatum": "2026-03-18",
                "crisissignaal": False,
                "warmeOverdracht": False,
                "client": {
                    "voornamen": "Tessa",
                    "achternaam": "Testpersoon",
                    "geboortedatum": "1985-03-14",
                    "telefoonnummer": "0612345678",
                    "emailadres": person.email,
                    "adres": {
                        "straat": "Voorbeeldstraat",
                        "huisnummer": tenancy.house_number,
                        "postcode": "1234 AB",
                        "plaats": "Voorbeeldstad",
                    },
                },
            }
        ],
    }


def test_every_download_is_audited_per_household(officer, corporation, signal):
    export = services.signals_export(actor=officer, corporation=corporation)
    services.signal_export_download(actor=officer, export=export, fmt="csv")
    services.signal_export_download(actor=officer, export=export, fmt="json")
    events = AuditEvent.objects.filter(action="export", purpose="vroegsignalering")
    assert (
        events.filter(object_type="signals.signal", household_id=signal.household_id).count() == 2
    )
    assert events.filter(object_type="signals.signalexport").count() == 2


def test_export_only_by_the_corporation(corporation, other_corporation, signal, wijkconsulent):
    outsider = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=other_corporation)
    with pytest.raises(PermissionDenied):
        services.signals_export(actor=outsider, corporation=corporation)
    with pytest.raises(PermissionDenied):
        services.signals_export(actor=wijkconsulent, corporation=corporation)


# --- Outcome ----------------------------------------------------------------------------


def test_outcome_closes_signal_and_involvement(
    signal, wijkconsulent, municipality, tenancy, time_machine
):
    time_machine.move_to("2026-04-01 10:00:00+02:00")
    outcome = services.signal_register_outcome(
        actor=wijkconsulent,
        signal=signal,
        result="VERVOLGHULP_EN_OF_VERWIJZING_FINANCIEEL",
        decided_on=date(2026, 3, 30),
        note="Aangemeld bij schuldhulp",
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED and outcome.result.startswith("VERVOLGHULP")
    assert not Involvement.objects.filter(
        organisation=municipality, closed_at__isnull=True
    ).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        household_for_actor(wijkconsulent, tenancy.household_id)
    entry = TimelineEntry.objects.get(kind="signal.closed")
    assert (
        entry.summary == "Picked up and closed by the municipality"
    )  # no details for the landlord
    with pytest.raises((ValidationError, PermissionDenied)):
        services.signal_register_outcome(
            actor=wijkconsulent,
            signal=signal,
            result="INWONER_IS_OVERLEDEN",
            decided_on=date(2026, 3, 30),
        )


def test_outcome_rules(signal, wijkconsulent, officer, time_machine):
    time_machine.move_to("2026-04-01 10:00:00+02:00")
    with pytest.raises(PermissionDenied):
        services.signal_register_outcome(
            actor=officer,
            signal=signal,
            result="INWONER_IS_OVERLEDEN",
            decided_on=date(2026, 3, 30),
        )
    other = f.make_actor(
        role=Role.WIJKCONSULENT, organisation=f.OrganisationFactory(municipality=True)
    )
    with pytest.raises(PermissionDenied):
        services.signal_register_outcome(
            actor=other, signal=signal, result="INWONER_IS_OVERLEDEN", decided_on=date(2026, 3, 30)
        )
    with pytest.raises(ValidationError):
        services.signal_register_outcome(
            actor=wijkconsulent, signal=signal, result="ONBEKEND", decided_on=date(2026, 3, 30)
        )
    with pytest.raises(ValidationError):
        services.signal_register_outcome(
            actor=wijkconsulent,
            signal=signal,
            result="INWONER_IS_OVERLEDEN",
            decided_on=date(2026, 3, 1),
        )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


# --- Scale ------------------------------------------------------------------------------


def _queries_for_run(corporation, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _i in range(n):
        tenancy = f.TenancyFactory(corporation=corporation)
        rent_unpaid(tenancy, ARREARS)
        letter(tenancy, REMINDER)
    with CaptureQueriesContext(connection) as captured:
        counts = run(corporation, READY)
    return len(captured), counts


def test_checking_tenancies_takes_the_same_queries_for_few_or_many(corporation, municipality):
    few = f.OrganisationFactory(corporation=True)
    policy(few, municipality)
    policy(corporation, municipality)
    queries_few, counts_few = _queries_for_run(few, 3)
    queries_many, counts_many = _queries_for_run(corporation, 12)
    assert counts_few["conditions_not_met"] == 3 and counts_many["conditions_not_met"] == 12
    assert queries_many == queries_few


def test_chunked_lookups_give_the_same_signals(corporation, signal_policy, monkeypatch):
    from woonkans.signals import evidence

    monkeypatch.setattr(services, "CHUNK", 2)
    monkeypatch.setattr(evidence, "CHUNK", 2)
    for _i in range(5):
        tenancy = f.TenancyFactory(corporation=corporation, household=f.HouseholdFactory())
        complete_actions(tenancy, arrears_from=ARREARS, reminder_on=REMINDER, call_on=CALL)
    assert run(corporation, READY)["signals"] == 5
    assert run(corporation, READY)["already_signalled"] == 5
