"""Use cases that create organisations and memberships.

Each runs in one transaction and writes the audit log. ``actor`` is ``None`` when the
change comes from the command line or the demo loader (no person acts for an organisation
there); the audit event is then recorded under the purpose "beheer".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record

from .actor import Actor
from .models import ExternalPartyKind, Membership, Organisation, OrganisationKind, Role

ORGANISATION_FIELDS = (
    "kind",
    "external_kind",
    "name",
    "slug",
    "city",
    "number_of_homes",
    "has_budget_management_team",
)


@transaction.atomic
def organisation_create(
    *,
    actor: Actor | None,
    kind: str,
    name: str,
    slug: str,
    external_kind: str = "",
    city: str = "",
    number_of_homes: int | None = None,
    has_budget_management_team: bool = False,
) -> Organisation:
    """Register an organisation. A slug that is already taken is refused.

    ``external_kind`` is only for external parties and defaults to "overig" for them;
    ``number_of_homes`` only for housing corporations.
    """
    if kind not in OrganisationKind.values:
        raise ValidationError(
            {"kind": _("Unknown kind of organisation: %(kind)s") % {"kind": kind}}
        )
    if kind == OrganisationKind.EXTERN:
        external_kind = external_kind or ExternalPartyKind.OVERIG
    elif external_kind:
        raise ValidationError(
            {"external_kind": _("Only an external party has a kind of external party.")}
        )
    if number_of_homes is not None and kind != OrganisationKind.WONINGCORPORATIE:
        raise ValidationError(
            {"number_of_homes": _("Only a housing corporation has a number of homes.")}
        )
    organisation = Organisation(
        kind=kind,
        external_kind=external_kind,
        name=name.strip(),
        slug=slug.strip(),
        city=city.strip(),
        number_of_homes=number_of_homes,
        has_budget_management_team=has_budget_management_team,
    )
    # The unique slug is guarded by the database, not by a check before the insert.
    organisation.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "slug": _("An organisation with the short name %(slug)s already exists.")
                % {"slug": organisation.slug}
            }
        ) from exc
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=organisation, fields=ORGANISATION_FIELDS
    )
    return organisation


@transaction.atomic
def membership_add(
    *, actor: Actor | None, user, organisation: Organisation, role: str
) -> Membership:
    """Let ``user`` work for ``organisation`` in ``role``.

    Idempotent: an active membership with the same role is returned unchanged; an
    inactive one is reactivated.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            fields=["user", "organisation", "role"],
        )
    elif not membership.is_active:
        Membership.objects.filter(pk=membership.pk).update(is_active=True)
        membership.is_active = True
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=membership, fields=["is_active"])
    return membership
