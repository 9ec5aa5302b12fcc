"""Use cases that change norm values. Each writes the audit log in its transaction.

Values are never overwritten silently:

* a new amount from a new date is a new row (:func:`norm_value_add`); a row for the same
  table, key and date is refused;
* a mistake in an existing row (a typo, a better source, a value now verified) is an
  explicit correction (:func:`norm_value_correct`) with a reason, whose old and new values
  go into the audit log.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.organisations.actor import Actor

from .models import NormTable, NormValue

DUPLICATE_MESSAGE = _lazy(
    "There already is a value for this key from this date. Correct that value instead."
)

CORRECTABLE_FIELDS = (
    "value",
    "lower_bound",
    "upper_bound",
    "source",
    "verified",
    "verification_note",
)


def _check_amounts(
    table: NormTable, value: Decimal, lower_bound: Decimal | None, upper_bound: Decimal | None
) -> None:
    if value < 0:
        raise ValidationError({"value": _("A norm is never negative.")})
    if not table.uses_bounds:
        if lower_bound is not None or upper_bound is not None:
            raise ValidationError(_("This table has no bounds; leave them empty."))
        return
    if lower_bound is None:
        raise ValidationError({"lower_bound": _("A band needs a lower bound.")})
    if upper_bound is not None and upper_bound <= lower_bound:
        raise ValidationError({"upper_bound": _("The upper bound must be above the lower bound.")})


def _describe(value: NormValue) -> str:
    key = f" [{value.key}]" if value.key else ""
    return f"{value.table.code}{key} {value.valid_from.isoformat()}"


@transaction.atomic
def norm_value_add(
    *,
    actor: Actor,
    table: NormTable,
    valid_from: date,
    key: str = "",
    value: Decimal,
    lower_bound: Decimal | None = None,
    upper_bound: Decimal | None = None,
    source: str,
    verified: bool = True,
    verification_note: str = "",
) -> NormValue:
    """Add a value of ``table`` for ``key`` from ``valid_from`` on.

    Refuses a second value for the same table, key and date: that would be a correction.
    """
    key = key.strip()
    _check_amounts(table, value, lower_bound, upper_bound)
    if NormValue.objects.filter(table=table, key=key, valid_from=valid_from).exists():
        raise ValidationError(DUPLICATE_MESSAGE)
    norm = NormValue(
        table=table,
        valid_from=valid_from,
        key=key,
        value=value,
        lower_bound=lower_bound,
        upper_bound=upper_bound,
        source=source.strip(),
        verified=verified,
        verification_note=verification_note.strip(),
        created_by=actor.user,
    )
    norm.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            norm.save()
    except IntegrityError:  # the same value added at the same moment by someone else
        raise ValidationError(DUPLICATE_MESSAGE) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=norm,
        fields=["valid_from", "key", "value", "lower_bound", "upper_bound", "source", "verified"],
        detail=f"{_describe(norm)}: {norm.value}",
    )
    return norm


@transaction.atomic
def norm_value_correct(
    *,
    actor: Actor,
    norm: NormValue,
    reason: str,
    **changes,
) -> NormValue:
    """Correct fields of an existing value (see ``CORRECTABLE_FIELDS``), with a reason.

    The table, key and date cannot be corrected: add a new value instead. Old and new
    values of the changed fields go into the audit log (norms are not personal data).
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot correct {sorted(unknown)}.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the value is corrected.")})
    norm = NormValue.objects.select_for_update().select_related("table").get(pk=norm.pk)
    changed = []
    parts = []
    for field, new in changes.items():
        if isinstance(new, str):
            new = new.strip()
        old = getattr(norm, field)
        if old != new:
            changed.append(field)
            if field in ("value", "lower_bound", "upper_bound", "verified"):
                parts.append(f"{field} {old}->{new}")
            setattr(norm, field, new)
    if not changed:
        return norm
    _check_amounts(norm.table, norm.value, norm.lower_bound, norm.upper_bound)
    norm.changed_by = actor.user
    norm.changed_at = timezone.now()
    norm.full_clean()
    norm.save()
    detail = f"{_describe(norm)}: {'; '.join(parts)}"
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=norm,
        fields=changed,
        detail=f"{detail} ({reason})",
    )
    return norm
