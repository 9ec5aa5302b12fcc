"""Demo last-chance trajectories.

The six pilot households (A–F) get a trajectory in a state that fits their
:class:`~woonkans.demo.data.PilotFacts`: E is still at the intake (its start conversation
has not taken place), the others started with the agreement they signed and are in
guidance, at their evaluation or extended. Three fresh referrals wait for the case
conference. The small corporation gets its eligibility checklist (earlier payment
arrangement, earlier cooperation, no nuisance or crime from the home); the large one keeps
the general rule (no exclusion grounds).

Everything goes through the use cases (referral, transitions, members), so the history,
the audit log and the timelines look as in real use. Idempotent: a household that has a
trajectory is left alone; the checklist is created once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from woonkans.accounts.models import User
from woonkans.households.models import Household, Involvement, InvolvementKind
from woonkans.households.services import involvement_open
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, Role
from woonkans.trajectories import selectors, services
from woonkans.trajectories.models import (
    EligibilityCriterion,
    MemberFunction,
    State,
    Trajectory,
)

from . import data
from .history import backdate, dated

# The small corporation's checklist (domain/processes.md §3). The question and the answer
# that excludes.
DE_LINDE_CHECKLIST: tuple[tuple[str, bool], ...] = (
    ("Is er eerder een betalingsregeling geweest?", False),
    ("Heeft de huurder eerder meegewerkt aan het oplossen van de financiële situatie?", False),
    ("Is er (geluids)overlast of crimineel gedrag vanuit de woning?", True),
)

S = State


@dataclass(frozen=True)
class Step:
    to_state: str
    days_ago: int
    by: str  # username of the demo user who records it
    reason: str = ""


@dataclass(frozen=True)
class PilotPlan:
    referred_days_ago: int
    referred_by: str
    reason: str
    situation: str
    steps: tuple[Step, ...]
    consultant_until_days_ago: int | None = None  # the financial consultant stepped out


CORP_DL = "woonconsulent.delinde"
CORP_RL = "woonconsulent.rivierland"
CJG = "wijkconsulent.cjg"
COORD = "coordinator"
WORKER = "woonbegeleider"


def _admitted(days: int, by: str = COORD) -> Step:
    return Step(S.DISCUSSED, days, by, "Besproken in het casusoverleg: past in de aanpak.")


PLANS: dict[str, PilotPlan] = {
    "A": PilotPlan(
        420,
        CORP_DL,
        "Huurachterstand na vonnis; eerdere schuld ooit door sociale dienst betaald.",
        "Moeder met dochter van 15 (beperking, speciaal onderwijs). Ex-partner woont in de buurt.",
        (
            _admitted(412),
            Step(S.ORIENTATION, 402, CORP_DL),
            Step(S.INTAKE, 392, CJG),
            Step(S.STARTED, 380, COORD),
            Step(S.ACTIVE, 378, WORKER),
            Step(S.EVALUATION, 12, WORKER),
        ),
        consultant_until_days_ago=190,
    ),
    "B": PilotPlan(
        430,
        CORP_DL,
        "Vonnis tot ontruiming; moeder mijdt contact en afspraken.",
        "Moeder met twee dochters van 8 en 6. Somber, woning raakt vervuild.",
        (
            _admitted(424),
            Step(S.ORIENTATION, 416, CORP_DL),
            Step(S.INTAKE, 406, CJG),
            Step(S.STARTED, 398, COORD),
            Step(S.ACTIVE, 396, WORKER),
            Step(S.EVALUATION, 40, WORKER),
            Step(S.EXTENDED, 30, COORD, "Budgetbeheer is nog nodig; begeleiding een jaar langer."),
        ),
    ),
    "C": PilotPlan(
        395,
        CORP_DL,
        "Schulden gemaakt door ex-partner; ontruiming dreigt.",
        "Moeder met dochter van 4 en zoon van 2. Doet vrijwilligerswerk.",
        (
            _admitted(388),
            Step(S.ORIENTATION, 380, CORP_DL),
            Step(S.INTAKE, 372, CJG),
            Step(S.STARTED, 365, COORD),
            Step(S.ACTIVE, 363, WORKER),
        ),
    ),
    "D": PilotPlan(
        420,
        CORP_DL,
        "Te laag en wisselend inkomen; eerdere schuldregelingen mislukt.",
        "Echtpaar met drie kinderen thuis (25, 18 en anderhalf). Spanning in de relatie.",
        (
            _admitted(414),
            Step(S.ORIENTATION, 404, CORP_DL),
            Step(S.INTAKE, 394, CJG),
            Step(S.STARTED, 385, COORD),
            Step(S.ACTIVE, 383, WORKER),
        ),
    ),
    "E": PilotPlan(
        45,
        CJG,
        "Vonnis in januari; CJG had al vaker geprobeerd contact te krijgen.",
        "Vader en moeder met zoon van 8 en dochter van 2.",
        (
            _admitted(38, CORP_DL),
            Step(S.ORIENTATION, 25, CORP_DL),
            Step(S.INTAKE, 10, CJG),
        ),
    ),
    "F": PilotPlan(
        230,
        CORP_RL,
        "Belcomputer en wijkteam kregen geen oplossing; huur ontbonden na vonnis.",
        "Ouders met twee kinderen van 12 en 9.",
        (
            _admitted(224),
            Step(S.ORIENTATION, 215, CORP_RL),
            Step(S.INTAKE, 205, COORD),
            Step(S.STARTED, 195, COORD),
            Step(S.ACTIVE, 193, WORKER),
        ),
    ),
}


@dataclass(frozen=True)
class TrajectoriesLoadResult:
    trajectories: int = 0
    criteria: int = 0

    @property
    def anything_created(self) -> bool:
        return bool(self.trajectories or self.criteria)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _actor(username: str, organisation: Organisation, role: str | None = None) -> Actor | None:
    user = _user(username)
    if user is None:
        return None
    membership = user.memberships.filter(organisation=organisation)
    if role is not None:
        membership = membership.filter(role=role)
    found = membership.first()
    if found is None:
        return None
    return Actor(organisation=organisation, role=found.role, user=user)


def _checklist(corporation: Organisation) -> int:
    if EligibilityCriterion.objects.filter(corporation=corporation).exists():
        return 0
    for position, (question, excludes_when) in enumerate(DE_LINDE_CHECKLIST, start=1):
        EligibilityCriterion.objects.create(
            corporation=corporation,
            question=question,
            excludes_when=excludes_when,
            position=position,
        )
    return len(DE_LINDE_CHECKLIST)


def _answers(corporation: Organisation, *, nuisance: bool = False) -> dict[int, bool]:
    answers = {}
    for criterion in selectors.criteria_for(corporation):
        answers[criterion.pk] = nuisance if criterion.excludes_when else True
    return answers


def _step_actor(username: str, trajectory: Trajectory, organisations) -> Actor | None:
    for org in (trajectory.corporation, trajectory.care_provider, trajectory.social_team):
        if org is None:
            continue
        role = Role.COORDINATOR if username == COORD else None
        actor = _actor(username, org, role)
        if actor is not None:
            return actor
    return None


def _members(trajectory: Trajectory, plan: PilotPlan, started: date, today: date) -> None:
    care = trajectory.care_provider
    coordinator = _actor(COORD, care, Role.COORDINATOR)
    if coordinator is None:
        return
    people = [
        (COORD, care, MemberFunction.COORDINATOR),
        (WORKER, care, MemberFunction.WOONBEGELEIDER),
        ("consulent", care, MemberFunction.FINANCIEEL_CONSULENT),
    ]
    corp_users = (
        ("woonconsulent.delinde", "incasso.delinde")
        if trajectory.corporation.slug == data.DE_LINDE
        else ("woonconsulent.rivierland", "incasso.rivierland")
    )
    people += [(u, trajectory.corporation, MemberFunction.CONTACTPERSOON) for u in corp_users]
    if trajectory.social_team is not None:
        people.append((CJG, trajectory.social_team, MemberFunction.CONTACTPERSOON))
    for username, org, function in people:
        user = _user(username)
        if user is None:
            continue
        member = services.member_add(
            actor=coordinator,
            trajectory=trajectory,
            user=user,
            organisation=org,
            function=function,
            started_on=started,
        )
        if (
            function == MemberFunction.FINANCIEEL_CONSULENT
            and plan.consultant_until_days_ago is not None
        ):
            ended_on = today - timedelta(days=plan.consultant_until_days_ago)
            with dated(ended_on):
                services.member_end(
                    actor=coordinator,
                    member=member,
                    ended_on=ended_on,
                    reason="Bewindvoerder beheert het inkomen; budgetbeheer gestopt.",
                )


def _pilot(spec: data.PilotHousehold, organisations, today: date) -> bool:
    household = Household.objects.filter(reference=spec.reference).first()
    if household is None or Trajectory.objects.filter(household=household).exists():
        return False
    plan = PLANS[spec.key]
    corporation = organisations[spec.corporation]
    care = organisations[data.ONDERDAK]
    has_cjg = any(i.organisation == data.CJG for i in spec.involvements)
    referrer_org = organisations[data.CJG] if plan.referred_by == CJG else corporation
    referrer = _actor(plan.referred_by, referrer_org)
    tenancy = selectors.current_tenancy(household, corporation)
    if referrer is None or tenancy is None:
        return False
    referred_on = today - timedelta(days=plan.referred_days_ago)
    verdict = selectors.verdict_of(tenancy)
    verdict_date = (
        (verdict.pronounced_on if verdict else referred_on - timedelta(days=21))
        if spec.facts.eviction_verdict
        else None
    )
    with dated(referred_on):
        trajectory = _referral_create(
            actor=referrer,
            household=household,
            tenancy=tenancy,
            care_provider=care,
            social_team=organisations[data.CJG] if has_cjg else None,
            referred_on=referred_on,
            reason=plan.reason,
            arrears=spec.facts.arrears,
            legal_stage="vonnis" if spec.facts.eviction_verdict else "geen_vonnis",
            verdict_date=min(verdict_date, referred_on) if verdict_date else None,
            household_situation=plan.situation,
            children_count=selectors.children_count(household, referred_on),
            answers=_answers(corporation),
        )
    for step in plan.steps:
        on_date = today - timedelta(days=step.days_ago)
        actor = _step_actor(step.by, trajectory, organisations)
        if actor is None:
            break
        if step.to_state == S.STARTED:
            _members(trajectory, plan, on_date, today)
            if not _signed(spec, trajectory, on_date):
                break
        trajectory = services.trajectory_transition(
            actor=actor,
            trajectory=trajectory,
            to_state=step.to_state,
            on_date=on_date,
            reason=step.reason,
        )
    return True


def _signed(spec: data.PilotHousehold, trajectory: Trajectory, on_date: date) -> bool:
    """The signed agreement the start conversation needs (agreements app)."""
    if not spec.facts.contract_form:
        return False
    try:
        from .agreements import demo_signed_agreement
    except ImportError:  # pragma: no cover - the agreements app is part of the project
        return True
    return (
        demo_signed_agreement(
            trajectory,
            form=spec.facts.contract_form,
            hours=spec.facts.guidance_hours_per_week,
            signed_on=on_date,
        )
        is not None
    )


def _referral_create(**kwargs) -> Trajectory:
    """Refer through the use case, which opens the partners' involvements with the
    trajectory as their source (so the retention job closes them after the end); they were
    opened on the referral date."""
    trajectory = services.referral_create(**kwargs)
    for involvement in Involvement.objects.filter(
        source_type="trajectories.trajectory", source_id=str(trajectory.pk)
    ):
        backdate(involvement, trajectory.referred_on, "opened_at")
    return trajectory


# --- Fresh referrals for the case conference ------------------------------------------------


@dataclass(frozen=True)
class FreshReferral:
    corporation: str
    by: str
    days_ago: int
    reason: str
    situation: str
    verdict: bool = False
    nuisance: bool = False


FRESH: tuple[FreshReferral, ...] = (
    FreshReferral(
        data.DE_LINDE,
        CORP_DL,
        12,
        "Drie maanden achterstand; betalingsregeling niet nagekomen; wel contact gehad.",
        "Alleenstaande vader met een zoon.",
    ),
    FreshReferral(
        data.DE_LINDE,
        CJG,
        6,
        "CJG en corporatie kregen samen contact; gezin wil hulp bij geldzaken.",
        "Moeder met drie jonge kinderen; klachten van buren over geluid.",
        verdict=True,
        nuisance=True,
    ),
    FreshReferral(
        data.RIVIERLAND,
        CORP_RL,
        4,
        "Belcomputer kreeg geen contact; wijkteam en schuldhulp erbij; dagvaarding volgt.",
        "Echtpaar zonder kinderen thuis.",
    ),
)


def _candidates(corporation: Organisation, today: date, count: int) -> list[Household]:
    """Background households of the corporation with the highest arrears and no
    trajectory (deterministic)."""
    from woonkans.arrears.selectors import arrears_positions

    pilot_refs = {p.reference for p in data.PILOT_HOUSEHOLDS}
    ranked = sorted(
        (
            (row.position.achterstand, row.contract_number)
            for row in arrears_positions(corporation=corporation, on=today)
            if row.position.achterstand > 0
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    found = []
    for _amount, contract in ranked:
        household = (
            Household.objects.filter(
                tenancies__corporation=corporation, tenancies__contract_number=contract
            )
            .exclude(reference__in=pilot_refs)
            .first()
        )
        if household is None:
            continue
        found.append(household)
        if len(found) == count:
            break
    return found


def _fresh(organisations, today: date) -> int:
    pilot_refs = {p.reference for p in data.PILOT_HOUSEHOLDS}
    if Trajectory.objects.exclude(household__reference__in=pilot_refs).exists():
        return 0  # loaded before
    created = 0
    for spec in FRESH:
        corporation = organisations[spec.corporation]
        candidates = [
            h
            for h in _candidates(corporation, today, 6)
            if not Trajectory.objects.filter(household=h).exists()
        ]
        if not candidates:
            continue
        household = candidates[0]
        tenancy = selectors.current_tenancy(household, corporation)
        referred_on = today - timedelta(days=spec.days_ago)
        if spec.by == CJG:
            social_team = organisations[data.CJG]
            with dated(referred_on - timedelta(days=14)):
                assignment = involvement_open(
                    actor=_actor(CORP_DL, corporation),
                    household=household,
                    organisation=social_team,
                    kind=InvolvementKind.ASSIGNMENT,
                    reason="Samen contact leggen met het gezin",
                )
                backdate(assignment, referred_on - timedelta(days=14), "opened_at")
            actor = _actor(CJG, social_team)
        else:
            social_team = organisations[data.CJG] if spec.corporation == data.DE_LINDE else None
            actor = _actor(spec.by, corporation)
        if actor is None or tenancy is None:
            continue
        arrears = selectors.arrears_on(tenancy, referred_on) or Decimal("0.00")
        with dated(referred_on):
            _referral_create(
                actor=actor,
                household=household,
                tenancy=tenancy,
                care_provider=organisations[data.ONDERDAK],
                social_team=social_team,
                referred_on=referred_on,
                reason=spec.reason,
                arrears=max(arrears, Decimal("0.00")),
                legal_stage="vonnis" if spec.verdict else "geen_vonnis",
                verdict_date=referred_on - timedelta(days=9) if spec.verdict else None,
                household_situation=spec.situation,
                children_count=selectors.children_count(household, referred_on),
                answers=_answers(corporation, nuisance=spec.nuisance),
            )
        created += 1
    return created


@transaction.atomic
def demo_trajectories_load(
    *, organisations: dict[str, Organisation], today: date | None = None
) -> TrajectoriesLoadResult:
    # Transitions may not be dated in the future: never past the real today.
    today = min(today or timezone.localdate(), timezone.localdate())
    criteria = _checklist(organisations[data.DE_LINDE])
    made = sum(_pilot(spec, organisations, today) for spec in data.PILOT_HOUSEHOLDS)
    made += _fresh(organisations, today)
    return TrajectoriesLoadResult(trajectories=made, criteria=criteria)
