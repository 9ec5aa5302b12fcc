"""The access gate of budget management, the debt inventory and the quarterly summary.

* **Manage** (set up, edit, record payments, debts, contacts, hand-overs, write and send
  the quarterly summary): a financial consultant (financieel consulent) of an organisation
  that runs budget management or debt help — a care provider with a budget-management
  team, or a debt-help organisation — for a household that organisation may see (it is
  involved with it).
* **View**: the managers above and the last-chance coordinator of an organisation
  involved with the household.
* **Corporation**: collections staff (incassomedewerker) of the corporation that rents to
  the household see *sent* quarterly summaries addressed to their corporation — nothing
  else of budget management.

Everything goes through ``households.access``; missing and forbidden are both "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from woonkans.households.access import households_visible_to
from woonkans.households.models import Household, Involvement
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from .models import (
    BudgetManagement,
    ConsultantPayment,
    CreditorContact,
    Debt,
    FixedCharge,
    IncomeSource,
    QuarterlySummary,
    SummaryStatus,
)

CORPORATION_SUMMARY_ROLES = frozenset({Role.INCASSOMEDEWERKER})


def runs_budget_work(organisation) -> bool:
    """Organisations whose financial consultants do budget management or debt help."""
    return organisation.kind == OrganisationKind.SCHULDHULPVERLENING or (
        organisation.kind == OrganisationKind.ZORGORGANISATIE
        and organisation.has_budget_management_team
    )


def may_manage(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.role == Role.FINANCIEEL_CONSULENT
        and actor.sees(FieldGroup.FINANCIAL)
        and runs_budget_work(actor.organisation)
    )


def may_view(actor: Actor | None) -> bool:
    return may_manage(actor) or (
        actor is not None and actor.role == Role.COORDINATOR and actor.sees(FieldGroup.FINANCIAL)
    )


def budget_households_for(actor: Actor | None) -> QuerySet[Household]:
    """Households whose budget management and debts ``actor`` may see: visible households
    with an open involvement of the actor's organisation."""
    if not may_view(actor):
        return Household.objects.none()
    involved = Involvement.objects.filter(
        organisation=actor.organisation, closed_at__isnull=True
    ).values("household_id")
    return households_visible_to(actor).filter(pk__in=involved)


def budget_household_for(actor: Actor | None, pk, *, manage: bool = False) -> Household:
    if manage and not may_manage(actor):
        raise Http404
    try:
        return budget_households_for(actor).get(pk=pk)
    except (Household.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def managed_households_for(actor: Actor | None) -> QuerySet[Household]:
    if not may_manage(actor):
        return Household.objects.none()
    return budget_households_for(actor)


def budgets_visible_to(actor: Actor | None) -> QuerySet[BudgetManagement]:
    return BudgetManagement.objects.filter(household__in=budget_households_for(actor))


def budget_for_actor(actor: Actor | None, pk, *, manage: bool = False) -> BudgetManagement:
    queryset = (
        BudgetManagement.objects.filter(household__in=managed_households_for(actor))
        if manage
        else budgets_visible_to(actor)
    )
    try:
        return queryset.select_related("household", "organisation").get(pk=pk)
    except (BudgetManagement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def income_for_actor(actor: Actor | None, pk) -> IncomeSource:
    return _get(
        IncomeSource.objects.filter(budget__household__in=managed_households_for(actor))
        .filter(budget__ended_on__isnull=True)
        .select_related("budget__household"),
        pk,
    )


def charge_for_actor(actor: Actor | None, pk) -> FixedCharge:
    return _get(
        FixedCharge.objects.filter(budget__household__in=managed_households_for(actor))
        .filter(budget__ended_on__isnull=True)
        .select_related("budget__household"),
        pk,
    )


def payments_visible_to(actor: Actor | None) -> QuerySet[ConsultantPayment]:
    return ConsultantPayment.objects.filter(budget__household__in=budget_households_for(actor))


def debts_visible_to(actor: Actor | None) -> QuerySet[Debt]:
    return Debt.objects.filter(household__in=budget_households_for(actor))


def debt_for_actor(actor: Actor | None, pk, *, manage: bool = False) -> Debt:
    queryset = (
        Debt.objects.filter(household__in=managed_households_for(actor))
        if manage
        else debts_visible_to(actor)
    )
    return _get(queryset.select_related("household"), pk)


def contacts_visible_to(actor: Actor | None) -> QuerySet[CreditorContact]:
    return CreditorContact.objects.filter(debt__household__in=budget_households_for(actor))


# --- quarterly summaries -----------------------------------------------------------------


def is_corporation_reader(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.role in CORPORATION_SUMMARY_ROLES
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
        and actor.sees(FieldGroup.FINANCIAL)
    )


def summaries_visible_to(actor: Actor | None) -> QuerySet[QuarterlySummary]:
    """Budget managers and viewers see every summary of their households; corporation
    collections staff see the sent summaries addressed to their corporation for households
    they rent to."""
    if actor is None:
        return QuarterlySummary.objects.none()
    if may_view(actor):
        return QuarterlySummary.objects.filter(household__in=budget_households_for(actor))
    if is_corporation_reader(actor):
        return QuarterlySummary.objects.filter(
            Q(household__in=households_visible_to(actor)),
            Q(household__tenancies__corporation=actor.organisation),
            corporation=actor.organisation,
            status=SummaryStatus.SENT,
        ).distinct()
    return QuarterlySummary.objects.none()


def summary_for_actor(actor: Actor | None, pk, *, manage: bool = False) -> QuarterlySummary:
    queryset = (
        QuarterlySummary.objects.filter(household__in=managed_households_for(actor))
        if manage
        else summaries_visible_to(actor)
    )
    return _get(queryset.select_related("household", "corporation", "organisation"), pk)
