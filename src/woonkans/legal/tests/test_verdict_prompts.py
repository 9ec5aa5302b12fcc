from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from woonkans.collection.models import WorklistItem, WorklistKind
from woonkans.legal import services
from woonkans.legal.tests.test_services import handover, summons
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


@pytest.fixture
def tenancy_with_verdict(household, officer):
    tenancy = household.tenancies.get()
    bailiff = f.OrganisationFactory(kind="extern", external_kind="deurwaarder", slug="dw-v")
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    services.verdict_register(
        actor=officer,
        tenancy=tenancy,
        pronounced_on=date(2026, 5, 1),
        dissolution_and_eviction=True,
        amount_awarded=Decimal("2100.00"),
    )
    return tenancy


def _prompts(tenancy):
    return WorklistItem.objects.filter(tenancy=tenancy, kind=WorklistKind.PROMPT)


def test_one_prompt_per_week_after_a_verdict(tenancy_with_verdict, officer, corporation):
    monday = date(2026, 6, 1)
    assert (
        services.verdict_contact_prompts_add(
            actor=officer, corporation=corporation, run_date=monday
        )
        == 1
    )
    # Later the same week: nothing new. Next week: a new prompt.
    assert (
        services.verdict_contact_prompts_add(
            actor=officer, corporation=corporation, run_date=monday + timedelta(days=3)
        )
        == 0
    )
    assert (
        services.verdict_contact_prompts_add(
            actor=officer, corporation=corporation, run_date=monday + timedelta(days=7)
        )
        == 1
    )
    assert _prompts(tenancy_with_verdict).count() == 2
    assert not _prompts(tenancy_with_verdict).filter(urgent=True).exists()


def test_no_prompt_without_a_verdict(household, officer, corporation):
    tenancy = household.tenancies.get()
    bailiff = f.OrganisationFactory(kind="extern", external_kind="deurwaarder", slug="dw-n")
    handover(officer, tenancy, bailiff)
    summons(officer, tenancy)
    assert (
        services.verdict_contact_prompts_add(
            actor=officer, corporation=corporation, run_date=date(2026, 6, 1)
        )
        == 0
    )
    assert not _prompts(tenancy).exists()


def test_prompt_is_urgent_when_the_eviction_is_near(tenancy_with_verdict, officer, corporation):
    services.eviction_notice_register(
        actor=officer,
        tenancy=tenancy_with_verdict,
        notified_on=date(2026, 6, 2),
        eviction_date=date(2026, 6, 12),
    )
    services.verdict_contact_prompts_add(
        actor=officer, corporation=corporation, run_date=date(2026, 6, 3)
    )
    assert _prompts(tenancy_with_verdict).get().urgent


def test_the_daily_collection_run_adds_the_prompt(tenancy_with_verdict, corporation):
    from woonkans.collection.services import collection_run, policy_apply_preset

    admin = f.make_actor(role=Role.FUNCTIONEEL_BEHEERDER, organisation=corporation)
    policy_apply_preset(actor=admin, corporation=corporation, preset="small")
    result = collection_run(corporation=corporation, run_date=date(2026, 6, 1))
    assert result.get("verdict_prompts_created") == 1
    assert _prompts(tenancy_with_verdict).count() == 1
