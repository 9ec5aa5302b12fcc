from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from woonkans.audit.models import AuditAction, AuditEvent
from woonkans.audit.selectors import audit_search
from woonkans.audit.services import audit_record
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    actor = kwargs.pop("actor", None) or f.make_actor(Role.INCASSOMEDEWERKER)
    return audit_record(actor=actor, action=AuditAction.VIEW, **kwargs)


def test_event_records_who_for_whom_what_and_why(household, corporation):
    actor = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    event = audit_record(actor=actor, action=AuditAction.UPDATE, obj=household, fields=["name"])
    assert event.actor_user == actor.user
    assert event.actor_label == actor.user.username
    assert event.organisation == corporation
    assert event.organisation_name == corporation.name
    assert event.role == Role.INCASSOMEDEWERKER
    assert event.object_type == "households.household"
    assert event.object_id == str(household.pk)
    assert event.household_id == household.pk
    assert event.purpose == "huurincasso"
    assert event.fields == ["name"]


def test_event_of_a_member_is_linked_to_the_household(household):
    person = household.members.first()
    event = _event(obj=person)
    assert event.household_id == household.pk


def test_request_path_is_stored_without_query_string():
    event = _event(request_path="/huishoudens/?q=Jansen")
    assert event.request_path == "/huishoudens/"


def test_model_refuses_update_and_delete():
    event = _event()
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_database_refuses_update_even_bypassing_the_model():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row delete trigger is PostgreSQL")
def test_postgres_refuses_delete():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_search_filters(household, corporation):
    actor = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    other = f.make_actor(Role.WOONBEGELEIDER)
    audit_record(actor=actor, action=AuditAction.VIEW, obj=household)
    audit_record(actor=other, action=AuditAction.CREATE, obj=other.organisation)
    assert audit_search(household_id=household.pk).count() == 1
    assert audit_search(action="create").get().actor_label == other.user.username
    assert audit_search(organisation_id=corporation.pk).count() == 1
    assert audit_search(actor_label=actor.user.username[:5]).count() >= 1
    assert audit_search(purpose="laatste_kans").count() == 1


def test_audit_page_only_for_functioneel_beheerder(make_logged_in_client, household):
    admin = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER)
    response = admin.get("/audit/", {"household_id": household.pk})
    assert response.status_code == 200
    for role in (Role.INCASSOMEDEWERKER, Role.COORDINATOR, Role.BELEIDSMEDEWERKER):
        assert make_logged_in_client(role).get("/audit/").status_code == 404


def test_audit_page_rejects_reversed_dates(make_logged_in_client):
    admin = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER)
    response = admin.get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert response.context["form"].errors
