from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.accounts.models import User
from woonkans.audit.models import AuditEvent
from woonkans.demo import data
from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.demo.services import demo_load
from woonkans.households.access import households_visible_to
from woonkans.households.models import Household, Involvement, Person, Tenancy, TimelineEntry
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
PILOT_REFERENCES = {
    "DL-PILOT-A",
    "DL-PILOT-B",
    "DL-PILOT-C",
    "DL-PILOT-D",
    "DL-PILOT-E",
    "RL-PILOT-F",
}


@pytest.fixture
def demo(db):
    demo_load(today=TODAY)


def actor_of(username: str, role: str | None = None) -> Actor:
    memberships = Membership.objects.select_related("organisation", "user").filter(
        user__username=username
    )
    if role:
        memberships = memberships.filter(role=role)
    membership = memberships.get()
    return Actor(organisation=membership.organisation, role=membership.role, user=membership.user)


def visible_references(username: str, role: str | None = None) -> set[str]:
    return set(households_visible_to(actor_of(username, role)).values_list("reference", flat=True))


def counts() -> dict[str, int]:
    models = (
        Organisation, User, Membership, Household, Person, Tenancy, Involvement,
        TimelineEntry, AuditEvent,
    )  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def test_loading_twice_changes_nothing(db):
    first = demo_load(today=TODAY)
    after_first = counts()
    second = demo_load(today=TODAY)

    assert first.anything_created
    assert (first.organisations, first.pilot_households, first.background_households) == (
        7,
        6,
        500,
    )
    assert not second.anything_created
    assert counts() == after_first
    assert after_first["Household"] == 506


@override_settings(LANGUAGE_CODE="en")
def test_command_loads_then_reports_nothing_new_and_lists_the_users(db):
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "6 pilot households" in first.getvalue()
    assert "nothing changed" in second.getvalue()
    printed = second.getvalue().split()
    assert all(spec.username in printed for spec in data.USERS)
    assert Household.objects.count() == 506


@override_settings(DEMO=False)
def test_command_refuses_outside_the_demo(db):
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_every_role_has_a_user_who_enrols_at_first_login(demo):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    users = User.objects.all()
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert not TOTPDevice.objects.exists()
    coordinator_roles = set(
        Membership.objects.filter(user__username="coordinator").values_list("role", flat=True)
    )
    assert coordinator_roles == {Role.COORDINATOR, Role.WOONBEGELEIDER}


# From the report: where each family rents and how many minors live at home.
PILOT_CHILDREN = {
    "DL-PILOT-A": ("de-linde", 1),  # daughter of 15
    "DL-PILOT-B": ("de-linde", 2),  # daughters of 8 and 6
    "DL-PILOT-C": ("de-linde", 2),  # daughter of 4, son of 2
    "DL-PILOT-D": ("de-linde", 1),  # of the three at home, only the toddler is a minor
    "DL-PILOT-E": ("de-linde", 2),  # son of 8, daughter of 2
    "RL-PILOT-F": ("rivierland", 2),
}


def test_pilot_households_rent_from_their_corporation_and_have_their_children(demo):
    for reference, (corporation, children) in PILOT_CHILDREN.items():
        household = Household.objects.get(reference=reference)
        assert household.tenancies.get().corporation.slug == corporation, reference
        minors = [p for p in household.members.all() if p.is_child_on(TODAY)]
        assert len(minors) == children, reference
        assert household.timeline.filter(kind="demo.note").exists(), reference
        assert household.involvements.filter(organisation__slug="onderdak").exists(), reference


def test_care_provider_sees_only_the_pilot_households(demo):
    assert visible_references("woonbegeleider") == PILOT_REFERENCES
    assert visible_references("coordinator", Role.COORDINATOR) == PILOT_REFERENCES


def test_social_team_and_debt_help_see_only_their_cases(demo):
    assert visible_references("wijkconsulent.cjg") == PILOT_REFERENCES - {"RL-PILOT-F"}
    assert visible_references("schuldhulp") == {"DL-PILOT-A", "DL-PILOT-C", "RL-PILOT-F"}


def test_large_corporation_sees_none_of_the_small_corporations_households(demo):
    visible = households_visible_to(actor_of("incasso.rivierland"))
    assert visible.count() == 301
    assert not visible.filter(tenancies__corporation__slug="de-linde").exists()
    assert visible_references("incasso.delinde").isdisjoint(
        visible_references("incasso.rivierland")
    )


def test_policy_officer_sees_no_households(demo):
    assert visible_references("beleid") == set()


def test_background_load_is_summarised_in_one_audit_event_per_corporation(demo):
    events = AuditEvent.objects.filter(detail__startswith="Demo data:")
    assert sorted(e.organisation_name for e in events) == [
        "Stadswonen Rivierland",
        "Woonstichting De Linde",
    ]
    # The pilot households went through the use cases: one event per tenancy.
    assert AuditEvent.objects.filter(object_type="households.tenancy").count() == 6


def test_guidance_hours_follow_the_report():
    hours = {h.key: h.facts.guidance_hours_per_week for h in data.PILOT_HOUSEHOLDS}
    assert {key: hours[key] for key in "ABCD"} == {"A": 4, "B": 6, "C": 4, "D": 4}
    assert hours["E"] == 0  # the start conversation has not taken place yet


def test_contact_details_are_fictional(demo):
    phones = Person.objects.exclude(phone="").values_list("phone", flat=True)
    emails = Person.objects.exclude(email="").values_list("email", flat=True)
    assert phones and all(re.fullmatch(r"0612345\d{3}", phone) for phone in phones)
    assert len(set(phones)) == len(phones)
    assert emails and all(email.endswith("@example.invalid") for email in emails)
    assert all(u.email.endswith("@example.invalid") for u in User.objects.all())
