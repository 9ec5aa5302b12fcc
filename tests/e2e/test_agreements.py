"""Agreements in the browser: the coordinator drafts the proposed agreement, the
corporation records the signatures, the coordinator extends it and ends it early; the
functioneel beheerder checks the template page. Every page passes the accessibility check."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.agreements.models import AgreementStatus
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import Trajectory

from .browser import check_page, login, logout, submit, visit

pytestmark = pytest.mark.browser


def test_agreement_from_draft_to_early_end(new_page, world):
    today = timezone.localdate()
    care = f.OrganisationFactory(care=True, name="Zorg Samen", slug="zorg-samen")
    f.InvolvementFactory(household=world.household, organisation=care)
    trajectory = Trajectory.objects.create(
        household=world.household,
        tenancy=world.tenancy,
        corporation=world.corporation,
        care_provider=care,
        referred_by=world.corporation,
        referred_on=today - timedelta(days=40),
        reason="Huurachterstand",
        arrears_at_referral=Decimal("2400.00"),
        legal_stage="vonnis",
        state="intake",
        state_since=today - timedelta(days=10),
    )
    coordinator = world.actor(Role.COORDINATOR, care, "coordinator")

    page = new_page()
    login(page, coordinator.user)
    visit(page, f"/afspraken/traject/{trajectory.pk}/nieuw/", "agreement-new")
    assert page.locator("select[name=form]").input_value() == "woonbegeleidingsovereenkomst"
    page.fill("input[name=guidance_hours_per_week]", "6")
    page.fill("input[name=repayment_per_month]", "50")
    submit(page)
    agreement = trajectory.agreements.get()
    check_page(page, "agreement-detail-draft")
    visit(page, f"/afspraken/{agreement.pk}/wijzigen/", "agreement-edit")
    logout(page)

    page = new_page()
    login(page, world.consultant.user)
    visit(page, f"/afspraken/{agreement.pk}/", "agreement-detail-sign")
    for _party in agreement.parties.filter(must_sign=True):
        page.fill("input[name=signed_by]", "Jeroen Valkhof, woonconsulent")
        submit(page, "form[action$='/handtekening/'] button")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    check_page(page, "agreement-detail-signed")
    logout(page)

    page = new_page()
    login(page, coordinator.user)
    visit(page, f"/afspraken/{agreement.pk}/verlengen/", "agreement-extend")
    page.fill("input[name=new_end_date]", (agreement.end_date + timedelta(days=182)).isoformat())
    page.fill("textarea[name=reason]", "De schuldregeling loopt nog een half jaar.")
    submit(page)
    visit(page, f"/afspraken/{agreement.pk}/beeindigen/", "agreement-end")
    page.locator("input[name=outcome][value=succes]").check()
    page.fill("textarea[name=reason]", "Het gezin regelt de huur nu zelf.")
    submit(page)
    check_page(page, "agreement-detail-ended")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED


def test_template_page(page, world):
    login(page, world.admin.user)
    visit(page, "/afspraken/sjablonen/", "agreement-templates")
