"""Template tags for showing the legal stage outside the legal pages (the household page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import template
from django.utils import timezone

from woonkans.households.holds import EvictionHold, covering, holds_by_tenancy
from woonkans.households.models import Household, Tenancy
from woonkans.legal.access import household_stage_tenancies, is_legal_actor
from woonkans.legal.selectors import pending_eviction_dates, stages_for
from woonkans.legal.stages import Phase, Stage, phase_rank
from woonkans.organisations.policy import FieldGroup

register = template.Library()


@dataclass(frozen=True)
class StageRow:
    tenancy: Tenancy
    stage: Stage
    eviction_date: date | None
    can_manage: bool
    hold: EvictionHold | None = None  # the eviction hold in force today
    holds: tuple[EvictionHold, ...] = ()  # every hold period, oldest first


@register.simple_tag
def legal_phases() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Phase.choices]


@register.simple_tag(takes_context=True)
def household_legal_stages(context, household: Household) -> list[StageRow]:
    """The legal stage of each tenancy of ``household`` the actor may see.

    Roles without the financial field group see only the legal route itself (from the
    hand-over to a bailiff on), not whether there are arrears. Only the corporation's own
    collections staff get the link to the records.
    """
    actor = context.get("actor")
    tenancies = list(household_stage_tenancies(actor, household))
    if not tenancies:
        return []
    stages = stages_for(tenancies, on=timezone.localdate())
    evictions = pending_eviction_dates([t.pk for t in tenancies])
    today = timezone.localdate()
    holds = holds_by_tenancy(tenancy_ids=[t.pk for t in tenancies])
    sees_arrears = actor.sees(FieldGroup.FINANCIAL)
    route = phase_rank(Phase.MINNELIJK_2)
    rows = []
    for tenancy in tenancies:
        stage = stages[tenancy.pk]
        if not sees_arrears and stage.rank < route:
            continue
        rows.append(
            StageRow(
                tenancy=tenancy,
                stage=stage,
                eviction_date=evictions.get(tenancy.pk)
                if stage.phase == Phase.AANZEGGING
                else None,
                can_manage=is_legal_actor(actor)
                and tenancy.corporation_id == actor.organisation.pk,
                hold=covering(holds.get(tenancy.pk, []), today),
                holds=tuple(holds.get(tenancy.pk, [])),
            )
        )
    return rows
