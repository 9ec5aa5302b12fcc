"""Pure rules of the case conference: schedule, agenda order, decision effects, who decides.

No database here: plain values in, plain values out, tested with examples and hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from woonkans.organisations.models import Role
from woonkans.trajectories.models import State

# Roles that take part in case conferences (menu item, pages).
CONFERENCE_ROLES = frozenset(
    {Role.COORDINATOR, Role.WOONCONSULENT, Role.WIJKCONSULENT, Role.WOONBEGELEIDER}
)

# States of a running trajectory (after the conference admitted it, before the end).
RUNNING_STATES = frozenset(
    {
        State.DISCUSSED,
        State.ORIENTATION,
        State.INTAKE,
        State.STARTED,
        State.ACTIVE,
        State.EVALUATION,
        State.EXTENDED,
    }
)

# Source order on the agenda after priority: new cases first, follow-ups last.
SOURCE_ORDER = ("aanmelding", "meer_informatie", "termijnen", "handmatig")


def next_meeting_date(first_on: date, interval_weeks: int, on_or_after: date) -> date:
    """The first date of the series ``first_on + k * interval_weeks`` (k >= 0) that is on
    or after ``on_or_after``."""
    if interval_weeks < 1:
        raise ValueError("interval_weeks must be at least 1")
    if on_or_after <= first_on:
        return first_on
    step = 7 * interval_weeks
    periods = -(-(on_or_after - first_on).days // step)  # ceiling division
    return first_on + timedelta(days=periods * step)


@dataclass(frozen=True)
class Candidate:
    """A case that may come on the agenda."""

    trajectory_id: int
    source: str
    priority: bool
    referred_on: date
    reason: str = ""


def agenda_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Priority cases (eviction verdict) first, then by source (new referrals, returned
    cases, due items), then the oldest referral first. One entry per
    trajectory: when a trajectory qualifies twice, the earlier source wins."""
    ranked = sorted(
        candidates,
        key=lambda c: (
            not c.priority,
            SOURCE_ORDER.index(c.source) if c.source in SOURCE_ORDER else len(SOURCE_ORDER),
            c.referred_on,
            c.trajectory_id,
        ),
    )
    seen: set[int] = set()
    result = []
    for candidate in ranked:
        if candidate.trajectory_id in seen:
            continue
        seen.add(candidate.trajectory_id)
        result.append(candidate)
    return result


def target_state(outcome: str) -> str | None:
    """The trajectory state a decision leads to; None: the state stays."""
    return {"toelaten": State.DISCUSSED, "niet_toelaten": State.NOT_ADMITTED}.get(outcome)


def decision_refusal(
    *,
    role: str,
    organisation_id: int,
    organiser_id: int,
    care_provider_id: int | None,
    conference_status: str,
    trajectory_state: str,
    outcome: str,
    already_decided: bool,
) -> str | None:
    """Why this decision may not be taken now, or None when it may."""
    if role != Role.COORDINATOR or organisation_id != organiser_id:
        return _(
            "Only the coordinator of the care provider that organises this case conference "
            "can record decisions."
        )
    if care_provider_id is not None and care_provider_id != organisation_id:
        return _("Only the coordinator of the trajectory's care provider can decide about it.")
    if conference_status != "gestart":
        return _("Decisions are recorded while the meeting is in progress.")
    if already_decided:
        return _("A decision about this case has already been recorded in this meeting.")
    if outcome in ("toelaten", "niet_toelaten") and trajectory_state != State.REFERRED:
        return _("Only a referred trajectory can be admitted or not admitted.")
    return None
