"""Use cases that change households, members, tenancies and involvements.

Each runs in one transaction, takes the acting :class:`Actor`, writes the audit log and the
household timeline. Edits use optimistic locking: the caller passes the ``version`` it saw,
and a change made in between is refused with :class:`EditConflict` instead of being
silently overwritten.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind
from woonkans.organisations.policy import FieldGroup

from .models import Household, Involvement, Person, Tenancy, TimelineEntry, normalize_postcode

PERSON_EDITABLE_FIELDS = ("first_name", "last_name", "date_of_birth", "relation", "phone", "email")


class EditConflict(Exception):
    """Someone else changed the record after the form was opened."""


def timeline_add(
    *,
    household: Household,
    kind: str,
    field_group: str,
    actor: Actor | None,
    summary: str = "",
    occurred_at=None,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        household=household,
        occurred_at=occurred_at or timezone.now(),
        kind=kind,
        summary=summary[:500],
        field_group=field_group,
        organisation=actor.organisation if actor else None,
        actor_label=actor.label if actor else "",
    )


def _next_reference() -> str:
    last = Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"HH-{last + 1:06d}"


@transaction.atomic
def household_create(*, actor: Actor, name: str, reference: str | None = None) -> Household:
    household = Household(name=name.strip(), reference=reference or _next_reference())
    household.full_clean()
    household.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=household, fields=["name"])
    timeline_add(
        household=household,
        kind="household.created",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
    )
    return household


@transaction.atomic
def person_add(
    *,
    actor: Actor,
    household: Household,
    first_name: str,
    last_name: str,
    relation: str,
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
) -> Person:
    person = Person(
        household=household,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        relation=relation,
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        email=email.strip(),
    )
    person.full_clean()
    person.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=person, fields=PERSON_EDITABLE_FIELDS)
    timeline_add(
        household=household,
        kind="person.added",
        field_group=FieldGroup.FAMILY,
        actor=actor,
        summary=person.get_relation_display(),
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, version: int, **changes) -> Person:
    unknown = set(changes) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise EditConflict(
            _(
                "Someone else changed this person's details in the meantime. "
                "Reload the page to see the current details, then make your change again."
            )
        )
    changed = [f for f, v in changes.items() if getattr(current, f) != v]
    if not changed:
        return current
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    updated = Person.objects.filter(pk=current.pk, version=version).update(
        **{f: getattr(current, f) for f in changed},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:  # pragma: no cover - guarded by the row lock above
        raise EditConflict(_("Someone else changed this person's details in the meantime."))
    current.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=changed)
    timeline_add(
        household=current.household,
        kind="person.changed",
        field_group=FieldGroup.FAMILY,
        actor=actor,
        summary=str(current.first_name),
    )
    return current


@transaction.atomic
def tenancy_create(
    *,
    actor: Actor,
    corporation: Organisation,
    household: Household,
    contract_number: str,
    start_date: date,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
    rent: Decimal,
    end_date: date | None = None,
    district: str = "",
) -> Tenancy:
    if corporation.kind != OrganisationKind.WONINGCORPORATIE:
        raise ValidationError(_("Only a housing corporation can own a tenancy."))
    if not isinstance(rent, Decimal):
        raise TypeError("rent must be a Decimal")
    tenancy = Tenancy(
        corporation=corporation,
        household=household,
        contract_number=contract_number.strip(),
        start_date=start_date,
        end_date=end_date,
        street=street.strip(),
        house_number=house_number.strip(),
        postcode=normalize_postcode(postcode),
        city=city.strip(),
        district=district.strip(),
        rent=rent,
    )
    tenancy.full_clean()
    tenancy.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=tenancy,
        fields=["contract_number", "address", "rent", "start_date"],
    )
    timeline_add(
        household=household,
        kind="tenancy.created",
        field_group=FieldGroup.TENANCY,
        actor=actor,
        summary=tenancy.contract_number,
        occurred_at=timezone.now(),
    )
    return tenancy


@transaction.atomic
def involvement_open(
    *,
    actor: Actor | None,
    household: Household,
    organisation: Organisation,
    kind: str,
    reason: str = "",
    source_type: str = "",
    source_id: str = "",
) -> Involvement:
    """Give an organisation access to a household. Opening the same involvement twice
    returns the open one (idempotent)."""
    existing = Involvement.objects.filter(
        household=household,
        organisation=organisation,
        kind=kind,
        source_type=source_type,
        source_id=source_id,
        closed_at__isnull=True,
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            involvement = Involvement.objects.create(
                household=household,
                organisation=organisation,
                kind=kind,
                reason=reason,
                source_type=source_type,
                source_id=source_id,
                opened_at=timezone.now(),
            )
    except IntegrityError:
        return Involvement.objects.get(
            household=household,
            organisation=organisation,
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            closed_at__isnull=True,
        )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=involvement, fields=["kind"])
    timeline_add(
        household=household,
        kind="involvement.opened",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=f"{organisation.name}: {involvement.get_kind_display()}",
    )
    return involvement


@transaction.atomic
def involvement_close(*, actor: Actor | None, involvement: Involvement) -> Involvement:
    updated = Involvement.objects.filter(pk=involvement.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    involvement.refresh_from_db()
    if updated:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=involvement, fields=["closed_at"])
        timeline_add(
            household=involvement.household,
            kind="involvement.closed",
            field_group=FieldGroup.IDENTITY,
            actor=actor,
            summary=f"{involvement.organisation.name}: {involvement.get_kind_display()}",
        )
    return involvement
