"""The four legal conditions, the moment and the arrears episode: pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.arrears.positions import Entry
from woonkans.signals.conditions import (
    ContactEvidence,
    LetterEvidence,
    ObjectionEvidence,
    SignalEvidence,
    moment_reached,
    signal_conditions,
)
from woonkans.signals.episodes import arrears_episode_start
from woonkans.signals.feedback import partner_feedback
from woonkans.signals.models import EndResult

START = date(2026, 3, 1)
ON = date(2026, 4, 20)


def d(days: int) -> date:
    return START + timedelta(days=days)


def call(days=5, *, reached=False, pointed=False, kind="telefoon", automated=False, ref="c1"):
    return ContactEvidence(ref, kind, d(days), reached, pointed, automated)


def reminder(days=10, *, kind="herinnering", offers=True, debt_help=False, ref="l1"):
    return LetterEvidence(ref, kind, d(days), offers, debt_help)


def complete(**changes) -> SignalEvidence:
    values = {
        "arrears_since": START,
        "contacts": (call(5, pointed=True),),
        "letters": (reminder(10),),
        "objections": (),
        "objection_days": 7,
    }
    values.update(changes)
    return SignalEvidence(**values)


def test_all_four_conditions_hold_with_their_actions_and_dates():
    result = signal_conditions(complete(), on=ON)
    assert result.all_met
    assert (result.personal_contact.by, result.personal_contact.since) == ("c1", d(5))
    assert (result.debt_help.by, result.debt_help.since) == ("c1", d(5))
    assert (result.written_reminder.by, result.written_reminder.since) == ("l1", d(10))
    assert (result.offer_not_objected.by, result.offer_not_objected.since) == ("l1", d(17))
    assert result.met_since == d(17)


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"arrears_since": None}, "arrears"),
        ({"contacts": (call(5, kind="brief", pointed=True),)}, "personal_contact"),
        ({"contacts": (call(5, kind="sms_whatsapp", pointed=True),)}, "personal_contact"),
        ({"contacts": (call(5),), "letters": (reminder(10, debt_help=False),)}, "debt_help"),
        ({"letters": ()}, "written_reminder"),
        ({"letters": (reminder(10, kind="kaartje"),)}, "written_reminder"),
        ({"letters": (reminder(10, offers=False),)}, "offer_not_objected"),
        ({"objections": (ObjectionEvidence("o1", d(12)),)}, "offer_not_objected"),
    ],
)
def test_each_missing_condition_means_no_signal(changes, missing):
    result = signal_conditions(complete(**changes), on=ON)
    assert not result.all_met
    assert result.met_since is None
    assert not getattr(result, missing).met


def test_an_unanswered_call_is_an_effort_at_personal_contact():
    result = signal_conditions(
        complete(contacts=(call(5, reached=False), call(6, kind="mail", pointed=True, ref="c2"))),
        on=ON,
    )
    assert result.personal_contact.met and result.personal_contact.by == "c1"
    assert result.debt_help.by == "c2"
    assert result.all_met


@pytest.mark.parametrize("kind", ["telefoon", "huisbezoek", "afspraak_op_locatie"])
def test_personal_kinds(kind):
    assert signal_conditions(complete(contacts=(call(5, kind=kind, pointed=True),)), on=ON).all_met


def test_the_automated_dialler_counts_only_when_the_tenant_was_reached():
    unanswered = complete(contacts=(call(5, automated=True, pointed=True),))
    assert not signal_conditions(unanswered, on=ON).personal_contact.met
    reached = complete(contacts=(call(5, automated=True, reached=True, pointed=True),))
    assert signal_conditions(reached, on=ON).personal_contact.met


def test_a_letter_that_points_to_debt_help_fulfils_condition_two():
    result = signal_conditions(
        complete(contacts=(call(5),), letters=(reminder(10, debt_help=True),)), on=ON
    )
    assert result.debt_help.met and result.debt_help.by == "l1"


def test_the_fourteen_day_letter_is_a_written_reminder():
    result = signal_conditions(complete(letters=(reminder(10, kind="veertiendagenbrief"),)), on=ON)
    assert result.written_reminder.met and result.all_met


def test_actions_before_the_arrears_arose_do_not_count():
    early = complete(contacts=(call(-5, pointed=True),), letters=(reminder(-3),))
    result = signal_conditions(early, on=ON)
    assert not result.personal_contact.met
    assert not result.written_reminder.met


def test_actions_after_the_date_do_not_count():
    assert not signal_conditions(complete(), on=d(8)).written_reminder.met


def test_the_offer_counts_only_after_the_objection_days():
    assert not signal_conditions(complete(), on=d(16)).all_met
    pending = signal_conditions(complete(), on=d(16)).offer_not_objected
    assert pending.since == d(17)
    assert signal_conditions(complete(), on=d(17)).all_met


def test_an_objection_blocks_until_withdrawn():
    objected = complete(objections=(ObjectionEvidence("o1", d(12), withdrawn_on=d(30)),))
    blocked = signal_conditions(objected, on=d(29))
    assert not blocked.all_met and blocked.objection.ref == "o1"
    assert signal_conditions(objected, on=d(30)).all_met


def test_an_objection_from_an_earlier_episode_does_not_block():
    old = complete(objections=(ObjectionEvidence("o1", d(-40)),))
    assert signal_conditions(old, on=ON).all_met


def test_an_objection_before_the_reminder_in_the_same_episode_blocks():
    early = complete(objections=(ObjectionEvidence("o1", d(2)),))
    assert not signal_conditions(early, on=ON).all_met


def test_the_earliest_qualifying_action_is_named():
    result = signal_conditions(
        complete(
            contacts=(call(9, ref="late", pointed=True), call(4, kind="huisbezoek", ref="early")),
            letters=(reminder(20, ref="second"), reminder(10, ref="first", offers=False)),
        ),
        on=ON,
    )
    assert result.personal_contact.by == "early"
    assert result.written_reminder.by == "first"
    assert result.offer_not_objected.by == "second"  # only the second one offered it
    assert result.met_since == d(27)


# --- Moment ---------------------------------------------------------------------------


def test_moment():
    D = Decimal
    assert moment_reached(amount=D("0.01"), days_in_arrears=0, min_amount=D("0.01"), min_days=0)
    assert not moment_reached(
        amount=D("0.00"), days_in_arrears=99, min_amount=D("0.01"), min_days=0
    )
    assert not moment_reached(amount=D("99"), days_in_arrears=29, min_amount=D("1"), min_days=30)
    assert not moment_reached(amount=D("99"), days_in_arrears=60, min_amount=D("100"), min_days=30)
    assert moment_reached(amount=D("100"), days_in_arrears=30, min_amount=D("100"), min_days=30)


# --- Properties -------------------------------------------------------------------------

_days = st.integers(min_value=-20, max_value=60)
_contacts = st.lists(
    st.builds(
        lambda n, day, kind, reached, pointed, automated: ContactEvidence(
            f"c{n}", kind, d(day), reached, pointed, automated
        ),
        st.integers(0, 99),
        _days,
        st.sampled_from(
            [
                "telefoon",
                "huisbezoek",
                "afspraak_op_locatie",
                "brief",
                "mail",
                "kaartje",
                "sms_whatsapp",
                "administratief",
            ]
        ),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    ),
    max_size=5,
)
_letters = st.lists(
    st.builds(
        lambda n, day, kind, offers, help_: LetterEvidence(f"l{n}", kind, d(day), offers, help_),
        st.integers(0, 99),
        _days,
        st.sampled_from(["herinnering", "veertiendagenbrief", "kaartje", "uitnodiging"]),
        st.booleans(),
        st.booleans(),
    ),
    max_size=4,
)
_objections = st.lists(
    st.builds(
        lambda n, day, w: ObjectionEvidence(f"o{n}", d(day), d(day + w) if w is not None else None),
        st.integers(0, 99),
        _days,
        st.one_of(st.none(), st.integers(0, 30)),
    ),
    max_size=2,
)
_evidence = st.builds(
    SignalEvidence,
    arrears_since=st.one_of(st.none(), st.just(START)),
    contacts=_contacts.map(tuple),
    letters=_letters.map(tuple),
    objections=_objections.map(tuple),
    objection_days=st.integers(0, 14),
)


@given(_evidence, st.integers(0, 80))
def test_all_met_exactly_when_each_condition_is_met(evidence, day):
    result = signal_conditions(evidence, on=d(day))
    each = [
        result.arrears,
        result.personal_contact,
        result.debt_help,
        result.written_reminder,
        result.offer_not_objected,
    ]
    assert result.all_met == all(c.met for c in each)
    if result.all_met:
        assert START <= result.met_since <= d(day)
        assert result.objection is None


@given(_evidence, st.integers(0, 80))
def test_a_standing_objection_in_the_episode_always_blocks(evidence, day):
    blocked = SignalEvidence(
        arrears_since=START,
        contacts=evidence.contacts,
        letters=evidence.letters,
        objections=(*evidence.objections, ObjectionEvidence("ox", START)),
        objection_days=evidence.objection_days,
    )
    assert not signal_conditions(blocked, on=d(day)).all_met


@given(_evidence, st.integers(0, 60))
def test_conditions_once_met_stay_met_without_new_objections(evidence, day):
    """Met on one day (and no objection is ever registered): met on every later day."""
    clean = SignalEvidence(
        arrears_since=evidence.arrears_since,
        contacts=evidence.contacts,
        letters=evidence.letters,
        objections=(),
        objection_days=evidence.objection_days,
    )
    if signal_conditions(clean, on=d(day)).all_met:
        assert signal_conditions(clean, on=d(day + 15)).all_met


# --- Arrears episode --------------------------------------------------------------------


def rent(day: date, amount="700.00") -> Entry:
    return Entry("huur", Decimal(amount), day, day, f"h{day}")


def pay(day: date, amount) -> Entry:
    return Entry("betaling", -Decimal(amount), day, None, f"b{day}{amount}")


def test_episode_starts_when_rent_is_not_paid_and_survives_partial_payments():
    ledger = [
        rent(date(2026, 1, 1)),
        pay(date(2026, 1, 1), "700"),
        rent(date(2026, 2, 1)),
        rent(date(2026, 3, 1)),
        pay(date(2026, 3, 10), "800"),
    ]
    assert arrears_episode_start(ledger, date(2026, 1, 15)) is None
    assert arrears_episode_start(ledger, date(2026, 2, 15)) == date(2026, 2, 1)
    assert arrears_episode_start(ledger, date(2026, 3, 15)) == date(2026, 2, 1)


def test_paying_everything_ends_the_episode_and_a_new_one_starts_later():
    ledger = [rent(date(2026, 1, 1)), pay(date(2026, 1, 20), "700"), rent(date(2026, 2, 1))]
    assert arrears_episode_start(ledger, date(2026, 1, 10)) == date(2026, 1, 1)
    assert arrears_episode_start(ledger, date(2026, 1, 25)) is None
    assert arrears_episode_start(ledger, date(2026, 2, 5)) == date(2026, 2, 1)


def test_credit_is_no_episode():
    assert arrears_episode_start([pay(date(2026, 1, 1), "50")], date(2026, 2, 1)) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 90), st.sampled_from(["huur", "betaling"]), st.integers(1, 900)),
        max_size=12,
    ),
    st.integers(0, 100),
)
def test_episode_start_is_a_day_with_positive_balance_since(rows, day):
    base = date(2026, 1, 1)
    ledger = [
        Entry(
            kind,
            Decimal(amount) if kind == "huur" else -Decimal(amount),
            base + timedelta(n),
            base + timedelta(n) if kind == "huur" else None,
            f"{i}",
        )
        for i, (n, kind, amount) in enumerate(rows)
    ]
    on = base + timedelta(day)
    start = arrears_episode_start(ledger, on)

    def balance_at(when):
        return sum((e.amount for e in ledger if e.effective_date <= when), Decimal(0))

    if start is None:
        assert balance_at(on) <= 0
    else:
        assert start <= on
        current = start
        while current <= on:
            assert balance_at(current) > 0
            current += timedelta(1)
        assert balance_at(start - timedelta(1)) <= 0


# --- Feedback to the corporation --------------------------------------------------------


def test_the_end_result_list_is_complete_with_ggm_codes():
    assert len(EndResult.values) == 15
    assert "_BUDGET_ADVIES_EN_OF_QUICK_FIX" in EndResult.values
    assert "DEFINITIEF_GEEN_CONTACT_KUNNEN_KRIJGEN" in EndResult.values


def test_partner_feedback_is_limited():
    assert partner_feedback(EndResult.NIET_OPGEPAKT_HERHAALDE_MELDING) == str(
        EndResult.NIET_OPGEPAKT_HERHAALDE_MELDING.label
    )
    assert (
        partner_feedback(EndResult.NIET_OPGEPAKT_ANDERE_REDEN)
        == "Not picked up by the municipality"
    )
    for code in (
        EndResult.VERVOLGHULP_EN_OF_VERWIJZING_FINANCIEEL,
        EndResult.VERWIJZING_ZONDER_CONTACT,
    ):
        assert partner_feedback(code) == "Picked up and closed by the municipality"
    with pytest.raises(ValueError):
        partner_feedback("NOPE")
