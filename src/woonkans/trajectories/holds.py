"""The eviction hold of a last-chance trajectory (see ``households.holds``).

The period itself is the pure rule :func:`.rules.hold_period`, derived from the recorded
transitions and never stored. This module provides it to the collection run and the legal
route, and records what happens when a hold starts or ends: a timeline entry, and — when
the eviction route resumes — a prompt on the corporation's worklist to decide the next step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from woonkans.households.holds import EvictionHold
from woonkans.organisations.policy import FieldGroup

from . import rules
from .models import Trajectory, Transition, state_label


def _tenancy_ids(trajectory: Trajectory) -> list[int]:
    """The tenancies the trajectory holds: its own, or (when none was recorded) the
    household's tenancies at the trajectory's corporation."""
    if trajectory.tenancy_id is not None:
        return [trajectory.tenancy_id]
    return list(
        trajectory.household.tenancies.filter(corporation_id=trajectory.corporation_id).values_list(
            "pk", flat=True
        )
    )


def hold_of(trajectory: Trajectory) -> rules.HoldPeriod | None:
    return rules.hold_period(
        list(
            trajectory.transitions.order_by("occurred_on", "pk").values_list(
                "to_state", "occurred_on"
            )
        )
    )


def trajectory_holds(
    *, tenancy_ids: Collection[int] | None = None, corporation_id: int | None = None
) -> dict[int, list[EvictionHold]]:
    """Provider for ``households.holds``: the hold periods of the trajectories of the given
    tenancies, or of every trajectory of the corporation."""
    trajectories = Trajectory.objects.all()
    if corporation_id is not None:
        trajectories = trajectories.filter(corporation_id=corporation_id)
    if tenancy_ids is not None:
        ids = list(tenancy_ids)
        from woonkans.households.models import Tenancy

        households = Tenancy.objects.filter(pk__in=ids).values("household_id")
        trajectories = trajectories.filter(household_id__in=households)
    trajectories = list(trajectories.select_related("household"))
    if not trajectories:
        return {}
    transitions: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for trajectory_id, to_state, occurred_on in (
        Transition.objects.filter(trajectory__in=[t.pk for t in trajectories])
        .order_by("trajectory_id", "occurred_on", "pk")
        .values_list("trajectory_id", "to_state", "occurred_on")
    ):
        transitions[trajectory_id].append((to_state, occurred_on))
    wanted = set(tenancy_ids) if tenancy_ids is not None else None
    found: dict[int, list[EvictionHold]] = defaultdict(list)
    for trajectory in trajectories:
        period = rules.hold_period(transitions.get(trajectory.pk, []))
        if period is None:
            continue
        for tenancy_id in _tenancy_ids(trajectory):
            if wanted is not None and tenancy_id not in wanted:
                continue
            found[tenancy_id].append(
                EvictionHold(
                    tenancy_id=tenancy_id,
                    since=period.since,
                    until=period.until,
                    reason=_("Last-chance trajectory"),
                    end_reason=state_label(period.end_state) if period.end_state else "",
                    resumes=period.resumes,
                    url=reverse("trajectories:detail", args=[trajectory.pk]),
                )
            )
    return dict(found)


def after_transition(*, actor, trajectory: Trajectory, from_state: str, to_state: str, on_date):
    """Called by the transition use cases inside their transaction: record the start or
    the end of the hold, and on a resume put a prompt on the corporation's worklist."""
    from woonkans.households.services import timeline_add

    from .services import _moment

    if from_state == "":
        timeline_add(
            household=trajectory.household,
            kind="trajectory.hold",
            field_group=FieldGroup.IDENTITY,
            actor=actor,
            occurred_at=_moment(on_date),
            summary=_("Eviction route on hold from %(date)s: last-chance trajectory")
            % {"date": date_format(on_date)},
        )
        return
    if to_state not in rules.ENDING_STATES:
        return
    if to_state in rules.RESUMING_STATES:
        summary = _("Eviction route resumes from %(date)s: %(state)s")
    else:
        summary = _("Eviction hold ended on %(date)s: %(state)s")
    timeline_add(
        household=trajectory.household,
        kind="trajectory.hold",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        occurred_at=_moment(on_date),
        summary=summary % {"date": date_format(on_date), "state": state_label(to_state)},
    )
    if to_state in rules.RESUMING_STATES:
        _prompt_corporation(trajectory=trajectory, to_state=to_state, on_date=on_date)


def _prompt_corporation(*, trajectory: Trajectory, to_state: str, on_date: date) -> None:
    """One prompt per tenancy on the corporation's worklist: decide the next step of the
    eviction route. Urgent when a verdict was given."""
    from woonkans.collection.services import run_actor, worklist_prompt_add
    from woonkans.households.models import Tenancy

    from .selectors import verdict_of

    actor = run_actor(trajectory.corporation)
    for tenancy in Tenancy.objects.filter(pk__in=_tenancy_ids(trajectory)).select_related(
        "household", "corporation"
    ):
        worklist_prompt_add(
            actor=actor,
            tenancy=tenancy,
            source_key=f"trajectory-hold-end:{trajectory.pk}",
            title=_("Last chance ended (%(state)s): decide the next step")
            % {"state": state_label(to_state)},
            due_date=max(on_date, timezone.localdate()),
            urgent=verdict_of(tenancy) is not None,
        )
