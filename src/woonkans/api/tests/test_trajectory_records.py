"""The read-only API of agreements, due items, indications and case conferences.

Every demo role (the roles of the demo users, each in the kind of organisation it has in the
demo) calls every endpoint, list and detail, on two parallel "worlds": the records of its
own partners' trajectory and those of another corporation, care provider and social team.
Each role sees exactly the records its pages show, and 404 for everything else.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.agreements.models import Agreement, AgreementItem, AgreementParty
from woonkans.audit.models import AuditEvent
from woonkans.conferences.models import ActionPoint, AgendaItem, Conference, Decision
from woonkans.indications.models import Indication, IndicationActivity
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem
from woonkans.testing import factories as f
from woonkans.trajectories.models import State, Trajectory

from .conftest import bearer

pytestmark = pytest.mark.django_db

ENDPOINTS = ("agreements", "due-items", "indications", "conferences")

#: The demo users' roles, by the kind of organisation they work for in the demo.
DEMO_ROLES = {
    "incasso": ("corporation", Role.INCASSOMEDEWERKER),
    "woonconsulent": ("corporation", Role.WOONCONSULENT),
    "beleid": ("corporation", Role.BELEIDSMEDEWERKER),
    "beheer.corporation": ("corporation", Role.FUNCTIONEEL_BEHEERDER),
    "woonbegeleider": ("care", Role.WOONBEGELEIDER),
    "consulent": ("care", Role.FINANCIEEL_CONSULENT),
    "coordinator": ("care", Role.COORDINATOR),
    "beheer.care": ("care", Role.FUNCTIONEEL_BEHEERDER),
    "wijkconsulent": ("social_team", Role.WIJKCONSULENT),
    "schuldhulp": ("debt_help", Role.FINANCIEEL_CONSULENT),
}


class World:
    """A household of ``corporation`` in a trajectory with ``care`` and ``social_team``;
    ``debt_help`` is involved with the household but no party. One record of each kind."""

    def __init__(self, name: str):
        self.corporation = f.OrganisationFactory(corporation=True, slug=f"{name}-corp")
        self.care = f.OrganisationFactory(care=True, slug=f"{name}-care")
        self.social_team = f.OrganisationFactory(municipality=True, slug=f"{name}-cjg")
        self.debt_help = f.OrganisationFactory(debt_help=True, slug=f"{name}-debt")
        self.household = f.HouseholdFactory()
        self.tenant = f.PersonFactory(household=self.household, first_name="Tessa")
        tenancy = f.TenancyFactory(household=self.household, corporation=self.corporation)
        for org in (self.care, self.social_team):
            f.InvolvementFactory(household=self.household, organisation=org, kind="trajectory")
        f.InvolvementFactory(household=self.household, organisation=self.debt_help, kind="referral")
        self.trajectory = Trajectory.objects.create(
            household=self.household,
            tenancy=tenancy,
            corporation=self.corporation,
            care_provider=self.care,
            social_team=self.social_team,
            referred_by=self.corporation,
            referred_on=date(2026, 1, 5),
            reason="Huurachterstand",
            arrears_at_referral=Decimal("3000.00"),
            legal_stage="vonnis",
            verdict_date=date(2025, 12, 1),
            state=State.ACTIVE,
            state_since=date(2026, 2, 1),
        )
        self.chair = f.make_actor(Role.COORDINATOR, organisation=self.care).user
        self._agreement()
        self._due_items()
        self._indication()
        self._conference()

    def _agreement(self):
        self.agreement = Agreement.objects.create(
            trajectory=self.trajectory,
            household=self.household,
            form="addendum",
            proposed_form="addendum",
            start_date=date(2026, 2, 1),
            end_date=date(2027, 2, 1),
            guidance_hours_per_week=Decimal("4"),
            repayment_per_month=Decimal("50"),
            status="getekend",
            signed_on=date(2026, 2, 1),
        )
        AgreementItem.objects.create(agreement=self.agreement, position=1, text="Budgetbeheer")
        for position, (role, org, name) in enumerate(
            (
                ("verhuurder", self.corporation, "Corporatie"),
                ("zorgaanbieder", self.care, "Zorg"),
                ("huurder", None, "Tessa Testpersoon"),
            )
        ):
            AgreementParty.objects.create(
                agreement=self.agreement,
                role=role,
                organisation=org,
                person=self.tenant if org is None else None,
                name=name,
                position=position,
                signed_on=date(2026, 2, 1),
            )

    def _due_items(self):
        def item(kind, org, concerns, function="financieel_consulent"):
            return DueItem.objects.create(
                trajectory=self.trajectory,
                kind=kind,
                title=kind,
                due_on=date(2026, 5, 1),
                responsible_organisation=org,
                responsible_function=function,
                concerns_corporation=concerns,
            )

        self.item_for_corporation = item("quarterly_report", self.care, True)
        self.item_care_internal = item("support_report", self.care, False, "woonbegeleider")
        self.item_of_social_team = item("evaluation", self.social_team, False, "")

    def _indication(self):
        self.indication = Indication.objects.create(
            trajectory=self.trajectory,
            issued_by=self.social_team,
            legal_basis="wmo",
            product="Ambulante woonbegeleiding",
            start_date=date(2026, 1, 15),
            end_date=date(2027, 1, 14),
        )
        for position, (activity, hours) in enumerate(
            (("Budgetbegeleiding", "1"), ("Gesprekken met de kinderen", "1.5"))
        ):
            IndicationActivity.objects.create(
                indication=self.indication,
                activity=activity,
                hours_per_week=Decimal(hours),
                position=position,
            )

    def _conference(self):
        self.conference = Conference.objects.create(
            organiser=self.care,
            title="Casusoverleg",
            date=date(2026, 1, 20),
            start_time=time(10, 0),
            chair=self.chair,
            status="afgesloten",
        )
        self.conference.invited.set([self.corporation, self.social_team])
        self.case = AgendaItem.objects.create(
            conference=self.conference,
            trajectory=self.trajectory,
            source="aanmelding",
            position=1,
            snapshot_name=self.household.name,
            snapshot_reference=self.household.reference,
            snapshot_state=State.REFERRED,
            snapshot_reason="Vonnis",
        )
        Decision.objects.create(
            item=self.case,
            trajectory=self.trajectory,
            outcome="toelaten",
            reasons="Gezin wil meewerken",
            decided_on=date(2026, 1, 20),
            organisation=self.care,
        )
        ActionPoint.objects.create(
            conference=self.conference, item=self.case, description="Intake plannen"
        )
        self.topic = AgendaItem.objects.create(
            conference=self.conference, topic="Werkafspraken", source="handmatig", position=2
        )
        ActionPoint.objects.create(conference=self.conference, description="Verslag rondsturen")

    def records(self, endpoint: str) -> dict[str, int]:
        return {
            "agreements": {"agreement": self.agreement.pk},
            "due-items": {
                "item_for_corporation": self.item_for_corporation.pk,
                "item_care_internal": self.item_care_internal.pk,
                "item_of_social_team": self.item_of_social_team.pk,
            },
            "indications": {"indication": self.indication.pk},
            "conferences": {"conference": self.conference.pk},
        }[endpoint]


#: What each demo role sees of its own world (names from World.records); nothing of the other.
EXPECTED = {
    "agreements": {
        "incasso": {"agreement"},
        "woonconsulent": {"agreement"},
        "woonbegeleider": {"agreement"},
        "consulent": {"agreement"},
        "coordinator": {"agreement"},
    },
    "due-items": {
        "incasso": {"item_for_corporation"},
        "woonconsulent": {"item_for_corporation"},
        "woonbegeleider": {"item_for_corporation", "item_care_internal", "item_of_social_team"},
        "consulent": {"item_for_corporation", "item_care_internal", "item_of_social_team"},
        "coordinator": {"item_for_corporation", "item_care_internal", "item_of_social_team"},
        "wijkconsulent": {"item_of_social_team"},
    },
    "indications": {
        "woonbegeleider": {"indication"},
        "consulent": {"indication"},
        "coordinator": {"indication"},
        "wijkconsulent": {"indication"},
    },
    "conferences": {  # the conference roles of the organiser and the invited organisations
        "woonconsulent": {"conference"},
        "woonbegeleider": {"conference"},
        "coordinator": {"conference"},
        "wijkconsulent": {"conference"},
    },
}


@pytest.fixture
def worlds(db):
    return World("own"), World("other")


def client_for(world: World, demo_role: str):
    side, role = DEMO_ROLES[demo_role]
    _client, token = f.make_api_client(getattr(world, side), role)
    return bearer(token)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("demo_role", sorted(DEMO_ROLES))
def test_every_demo_role_sees_exactly_its_records(worlds, demo_role, endpoint):
    own, other = worlds
    api = client_for(own, demo_role)
    expected = EXPECTED[endpoint].get(demo_role, set())
    visible_ids = {own.records(endpoint)[name] for name in expected}

    listing = api.get(f"/api/v1/{endpoint}/")
    assert listing.status_code == 200
    assert {row["id"] for row in listing.json()["results"]} == visible_ids
    assert listing.json()["count"] == len(visible_ids)

    for name, pk in own.records(endpoint).items():
        status = api.get(f"/api/v1/{endpoint}/{pk}/").status_code
        assert status == (200 if name in expected else 404), (name, status)
    for pk in other.records(endpoint).values():  # another organisation's record
        assert api.get(f"/api/v1/{endpoint}/{pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_token_no_data(worlds, endpoint):
    own, _other = worlds
    assert bearer(None).get(f"/api/v1/{endpoint}/").status_code == 401
    pk = next(iter(own.records(endpoint).values()))
    assert bearer("wk_garbage").get(f"/api/v1/{endpoint}/{pk}/").status_code == 401


# --- Payloads ----------------------------------------------------------------------------


def test_agreement_detail_payload(worlds):
    own, _other = worlds
    data = client_for(own, "coordinator").get(f"/api/v1/agreements/{own.agreement.pk}/").json()
    assert data == {
        "id": own.agreement.pk,
        "trajectory": own.trajectory.pk,
        "household": own.household.pk,
        "form": "addendum",
        "proposed_form": "addendum",
        "status": "getekend",
        "start_date": "2026-02-01",
        "end_date": "2027-02-01",
        "signed_on": "2026-02-01",
        "ended_on": None,
        "end_outcome": "",
        "guidance_hours_per_week": "4.00",
        "repayment_per_month": "50.00",
        "form_reason": "",
        "end_reason": "",
        "place": "",
        "copies": 4,
        "items": ["Budgetbeheer"],
        "parties": [
            {
                "role": "verhuurder",
                "organisation": "own-corp",
                "name": "Corporatie",
                "must_sign": True,
                "signed_on": "2026-02-01",
                "signed_by": "",
            },
            {
                "role": "zorgaanbieder",
                "organisation": "own-care",
                "name": "Zorg",
                "must_sign": True,
                "signed_on": "2026-02-01",
                "signed_by": "",
            },
            {
                "role": "huurder",
                "organisation": None,
                "name": "Tessa Testpersoon",
                "must_sign": True,
                "signed_on": "2026-02-01",
                "signed_by": "",
            },
        ],
        "extensions": [],
        "notice": None,
    }


@pytest.mark.parametrize(
    ("demo_role", "shown"),
    [("woonbegeleider", False), ("consulent", True), ("incasso", True), ("woonconsulent", True)],
)
def test_repayment_only_with_the_financial_field_group(worlds, demo_role, shown):
    own, _other = worlds
    api = client_for(own, demo_role)
    detail = api.get(f"/api/v1/agreements/{own.agreement.pk}/").json()
    row = api.get("/api/v1/agreements/").json()["results"][0]
    assert ("repayment_per_month" in detail) is shown
    assert ("repayment_per_month" in row) is shown


def test_due_item_payload_and_filters(worlds):
    own, _other = worlds
    api = client_for(own, "woonconsulent")
    data = api.get(f"/api/v1/due-items/{own.item_for_corporation.pk}/").json()
    overdue = timezone.localdate() > date(2026, 5, 1)
    assert data == {
        "id": own.item_for_corporation.pk,
        "trajectory": own.trajectory.pk,
        "household": own.household.pk,
        "kind": "quarterly_report",
        "period_key": "",
        "title": data["title"],
        "due_on": "2026-05-01",
        "status": "open",
        "done_on": None,
        "overdue": overdue,
        "responsible_organisation": "own-care",
        "responsible_function": "financieel_consulent",
        "concerns_corporation": True,
    }
    assert data["title"]
    care = client_for(own, "coordinator")
    assert care.get("/api/v1/due-items/", {"status": "done"}).json()["count"] == 0
    assert care.get("/api/v1/due-items/", {"status": "open"}).json()["count"] == 3
    assert care.get("/api/v1/due-items/", {"household": own.household.pk}).json()["count"] == 3
    assert care.get("/api/v1/due-items/", {"trajectory": "x"}).json()["count"] == 0


def test_indication_payload(worlds):
    own, _other = worlds
    data = client_for(own, "wijkconsulent").get(f"/api/v1/indications/{own.indication.pk}/")
    data = data.json()
    today = timezone.localdate()
    assert data == {
        "id": own.indication.pk,
        "trajectory": own.trajectory.pk,
        "household": own.household.pk,
        "issued_by": "own-cjg",
        "legal_basis": "wmo",
        "product": "Ambulante woonbegeleiding",
        "product_category": "",
        "product_code": "",
        "start_date": "2026-01-15",
        "end_date": "2027-01-14",
        "ended_on": None,
        "last_day": "2027-01-14",
        "valid_today": date(2026, 1, 15) <= today <= date(2027, 1, 14),
        "hours_per_week": "2.50",
        "activities": [
            {"activity": "Budgetbegeleiding", "hours_per_week": "1.00"},
            {"activity": "Gesprekken met de kinderen", "hours_per_week": "1.50"},
        ],
    }


def test_conference_shows_only_cases_the_client_may_see(worlds):
    own, other = worlds
    # A case of the other world on our meeting: not for our partners' clients.
    AgendaItem.objects.create(
        conference=own.conference,
        trajectory=other.trajectory,
        source="aanmelding",
        position=3,
        snapshot_name=other.household.name,
        snapshot_reference=other.household.reference,
        snapshot_reason="Geheim",
    )
    data = client_for(own, "woonconsulent").get(f"/api/v1/conferences/{own.conference.pk}/")
    data = data.json()
    assert data["hidden_cases"] == 1
    assert [item["id"] for item in data["agenda"]] == [own.case.pk, own.topic.pk]
    case = data["agenda"][0]
    assert case["household"] == own.household.pk and case["name"] == own.household.name
    assert case["decision"] == {
        "outcome": "toelaten",
        "reasons": "Gezin wil meewerken",
        "decided_on": "2026-01-20",
    }
    assert case["action_points"] == [
        {"description": "Intake plannen", "responsible": None, "due_on": None}
    ]
    assert data["agenda"][1]["topic"] == "Werkafspraken" and data["agenda"][1]["household"] is None
    assert data["general_action_points"] == [
        {"description": "Verslag rondsturen", "responsible": None, "due_on": None}
    ]
    assert data["date"] == "2026-01-20" and data["start_time"] == "10:00:00"
    assert set(data["invited"]) == {"own-corp", "own-cjg"}
    assert other.household.name not in str(data) and "Geheim" not in str(data)


def test_reads_are_audited_per_household(worlds):
    own, _other = worlds
    api = client_for(own, "coordinator")
    before = AuditEvent.objects.count()
    for endpoint, pk in (
        ("agreements", own.agreement.pk),
        ("due-items", own.item_care_internal.pk),
        ("indications", own.indication.pk),
        ("conferences", own.conference.pk),
    ):
        assert api.get(f"/api/v1/{endpoint}/{pk}/").status_code == 200
    events = AuditEvent.objects.order_by("pk")[before:]
    assert all(e.action == "view" and e.detail == "api" for e in events)
    assert {e.object_type for e in events} >= {
        "agreements.agreement",
        "tasks.dueitem",
        "indications.indication",
        "conferences.conference",
    }
    assert sum(1 for e in events if e.household_id == own.household.pk) >= 4
    # A refused call records nothing.
    before = AuditEvent.objects.count()
    assert (
        client_for(own, "incasso").get(f"/api/v1/indications/{own.indication.pk}/").status_code
        == 404
    )
    assert AuditEvent.objects.count() == before


def test_partners_lose_these_records_with_their_involvement(worlds):
    """The endpoints follow the household gate: when the care provider's involvement is
    closed (e.g. after the retention period of an ended trajectory), its records go too."""
    own, _other = worlds
    api = client_for(own, "coordinator")
    own.household.involvements.filter(organisation=own.care).update(
        closed_at=timezone.now() - timedelta(minutes=1)
    )
    for endpoint in ("agreements", "due-items", "indications"):
        assert api.get(f"/api/v1/{endpoint}/").json()["count"] == 0
    agenda = api.get(f"/api/v1/conferences/{own.conference.pk}/").json()
    assert agenda["hidden_cases"] == 1 and [i["id"] for i in agenda["agenda"]] == [own.topic.pk]
