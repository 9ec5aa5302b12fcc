from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from conftest import login_verified
from woonkans.households.models import TimelineEntry
from woonkans.households.services import EditConflict
from woonkans.indications import rules, selectors, services
from woonkans.indications.models import Indication, IndicationSettings, LegalBasis
from woonkans.organisations.models import Role
from woonkans.tasks.tests.helpers import World, standard_dates

pytestmark = pytest.mark.django_db

ROWS = [
    ("Budgetbegeleiding", Decimal("1")),
    ("Gesprekken met de kinderen", Decimal("1.5")),
    ("Ambulante ondersteuning", Decimal("3.5")),
]


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 11, tzinfo=UTC), tick=False)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def trajectory(world):
    return world.trajectory(dates=standard_dates())  # guidance started 1 Feb 2027


def issue(world, trajectory, start=date(2027, 2, 1), end=date(2027, 7, 31), rows=ROWS):
    return services.indication_create(
        actor=world.actor(world.social_team, Role.WIJKCONSULENT),
        trajectory=trajectory,
        legal_basis=LegalBasis.WMO,
        product="Ambulante begeleiding",
        start_date=start,
        end_date=end,
        activities=rows,
    )


def test_issue_computes_the_total_and_records_the_timeline(world, trajectory):
    indication = issue(world, trajectory)
    assert indication.hours_per_week == Decimal("6.0")
    assert [a.activity for a in indication.activities.all()] == [r[0] for r in ROWS]
    entry = TimelineEntry.objects.get(kind="indication.issued")
    assert entry.field_group == "care"


def test_only_the_social_teams_wijkconsulent_issues(world, trajectory):
    for org, role in (
        (world.care, Role.COORDINATOR),
        (world.corporation, Role.WOONCONSULENT),
        (world.social_team, Role.FUNCTIONEEL_BEHEERDER),
    ):
        with pytest.raises(PermissionDenied):
            services.indication_create(
                actor=world.actor(org, role),
                trajectory=trajectory,
                legal_basis=LegalBasis.WMO,
                product="x",
                start_date=date(2027, 2, 1),
                end_date=date(2027, 3, 1),
                activities=ROWS,
            )


def test_an_indication_needs_activities_and_dates_in_order(world, trajectory):
    with pytest.raises(ValidationError):
        issue(world, trajectory, rows=[("", Decimal("1"))])
    with pytest.raises(ValidationError):
        issue(world, trajectory, start=date(2027, 3, 1), end=date(2027, 2, 1))


def test_valid_indication_on_a_date(world, trajectory):
    indication = issue(world, trajectory)
    assert selectors.valid_indication(trajectory, date(2027, 1, 31)) is None
    assert selectors.valid_indication(trajectory, date(2027, 2, 1)) == indication
    assert selectors.valid_indication(trajectory, date(2027, 7, 31)) == indication
    assert selectors.valid_indication(trajectory, date(2027, 8, 1)) is None


def test_ending_early_and_version_conflict(world, trajectory):
    indication = issue(world, trajectory)
    actor = world.actor(world.social_team, Role.WIJKCONSULENT)
    with at(date(2027, 4, 1)):
        with pytest.raises(EditConflict):
            services.indication_end(
                actor=actor,
                indication=indication,
                version=indication.version + 1,
                ended_on=date(2027, 4, 30),
                reason="Verhuisd",
            )
        services.indication_end(
            actor=actor,
            indication=indication,
            version=indication.version,
            ended_on=date(2027, 4, 30),
            reason="Verhuisd",
        )
    assert selectors.valid_indication(trajectory, date(2027, 4, 30)) == indication
    assert selectors.valid_indication(trajectory, date(2027, 5, 1)) is None


def test_update_replaces_the_activities(world, trajectory):
    indication = issue(world, trajectory)
    actor = world.actor(world.social_team, Role.WIJKCONSULENT)
    updated = services.indication_update(
        actor=actor,
        indication=indication,
        version=indication.version,
        activities=[("Ambulante ondersteuning", Decimal("4"))],
        end_date=date(2027, 12, 31),
        legal_basis=LegalBasis.WMO,
        product="Ambulante begeleiding",
        product_category="02",
        product_code="02A01",
        start_date=date(2027, 2, 1),
    )
    assert updated.version == indication.version + 1
    assert updated.hours_per_week == Decimal("4")
    with pytest.raises(EditConflict):
        services.indication_update(
            actor=actor,
            indication=updated,
            version=indication.version,
            activities=ROWS,
        )


def test_warnings_missing_and_ending_with_the_organisation_setting(world, trajectory):
    assert [w.code for w in selectors.indication_warnings(trajectory, date(2027, 2, 1))] == [
        rules.MISSING
    ]
    issue(world, trajectory)
    assert selectors.indication_warnings(trajectory, date(2027, 6, 1)) == []
    [warning] = selectors.indication_warnings(trajectory, date(2027, 6, 20))  # 41 days left
    assert (warning.code, warning.days_left) == (rules.ENDING, 41)
    IndicationSettings.objects.create(organisation=world.social_team, warn_days_before_end=30)
    assert selectors.indication_warnings(trajectory, date(2027, 6, 20)) == []
    assert [w.code for w in selectors.indication_warnings(trajectory, date(2027, 8, 1))] == [
        rules.MISSING
    ]


