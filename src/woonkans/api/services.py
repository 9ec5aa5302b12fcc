"""Use cases for API clients: create one (the token is returned once) and revoke one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role

from .models import ApiClient, hash_token

# The role an API client gets when none is given: the role whose work a system of that
# kind of organisation typically supports. External parties (bailiffs, protective
# administrators, others) differ too much: their role must be chosen deliberately.
DEFAULT_ROLE_BY_KIND: dict[str, str] = {
    OrganisationKind.WONINGCORPORATIE: Role.INCASSOMEDEWERKER,
    OrganisationKind.ZORGORGANISATIE: Role.WOONBEGELEIDER,
    OrganisationKind.GEMEENTE: Role.WIJKCONSULENT,
    OrganisationKind.SCHULDHULPVERLENING: Role.FINANCIEEL_CONSULENT,
}


def default_role_for(kind: str) -> str | None:
    """The default role for a client of an organisation of ``kind``; ``None`` if the
    role must be given explicitly."""
    return DEFAULT_ROLE_BY_KIND.get(kind)


@transaction.atomic
def api_client_create(
    *, actor: Actor | None, organisation: Organisation, role: str, name: str
) -> tuple[ApiClient, str]:
    """Create an API client and return it with its token.

    Only the token's hash is stored: the returned token cannot be recovered later.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if not organisation.is_active:
        raise ValidationError({"organisation": _("The organisation is not active.")})
    token = ApiClient.new_token()
    client = ApiClient(
        name=name.strip(), organisation=organisation, role=role, token_hash=hash_token(token)
    )
    client.full_clean()
    client.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=client, fields=["name", "organisation", "role"]
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, actor: Actor | None, client: ApiClient) -> ApiClient:
    """Revoke a client: its token is refused from the next request on. Idempotent."""
    updated = ApiClient.objects.filter(pk=client.pk, is_active=True).update(is_active=False)
    client.refresh_from_db()
    if updated:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=client, fields=["is_active"])
    return client
