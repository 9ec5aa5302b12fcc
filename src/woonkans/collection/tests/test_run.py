"""The daily collection run against the database: cases, items, idempotence, stops."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from woonkans.audit.models import AuditEvent
from woonkans.collection import hooks
from woonkans.collection.models import (
    CollectionCase,
    ContactAttempt,
    MessageStatus,
    OutboundMessage,
    WorklistItem,
    WorklistKind,
    WorklistStatus,
)
from woonkans.collection.services import (
    arrangement_create,
    collection_run,
    run_actor,
)
from woonkans.households.models import TimelineEntry
from woonkans.jobs.models import JobRun
from woonkans.testing import factories as f

from .helpers import pay, preset, rent, single_step_policy

pytestmark = pytest.mark.django_db

SEP1 = date(2026, 9, 1)  # a Tuesday
MON7 = date(2026, 9, 7)


@pytest.fixture(autouse=True)
def set_based_writes(monkeypatch):
    """Every run here takes the set-based write path (COPY on PostgreSQL) however few
    rows it writes: the path a national run takes."""
    from woonkans.core import bulk

    monkeypatch.setattr(bulk, "COPY_FROM", 0)


@pytest.fixture
def tenancy(corporation):
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345001", email="huurder@example.invalid")
    return f.TenancyFactory(corporation=corporation, household=household)


def items(**filters):
    return list(WorklistItem.objects.filter(**filters).order_by("pk"))


def test_without_policy_nothing_happens(corporation, tenancy):
    rent(tenancy, SEP1)
    assert collection_run(corporation=corporation, run_date=MON7) == {"no_active_policy": 1}
    assert not WorklistItem.objects.exists()


def test_small_preset_reminder_on_the_first_working_day_from_the_fifth(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 2))
    assert counts["cases_opened"] == 1 and "items_created" not in counts
    # The 5th is a Saturday: nothing happens at the weekend.
    assert collection_run(corporation=corporation, run_date=date(2026, 9, 5)) == {
        "non_working_day": 1
    }
    collection_run(corporation=corporation, run_date=MON7)
    [reminder] = items()
    assert (reminder.channel, reminder.letter_template, reminder.assigned_role) == (
        "brief",
        "herinnering",
        "incassomedewerker",
    )
    assert reminder.due_date == MON7 and reminder.status == WorklistStatus.OPEN
    assert reminder.arrears_amount == Decimal("600.00") and reminder.days_overdue == 6
    assert reminder.priority > 0


def test_running_twice_for_the_same_date_adds_nothing(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    for day in (date(2026, 9, 2), MON7, date(2026, 9, 9)):
        collection_run(corporation=corporation, run_date=day)
    before = (WorklistItem.objects.count(), CollectionCase.objects.count())
    assert before[0] == 2  # reminder and the first phone call
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 9))
    assert "items_created" not in counts and "cases_opened" not in counts
    assert (WorklistItem.objects.count(), CollectionCase.objects.count()) == before


def test_a_month_of_the_small_process(corporation, tenancy):
    """Every working day of September and early October, nobody reached: the steps come in
    order and end with the hand-over to the bailiff."""
    preset(corporation, "small")
    rent(tenancy, SEP1)
    rent(tenancy, date(2026, 10, 1))
    day = date(2026, 9, 2)
    while day <= date(2026, 10, 9):
        collection_run(corporation=corporation, run_date=day)
        WorklistItem.objects.filter(status="open").update(
            status="done", done_at="2026-09-01T10:00:00+00:00"
        )
        day = date.fromordinal(day.toordinal() + 1)
    planned = [(i.title, i.attempt, i.due_date) for i in items()]
    titles = [t for t, _a, _d in planned]
    assert titles[0] == "Reminder" or titles[0] == "Herinnering"
    assert len([t for t in planned if t[0] == planned[1][0]]) == 4  # four phone calls
    assert [d for _t, _a, d in planned] == sorted(d for _t, _a, d in planned)
    assert all(d.weekday() < 5 for _t, _a, d in planned)
    bailiff = planned[-1]
    assert items()[-1].assigned_role == "deurwaarder"
    assert bailiff[2] >= date(2026, 10, 2)


def test_paid_arrears_close_the_case_and_cancel_open_items(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    pay(tenancy, date(2026, 9, 8), "600.00")
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 9))
    assert counts["cases_closed"] == 1 and counts["items_cancelled"] == 1
    case = CollectionCase.objects.get()
    assert case.closed_on == date(2026, 9, 9) and case.close_reason == "paid"
    assert items()[0].status == WorklistStatus.CANCELLED
    # In arrears again later: a new case, and the reminder comes again.
    rent(tenancy, date(2026, 10, 1))
    collection_run(corporation=corporation, run_date=date(2026, 10, 5))
    assert CollectionCase.objects.filter(closed_on__isnull=True).count() == 1
    assert WorklistItem.objects.filter(status="open").count() == 1


def test_only_the_corporations_own_tenancies(corporation, other_corporation, tenancy):
    preset(corporation, "small")
    preset(other_corporation, "small")
    stranger = f.TenancyFactory(corporation=other_corporation)
    rent(tenancy, SEP1)
    rent(stranger, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    assert {i.tenancy_id for i in items()} == {tenancy.pk}
    assert all(i.corporation_id == corporation.pk for i in items())


def test_ended_tenancy_closes_its_case(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    tenancy.end_date = date(2026, 9, 8)
    tenancy.save()
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 9))
    assert counts["cases_closed"] == 1
    assert CollectionCase.objects.get().close_reason == "tenancy_ended"


def test_reached_tenant_gets_no_further_call_attempts(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    collection_run(corporation=corporation, run_date=date(2026, 9, 9))
    call = WorklistItem.objects.get(attempt=1, channel="telefoon")
    ContactAttempt.objects.create(
        tenancy=tenancy,
        household=tenancy.household,
        organisation=corporation,
        kind="telefoon",
        reached=True,
        attempted_at="2026-09-09T10:00:00+02:00",
        part_of_day="ochtend",
        outcome="payment_promised",
    )
    WorklistItem.objects.filter(pk=call.pk).update(
        status="done", done_at="2026-09-09T10:00:00+02:00"
    )
    collection_run(corporation=corporation, run_date=date(2026, 9, 14))
    assert WorklistItem.objects.filter(channel="telefoon").count() == 1


def _arrangement(tenancy, status="ACT"):
    actor = f.make_actor(organisation=tenancy.corporation)
    return arrangement_create(
        actor=actor,
        tenancy=tenancy,
        total_amount=Decimal("600.00"),
        term_amount=Decimal("100.00"),
        first_due_date=date(2026, 9, 15),
        agreed_on=date(2026, 9, 8),
        payment_method="overboeking",
        status=status,
    )


def test_kept_arrangement_pauses_the_steps(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    _arrangement(tenancy)
    pay(tenancy, date(2026, 9, 15), "100.00")
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 16))
    assert counts["items_cancelled"] == 1
    assert items()[0].cancelled_reason == "arrangement"
    for day in (date(2026, 9, 21), date(2026, 9, 28)):
        collection_run(corporation=corporation, run_date=day)
    assert WorklistItem.objects.filter(status="open").count() == 0
    term = tenancy.payment_arrangements.get().terms.get(number=1)
    assert term.paid_amount == Decimal("100.00") and term.paid_on == date(2026, 9, 15)


def test_broken_arrangement_raises_a_high_priority_alert_and_steps_resume(corporation, tenancy):
    policy = preset(corporation, "small")
    assert policy.arrangement_grace_days == 14
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    _arrangement(tenancy)
    # Term 1 (due 15 September) is not paid. On the 29th it is 14 days late: not yet broken.
    collection_run(corporation=corporation, run_date=date(2026, 9, 29))
    assert not WorklistItem.objects.filter(kind=WorklistKind.ARRANGEMENT_BROKEN).exists()
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 30))
    assert counts["alerts_created"] == 1
    alert = WorklistItem.objects.get(kind=WorklistKind.ARRANGEMENT_BROKEN)
    assert alert.due_date == date(2026, 9, 30) and alert.status == "open"
    steps_items = WorklistItem.objects.filter(kind="step", status="open")
    assert steps_items.exists()  # the steps continue
    assert alert.priority > max(i.priority for i in steps_items)
    assert TimelineEntry.objects.filter(kind="arrangement.broken").count() == 1
    # Again the same day and the next: one alert per missed term.
    collection_run(corporation=corporation, run_date=date(2026, 9, 30))
    collection_run(corporation=corporation, run_date=date(2026, 10, 1))
    assert WorklistItem.objects.filter(kind=WorklistKind.ARRANGEMENT_BROKEN).count() == 1


def test_arrangement_paid_off_ends_with_afb(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    arrangement = _arrangement(tenancy)
    pay(tenancy, date(2026, 9, 20), "600.00")
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 21))
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.end_reason) == ("BEE", "AFB")
    assert counts["arrangements_paid_off"] == 1


def test_legal_stage_provider_stops_steps_and_raises_priority(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    reminder = items()[0]
    before = reminder.priority

    def provider(tenancy_ids, on):
        return {tenancy.pk: "deurwaarder"} if tenancy.pk in tenancy_ids else {}

    hooks.register_legal_stage_provider(provider)
    try:
        counts = collection_run(corporation=corporation, run_date=date(2026, 9, 8))
    finally:
        hooks.unregister_legal_stage_provider(provider)
    reminder.refresh_from_db()
    assert counts["items_cancelled"] == 1
    assert reminder.status == "cancelled" and reminder.cancelled_reason == "legal_stage"
    assert before < 100


@pytest.mark.parametrize("copy_from", [0, 1000])
def test_open_items_get_the_current_figures(corporation, tenancy, monkeypatch, copy_from):
    """The figures of open items follow the arrears (through COPY on PostgreSQL when many
    change; ``copy_from=0`` takes that path with one item)."""
    from woonkans.collection import services
    from woonkans.core import bulk

    monkeypatch.setattr(bulk, "COPY_FROM", copy_from)
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    reminder = items()[0]
    assert reminder.arrears_amount == Decimal("600.00")
    rent(tenancy, date(2026, 9, 8))
    counts = collection_run(corporation=corporation, run_date=date(2026, 9, 8))
    reminder.refresh_from_db()
    assert counts["items_refreshed"] == 1
    assert reminder.status == "open"
    assert reminder.arrears_amount == Decimal("1200.00")
    assert (reminder.days_overdue, reminder.open_terms) == (7, 2)
    assert reminder.priority == services.priority_for(amount=Decimal("1200.00"), days_overdue=7)


def test_automatic_text_message_goes_to_the_outbox(
    corporation, tenancy, django_capture_on_commit_callbacks
):
    single_step_policy(corporation, channel="sms", send_automatically=True)
    rent(tenancy, SEP1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = collection_run(corporation=corporation, run_date=MON7)
    assert counts["messages_queued"] == 1
    message = OutboundMessage.objects.get()
    assert message.recipient == "0612345001" and message.channel == "sms"
    assert "600,00" in message.body and corporation.name in message.body
    assert message.status == MessageStatus.SENT and message.backend == "outbox"
    assert items()[0].status == WorklistStatus.DONE
    assert TimelineEntry.objects.filter(kind="collection.message").count() == 1
    # Again the same day: nothing new is sent.
    with django_capture_on_commit_callbacks(execute=True):
        collection_run(corporation=corporation, run_date=MON7)
    assert OutboundMessage.objects.count() == 1


def test_message_without_phone_number_stays_on_the_worklist(corporation):
    single_step_policy(corporation, channel="sms", send_automatically=True)
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="", email="")
    tenancy = f.TenancyFactory(corporation=corporation, household=household)
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    assert not OutboundMessage.objects.exists()
    assert items()[0].status == WorklistStatus.OPEN


def test_run_is_audited_once(corporation, tenancy):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    collection_run(corporation=corporation, run_date=MON7)
    event = AuditEvent.objects.filter(detail__startswith="collection run").get()
    assert "items_created=1" in event.detail and event.actor_label == "system"


def test_command_prints_counts(corporation, tenancy, capsys):
    preset(corporation, "small")
    rent(tenancy, SEP1)
    call_command("run_collections", corporation=corporation.slug, date="2026-09-07")
    out = capsys.readouterr().out
    assert "items_created: 1" in out and "cases_opened: 1" in out
    call_command("run_collections", corporation=corporation.slug, date="2026-09-07")
    assert "items_created" not in capsys.readouterr().out


def test_command_refuses_bad_input(corporation):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_collections", corporation="bestaat-niet", date="2026-09-07")
    with pytest.raises(CommandError):
        call_command("run_collections", corporation=corporation.slug, date="7-9-2026")


def test_scheduled_task_runs_each_corporation_once_per_day(
    corporation, other_corporation, tenancy, django_capture_on_commit_callbacks, time_machine
):
    from woonkans.collection.tasks import corporation_run, daily_runs

    time_machine.move_to("2026-09-07 06:30:00+02:00", tick=False)
    preset(corporation, "small")
    preset(other_corporation, "large")
    rent(tenancy, SEP1)
    with django_capture_on_commit_callbacks(execute=True):
        daily_runs.delay()
    runs = JobRun.objects.filter(task_name="collection.corporation_run")
    assert sorted(runs.values_list("run_key", flat=True)) == [
        "2026-09-07:andere",
        "2026-09-07:ws-test",
    ]
    assert WorklistItem.objects.count() == 1
    # A second delivery of the same messages: the JobRuns say it was done.
    with django_capture_on_commit_callbacks(execute=True):
        daily_runs.delay()
        corporation_run.delay(corporation.pk, "2026-09-07")
    assert runs.count() == 2 and runs.get(run_key="2026-09-07:ws-test").attempts == 1
    assert WorklistItem.objects.count() == 1


def test_run_actor_is_the_corporations_system(corporation):
    actor = run_actor(corporation)
    assert actor.organisation == corporation and actor.label == "system"


def test_prompts_from_other_processes_once_per_key(corporation, tenancy):
    from woonkans.collection.services import worklist_prompt_add

    preset(corporation, "small")
    rent(tenancy, SEP1)
    actor = run_actor(corporation)
    item, created = worklist_prompt_add(
        actor=actor,
        tenancy=tenancy,
        source_key="verdict:1:2026-W37",
        title="Na het vonnis: contact zoeken",
        due_date=MON7,
        channel="huisbezoek",
        assigned_role="woonconsulent",
        urgent=True,
    )
    again, created_again = worklist_prompt_add(
        actor=actor, tenancy=tenancy, source_key="verdict:1:2026-W37", title="x", due_date=MON7
    )
    assert created and not created_again and again.pk == item.pk
    assert item.kind == WorklistKind.PROMPT and item.arrears_amount == Decimal("600.00")
    # The run keeps it open and urgent (it is not a step of a case).
    collection_run(corporation=corporation, run_date=MON7)
    item.refresh_from_db()
    assert item.status == "open" and item.priority >= 2000


def test_preset_command(corporation, capsys):
    call_command("collection_preset", corporation=corporation.slug, preset="large")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("1. ") and "(belcomputer)" in out
    assert corporation.collection_policy.steps.count() == 8
