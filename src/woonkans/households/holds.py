"""Eviction holds: periods in which the eviction route of a tenancy is paused.

A last-chance trajectory keeps the household in its home on conditions; while it runs, the
corporation does not take the eviction route further (no new hand-over to a bailiff, no
summons, no eviction notice or execution) and its collection steps pause. When the
trajectory ends without success (declined, not admitted, ended for non-cooperation) the
route resumes from that date.

The area that owns a kind of hold registers a *provider* in its ``AppConfig.ready()``; the
collection run and the legal route ask this module, so neither imports the trajectory app::

    from woonkans.households.holds import register_hold_provider

    def trajectory_holds(*, tenancy_ids=None, corporation_id=None):
        return {tenancy_id: [EvictionHold(...), ...], ...}

    register_hold_provider(trajectory_holds)

A provider returns every hold period (running and ended) of the tenancies asked for: either
the tenancies in ``tenancy_ids`` or all tenancies of ``corporation_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

__all__ = [
    "EvictionHold",
    "covering",
    "hold_on",
    "holds_by_tenancy",
    "holds_on",
    "register_hold_provider",
    "unregister_hold_provider",
]


@dataclass(frozen=True)
class EvictionHold:
    """One period in which the eviction route of a tenancy is on hold.

    ``since`` is the first day of the hold; ``until`` the day the route resumes (the hold
    covers the days before it), or ``None`` while the hold lasts. ``resumes`` says whether
    the eviction route picks up again at the end (the trajectory failed or was declined)
    rather than ending because the household no longer needs it.
    """

    tenancy_id: int
    since: date
    until: date | None
    reason: str
    end_reason: str = ""
    resumes: bool = False
    url: str = ""

    def covers(self, on: date) -> bool:
        return self.since <= on and (self.until is None or on < self.until)

    @property
    def is_running(self) -> bool:
        return self.until is None


HoldProvider = Callable[..., Mapping[int, list[EvictionHold]]]

_providers: list[HoldProvider] = []


def register_hold_provider(provider: HoldProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_hold_provider(provider: HoldProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def holds_by_tenancy(
    *, tenancy_ids: Collection[int] | None = None, corporation_id: int | None = None
) -> dict[int, list[EvictionHold]]:
    """Every hold period per tenancy (oldest first) over all providers."""
    if tenancy_ids is None and corporation_id is None:
        raise ValueError("Give tenancy_ids or corporation_id.")
    if tenancy_ids is not None and not tenancy_ids:
        return {}
    found: dict[int, list[EvictionHold]] = {}
    for provider in _providers:
        for tenancy_id, holds in provider(
            tenancy_ids=tenancy_ids, corporation_id=corporation_id
        ).items():
            found.setdefault(tenancy_id, []).extend(holds)
    for holds in found.values():
        holds.sort(key=lambda h: h.since)
    return found


def covering(holds: list[EvictionHold], on: date) -> EvictionHold | None:
    """The hold among ``holds`` in force on ``on``, if any."""
    return next((h for h in holds if h.covers(on)), None)


def holds_on(
    on: date, *, tenancy_ids: Collection[int] | None = None, corporation_id: int | None = None
) -> dict[int, EvictionHold]:
    """The hold in force on ``on`` per tenancy; tenancies without one are left out."""
    result: dict[int, EvictionHold] = {}
    for tenancy_id, holds in holds_by_tenancy(
        tenancy_ids=tenancy_ids, corporation_id=corporation_id
    ).items():
        current = covering(holds, on)
        if current is not None:
            result[tenancy_id] = current
    return result


def hold_on(tenancy_id: int, on: date) -> EvictionHold | None:
    return holds_on(on, tenancy_ids=[tenancy_id]).get(tenancy_id)
