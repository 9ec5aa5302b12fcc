"""Extension points other areas plug into, so this app never imports them.

Legal stage
    The legal app (bailiff, summons, verdict, eviction) registers a provider in its
    ``AppConfig.ready``::

        from woonkans.collection.hooks import register_legal_stage_provider

        def legal_stages(tenancy_ids, on):
            return {tenancy_id: "vonnis", ...}   # only tenancies with a stage

        register_legal_stage_provider(legal_stages)

    Stages are ``models.LegalStage`` values: ``deurwaarder``, ``dagvaarding``, ``vonnis``,
    ``ontruiming``. The engine uses them for the steps' legal stop and the worklist
    priority. Without a provider every tenancy has no legal stage.

Letter link
    The documents app may register a function ``(item) -> url | None`` that gives the page
    where the letter of a worklist item with channel *brief* or *kaartje* is made. After
    making it, it calls ``services.worklist_item_complete(actor=…, item=…)``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any

from .engine import legal_rank

LegalStageProvider = Callable[[Collection[int], date], Mapping[int, str]]
LetterUrlProvider = Callable[[Any], "str | None"]

_legal_stage_providers: list[LegalStageProvider] = []
_letter_url_providers: list[LetterUrlProvider] = []


def register_legal_stage_provider(provider: LegalStageProvider) -> None:
    if provider not in _legal_stage_providers:
        _legal_stage_providers.append(provider)


def unregister_legal_stage_provider(provider: LegalStageProvider) -> None:
    if provider in _legal_stage_providers:
        _legal_stage_providers.remove(provider)


def legal_stages(tenancy_ids: Collection[int], on: date) -> dict[int, str]:
    """The furthest legal stage per tenancy over all providers (absent: none)."""
    found: dict[int, str] = {}
    if not tenancy_ids:
        return found
    for provider in _legal_stage_providers:
        for tenancy_id, stage in provider(tenancy_ids, on).items():
            if legal_rank(stage) > legal_rank(found.get(tenancy_id, "")):
                found[tenancy_id] = stage
    return found


def register_letter_url_provider(provider: LetterUrlProvider) -> None:
    if provider not in _letter_url_providers:
        _letter_url_providers.append(provider)


def unregister_letter_url_provider(provider: LetterUrlProvider) -> None:
    if provider in _letter_url_providers:
        _letter_url_providers.remove(provider)


def letter_url(item) -> str | None:
    for provider in _letter_url_providers:
        url = provider(item)
        if url:
            return url
    return None
