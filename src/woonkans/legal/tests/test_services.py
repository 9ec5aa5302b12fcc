"""Use cases of the legal route: each step, the refusals, audit and timeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from woonkans.audit.models import AuditEvent
from woonkans.households.models import TimelineEntry
from woonkans.legal import services
from woonkans.legal.hooks import legal_stages
from woonkans.legal.models import (
    EvictionNotice,
    ExternalCollection,
    ExternalCollectionStatus,
    Summons,
    Verdict,
)
from woonkans.legal.selectors import stage_for, tenancies_with_verdict
from woonkans.legal.services import StepRefused
from woonkans.legal.stages import Phase
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def bailiff():
    return f.OrganisationFactory(
        kind="extern", external_kind="deurwaarder", name="Deurwaarders Test", slug="dw-test"
    )


@pytest.fixture
def agency():
    return f.OrganisationFactory(
        kind="extern", external_kind="overig", name="Incasso Test", slug="inc-test"
    )


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


@pytest.fixture
def officer(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


def handover(officer, tenancy, bailiff, **kw):
    values = {
        "kind": "DEU",
        "agency": bailiff,
        "handed_over_on": date(2026, 3, 1),
        "amount": D("1850.00"),
    }
    values.update(kw)
    return services.external_collection_handover(actor=officer, tenancy=tenancy, **values)


def summons(officer, tenancy, **kw):
    values = {
        "served_on": date(2026, 4, 1),
        "court_date": date(2026, 4, 22),
        "court": "Rechtbank Voorbeeld, kanton",
        "claim_amount": D("2450.00"),
        "claims_eviction": True,
    }
    values.update(kw)
    return services.summons_register(actor=officer, tenancy=tenancy, **values)


def verdict(officer, tenancy, **kw):
    values = {
        "pronounced_on": date(2026, 5, 6),
        "dissolution_and_eviction": True,
        "amount_awarded": D("2450.00"),
    }
    values.update(kw)
    return services.verdict_register(actor=officer, tenancy=tenancy, **values)


def notice(officer, tenancy, **kw):
    values = {"notified_on": date(2026, 5, 20), "eviction_date": date(2026, 5, 28)}
    values.update(kw)
    return services.eviction_notice_register(actor=officer, tenancy=tenancy, **values)


def test_the_whole_route_to_an_executed_eviction(officer, tenancy, bailiff):
    collection = handover(officer, tenancy, bailiff)
    assert (collection.status, collection.balance, collection.balance_on) == (
        "NIE",
        D("1850.00"),
        date(2026, 3, 1),
    )
    assert stage_for(tenancy, on=date(2026, 3, 2)).phase == Phase.MINNELIJK_2

    services.external_collection_activate(
        actor=officer, tenancy=tenancy, started_on=date(2026, 3, 3)
    )
    services.external_collection_update_balance(
        actor=officer, tenancy=tenancy, balance=D("1900.00"), balance_on=date(2026, 3, 20)
    )
    collection.refresh_from_db()
    assert (collection.status, collection.balance) == ("ACT", D("1900.00"))

    summons(officer, tenancy)
    assert stage_for(tenancy, on=date(2026, 4, 2)).phase == Phase.GERECHTELIJK
    verdict(officer, tenancy)
    assert stage_for(tenancy, on=date(2026, 5, 7)).phase == Phase.VONNIS
    notice(officer, tenancy)
    stage = stage_for(tenancy, on=date(2026, 5, 21))
    assert (stage.phase, stage.since) == (Phase.AANZEGGING, date(2026, 5, 20))
    services.eviction_execute(actor=officer, tenancy=tenancy, on=date(2026, 5, 28))
    assert stage_for(tenancy, on=date(2026, 6, 1)).phase == Phase.ONTRUIMING
    # Stages are as of the date: earlier dates still show earlier phases.
    assert stage_for(tenancy, on=date(2026, 4, 10)).phase == Phase.GERECHTELIJK

    kinds = list(
        TimelineEntry.objects.filter(household=tenancy.household, kind__startswith="legal.")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "legal.handover",
        "legal.handover_active",
        "legal.summons",
        "legal.verdict",
        "legal.eviction_notice",
        "legal.eviction_executed",
    ]
    assert set(
        TimelineEntry.objects.filter(kind__startswith="legal.").values_list(
            "field_group", flat=True
        )
    ) == {"tenancy"}
    audited = AuditEvent.objects.filter(household_id=tenancy.household_id, purpose="huurincasso")
    assert {e.object_type for e in audited} >= {
        "legal.externalcollection",
        "legal.summons",
        "legal.verdict",
        "legal.evictionnotice",
    }
    assert audited.count() == 7  # six steps with a timeline entry plus the balance


def test_verdict_without_summons_is_refused_and_nothing_changes(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    with pytest.raises(StepRefused, match="summons first"):
        verdict(officer, tenancy)
    assert not Verdict.objects.exists()
    assert not TimelineEntry.objects.filter(kind="legal.verdict").exists()


def test_summons_without_hand_over_is_refused(officer, tenancy):
    with pytest.raises(StepRefused, match="hand-over"):
        summons(officer, tenancy)


def test_collection_agency_cannot_summon(officer, tenancy, agency):
    handover(officer, tenancy, agency, kind="INC")
    with pytest.raises(StepRefused, match="collection agency"):
        summons(officer, tenancy)


def test_bailiff_hand_over_needs_a_bailiff(officer, tenancy, agency):
    with pytest.raises(ValidationError) as error:
        handover(officer, tenancy, agency, kind="DEU")
    assert "agency" in error.value.message_dict


def test_second_hand_over_refused_while_first_open(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    with pytest.raises(StepRefused, match="already handed over"):
        handover(officer, tenancy, bailiff)


def test_ending_the_hand_over_allows_a_new_one(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    services.external_collection_end(
        actor=officer, tenancy=tenancy, ended_on=date(2026, 3, 15), reason="betaald"
    )
    assert stage_for(tenancy, on=date(2026, 3, 16)).phase in {Phase.GEEN, Phase.PRE_MINNELIJK}
    second = handover(officer, tenancy, bailiff, handed_over_on=date(2026, 6, 1))
    assert second.status == "NIE"
    assert ExternalCollection.objects.filter(tenancy=tenancy).count() == 2


def test_cannot_end_while_a_summons_is_pending(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    with pytest.raises(StepRefused, match="summons is pending"):
        services.external_collection_end(
            actor=officer, tenancy=tenancy, ended_on=date(2026, 4, 5), reason="betaald"
        )
    services.summons_withdraw(
        actor=officer, tenancy=tenancy, withdrawn_on=date(2026, 4, 5), reason="Paid"
    )
    assert stage_for(tenancy, on=date(2026, 4, 6)).phase == Phase.MINNELIJK_2
    services.external_collection_end(
        actor=officer, tenancy=tenancy, ended_on=date(2026, 4, 6), reason="betaald"
    )


def test_no_eviction_notice_when_the_verdict_does_not_order_it(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    verdict(officer, tenancy, dissolution_and_eviction=False)
    with pytest.raises(StepRefused, match="does not dissolve"):
        notice(officer, tenancy)


def test_cancelled_eviction_returns_to_verdict_and_allows_a_new_notice(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    verdict(officer, tenancy)
    notice(officer, tenancy)
    with pytest.raises(StepRefused, match="already announced"):
        notice(officer, tenancy)
    services.eviction_cancel(
        actor=officer, tenancy=tenancy, on=date(2026, 5, 25), note="Last-chance agreement"
    )
    assert stage_for(tenancy, on=date(2026, 5, 26)).phase == Phase.VONNIS
    notice(officer, tenancy, notified_on=date(2026, 7, 1), eviction_date=date(2026, 7, 9))
    assert EvictionNotice.objects.count() == 2


def test_dates_must_follow_each_other(officer, tenancy, bailiff):
    handover(officer, tenancy, bailiff)
    with pytest.raises(ValidationError) as error:
        summons(officer, tenancy, served_on=date(2026, 2, 1), court_date=date(2026, 3, 1))
    assert "served_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        summons(officer, tenancy, court_date=date(2026, 3, 30))
    assert "court_date" in error.value.message_dict
    summons(officer, tenancy)
    with pytest.raises(ValidationError) as error:
        verdict(officer, tenancy, pronounced_on=date(2026, 3, 31))
    assert "pronounced_on" in error.value.message_dict


def test_other_organisations_and_roles_cannot_register_steps(
    tenancy, bailiff, other_corporation, corporation
):
    outsider = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=other_corporation)
    with pytest.raises(PermissionDenied):
        handover(outsider, tenancy, bailiff)
    policy_officer = f.make_actor(role=Role.BELEIDSMEDEWERKER, organisation=corporation)
    with pytest.raises(PermissionDenied):
        handover(policy_officer, tenancy, bailiff)
    assert not ExternalCollection.objects.exists()


def test_database_keeps_one_open_hand_over_per_tenancy(officer, tenancy, bailiff):
    first = handover(officer, tenancy, bailiff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalCollection.objects.create(
            tenancy=tenancy,
            kind="DEU",
            status="ACT",
            agency=bailiff,
            handed_over_on=date(2026, 3, 2),
            amount=D("1"),
            balance=D("1"),
            balance_on=date(2026, 3, 2),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Summons.objects.create(
            collection=first,
            served_on=date(2026, 4, 2),
            court_date=date(2026, 4, 1),
            court="x",
            claim_amount=D("1"),
        )


def test_tenancies_with_verdict_for_the_worklist(officer, tenancy, bailiff, corporation):
    other = f.TenancyFactory(corporation=corporation)
    f.TenancyFactory(corporation=corporation)  # no legal route
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    assert list(tenancies_with_verdict(corporation)) == []
    verdict(officer, tenancy)
    handover(officer, other, bailiff)
    summons(officer, other)
    verdict(officer, other, dissolution_and_eviction=False)
    notice(officer, tenancy)
    found = list(tenancies_with_verdict(corporation))
    assert [t.pk for t in found] == [tenancy.pk, other.pk]  # the announced eviction first
    assert found[0].eviction_date == date(2026, 5, 28) and found[0].eviction_ordered
    assert found[1].eviction_date is None and not found[1].eviction_ordered
    services.eviction_execute(actor=officer, tenancy=tenancy, on=date(2026, 5, 28))
    assert [t.pk for t in tenancies_with_verdict(corporation)] == [other.pk]
    assert list(tenancies_with_verdict(f.OrganisationFactory(corporation=True))) == []


def test_collection_engine_hook_gives_its_legal_stage(officer, tenancy, bailiff):
    other = f.TenancyFactory(corporation=tenancy.corporation)
    assert legal_stages([tenancy.pk, other.pk], date(2026, 6, 1)) == {}
    handover(officer, tenancy, bailiff)
    assert legal_stages([tenancy.pk, other.pk], date(2026, 3, 2)) == {tenancy.pk: "deurwaarder"}
    summons(officer, tenancy)
    verdict(officer, tenancy)
    notice(officer, tenancy)
    assert legal_stages([tenancy.pk], date(2026, 4, 10)) == {tenancy.pk: "dagvaarding"}
    assert legal_stages([tenancy.pk], date(2026, 5, 10)) == {tenancy.pk: "vonnis"}
    assert legal_stages([tenancy.pk], date(2026, 5, 21)) == {tenancy.pk: "ontruiming"}
    assert legal_stages([], date(2026, 5, 21)) == {}


def test_hook_is_registered_with_the_collection_engine(officer, tenancy, bailiff):
    from woonkans.collection import hooks

    handover(officer, tenancy, bailiff)
    assert hooks.legal_stages([tenancy.pk], date(2026, 3, 5)) == {tenancy.pk: "deurwaarder"}


def test_status_constraint_ended_needs_end_date(officer, tenancy, bailiff):
    collection = handover(officer, tenancy, bailiff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalCollection.objects.filter(pk=collection.pk).update(
            status=ExternalCollectionStatus.EIN
        )
