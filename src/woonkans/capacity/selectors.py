"""Reads for the capacity pages: the norm values for a calculation, and the access gate.

Access (missing and forbidden look the same: ``Http404``):

* calculations and proposals are made by a **financial consultant** of an organisation
  involved with the household (the household access gate decides involvement);
* the **coordinator** of an involved organisation sees them;
* the corporation's **collections staff** (incassomedewerker, woonconsulent) see the
  proposals for their own tenancies, with the capacity figure but not the income
  breakdown, and accept or decline them;
* the corporation's **functional administrator** sets the standard demand.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from woonkans.households.access import households_visible_to
from woonkans.norms.models import BIJSTANDSNORM_KEY, HouseholdSituation
from woonkans.norms.selectors import NormNotFound, norm_value
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from .models import CapacityCalculation, CapacitySettings, PaymentProposal
from .rules import NormSet, NormUsed

BVV_MAXIMUM = "beslagvrije_voet_maximum"
BIJSTANDSNORM = "bijstandsnorm"
BVV_PERCENT = "beslagvrije_voet_percentage"
DEDUCTIBLE = "zorg_eigen_risico"

CALCULATING_ROLES = frozenset({Role.FINANCIEEL_CONSULENT})
VIEWING_ROLES = frozenset({Role.FINANCIEEL_CONSULENT, Role.COORDINATOR})
COLLECTION_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})

__all__ = ["NormNotFound", "norms_for"]


def _used(row) -> NormUsed:
    return NormUsed(
        code=row.table.code,
        key=row.key,
        name=row.table.name,
        value=row.value,
        unit=row.table.unit,
        source=row.source,
        valid_from=row.valid_from.isoformat(),
        verified=row.verified,
        verification_note=row.verification_note,
    )


def norms_for(situation: str, *, on: date, with_deductible: bool = False) -> NormSet:
    """The norm values for ``situation`` (a ``HouseholdSituation`` value) valid on ``on``.

    Raises ``NormNotFound`` when a table has no value for that date."""
    situation = HouseholdSituation(situation)
    norm = norm_value(BIJSTANDSNORM, BIJSTANDSNORM_KEY[situation], on=on)
    maximum = norm_value(BVV_MAXIMUM, situation.value, on=on)
    percent = norm_value(BVV_PERCENT, on=on)
    deductible = norm_value(DEDUCTIBLE, on=on) if with_deductible else None
    return NormSet(
        norm=_used(norm),
        maximum=_used(maximum),
        percent=_used(percent),
        deductible=_used(deductible) if deductible is not None else None,
    )


# --- Access -------------------------------------------------------------------------------


def is_corporation(actor: Actor | None) -> bool:
    return actor is not None and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE


def may_calculate(actor: Actor | None) -> bool:
    return actor is not None and actor.role in CALCULATING_ROLES


def may_view_calculations(actor: Actor | None) -> bool:
    return actor is not None and actor.role in VIEWING_ROLES and actor.sees(FieldGroup.FINANCIAL)


def works_collections(actor: Actor | None) -> bool:
    return is_corporation(actor) and actor.role in COLLECTION_ROLES


def may_edit_settings(actor: Actor | None) -> bool:
    return is_corporation(actor) and actor.role == Role.FUNCTIONEEL_BEHEERDER


def calculations_visible_to(actor: Actor | None) -> QuerySet[CapacityCalculation]:
    if not may_view_calculations(actor):
        return CapacityCalculation.objects.none()
    return CapacityCalculation.objects.filter(household__in=households_visible_to(actor))


def calculation_for_actor(actor: Actor | None, pk) -> CapacityCalculation:
    try:
        return calculations_visible_to(actor).select_related("household", "organisation").get(pk=pk)
    except (CapacityCalculation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def proposals_visible_to(actor: Actor | None) -> QuerySet[PaymentProposal]:
    """Consultants and coordinators of involved organisations: every proposal of the
    household. Collections staff: proposals for their own corporation's tenancies."""
    if actor is None:
        return PaymentProposal.objects.none()
    visible = PaymentProposal.objects.filter(household__in=households_visible_to(actor))
    if may_view_calculations(actor):
        return visible
    if works_collections(actor):
        return visible.filter(tenancy__corporation=actor.organisation)
    return PaymentProposal.objects.none()


def proposal_for_actor(actor: Actor | None, pk) -> PaymentProposal:
    try:
        return (
            proposals_visible_to(actor)
            .select_related("household", "tenancy", "organisation", "calculation", "arrangement")
            .get(pk=pk)
        )
    except (PaymentProposal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may_decide(actor: Actor | None, proposal: PaymentProposal) -> bool:
    return works_collections(actor) and actor.organisation.pk == proposal.tenancy.corporation_id


def may_withdraw(actor: Actor | None, proposal: PaymentProposal) -> bool:
    return may_calculate(actor) and actor.organisation.pk == proposal.organisation_id


def settings_for(corporation) -> CapacitySettings:
    """The corporation's standard demand; an unsaved default (the pilot's) when none is set."""
    found = CapacitySettings.objects.filter(corporation=corporation).first()
    return found or CapacitySettings(corporation=corporation)


def open_debts_for(household):
    """The household's open debts from the budgets app (debt inventory)."""
    from woonkans.budgets.selectors import open_debts

    return list(open_debts(household))
