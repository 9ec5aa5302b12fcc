"""Demo agreements: the form each pilot household signed (``PilotFacts.contract_form``), and
the large corporation's preference for a vaststellingsovereenkomst after a verdict.

Runs after the demo trajectories exist: a household without a trajectory (or whose
trajectory has no care provider) gets no agreement. Idempotent: a trajectory that has an
agreement already is left alone. :func:`demo_signed_agreement` is public so the
trajectory loader can make the signed agreement right before it records the start (the
transition into "started" is refused without one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from woonkans.accounts.models import User
from woonkans.agreements import selectors, services
from woonkans.agreements.models import Agreement, CorporationAgreementSettings
from woonkans.agreements.rules import AgreementForm, PartyRole
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, Role
from woonkans.trajectories.models import Trajectory
from woonkans.trajectories.selectors import guidance_started_on

from . import data
from .history import dated

# Why the pilot chose another form than Woonkans proposes (our own words).
FORM_REASONS = {
    AgreementForm.ADDENDUM: (
        "De partners kozen voor een addendum bij het bestaande huurcontract. Zo hoeft er geen "
        "nieuw contract te komen en blijven de kosten laag."
    ),
    AgreementForm.OMKLAPCONTRACT: (
        "Inhoudelijke keuze: de zorgaanbieder wordt verhuurder en int de huur. Na ongeveer "
        "twee jaar komt het contract op naam van het gezin."
    ),
}
DEMO_REPAYMENT = Decimal("50.00")  # the report's average repayment capacity per month


@dataclass(frozen=True)
class AgreementsLoadResult:
    agreements: int = 0
    settings: int = 0

    @property
    def anything_created(self) -> bool:
        return bool(self.agreements or self.settings)


def _member(organisation: Organisation, role: str) -> User | None:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=role
    ).first()


def _signer(organisation: Organisation) -> str:
    for role in (Role.COORDINATOR, Role.WOONCONSULENT):
        user = _member(organisation, role)
        if user is not None:
            return f"{user.get_full_name()}, {Role(role).label}"
    return organisation.name


def demo_signed_agreement(
    trajectory: Trajectory, *, form: str, hours, signed_on: date
) -> Agreement | None:
    """The trajectory's agreement, drafted and signed by every party on ``signed_on``;
    None when the trajectory has no care provider or the care provider no coordinator."""
    existing = selectors.active_agreement(trajectory)
    if existing is not None:
        return existing
    care = trajectory.care_provider
    if care is None:
        return None
    user = _member(care, Role.COORDINATOR)
    if user is None:
        return None
    actor = Actor(organisation=care, role=Role.COORDINATOR, user=user)
    _preferences()  # whichever loader runs first: the proposal uses the preference
    proposed = selectors.proposed_form(trajectory)
    with dated(signed_on):
        return _draft_and_sign(actor, trajectory, form, proposed, hours, signed_on)


def _draft_and_sign(
    actor: Actor, trajectory: Trajectory, form: str, proposed: str, hours, signed_on: date
) -> Agreement:
    agreement = services.agreement_create(
        actor=actor,
        trajectory=trajectory,
        form=form,
        form_reason="" if proposed == form else FORM_REASONS.get(form, "Keuze van de partners."),
        start_date=signed_on,
        guidance_hours_per_week=hours or None,
        repayment_per_month=DEMO_REPAYMENT,
        place=trajectory.corporation.city,
    )
    for party in agreement.parties.all():
        agreement = services.signature_record(
            actor=actor,
            agreement=agreement,
            party=party,
            signed_on=signed_on,
            signed_by="" if party.role == PartyRole.TENANT else _signer(party.organisation),
            version=agreement.version,
        )
    return agreement


def _signed_on(trajectory: Trajectory, today: date) -> date:
    started = guidance_started_on(trajectory)
    if started is not None:
        return started
    return min(trajectory.state_since, today) if trajectory.state_since else today


def _preferences() -> int:
    """Rivierland, the large corporation, prefers a vaststellingsovereenkomst after a
    verdict. Returns 1 when the setting was created."""
    rivierland = Organisation.objects.filter(slug=data.RIVIERLAND).first()
    if rivierland is None:
        return 0
    _settings, created = CorporationAgreementSettings.objects.get_or_create(
        corporation=rivierland,
        defaults={"form_after_verdict": AgreementForm.VASTSTELLINGSOVEREENKOMST},
    )
    return int(created)


@transaction.atomic
def demo_agreements_load(
    *, organisations: dict[str, Organisation], today: date | None = None
) -> AgreementsLoadResult:
    today = today or timezone.localdate()
    created_settings = _preferences()
    created_agreements = 0
    for spec in data.PILOT_HOUSEHOLDS:
        form = spec.facts.contract_form
        if not form:
            continue
        trajectory = (
            Trajectory.objects.filter(household__reference=spec.reference)
            .select_related("household", "corporation", "care_provider", "tenancy")
            .order_by("-pk")
            .first()
        )
        # A trajectory that ended before the agreements app existed gets none (an ended
        # trajectory takes no new agreement).
        if trajectory is None or trajectory.is_final or trajectory.agreements.exists():
            continue
        signed_on = min(_signed_on(trajectory, today), today - timedelta(days=1))
        if demo_signed_agreement(
            trajectory,
            form=form,
            hours=spec.facts.guidance_hours_per_week,
            signed_on=signed_on,
        ):
            created_agreements += 1
    return AgreementsLoadResult(agreements=created_agreements, settings=created_settings)