def test_no_warning_before_guidance_starts(world):
    dates = {k: v for k, v in standard_dates().items() if k in ("aangemeld", "besproken")}
    trajectory = world.trajectory(dates=dates)
    assert selectors.indication_warnings(trajectory, date(2027, 2, 1)) == []


PANEL = Template("{% load indication_tags %}{% trajectory_indications_panel trajectory %}")


def render_panel(actor, trajectory):
    with translation.override("en"):
        return PANEL.render(Context({"actor": actor, "trajectory": trajectory}))


def test_panel_per_role(world, trajectory):
    issue(world, trajectory, start=date(2026, 1, 1), end=date(2030, 1, 1))
    care = render_panel(world.actor(world.care, Role.COORDINATOR), trajectory)
    assert "Ambulante begeleiding" in care and "Gesprekken met de kinderen" in care
    assert "Issue an indication" not in care
    team = render_panel(world.actor(world.social_team, Role.WIJKCONSULENT), trajectory)
    assert "Issue an indication" in team and "Gesprekken met de kinderen" in team
    corp = render_panel(world.actor(world.corporation, Role.WOONCONSULENT), trajectory)
    assert "There is a valid indication today." in corp
    assert "Ambulante" not in corp and "Budgetbegeleiding" not in corp and "Wmo" not in corp
    stranger = render_panel(world.actor(World().corporation, Role.WOONCONSULENT), trajectory)
    assert stranger.strip() == ""


def test_panel_warns_the_corporation_without_details(world, trajectory):
    corp = render_panel(world.actor(world.corporation, Role.WOONCONSULENT), trajectory)
    assert "The guidance runs without a valid indication." in corp


def client_for(actor):
    return login_verified(Client(), actor.user)


def test_pages_add_edit_end(world, trajectory):
    actor = world.actor(world.social_team, Role.WIJKCONSULENT)
    client = client_for(actor)
    url = f"/indicaties/traject/{trajectory.pk}/nieuw/"
    assert client.get(url).status_code == 200
    data = {
        "legal_basis": "wmo",
        "product": "Ambulante begeleiding",
        "product_category": "02",
        "product_code": "02A01",
        "start_date": "2027-02-01",
        "end_date": "2027-07-31",
        "rows-TOTAL_FORMS": "5",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "5",
        "rows-MAX_NUM_FORMS": "12",
        "rows-0-activity": "Budgetbegeleiding",
        "rows-0-hours_per_week": "1",
        "rows-1-activity": "Ambulante ondersteuning",
        "rows-1-hours_per_week": "3.5",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    indication = Indication.objects.get()
    assert indication.hours_per_week == Decimal("4.5")
    edit = f"/indicaties/{indication.pk}/wijzigen/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "version": "1", "rows-1-hours_per_week": "4"})
    assert response.status_code == 302
    indication.refresh_from_db()
    assert indication.hours_per_week == Decimal("5")
    response = client.post(
        f"/indicaties/{indication.pk}/beeindigen/",
        {"ended_on": "2027-03-31", "reason": "Doelen bereikt", "version": str(indication.version)},
    )
    assert response.status_code == 302
    indication.refresh_from_db()
    assert indication.ended_on == date(2027, 3, 31)


@pytest.mark.parametrize(
    "party,role",
    [
        ("care", Role.COORDINATOR),
        ("care", Role.WOONBEGELEIDER),
        ("corporation", Role.WOONCONSULENT),
    ],
)
def test_other_parties_cannot_open_the_pages(world, trajectory, party, role):
    indication = issue(world, trajectory)
    client = client_for(world.actor(getattr(world, party), role))
    assert client.get(f"/indicaties/traject/{trajectory.pk}/nieuw/").status_code == 404
    assert client.get(f"/indicaties/{indication.pk}/wijzigen/").status_code == 404
    assert client.post(f"/indicaties/{indication.pk}/beeindigen/", {}).status_code == 404


def test_settings_page_for_the_social_teams_administrator(world, trajectory):
    admin = world.actor(world.social_team, Role.FUNCTIONEEL_BEHEERDER)
    client = client_for(admin)
    assert client.get("/indicaties/instellingen/").status_code == 200
    assert (
        client.post("/indicaties/instellingen/", {"warn_days_before_end": "28"}).status_code == 302
    )
    assert IndicationSettings.objects.get(organisation=world.social_team).warn_days_before_end == 28
    other = client_for(world.actor(world.corporation, Role.FUNCTIONEEL_BEHEERDER))
    assert other.get("/indicaties/instellingen/").status_code == 404


def test_the_trajectory_page_shows_both_panels(world, trajectory):
    issue(world, trajectory, start=date(2026, 1, 1), end=date(2030, 1, 1))
    from woonkans.tasks.services import due_items_sync

    due_items_sync(trajectory=trajectory)
    client = client_for(world.actor(world.care, Role.COORDINATOR))
    with translation.override("en"):
        body = client.get(f"/trajecten/{trajectory.pk}/").content.decode()
    assert 'id="indications-heading"' in body and "Budgetbegeleiding" in body
    assert 'id="tasks-heading"' in body
