"""Signals of the trajectory app.

``transitioned`` is sent by :func:`woonkans.trajectories.services.trajectory_transition`
after a state change was recorded (inside the same transaction), with the keyword
arguments ``trajectory``, ``from_state``, ``to_state``, ``on_date`` and ``actor``. The tasks
app listens to generate due items. Receivers that raise are logged and do not block the
transition.
"""

from __future__ import annotations

from django.dispatch import Signal

transitioned = Signal()
