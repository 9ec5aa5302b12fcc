"""The demo loader for agreements: the pilot's contract forms, signed, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from woonkans.agreements.models import AgreementStatus, CorporationAgreementSettings
from woonkans.demo import data
from woonkans.demo.agreements import demo_agreements_load
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .helpers import make_trajectory

pytestmark = pytest.mark.django_db


def test_demo_agreements_for_pilot_households_with_a_contract_form():
    rivierland = f.OrganisationFactory(corporation=True, slug=data.RIVIERLAND, name="Rivierland")
    corporation = f.OrganisationFactory(corporation=True, slug=data.DE_LINDE, name="De Linde")
    care = f.OrganisationFactory(care=True, slug=data.ONDERDAK, name="Onderdak")
    f.make_actor(Role.COORDINATOR, care)
    f.make_actor(Role.WOONCONSULENT, corporation)
    with_form = make_trajectory(corporation=corporation, care=care, legal_stage="vonnis")
    with_form.household.reference = "DL-PILOT-B"  # omklapcontract in the pilot facts
    with_form.household.save()
    without_form = make_trajectory(corporation=corporation, care=care, legal_stage="vonnis")
    without_form.household.reference = "DL-PILOT-E"  # not signed in the pilot
    without_form.household.save()
    organisations = {data.RIVIERLAND: rivierland, data.DE_LINDE: corporation, data.ONDERDAK: care}

    result = demo_agreements_load(organisations=organisations, today=date(2026, 3, 10))

    assert (result.agreements, result.settings) == (1, 1)
    agreement = with_form.agreements.get()
    assert agreement.form == "omklapcontract"
    assert agreement.form_reason  # the proposal after a verdict is another form
    assert agreement.status == AgreementStatus.SIGNED
    assert not without_form.agreements.exists()
    settings = CorporationAgreementSettings.objects.get(corporation=rivierland)
    assert settings.form_after_verdict == "vaststellingsovereenkomst"
    again = demo_agreements_load(organisations=organisations, today=date(2026, 3, 10))
    assert not again.anything_created
