"""Reading the audit log (for the functioneel beheerder)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_search(
    *,
    actor_label: str = "",
    organisation_id: int | None = None,
    action: str = "",
    purpose: str = "",
    household_id: int | None = None,
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if actor_label:
        events = events.filter(actor_label__icontains=actor_label)
    if organisation_id:
        events = events.filter(organisation_id=organisation_id)
    if action:
        events = events.filter(action=action)
    if purpose:
        events = events.filter(purpose=purpose)
    if household_id:
        events = events.filter(household_id=household_id)
    if object_type:
        events = events.filter(
            Q(object_type=object_type) | Q(object_type__endswith=f".{object_type}")
        )
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(occurred_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events.order_by("-occurred_at", "-pk")
