"""The legal app's plug into the collection engine (``collection.hooks``): the engine asks
for the legal stage of the tenancies it plans for, to stop steps and weigh priority."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from .stages import Phase, StageFacts, cases_as_of, legal_stage

#: CORA phase → the collection engine's legal stage (``collection.models.LegalStage``).
#: Phases before the hand-over have no legal stage there.
COLLECTION_STAGE = {
    Phase.MINNELIJK_2: "deurwaarder",
    Phase.GERECHTELIJK: "dagvaarding",
    Phase.VONNIS: "vonnis",
    Phase.AANZEGGING: "ontruiming",
    Phase.ONTRUIMING: "ontruiming",
}


def legal_stages(tenancy_ids: Collection[int], on: date) -> Mapping[int, str]:
    """The collection engine's legal stage of each tenancy with an (open or executed)
    legal route; tenancies without one are left out."""
    from .selectors import case_facts_by_tenancy

    found = {}
    for tenancy_id, cases in case_facts_by_tenancy(tenancy_ids).items():
        stage = legal_stage(StageFacts(arrears=False, cases=cases_as_of(cases, on)))
        if stage.phase in COLLECTION_STAGE:
            found[tenancy_id] = COLLECTION_STAGE[stage.phase]
    return found


def verdict_prompts(*, actor, corporation, run_date: date) -> Mapping[str, int]:
    """Part of the daily collection run: keep prompting contact after a verdict."""
    from .services import verdict_contact_prompts_add

    created = verdict_contact_prompts_add(actor=actor, corporation=corporation, run_date=run_date)
    return {"verdict_prompts_created": created}


def connect() -> None:
    try:
        from woonkans.collection.hooks import register_legal_stage_provider, register_run_extension
    except ImportError:  # pragma: no cover - the collection app is part of the project
        return
    register_legal_stage_provider(legal_stages)
    register_run_extension(verdict_prompts)
