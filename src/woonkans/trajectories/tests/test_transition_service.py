"""trajectory_transition: every row of the table for every role of every party, refusals
with clear messages, the record it leaves, the signal, guards and version conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from woonkans.audit.models import AuditEvent
from woonkans.households.models import TimelineEntry
from woonkans.organisations.models import Role
from woonkans.testing.factories import OrganisationFactory, make_actor
from woonkans.trajectories import machine, signals
from woonkans.trajectories.models import State, Transition
from woonkans.trajectories.services import TransitionRefused, trajectory_transition

from .conftest import PARTY_ROLES
from .test_machine import EXPECTED

ON = date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _no_guards(monkeypatch):
    # Guards of other apps (agreements) are tested there; here the table alone.
    monkeypatch.setattr(machine, "_GUARDS", {})


@pytest.mark.parametrize(("frm", "to"), list(EXPECTED), ids=lambda s: str(s))
def test_row_allowed_and_refused_per_role(parties, frm, to):
    orgs = {
        "corporation": parties.corporation,
        "care": parties.care,
        "social_team": parties.social_team,
    }
    for org_key, roles in PARTY_ROLES.items():
        org = orgs[org_key]
        for role in roles:
            trajectory = parties.trajectory(state=frm)
            actor = parties.actor(org, role)
            expected = (org.kind, role) in EXPECTED[(frm, to)]
            if expected:
                done = trajectory_transition(
                    actor=actor, trajectory=trajectory, to_state=to, on_date=ON, reason="Omdat"
                )
                assert done.state == to, (org_key, role)
            else:
                with pytest.raises(TransitionRefused):
                    trajectory_transition(
                        actor=actor, trajectory=trajectory, to_state=to, on_date=ON, reason="x"
                    )
                trajectory.refresh_from_db()
                assert trajectory.state == frm, (org_key, role)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WOONCONSULENT, Role.WIJKCONSULENT])
def test_uninvolved_organisations_are_refused(parties, role):
    trajectory = parties.trajectory(state=State.REFERRED)
    for kind in ("care", "corporation", "municipality"):
        stranger = make_actor(role, organisation=OrganisationFactory(**{kind: True}))
        with translation.override("en"), pytest.raises(TransitionRefused) as err:
            trajectory_transition(
                actor=stranger,
                trajectory=trajectory,
                to_state=State.DISCUSSED,
                on_date=ON,
            )
        assert "not a party" in str(err.value)


def test_transition_records_everything_and_sends_the_signal(parties):
    trajectory = parties.trajectory(state=State.REFERRED)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    signals.transitioned.connect(receiver)
    try:
        actor = parties.actor(parties.social_team, Role.WIJKCONSULENT)
        done = trajectory_transition(
            actor=actor,
            trajectory=trajectory,
            to_state=State.DISCUSSED,
            on_date=ON,
            reason="Besproken in casusoverleg",
            version=trajectory.version,
        )
    finally:
        signals.transitioned.disconnect(receiver)
    assert done.state == State.DISCUSSED
    assert done.state_since == ON
    assert done.version == trajectory.version + 1
    tr = Transition.objects.get(trajectory=trajectory)
    assert (tr.from_state, tr.to_state, tr.occurred_on) == (State.REFERRED, State.DISCUSSED, ON)
    assert tr.user == actor.user and tr.organisation == parties.social_team
    assert tr.role == Role.WIJKCONSULENT and tr.reason == "Besproken in casusoverleg"
    assert TimelineEntry.objects.filter(
        household=parties.household, kind="trajectory.transition"
    ).exists()
    assert AuditEvent.objects.filter(
        object_id=str(trajectory.pk),
        household_id=parties.household.pk,
        action="update",
        fields=["state"],
    ).exists()
    assert received and received[0]["from_state"] == State.REFERRED
    assert received[0]["to_state"] == State.DISCUSSED
    assert received[0]["trajectory"].pk == trajectory.pk


def test_failing_receiver_does_not_block_the_transition(parties):
    trajectory = parties.trajectory(state=State.REFERRED)

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    signals.transitioned.connect(broken)
    try:
        done = trajectory_transition(
            actor=parties.actor(parties.corporation, Role.WOONCONSULENT),
            trajectory=trajectory,
            to_state=State.DISCUSSED,
            on_date=ON,
        )
    finally:
        signals.transitioned.disconnect(broken)
    assert done.state == State.DISCUSSED


def test_refusal_messages_are_clear(parties):
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    with translation.override("en"):
        ended = parties.trajectory(state=State.FLIPPED_BACK)
        with pytest.raises(TransitionRefused, match="has ended"):
            trajectory_transition(
                actor=coordinator, trajectory=ended, to_state=State.ACTIVE, on_date=ON
            )
        referred = parties.trajectory(state=State.REFERRED)
        with pytest.raises(TransitionRefused, match="cannot follow"):
            trajectory_transition(
                actor=corp, trajectory=referred, to_state=State.STARTED, on_date=ON
            )
        active = parties.trajectory(state=State.ACTIVE)
        with pytest.raises(TransitionRefused, match="Only these people") as err:
            trajectory_transition(
                actor=corp, trajectory=active, to_state=State.FLIPPED_BACK, on_date=ON, reason="x"
            )
        assert "Last-chance coordinator" in str(err.value)
        with pytest.raises(TransitionRefused, match="Give a reason"):
            trajectory_transition(
                actor=coordinator, trajectory=active, to_state=State.FLIPPED_BACK, on_date=ON
            )
        with pytest.raises(TransitionRefused, match="future"):
            trajectory_transition(
                actor=coordinator,
                trajectory=active,
                to_state=State.EVALUATION,
                on_date=date(2999, 1, 1),
            )
        with pytest.raises(TransitionRefused, match="before the current step"):
            trajectory_transition(
                actor=coordinator,
                trajectory=active,
                to_state=State.EVALUATION,
                on_date=date(2025, 1, 1),
            )


def test_stale_version_is_refused(parties):
    trajectory = parties.trajectory(state=State.REFERRED)
    actor = parties.actor(parties.corporation, Role.WOONCONSULENT)
    seen = trajectory.version
    trajectory_transition(
        actor=actor, trajectory=trajectory, to_state=State.DISCUSSED, on_date=ON, version=seen
    )
    with translation.override("en"), pytest.raises(TransitionRefused, match="Someone else"):
        trajectory_transition(
            actor=actor,
            trajectory=trajectory,
            to_state=State.DECLINED,
            on_date=ON,
            reason="x",
            version=seen,
        )


def test_guard_blocks_with_its_message(parties):
    def unsigned(trajectory):
        return "Not all parties signed the agreement."

    machine.register_guard(State.STARTED, unsigned)
    trajectory = parties.trajectory(state=State.INTAKE)
    with pytest.raises(TransitionRefused, match="Not all parties signed"):
        trajectory_transition(
            actor=parties.actor(parties.care, Role.COORDINATOR),
            trajectory=trajectory,
            to_state=State.STARTED,
            on_date=ON,
        )
    trajectory.refresh_from_db()
    assert trajectory.state == State.INTAKE
    assert not Transition.objects.filter(trajectory=trajectory).exists()


def test_coordinator_member_of_another_care_provider_may_act(parties):
    from woonkans.trajectories.models import MemberFunction, TrajectoryMember

    other_care = OrganisationFactory(care=True)
    coordinator = make_actor(Role.COORDINATOR, organisation=other_care)
    trajectory = parties.trajectory(state=State.ACTIVE)
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=coordinator.user,
        organisation=other_care,
        function=MemberFunction.COORDINATOR,
        started_on=date(2026, 1, 5),
    )
    done = trajectory_transition(
        actor=coordinator,
        trajectory=trajectory,
        to_state=State.EVALUATION,
        on_date=ON,
    )
    assert done.state == State.EVALUATION


def test_extension_sets_the_next_evaluation(parties):
    from woonkans.trajectories.selectors import evaluation_due_on

    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    trajectory = parties.trajectory(state=State.EVALUATION)
    done = trajectory_transition(
        actor=coordinator, trajectory=trajectory, to_state=State.EXTENDED, on_date=ON, reason="x"
    )
    assert evaluation_due_on(done) == date(2027, 2, 1)
    other = parties.trajectory(state=State.EVALUATION)
    done = trajectory_transition(
        actor=coordinator,
        trajectory=other,
        to_state=State.EXTENDED,
        on_date=ON,
        reason="x",
        next_evaluation_on=date(2026, 8, 1),
    )
    assert done.evaluation_on == date(2026, 8, 1)
    third = parties.trajectory(state=State.EVALUATION)
    with pytest.raises(TransitionRefused):
        trajectory_transition(
            actor=coordinator,
            trajectory=third,
            to_state=State.EXTENDED,
            on_date=ON,
            reason="x",
            next_evaluation_on=ON,
        )
