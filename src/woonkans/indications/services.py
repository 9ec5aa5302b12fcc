"""Use cases of indications: issue, change and end. Only the social team's wijkconsulent
(``access.may_manage``). Each writes the audit log and the household timeline (care field
group: the corporation does not see the product or hours there)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.services import EditConflict, timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup
from woonkans.trajectories.models import Trajectory

from . import rules
from .access import may_manage
from .models import Indication, IndicationActivity, IndicationSettings

EDITABLE_FIELDS = (
    "legal_basis",
    "product",
    "product_category",
    "product_code",
    "start_date",
    "end_date",
)

Activities = Sequence[tuple[str, Decimal]]


def _check_activities(activities: Activities) -> list[tuple[str, Decimal]]:
    rows = [(name.strip(), hours) for name, hours in activities if name.strip()]
    if not rows:
        raise ValidationError(_("Enter at least one activity with its hours per week."))
    for _name, hours in rows:
        if hours is None or hours <= 0:
            raise ValidationError(_("Each activity needs a number of hours above zero."))
    return rows


def _save_activities(indication: Indication, rows: list[tuple[str, Decimal]]) -> None:
    indication.activities.all().delete()
    IndicationActivity.objects.bulk_create(
        IndicationActivity(indication=indication, activity=name, hours_per_week=hours, position=i)
        for i, (name, hours) in enumerate(rows)
    )


def _summary(indication: Indication, rows) -> str:
    total = rules.total_hours(h for _n, h in rows)
    return _("%(basis)s, %(hours)s hours per week, %(start)s to %(end)s") % {
        "basis": indication.get_legal_basis_display(),
        "hours": total.normalize(),
        "start": indication.start_date.strftime("%d-%m-%Y"),
        "end": indication.end_date.strftime("%d-%m-%Y"),
    }


@transaction.atomic
def indication_create(
    *,
    actor: Actor,
    trajectory: Trajectory,
    legal_basis: str,
    product: str,
    start_date: date,
    end_date: date,
    activities: Activities,
    product_category: str = "",
    product_code: str = "",
) -> Indication:
    if not may_manage(actor, trajectory):
        raise PermissionDenied
    rows = _check_activities(activities)
    indication = Indication(
        trajectory=trajectory,
        issued_by=actor.organisation,
        legal_basis=legal_basis,
        product=product.strip(),
        product_category=product_category.strip(),
        product_code=product_code.strip(),
        start_date=start_date,
        end_date=end_date,
        created_by=actor.user,
    )
    _validate_dates(indication)
    indication.full_clean()
    indication.save()
    _save_activities(indication, rows)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=indication,
        household_id=trajectory.household_id,
        fields=[*EDITABLE_FIELDS, "activities"],
    )
    timeline_add(
        household=trajectory.household,
        kind="indication.issued",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_summary(indication, rows),
    )
    return indication


def _validate_dates(indication: Indication) -> None:
    if (
        indication.start_date
        and indication.end_date
        and indication.end_date < indication.start_date
    ):
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


def _lock(indication: Indication, version: int) -> Indication:
    current = Indication.objects.select_for_update().get(pk=indication.pk)
    if current.version != version:
        raise EditConflict(
            _(
                "Someone else changed this indication in the meantime. Reload the page to "
                "see the current indication, then make your change again."
            )
        )
    return current


@transaction.atomic
def indication_update(
    *, actor: Actor, indication: Indication, version: int, activities: Activities, **changes
) -> Indication:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if not may_manage(actor, indication.trajectory):
        raise PermissionDenied
    current = _lock(indication, version)
    rows = _check_activities(activities)
    old_rows = [(a.activity, a.hours_per_week) for a in current.activities.all()]
    changed = [f for f, v in changes.items() if getattr(current, f) != v]
    for field in changed:
        setattr(current, field, changes[field])
    if old_rows != rows:
        changed.append("activities")
    if not changed:
        return current
    _validate_dates(current)
    current.full_clean()
    current.save()
    Indication.objects.filter(pk=current.pk).update(version=F("version") + 1)
    _save_activities(current, rows)
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        household_id=current.trajectory.household_id,
        fields=changed,
    )
    timeline_add(
        household=current.trajectory.household,
        kind="indication.changed",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_summary(current, rows),
    )
    return current


@transaction.atomic
def indication_end(
    *, actor: Actor, indication: Indication, version: int, ended_on: date, reason: str
) -> Indication:
    """End an indication before its end date; ``ended_on`` is its last valid day."""
    if not may_manage(actor, indication.trajectory):
        raise PermissionDenied
    current = _lock(indication, version)
    if current.ended_on is not None:
        raise ValidationError(_("This indication has already been ended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for ending the indication.")})
    if ended_on < current.start_date or ended_on > current.end_date:
        raise ValidationError(
            {"ended_on": _("The last day must lie between the start and end date.")}
        )
    current.ended_on, current.end_reason = ended_on, reason.strip()
    current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    Indication.objects.filter(pk=current.pk).update(version=F("version") + 1)
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        household_id=current.trajectory.household_id,
        fields=["ended_on", "end_reason"],
    )
    timeline_add(
        household=current.trajectory.household,
        kind="indication.ended",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_("Indication ended; last day %(day)s") % {"day": ended_on.strftime("%d-%m-%Y")},
    )
    return current


@transaction.atomic
def indication_settings_save(*, actor: Actor, warn_days_before_end: int) -> IndicationSettings:
    """The organisation's setting for the "indication ending" warning."""
    settings, _created = IndicationSettings.objects.get_or_create(organisation=actor.organisation)
    settings.warn_days_before_end = warn_days_before_end
    settings.full_clean()
    settings.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=settings, fields=["warn_days_before_end"]
    )
    return settings
