"""Signal receivers: generate due items right after a trajectory transition commits."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def on_transitioned(sender, trajectory, **kwargs) -> None:
    pk = trajectory.pk
    transaction.on_commit(lambda: sync_after_commit(pk))


def sync_after_commit(trajectory_pk: int) -> None:
    from woonkans.trajectories.models import Trajectory

    from .services import due_items_sync

    try:
        trajectory = Trajectory.objects.get(pk=trajectory_pk)
        due_items_sync(trajectory=trajectory)
    except Exception:  # the transition is committed; the daily job catches up
        logger.exception(
            "Generating due items after a transition failed (trajectory %s)", trajectory_pk
        )
