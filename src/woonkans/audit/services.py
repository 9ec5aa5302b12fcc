"""Writing the audit log. Use cases call :func:`audit_record` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from woonkans.organisations.actor import Actor

from .models import AuditAction, AuditEvent


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    household_id: int | None = None,
    fields: Iterable[str] = (),
    detail: str = "",
    purpose: str | None = None,
    request_path: str = "",
    user=None,
    label: str | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` may be ``None`` for login events before a choice of
    organisation; then ``user`` names the person. ``label`` overrides who is shown (for
    example empty for a failed login with an unknown user name); without actor, user or
    label the event is the system's own."""
    if household_id is None and obj is not None:
        household_id = _household_id_of(obj)
    person = actor.user if actor is not None else user
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor_user=person if getattr(person, "pk", None) else None,
        actor_label=actor.label
        if actor is not None
        else (person.get_username() if person is not None else "system"),
        organisation=actor.organisation if actor is not None else None,
        organisation_name=actor.organisation.name if actor is not None else "",
        role=actor.role if actor is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        household_id=household_id,
        purpose=purpose or (actor.purpose if actor is not None else "beheer"),
        fields=sorted(fields),
        detail=detail[:255],
        request_path=request_path.split("?", 1)[0][:255],
    )


def audit_view(*, actor: Actor, obj: models.Model, request_path: str = "") -> AuditEvent:
    return audit_record(actor=actor, action=AuditAction.VIEW, obj=obj, request_path=request_path)


def _label(actor: Actor | None, person) -> str:
    if actor is not None:
        return actor.label
    if person is not None:
        return person.get_username()
    return "system"


def _household_id_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "households.household":
        return obj.pk
    return getattr(obj, "household_id", None)
