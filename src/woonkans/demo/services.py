"""Loading the demo data set (:mod:`woonkans.demo.data`).

:func:`demo_load` is idempotent: everything has a stable key (organisation slug, username,
household reference), existing records are left as they are and only what is missing is
created. Organisations, users and the six pilot households go through the use cases, so
the audit log and the household timelines are written as in real use. The background
households are bulk-created, with one audit event per corporation for the whole batch.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from woonkans.accounts.models import User
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.models import Household, Person, Relation, Tenancy, TimelineEntry
from woonkans.households.services import (
    household_create,
    involvement_open,
    person_add,
    tenancy_create,
    timeline_add,
)
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Membership, Organisation, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup
from woonkans.organisations.services import membership_add, organisation_create

from . import data
from .agreements import demo_agreements_load
from .arrears import ArrearsLoadResult, demo_arrears_load, demo_collection_load
from .budgets import demo_budgets_load
from .capacity import demo_capacity_load
from .conferences import demo_conferences_load
from .constants import DEMO_PASSWORD, NOTE_KIND
from .history import backdate, dated, moment
from .tasks import demo_tasks_load
from .trajectories import demo_trajectories_load

# Case notes are written at the end of the day, after the day's events.
NOTE_TIME = time(16, 30)

# The role a system actor takes when it writes for an organisation of this kind.
_ROLE_FOR_KIND = {
    OrganisationKind.WONINGCORPORATIE: Role.WOONCONSULENT,
    OrganisationKind.ZORGORGANISATIE: Role.WOONBEGELEIDER,
    OrganisationKind.GEMEENTE: Role.WIJKCONSULENT,
    OrganisationKind.SCHULDHULPVERLENING: Role.FINANCIEEL_CONSULENT,
}


@dataclass(frozen=True)
class DemoLoadResult:
    organisations: int
    users: int
    memberships: int
    pilot_households: int
    background_households: int
    arrears: ArrearsLoadResult = field(default_factory=ArrearsLoadResult)

    @property
    def anything_created(self) -> bool:
        return self.arrears.anything_created or any(
            (
                self.organisations,
                self.users,
                self.memberships,
                self.pilot_households,
                self.background_households,
            )
        )


@transaction.atomic
def demo_load(*, today: date | None = None) -> DemoLoadResult:
    """Load the demo data set; return how many records of each kind were *created*."""
    today = today or timezone.localdate()
    organisations: dict[str, Organisation] = {}
    created_orgs = 0
    for spec in data.ORGANISATIONS:
        organisations[spec.slug], created = _organisation_get_or_create(spec)
        created_orgs += created

    created_users = created_memberships = 0
    for spec in data.USERS:
        users, memberships = _user_get_or_create(spec, organisations)
        created_users += users
        created_memberships += memberships

    created_pilot = sum(
        _pilot_household_load(spec, organisations, today) for spec in data.PILOT_HOUSEHOLDS
    )
    created_background = sum(
        _background_load(spec, organisations[spec.corporation], today) for spec in data.BACKGROUND
    )
    arrears = demo_arrears_load(organisations=organisations, today=today)
    # Trajectories read the ledger (arrears at referral) and the verdicts: after the arrears.
    demo_trajectories_load(organisations=organisations, today=today)
    # The collection history and today's runs: after the trajectories, whose eviction holds
    # pause the pilot households' collection steps and verdict prompts.
    arrears = demo_collection_load(organisations=organisations, today=today, loaded=arrears)
    # Budget management reads the ledger for its quarterly summaries: after the arrears.
    demo_budgets_load(organisations=organisations, today=today)
    # Case conferences use the trajectories: keep this call after the trajectory loader.
    demo_conferences_load(organisations=organisations, today=today)
    # Indications, due items and one incident need the trajectories: after their loader.
    demo_tasks_load(today=today)
    demo_capacity_load(organisations=organisations, today=today)  # household D's plan
    # Agreements of the pilot households whose trajectory exists (idempotent catch-all).
    demo_agreements_load(organisations=organisations, today=today)
    return DemoLoadResult(
        organisations=created_orgs,
        users=created_users,
        memberships=created_memberships,
        pilot_households=created_pilot,
        background_households=created_background,
        arrears=arrears,
    )


def _admin_actor(organisation: Organisation) -> Actor:
    return system_actor(organisation, Role.FUNCTIONEEL_BEHEERDER)


def _actor_for(organisation: Organisation) -> Actor:
    return system_actor(organisation, _ROLE_FOR_KIND.get(organisation.kind, Role.COORDINATOR))


# --- Organisations and users -------------------------------------------------------------


def _organisation_get_or_create(spec: data.OrganisationSpec) -> tuple[Organisation, bool]:
    existing = Organisation.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    organisation = organisation_create(
        actor=None,
        kind=spec.kind,
        name=spec.name,
        slug=spec.slug,
        external_kind=spec.external_kind,
        city=spec.city,
        number_of_homes=spec.number_of_homes,
        has_budget_management_team=spec.has_budget_management_team,
    )
    return organisation, True


def _user_get_or_create(
    spec: data.UserSpec, organisations: dict[str, Organisation]
) -> tuple[int, int]:
    """Create the user and their memberships. No second factor: they enrol at first login."""
    created_user = 0
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=spec.email,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=user,
            fields=["username", "first_name", "last_name", "email"],
            detail="demo user",
        )
        created_user = 1
    created_memberships = 0
    for slug, role in spec.memberships:
        exists = Membership.objects.filter(
            user=user, organisation=organisations[slug], role=role
        ).exists()
        if not exists:
            membership_add(actor=None, user=user, organisation=organisations[slug], role=role)
            created_memberships += 1
    return created_user, created_memberships


# --- Pilot households --------------------------------------------------------------------


def _pilot_household_load(
    spec: data.PilotHousehold, organisations: dict[str, Organisation], today: date
) -> int:
    """Create one pilot household with its members, tenancy, involvements and notes.

    A household is loaded as a whole inside the transaction of :func:`demo_load`, so an
    existing reference means everything under it is there too; it is then left alone
    (also when demo users have since changed it)."""
    if Household.objects.filter(reference=spec.reference).exists():
        return 0
    corporation = organisations[spec.corporation]
    actor = _actor_for(corporation)
    # Registered when the lease started; members from then on (or from their birth).
    t = spec.tenancy
    lease_start = years_before(today, t.years_ago)
    with dated(lease_start):
        household = household_create(actor=actor, name=spec.name, reference=spec.reference)
        backdate(household, lease_start, "created_at", "updated_at")
    for person in spec.people:
        born = date_of_birth(person.age, person.birthday, today)
        added_on = max(lease_start, born)
        with dated(added_on):
            member = person_add(
                actor=actor,
                household=household,
                first_name=person.first_name,
                last_name=person.last_name,
                relation=person.relation,
                date_of_birth=born,
                phone=person.phone,
                email=person.email,
            )
            backdate(member, added_on, "created_at", "updated_at")
    with dated(lease_start):
        tenancy = tenancy_create(
            actor=actor,
            corporation=corporation,
            household=household,
            contract_number=t.contract_number,
            start_date=lease_start,
            street=t.street,
            house_number=t.house_number,
            postcode=t.postcode,
            city=t.city,
            district=t.district,
            rent=t.rent,
        )
        backdate(tenancy, lease_start, "created_at")
    # The organisations involved before the referral; the trajectory's involvements are
    # opened by the referral itself (demo/trajectories.py), with the trajectory as source.
    for involvement in spec.involvements:
        opened_on = max(lease_start, today - timedelta(days=involvement.days_ago))
        with dated(opened_on):
            opened = involvement_open(
                actor=actor,
                household=household,
                organisation=organisations[involvement.organisation],
                kind=involvement.kind,
                reason=str(involvement.reason),
            )
            backdate(opened, opened_on, "opened_at")
    for note in spec.notes:
        author = organisations[note.by] if note.by else corporation
        demo_note_add(
            actor=_actor_for(author),
            household=household,
            field_group=note.field_group,
            summary=str(note.summary) % {"arrears": euros(spec.facts.arrears)},
            occurred_at=moment(today - timedelta(days=note.days_ago), NOTE_TIME),
        )
    return 1


@transaction.atomic
def demo_note_add(
    *, actor: Actor, household: Household, field_group: str, summary: str, occurred_at
) -> TimelineEntry:
    """Write one case note of the demo story on the household's timeline."""
    entry = timeline_add(
        household=household,
        kind=NOTE_KIND,
        field_group=field_group,
        actor=actor,
        summary=summary,
        occurred_at=occurred_at,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=entry, fields=["summary"])
    return entry


