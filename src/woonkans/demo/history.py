"""Timeline moments of the demo's history.

The demo plays months of history through the use cases. Some use cases stamp their
household timeline entry with the moment they run (a step registered today about a verdict
of last year); in real use that is right, but a demo loaded in one go would then show the
whole history as happening at load time. :func:`dated` gives the entries written inside it
the moment the event happened instead. Entries a use case dates itself (a trajectory step,
a member from a date) are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

from woonkans.households.models import TimelineEntry

#: The hour of day an event of a past day is put at (as the trajectory app does).
NOON = time(12, 0)


def moment(on_date: date, at: time = NOON) -> datetime:
    """The timeline moment of something that happened on ``on_date``: ``at`` o'clock that
    day, or now when ``on_date`` is today."""
    if on_date >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on_date, at))


@contextmanager
def dated(on_date: date, at: time = NOON) -> Iterator[None]:
    """Timeline entries written inside the block with the moment of loading get the moment
    of ``on_date`` (see :func:`moment`)."""
    last = TimelineEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = timezone.now()
    yield
    if on_date >= timezone.localdate():
        return
    TimelineEntry.objects.filter(pk__gt=last, occurred_at__gte=started).update(
        occurred_at=moment(on_date, at)
    )


def backdate(obj: models.Model, on_date: date, *fields: str, at: time = NOON) -> None:
    """Give the record's load-time stamps (``created_at``, ``opened_at``...) the moment of
    ``on_date``, so the record says when it happened in the demo story."""
    if on_date >= timezone.localdate():
        return
    when = moment(on_date, at)
    type(obj).objects.filter(pk=obj.pk).update(**dict.fromkeys(fields, when))
    for name in fields:
        setattr(obj, name, when)
