"""The transition table, as data: an independent statement of the rules, compared row by row
with machine.TRANSITIONS; and graph properties of the table."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from woonkans.organisations.models import OrganisationKind as K
from woonkans.organisations.models import Role as R
from woonkans.trajectories import machine
from woonkans.trajectories.models import FINAL_STATES, State

S = State

CONF = {
    (K.WONINGCORPORATIE, R.WOONCONSULENT),
    (K.WONINGCORPORATIE, R.INCASSOMEDEWERKER),
    (K.GEMEENTE, R.WIJKCONSULENT),
    (K.ZORGORGANISATIE, R.COORDINATOR),
}
COORD = {(K.ZORGORGANISATIE, R.COORDINATOR)}
DECLINE = {
    (K.WONINGCORPORATIE, R.WOONCONSULENT),
    (K.WONINGCORPORATIE, R.INCASSOMEDEWERKER),
    (K.GEMEENTE, R.WIJKCONSULENT),
    (K.ZORGORGANISATIE, R.COORDINATOR),
    (K.ZORGORGANISATIE, R.WOONBEGELEIDER),
}
EVAL = {
    (K.WONINGCORPORATIE, R.WOONCONSULENT),
    (K.ZORGORGANISATIE, R.COORDINATOR),
    (K.ZORGORGANISATIE, R.WOONBEGELEIDER),
}

EXPECTED = {
    (S.REFERRED, S.DISCUSSED): CONF,
    (S.REFERRED, S.NOT_ADMITTED): CONF,
    (S.DISCUSSED, S.ORIENTATION): {
        (K.WONINGCORPORATIE, R.WOONCONSULENT),
        (K.WONINGCORPORATIE, R.INCASSOMEDEWERKER),
        (K.GEMEENTE, R.WIJKCONSULENT),
    },
    (S.ORIENTATION, S.INTAKE): {
        (K.GEMEENTE, R.WIJKCONSULENT),
        (K.ZORGORGANISATIE, R.COORDINATOR),
        (K.ZORGORGANISATIE, R.WOONBEGELEIDER),
        (K.ZORGORGANISATIE, R.FINANCIEEL_CONSULENT),
    },
    (S.INTAKE, S.STARTED): EVAL,
    (S.STARTED, S.ACTIVE): {
        (K.ZORGORGANISATIE, R.COORDINATOR),
        (K.ZORGORGANISATIE, R.WOONBEGELEIDER),
        (K.ZORGORGANISATIE, R.FINANCIEEL_CONSULENT),
    },
    (S.ACTIVE, S.EVALUATION): EVAL,
    (S.EXTENDED, S.EVALUATION): EVAL,
    (S.EVALUATION, S.EXTENDED): COORD,
    (S.ACTIVE, S.FLIPPED_BACK): COORD,
    (S.ACTIVE, S.ENDED_SUCCESS): COORD,
    (S.ACTIVE, S.ENDED_NON_COOPERATION): COORD,
    (S.EVALUATION, S.FLIPPED_BACK): COORD,
    (S.EVALUATION, S.ENDED_SUCCESS): COORD,
    (S.EVALUATION, S.ENDED_NON_COOPERATION): COORD,
    (S.EXTENDED, S.FLIPPED_BACK): COORD,
    (S.EXTENDED, S.ENDED_SUCCESS): COORD,
    (S.EXTENDED, S.ENDED_NON_COOPERATION): COORD,
    (S.STARTED, S.ENDED_NON_COOPERATION): COORD,
    (S.REFERRED, S.DECLINED): DECLINE,
    (S.DISCUSSED, S.DECLINED): DECLINE,
    (S.ORIENTATION, S.DECLINED): DECLINE,
    (S.INTAKE, S.DECLINED): DECLINE,
}

ALL_PERFORMERS = [(kind, role) for kind in K.values for role in R.values]


def test_table_has_exactly_the_expected_rows():
    assert set(machine.TRANSITIONS) == {(str(a), str(b)) for a, b in EXPECTED}


def test_every_row_allows_exactly_the_expected_roles():
    for (frm, to), allowed in EXPECTED.items():
        for kind, role in ALL_PERFORMERS:
            expected = (kind, role) in allowed
            assert machine.may_perform(role, kind, frm, to) is expected, (frm, to, kind, role)


def test_pairs_outside_the_table_are_refused_for_everyone():
    for frm in State.values:
        for to in State.values:
            if (frm, to) in machine.TRANSITIONS:
                continue
            assert not any(machine.may_perform(r, k, frm, to) for k, r in ALL_PERFORMERS)


def test_allowed_transitions_lists_the_rows_of_a_state():
    assert machine.allowed_transitions(S.REFERRED) == [S.DISCUSSED, S.NOT_ADMITTED, S.DECLINED]
    assert machine.allowed_transitions(S.FLIPPED_BACK) == []


def test_final_steps_need_a_reason():
    for (_frm, to), rule in machine.TRANSITIONS.items():
        if to in FINAL_STATES:
            assert rule.reason_required, to


# --- properties -------------------------------------------------------------------------

state_st = st.sampled_from(State.values)


@given(state_st, state_st)
def test_no_transition_out_of_a_final_state(frm, to):
    if frm in FINAL_STATES:
        assert machine.allowed_transitions(frm) == []
        assert machine.rule_for(frm, to) is None


@given(state_st)
def test_declined_only_before_started(frm):
    if S.DECLINED in machine.allowed_transitions(frm):
        assert frm in machine.BEFORE_SIGNING
        assert S.STARTED in machine.reachable_from(frm)


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=40))
def test_random_walks_stay_in_the_table_and_can_always_finish(choices):
    state = S.REFERRED
    for choice in choices:
        assert machine.can_finish(state)
        options = machine.allowed_transitions(state)
        if not options:
            assert state in FINAL_STATES
            break
        nxt = options[choice % len(options)]
        assert (state, nxt) in machine.TRANSITIONS
        if nxt == S.DECLINED:
            assert S.STARTED not in _visited(state)
        state = nxt
    assert machine.can_finish(state)


def _visited(state):
    # Declining is only offered from states where the agreements are not yet signed.
    return set() if state in machine.BEFORE_SIGNING else {S.STARTED}


def test_every_state_is_reachable_from_referred_and_can_finish():
    reachable = machine.reachable_from(S.REFERRED) | {S.REFERRED}
    assert reachable == set(State.values)
    for state in reachable:
        assert machine.can_finish(state), state


def test_guards_register_once_and_report_messages(monkeypatch):
    monkeypatch.setattr(machine, "_GUARDS", {})  # without the guards of other apps
    calls = []

    def guard(trajectory):
        calls.append(trajectory)
        return "Niet ondertekend"

    machine.register_guard(S.STARTED, guard)
    machine.register_guard(S.STARTED, guard)
    try:
        assert machine.guards_for(S.STARTED).count(guard) == 1
        assert "Niet ondertekend" in machine.guard_messages(object(), S.STARTED)
    finally:
        machine.unregister_guard(S.STARTED, guard)
    assert guard not in machine.guards_for(S.STARTED)
