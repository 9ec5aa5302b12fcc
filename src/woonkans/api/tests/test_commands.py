from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from woonkans.api.models import ApiClient, hash_token
from woonkans.audit.models import AuditEvent
from woonkans.organisations.models import Membership, Organisation, Role
from woonkans.organisations.services import membership_add
from woonkans.testing import factories as f

from .conftest import bearer

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_create_organisation_registers_it_and_audits_without_a_person():
    run(
        "create_organisation",
        "--kind",
        "woningcorporatie",
        "--name",
        "Woonstichting Nieuw",
        "--slug",
        "ws-nieuw",
        "--homes",
        "12000",
        "--budget-team",
    )

    org = Organisation.objects.get(slug="ws-nieuw")
    assert (org.kind, org.name, org.number_of_homes, org.has_budget_management_team) == (
        "woningcorporatie",
        "Woonstichting Nieuw",
        12000,
        True,
    )
    event = AuditEvent.objects.get(object_type="organisations.organisation", object_id=str(org.pk))
    assert (event.action, event.actor_user_id, event.organisation_id) == ("create", None, None)


def test_create_organisation_refuses_an_existing_slug_and_changes_nothing(corporation):
    with pytest.raises(CommandError, match="ws-test"):
        run(
            "create_organisation", "--kind", "gemeente", "--name", "Gemeente X", "--slug", "ws-test"
        )

    assert Organisation.objects.filter(slug="ws-test").get().name == "Woonstichting Test"
    assert not AuditEvent.objects.exists()


def test_external_party_gets_its_kind_and_defaults_to_overig(db):
    run(
        "create_organisation",
        "--kind",
        "extern",
        "--name",
        "Bewind BV",
        "--slug",
        "bewind",
        "--external-kind",
        "bewindvoerder",
    )
    run("create_organisation", "--kind", "extern", "--name", "Iemand", "--slug", "iemand")

    assert Organisation.objects.get(slug="bewind").external_kind == "bewindvoerder"
    assert Organisation.objects.get(slug="iemand").external_kind == "overig"


@pytest.mark.parametrize(
    "extra",
    [
        ["--kind", "gemeente", "--external-kind", "deurwaarder"],
        ["--kind", "gemeente", "--homes", "5"],
    ],
)
def test_create_organisation_refuses_details_that_do_not_fit_the_kind(db, extra):
    with pytest.raises(CommandError):
        run("create_organisation", "--name", "Gemeente X", "--slug", "gem-x", *extra)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("woningcorporatie", "incassomedewerker"),
        ("zorgorganisatie", "woonbegeleider"),
        ("gemeente", "wijkconsulent"),
        ("schuldhulpverlening", "financieel_consulent"),
    ],
)
def test_create_api_client_prints_a_working_token_alone_on_the_last_line(db, kind, role):
    org = f.OrganisationFactory(kind=kind, slug=f"org-{kind}")

    lines = run("create_api_client", "--organisation", org.slug)

    token = lines[-1]
    assert token == token.strip() and " " not in token and len(lines) > 1
    me = bearer(token).get("/api/v1/organisations/me/")
    assert me.status_code == 200
    assert me.json()["organisation"]["slug"] == org.slug
    assert me.json()["role"] == role
    assert me.json()["client"]["name"] == f"org-{kind}-client"


def test_create_api_client_stores_only_the_hash(corporation):
    token = run(
        "create_api_client",
        "--organisation",
        "ws-test",
        "--name",
        "Koppeling",
        "--role",
        "woonconsulent",
    )[-1]

    client = ApiClient.objects.get()
    assert (client.name, client.role) == ("Koppeling", "woonconsulent")
    assert client.token_hash == hash_token(token)
    assert token not in str(ApiClient.objects.values().get())
    assert AuditEvent.objects.filter(object_type="api.apiclient", action="create").count() == 1


def test_external_party_needs_an_explicit_role(db):
    org = f.OrganisationFactory(kind="extern", external_kind="deurwaarder", slug="dw")

    with pytest.raises(CommandError, match="--role"):
        run("create_api_client", "--organisation", "dw")
    assert not ApiClient.objects.exists()

    token = run("create_api_client", "--organisation", org.slug, "--role", "incassomedewerker")[-1]
    assert bearer(token).get("/api/v1/organisations/me/").status_code == 200


def test_create_api_client_for_an_unknown_organisation_fails(db):
    with pytest.raises(CommandError, match="nope"):
        run("create_api_client", "--organisation", "nope")


def test_revoke_api_client_stops_the_token(corporation):
    token = run("create_api_client", "--organisation", "ws-test")[-1]
    client = ApiClient.objects.get()

    run("revoke_api_client", "--id", str(client.pk))

    assert bearer(token).get("/api/v1/organisations/me/").status_code == 401
    with pytest.raises(CommandError):
        run("revoke_api_client", "--id", "999999")


def test_membership_add_is_idempotent_and_reactivates(corporation):
    user = f.UserFactory()

    first = membership_add(actor=None, user=user, organisation=corporation, role=Role.WOONCONSULENT)
    again = membership_add(actor=None, user=user, organisation=corporation, role=Role.WOONCONSULENT)
    Membership.objects.filter(pk=first.pk).update(is_active=False)
    back = membership_add(actor=None, user=user, organisation=corporation, role=Role.WOONCONSULENT)

    assert first.pk == again.pk == back.pk
    assert back.is_active and Membership.objects.get(pk=first.pk).is_active
    assert list(
        AuditEvent.objects.filter(object_type="organisations.membership")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update"]
    with pytest.raises(ValidationError):
        membership_add(actor=None, user=user, organisation=corporation, role="baas")
