"""The capacity part of the demo: household D's calculation and proposal."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.test import override_settings

from woonkans.capacity.models import CapacityCalculation, CapacitySettings, PaymentProposal
from woonkans.demo.capacity import CALCULATED_DAYS_AGO, demo_capacity_load
from woonkans.demo.services import demo_load
from woonkans.organisations.models import Organisation

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            yield demo_load(today=TODAY)
            transaction.set_rollback(True)


def test_household_d_has_a_50_euro_capacity_and_a_proposal(loaded_demo, db):
    calculation = CapacityCalculation.objects.get(household__reference="DL-PILOT-D")
    assert calculation.capacity == D("50.00")
    # Calculated and proposed in the days before the demo date, not at load.
    assert calculation.reference_date == TODAY - timedelta(days=CALCULATED_DAYS_AGO)
    proposal = PaymentProposal.objects.get(household__reference="DL-PILOT-D")
    assert (proposal.status, proposal.number_of_terms, proposal.debt) == (
        "proposed",
        140,
        D("7000.00"),
    )
    assert proposal.comparison["standard"]["affordable"] is False
    assert CapacitySettings.objects.get(corporation__slug="de-linde").months == 10


def test_loading_again_adds_nothing(loaded_demo, db):
    organisations = {o.slug: o for o in Organisation.objects.all()}
    assert demo_capacity_load(organisations=organisations, today=TODAY) == 0
    assert CapacityCalculation.objects.count() == 1
