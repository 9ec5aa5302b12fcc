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

Run extensions
    Other areas may add work to the daily collection run of a corporation, e.g. the legal
    app keeps prompting contact attempts after a verdict::

        register_run_extension(lambda *, actor, corporation, run_date: {"prompts": 3})

    Each extension runs inside the run's transaction and returns counts for its report.

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
RunExtension = Callable[..., Mapping[str, int]]

_legal_stage_providers: list[LegalStageProvider] = []
_letter_url_providers: list[LetterUrlProvider] = []
_run_extensions: list[RunExtension] = []


def register_run_extension(extension: RunExtension) -> None:
    if extension not in _run_extensions:
        _run_extensions.append(extension)


def run_extensions(*, actor, corporation, run_date: date) -> dict[str, int]:
    """Run every registered extension of the daily run; their counts summed."""
    counts: dict[str, int] = {}
    for extension in _run_extensions:
        for key, value in extension(
            actor=actor, corporation=corporation, run_date=run_date
        ).items():
            counts[key] = counts.get(key, 0) + value
    return counts


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
