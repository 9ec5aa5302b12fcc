"""Reads of the legal route: the facts for the pure stage functions, the stage of a tenancy,
and the tenancies whose worklist should keep prompting contact after a verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet

from woonkans.households.models import Tenancy
from woonkans.organisations.models import Organisation

from .models import (
    EvictionNotice,
    ExternalCollection,
    ExternalCollectionStatus,
    LegalSettings,
    Verdict,
)
from .stages import (
    CaseFacts,
    NoticeFacts,
    NoticeOutcome,
    Stage,
    StageFacts,
    SummonsFacts,
    VerdictFacts,
    cases_as_of,
    legal_stage,
)

CHUNK = 1000


def collections_for(tenancy_ids: Iterable[int]) -> Iterator[ExternalCollection]:
    ids = list(tenancy_ids)
    for i in range(0, len(ids), CHUNK):
        yield from (
            ExternalCollection.objects.filter(tenancy_id__in=ids[i : i + CHUNK])
            .select_related("agency")
            .prefetch_related("summonses__verdict__notices")
            .order_by("tenancy_id", "handed_over_on", "pk")
        )


def _facts(collection: ExternalCollection) -> CaseFacts:
    summonses = []
    for summons in collection.summonses.all():
        verdict = getattr(summons, "verdict", None)
        verdict_facts = None
        if verdict is not None:
            verdict_facts = VerdictFacts(
                pronounced_on=verdict.pronounced_on,
                dissolution_and_eviction=verdict.dissolution_and_eviction,
                notices=tuple(
                    NoticeFacts(n.notified_on, n.eviction_date, n.outcome, n.outcome_on)
                    for n in verdict.notices.all()
                ),
            )
        summonses.append(
            SummonsFacts(summons.served_on, summons.court_date, summons.withdrawn_on, verdict_facts)
        )
    return CaseFacts(
        kind=collection.kind,
        status=collection.status,
        handed_over_on=collection.handed_over_on,
        ended_on=collection.ended_on,
        summonses=tuple(summonses),
    )


def case_facts_by_tenancy(tenancy_ids: Iterable[int]) -> dict[int, tuple[CaseFacts, ...]]:
    found: dict[int, list[CaseFacts]] = defaultdict(list)
    for collection in collections_for(tenancy_ids):
        found[collection.tenancy_id].append(_facts(collection))
    return {tid: tuple(cases) for tid, cases in found.items()}


def case_facts(tenancy_id: int) -> tuple[CaseFacts, ...]:
    return case_facts_by_tenancy([tenancy_id]).get(tenancy_id, ())


def stages_for(tenancies: Iterable[Tenancy], *, on: date) -> dict[int, Stage]:
    """The legal stage of each tenancy at the end of ``on``."""
    from woonkans.signals.evidence import arrears_facts_by_tenancy

    tenancies = list(tenancies)
    ids = [t.pk for t in tenancies]
    cases = case_facts_by_tenancy(ids)
    arrears = arrears_facts_by_tenancy(ids, on=on)
    stages = {}
    for tid in ids:
        a = arrears.get(tid)
        stages[tid] = legal_stage(
            StageFacts(
                arrears=bool(a and a.arrears_since),
                arrears_since=a.arrears_since if a else None,
                default_letter_on=a.default_letter_on if a else None,
                cases=cases_as_of(cases.get(tid, ()), on),
            )
        )
    return stages


def stage_for(tenancy: Tenancy, *, on: date) -> Stage:
    return stages_for([tenancy], on=on)[tenancy.pk]


def tenancies_with_verdict(corporation: Organisation) -> QuerySet[Tenancy]:
    """Tenancies of ``corporation`` with a verdict in an open legal route whose eviction was
    not executed: the worklist keeps prompting contact attempts for them.

    Annotated with ``verdict_on`` (the latest verdict date), ``eviction_ordered`` (the
    verdict dissolves the lease) and ``eviction_date`` (of a pending eviction notice, or
    ``None``), so a worklist can put the nearest eviction first.
    """
    open_verdicts = Verdict.objects.filter(
        summons__collection__tenancy=OuterRef("pk"),
        summons__withdrawn_on__isnull=True,
    ).exclude(summons__collection__status=ExternalCollectionStatus.EIN)
    executed = EvictionNotice.objects.filter(
        verdict__summons__collection__tenancy=OuterRef("pk"),
        verdict__summons__withdrawn_on__isnull=True,
        outcome=NoticeOutcome.EXECUTED,
    ).exclude(verdict__summons__collection__status=ExternalCollectionStatus.EIN)
    open_route = ~Q(external_collections__status=ExternalCollectionStatus.EIN) & Q(
        external_collections__summonses__withdrawn_on__isnull=True
    )
    return (
        Tenancy.objects.filter(corporation=corporation)
        .filter(Exists(open_verdicts))
        .exclude(Exists(executed))
        .annotate(
            verdict_on=Max(
                "external_collections__summonses__verdict__pronounced_on", filter=open_route
            ),
            eviction_ordered=Exists(open_verdicts.filter(dissolution_and_eviction=True)),
            eviction_date=Min(
                "external_collections__summonses__verdict__notices__eviction_date",
                filter=open_route
                & Q(external_collections__summonses__verdict__notices__outcome=""),
            ),
        )
        .order_by(F("eviction_date").asc(nulls_last=True), "verdict_on", "pk")
    )


def pending_eviction_dates(tenancy_ids: Iterable[int]) -> dict[int, date]:
    """The eviction date of the announced, not yet executed or cancelled eviction."""
    rows = EvictionNotice.objects.filter(
        verdict__summons__collection__tenancy_id__in=list(tenancy_ids),
        verdict__summons__withdrawn_on__isnull=True,
        outcome=NoticeOutcome.PENDING,
    ).exclude(verdict__summons__collection__status=ExternalCollectionStatus.EIN)
    return dict(rows.values_list("verdict__summons__collection__tenancy_id", "eviction_date"))


def legal_settings_for(organisation: Organisation) -> LegalSettings:
    """The corporation's legal route settings; unsaved defaults when it has none yet."""
    try:
        return LegalSettings.objects.get(organisation=organisation)
    except LegalSettings.DoesNotExist:
        return LegalSettings(organisation=organisation)
