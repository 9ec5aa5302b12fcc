"""The demo loader: the six pilot households in states that fit their facts, three fresh
referrals for the case conference, the small corporation's checklist; idempotent."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from woonkans.demo import data
from woonkans.demo.services import demo_load
from woonkans.trajectories.models import EligibilityCriterion, MemberFunction, State, Trajectory
from woonkans.trajectories.selectors import current_members, guidance_started_on

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """Loaded once in a transaction rolled back after the module (as demo/tests)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            demo_load()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_module, db):
    return loaded_module


def test_pilot_households_and_fresh_referrals(loaded):
    states = {
        t.household.reference: t.state
        for t in Trajectory.objects.filter(household__reference__contains="PILOT")
    }
    assert states == {
        "DL-PILOT-A": State.EVALUATION,
        "DL-PILOT-B": State.EXTENDED,
        "DL-PILOT-C": State.ACTIVE,
        "DL-PILOT-D": State.ACTIVE,
        "DL-PILOT-E": State.INTAKE,
        "RL-PILOT-F": State.ACTIVE,
    }
    for trajectory in Trajectory.objects.filter(household__reference__contains="PILOT"):
        assert trajectory.priority  # every pilot family had a verdict
        if trajectory.state != State.INTAKE:
            assert guidance_started_on(trajectory) is not None
            assert current_members(trajectory, MemberFunction.COORDINATOR).exists()
            assert current_members(trajectory, MemberFunction.CONTACTPERSOON).count() >= 2
    a = Trajectory.objects.get(household__reference="DL-PILOT-A")
    assert not current_members(a, MemberFunction.FINANCIEEL_CONSULENT).exists()
    fresh = Trajectory.objects.exclude(household__reference__contains="PILOT")
    assert fresh.count() == 3
    assert set(fresh.values_list("state", flat=True)) == {State.REFERRED}
    assert any(a.excludes for t in fresh for a in t.eligibility_answers.all())
    assert EligibilityCriterion.objects.filter(corporation__slug=data.DE_LINDE).count() == 3
    assert not EligibilityCriterion.objects.filter(corporation__slug=data.RIVIERLAND).exists()


def test_loading_again_creates_nothing(loaded):
    from woonkans.demo.trajectories import demo_trajectories_load
    from woonkans.organisations.models import Organisation

    organisations = {o.slug: o for o in Organisation.objects.all()}
    count = Trajectory.objects.count()
    assert not demo_trajectories_load(organisations=organisations).anything_created
    assert Trajectory.objects.count() == count
