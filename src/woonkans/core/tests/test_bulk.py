"""Set-based inserts and updates (core.bulk): the same rows through COPY on PostgreSQL as
through bulk_create elsewhere, defaults filled in as a model instance would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from woonkans.collection.models import CollectionCase, WorklistItem, WorklistStatus
from woonkans.collection.tests.helpers import single_step_policy
from woonkans.core import bulk
from woonkans.core.bulk import insert_rows, update_by_ids, update_rows
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

FIELDS = ["corporation_id", "tenancy_id", "household_id", "kind", "case_id", "title"]
FIELDS += ["channel", "assigned_role", "due_date", "arrears_amount", "attempt", "step_id"]


@pytest.fixture(params=[0, 10_000], ids=["copy", "bulk_create"])
def copy_from(request, monkeypatch):
    """``copy``: COPY on PostgreSQL even for one row (SQLite always uses bulk_create)."""
    monkeypatch.setattr(bulk, "COPY_FROM", request.param)
    return request.param


@pytest.fixture
def case(corporation):
    tenancy = f.TenancyFactory(corporation=corporation)
    case = CollectionCase.objects.create(
        corporation=corporation, tenancy=tenancy, opened_on=date(2026, 9, 1)
    )
    _policy, case.step = single_step_policy(corporation)
    return case


def row(case, attempt=1, amount="612.34"):
    tenancy = case.tenancy
    return (
        case.corporation_id,
        tenancy.pk,
        tenancy.household_id,
        "step",
        case.pk,
        "Herinnering",
        "brief",
        "incasso",
        date(2026, 9, 7),
        Decimal(amount),
        attempt,
        case.step.pk,
    )


def test_rows_get_their_values_and_the_model_defaults(case, copy_from):
    insert_rows(WorklistItem, FIELDS, [row(case), row(case, attempt=2, amount="0.01")])
    first, second = WorklistItem.objects.order_by("attempt")
    assert (first.title, first.channel, first.due_date) == (
        "Herinnering",
        "brief",
        date(2026, 9, 7),
    )
    assert first.arrears_amount == Decimal("612.34") and second.arrears_amount == Decimal("0.01")
    # Left out: the model's defaults, as WorklistItem() would have them.
    assert first.status == WorklistStatus.OPEN and first.priority == 0 and first.urgent is False
    assert first.done_at is None and first.cancelled_reason == "" and first.exported_on is None
    assert first.created_at is not None


def test_conflicting_rows_are_skipped_when_asked(case, copy_from):
    insert_rows(WorklistItem, FIELDS, [row(case)])
    insert_rows(WorklistItem, FIELDS, [row(case), row(case, attempt=2)], ignore_conflicts=True)
    assert sorted(WorklistItem.objects.values_list("attempt", flat=True)) == [1, 2]


def test_conflicts_raise_unless_asked(case, copy_from):
    from django.db import IntegrityError, transaction

    insert_rows(WorklistItem, FIELDS, [row(case)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(WorklistItem, FIELDS, [row(case)])
    assert WorklistItem.objects.count() == 1


def test_returning_gives_the_new_rows_columns(corporation, copy_from):
    tenancies = [f.TenancyFactory(corporation=corporation) for _ in range(3)]
    back = insert_rows(
        CollectionCase,
        ["corporation_id", "tenancy_id", "opened_on"],
        [(corporation.pk, t.pk, date(2026, 9, 1)) for t in tenancies],
        returning=["id", "tenancy_id"],
    )
    stored = set(CollectionCase.objects.values_list("id", "tenancy_id"))
    assert set(back) == stored and len(stored) == 3


def test_returning_with_ignore_conflicts_gives_only_the_inserted_rows(case, copy_from):
    insert_rows(WorklistItem, FIELDS, [row(case)])
    both = [row(case), row(case, attempt=2)]
    if connection.vendor != "postgresql":
        with pytest.raises(NotImplementedError):
            insert_rows(WorklistItem, FIELDS, both, ignore_conflicts=True, returning=["id"])
        return
    back = insert_rows(
        WorklistItem, FIELDS, both, ignore_conflicts=True, returning=["id", "attempt"]
    )
    second = WorklistItem.objects.get(attempt=2)
    assert back == [(second.pk, 2)]


def test_a_required_field_must_be_given(case):
    """A date has no default (a text field's default is empty, as in ``WorklistItem()``)."""
    without = [n for n in FIELDS if n != "due_date"]
    values = [v for n, v in zip(FIELDS, row(case), strict=True) if n != "due_date"]
    with pytest.raises(ValueError, match="due_date"):
        insert_rows(WorklistItem, without, [values])
    assert not WorklistItem.objects.exists()


def test_foreign_keys_are_given_as_ids(case):
    with pytest.raises(ValueError, match="tenancy_id"):
        insert_rows(WorklistItem, ["tenancy", *FIELDS[2:]], [row(case)[1:]])


def test_nothing_to_insert(case):
    assert insert_rows(WorklistItem, FIELDS, []) == []


def test_update_by_ids_updates_the_listed_rows_the_queryset_allows(case, copy_from):
    insert_rows(WorklistItem, FIELDS, [row(case, attempt=n) for n in (1, 2, 3)])
    one, two, three = WorklistItem.objects.order_by("attempt")
    WorklistItem.objects.filter(pk=two.pk).update(
        status=WorklistStatus.DONE, done_at=timezone.now()
    )
    updated = update_by_ids(
        WorklistItem.objects.filter(status=WorklistStatus.OPEN),
        [one.pk, two.pk],
        status=WorklistStatus.CANCELLED,
        cancelled_reason="paid",
    )
    assert updated == 1
    statuses = dict(WorklistItem.objects.values_list("pk", "status"))
    assert statuses == {one.pk: "cancelled", two.pk: "done", three.pk: "open"}
    assert update_by_ids(WorklistItem.objects.all(), [], status="done") == 0


def test_update_rows_gives_each_listed_row_its_own_values(case, copy_from):
    insert_rows(WorklistItem, FIELDS, [row(case, attempt=n) for n in (1, 2, 3)])
    one, two, three = WorklistItem.objects.order_by("attempt")
    updated = update_rows(
        WorklistItem,
        ["arrears_amount", "priority"],
        [(one.pk, Decimal("1234.56"), 7), (two.pk, Decimal("0.01"), 99)],
    )
    assert updated == 2
    figures = dict(
        (pk, (amount, priority))
        for pk, amount, priority in WorklistItem.objects.values_list(
            "pk", "arrears_amount", "priority"
        )
    )
    assert figures == {
        one.pk: (Decimal("1234.56"), 7),
        two.pk: (Decimal("0.01"), 99),
        three.pk: (Decimal("612.34"), 0),
    }
    assert update_rows(WorklistItem, ["priority"], []) == 0


def test_copy_path_runs_on_postgresql_only(case, monkeypatch):
    """On PostgreSQL with COPY_FROM=0 no bulk_create is made (the set-based path)."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(bulk, "COPY_FROM", 0)

    def refuse(*args, **kwargs):
        raise AssertionError("bulk_create used")

    monkeypatch.setattr(bulk, "_bulk_create", refuse)
    insert_rows(WorklistItem, FIELDS, [row(case)])
    assert WorklistItem.objects.count() == 1