# --- Background households -----------------------------------------------------------------


@dataclass(frozen=True)
class _BackgroundHousehold:
    reference: str
    name: str
    people: tuple[dict, ...]
    tenancy: dict


def background_households(spec: data.BackgroundSpec, today: date) -> list[_BackgroundHousehold]:
    """Generate the same fictional households for ``spec`` every time (fixed seed)."""
    rng = random.Random(spec.seed)  # noqa: S311 - demo data, not security
    rows = []
    for n in range(1, spec.count + 1):
        last_name = rng.choice(data.LAST_NAMES)
        shape = rng.choices(
            ("single", "couple", "single_parent", "family"), weights=(35, 20, 20, 25)
        )[0]
        main_age = rng.randint(23, 84) if shape in ("single", "couple") else rng.randint(24, 52)
        phone = f"0612345{spec.first_phone + n - 1:03d}"
        people = [_person(rng, today, last_name, Relation.HOOFDHUURDER, main_age, phone)]
        if shape in ("couple", "family"):
            partner_age = max(20, main_age + rng.randint(-6, 6))
            people.append(_person(rng, today, last_name, Relation.PARTNER, partner_age))
        if shape in ("single_parent", "family"):
            for _child in range(rng.randint(1, 3)):
                child_age = rng.randint(0, min(17, main_age - 19))
                people.append(_person(rng, today, last_name, Relation.KIND, child_age))
        years = rng.randint(1, 30)
        tenancy = {
            "contract_number": f"{spec.contract_prefix}{n:05d}",
            "start_date": years_before(today, years) - timedelta(days=rng.randint(0, 300)),
            "street": rng.choice(spec.streets),
            "house_number": str(rng.randint(1, 180)),
            "postcode": f"{rng.choice(spec.postcode_digits)} "
            f"{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}",
            "city": spec.city,
            "district": rng.choice(spec.districts),
            "rent": Decimal(rng.randint(42000, 88000)) / 100,
        }
        word = "Familie" if len(people) > 1 else "Huishouden"
        rows.append(
            _BackgroundHousehold(
                reference=background_reference(spec, n),
                name=f"{word} {last_name}",
                people=tuple(people),
                tenancy=tenancy,
            )
        )
    return rows


_POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"


def background_reference(spec: data.BackgroundSpec, n: int) -> str:
    """The household reference of the ``n``-th background household of ``spec``."""
    return f"{spec.reference_prefix}{n:06d}"


def _person(rng, today, last_name, relation, age, phone="") -> dict:
    names = data.CHILD_FIRST_NAMES if relation == Relation.KIND else data.FIRST_NAMES
    first_name = rng.choice(names)
    birthday = (rng.randint(1, 12), rng.randint(1, 28))
    email = ""
    if relation == Relation.HOOFDHUURDER:
        email = f"{_ascii(first_name)}.{_ascii(last_name)}{rng.randint(1, 99)}@example.invalid"
    return {
        "first_name": first_name,
        "last_name": last_name,
        "relation": relation,
        "date_of_birth": date_of_birth(age, birthday, today),
        "phone": phone,
        "email": email,
    }


def _background_load(spec: data.BackgroundSpec, corporation: Organisation, today: date) -> int:
    rows = background_households(spec, today)
    existing = set(
        Household.objects.filter(reference__in=[r.reference for r in rows]).values_list(
            "reference", flat=True
        )
    )
    missing = [r for r in rows if r.reference not in existing]
    if not missing:
        return 0
    Household.objects.bulk_create(Household(reference=r.reference, name=r.name) for r in missing)
    ids = dict(
        Household.objects.filter(reference__in=[r.reference for r in missing]).values_list(
            "reference", "pk"
        )
    )
    Person.objects.bulk_create(
        Person(household_id=ids[r.reference], **person) for r in missing for person in r.people
    )
    Tenancy.objects.bulk_create(
        Tenancy(household_id=ids[r.reference], corporation=corporation, **r.tenancy)
        for r in missing
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            household_id=ids[r.reference],
            occurred_at=moment(r.tenancy["start_date"]),  # when the lease started
            kind="tenancy.created",
            summary=r.tenancy["contract_number"],
            field_group=FieldGroup.TENANCY,
            organisation=corporation,
            actor_label="system",
        )
        for r in missing
    )
    audit_record(
        actor=_admin_actor(corporation),
        action=AuditAction.CREATE,
        fields=["household", "person", "tenancy"],
        detail=f"Demo data: {len(missing)} background households with members and tenancies",
    )
    return len(missing)


# --- Small helpers -----------------------------------------------------------------------


def date_of_birth(age: int, birthday: tuple[int, int], today: date) -> date:
    """The birth date on ``birthday`` (month, day) of someone who is ``age`` today."""
    month, day = birthday
    year = today.year - age
    if (month, day) > (today.month, today.day):
        year -= 1
    return date(year, month, day)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def euros(amount: Decimal) -> str:
    return f"€ {number_format(amount, decimal_pos=0, force_grouping=True)}"


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text)
        .encode("ascii", "ignore")
        .decode()
        .lower()
        .replace(" ", "")
    )
