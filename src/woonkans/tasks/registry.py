"""Completion registry: other apps mark due items done from their own data.

An app registers, in its ``AppConfig.ready()``, a function per due-item kind::

    from woonkans.tasks.registry import register_completion

    def quarterly_summary_done(item) -> date | None:
        # the date the summary for item.period_key was sent, or None
        ...

    register_completion("quarterly_report", quarterly_summary_done)

Every synchronisation (after a trajectory transition, and daily) asks the registered
functions about each open item of that kind; the first that returns a date marks the item
done on that date (``done_source`` = the function's module). Functions must be read-only
and cheap (one query).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

Completion = Callable[[Any], date | None]

_COMPLETIONS: dict[str, list[Completion]] = {}


def register_completion(kind: str, fn: Completion) -> None:
    functions = _COMPLETIONS.setdefault(kind, [])
    if fn not in functions:
        functions.append(fn)


def completions_for(kind: str) -> list[Completion]:
    return list(_COMPLETIONS.get(kind, ()))


def completion_of(item) -> tuple[date, str] | None:
    """The date the item was completed according to another app's data, and by which."""
    for fn in completions_for(item.kind):
        done_on = fn(item)
        if done_on is not None:
            return done_on, getattr(fn, "__module__", "registry").rsplit(".", 2)[-2]
    return None
