"""Administrator pages for norms: who may see them, adding and correcting values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from woonkans.audit.models import AuditEvent
from woonkans.norms import services
from woonkans.norms.models import NormTable, NormValue
from woonkans.norms.selectors import norm_value
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

ADMIN = Role.FUNCTIONEEL_BEHEERDER


def _paths():
    value = NormValue.objects.filter(table__code="wik_minimum").first()
    return [
        "/normen/",
        "/normen/wik_minimum/",
        "/normen/wik_minimum/nieuw/",
        f"/normen/waarde/{value.pk}/corrigeren/",
    ]


@pytest.mark.parametrize("role", [r for r in Role if r != ADMIN])
def test_other_roles_get_not_found_and_change_nothing(make_logged_in_client, role):
    client = make_logged_in_client(role)
    before = list(NormValue.objects.values_list("pk", "value", "source"))
    for path in _paths():
        assert client.get(path).status_code == 404, path
        response = client.post(
            path,
            {"valid_from": "2030-01-01", "value": "50", "source": "x", "reason": "x"},
        )
        assert response.status_code == 404, path
    assert list(NormValue.objects.values_list("pk", "value", "source")) == before
    assert not AuditEvent.objects.filter(object_type="norms.normvalue").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/normen/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_administrator_sees_tables_and_values(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    body = client.get("/normen/").content.decode()
    assert "wik_staffel" in body and "beslagvrije_voet_maximum" in body
    body = client.get("/normen/beslagvrije_voet_maximum/").content.decode()
    assert "€\u00a03.155,31" in body  # Dutch money notation
    assert "regelrecht-corpus" in body  # the source is shown


def test_amounts_and_bounds_in_english_money_notation(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = client.get("/normen/beslagvrije_voet_maximum/").content.decode()
    assert "€3,155.31" in body
    bands = client.get("/normen/wik_staffel/").content.decode()
    assert "€2,500.00 – €5,000.00" in bands  # the bounds of a band of the scale
    assert "€ 2,500" not in bands and "€ 2.500" not in bands


def test_adding_a_value_is_audited_and_used_from_its_date(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    response = client.post(
        "/normen/wik_minimum/nieuw/",
        {
            "valid_from": "2030-01-01",
            "key": "",
            "value": "45,00",
            "source": "Besluit (fictional test amendment)",
            "verified": "on",
        },
    )
    assert response.status_code == 302
    added = NormValue.objects.get(table__code="wik_minimum", valid_from=date(2030, 1, 1))
    assert added.value == D("45") and added.created_by == client.actor.user
    event = AuditEvent.objects.get(object_type="norms.normvalue", object_id=str(added.pk))
    assert event.action == "create"
    assert event.actor_user == client.actor.user
    assert "wik_minimum" in event.detail
    assert norm_value("wik_minimum", on=date(2029, 12, 31)).value == D("40")
    assert norm_value("wik_minimum", on=date(2030, 1, 1)).value == D("45")


def test_an_existing_value_is_never_overwritten_by_adding(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    response = client.post(
        "/normen/wik_minimum/nieuw/",
        {"valid_from": "2012-07-01", "key": "", "value": "99", "source": "Wrong"},
    )
    assert response.status_code == 200
    assert "already" in response.content.decode() or "al een" in response.content.decode()
    assert norm_value("wik_minimum", on=date(2013, 1, 1)).value == D("40")
    assert not AuditEvent.objects.filter(object_type="norms.normvalue").exists()


def test_bands_need_a_lower_bound(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    response = client.post(
        "/normen/wik_staffel/nieuw/",
        {"valid_from": "2030-01-01", "key": "1", "value": "15", "source": "x"},
    )
    assert response.status_code == 200
    assert not NormValue.objects.filter(valid_from=date(2030, 1, 1)).exists()


def test_correcting_a_value_needs_a_reason_and_is_audited(make_logged_in_client):
    client = make_logged_in_client(ADMIN)
    norm = NormValue.objects.get(
        table__code="beslagvrije_voet_maximum", key="alleenstaande", valid_from=date(2026, 1, 1)
    )
    path = f"/normen/waarde/{norm.pk}/corrigeren/"
    data = {
        "value": "2191.43",
        "source": norm.source,
        "verified": "on",
        "verification_note": "Checked against the official table.",
    }
    assert client.post(path, data).status_code == 200  # no reason
    norm.refresh_from_db()
    assert norm.value == D("2191.42")

    assert client.post(path, {**data, "reason": "official table"}).status_code == 302
    norm.refresh_from_db()
    assert norm.value == D("2191.43") and norm.verified
    assert norm.changed_by == client.actor.user and norm.changed_at is not None
    event = AuditEvent.objects.get(object_type="norms.normvalue", action="update")
    assert set(event.fields) == {"value", "verified", "verification_note"}
    assert "2191.4200->2191.43" in event.detail or "2191.42->2191.43" in event.detail
    assert "official table" in event.detail


def test_use_case_refuses_bounds_on_a_table_without_bands():
    actor = f.make_actor(role=ADMIN)
    table = NormTable.objects.get(code="wik_minimum")
    with pytest.raises(ValidationError):
        services.norm_value_add(
            actor=actor,
            table=table,
            valid_from=date(2030, 1, 1),
            value=D("45"),
            lower_bound=D("0"),
            source="x",
        )
    with pytest.raises(ValidationError):
        services.norm_value_add(
            actor=actor, table=table, valid_from=date(2030, 1, 1), value=D("-1"), source="x"
        )
