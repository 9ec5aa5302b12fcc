"""``woonkans create-signals`` and ``woonkans export-signals``."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from woonkans.audit.models import AuditEvent
from woonkans.signals.export import CSV_HEADER
from woonkans.signals.models import Signal, SignalExport, SignalStatus
from woonkans.testing import factories as f

from .helpers import complete_actions, policy

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def ready(corporation, household):
    municipality = f.OrganisationFactory(municipality=True, name="Gemeente Voorbeeld")
    policy(corporation, municipality)
    complete_actions(
        household.tenancies.get(),
        arrears_from=TODAY - timedelta(days=40),
        reminder_on=TODAY - timedelta(days=30),
        call_on=TODAY - timedelta(days=25),
    )


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_then_export_csv_then_again_by_batch(ready, tmp_path):
    out, _err = run("create_signals", "--corporation", "ws-test")
    assert out.startswith("1 new signal, 0 already signalled")
    assert run("create_signals", "--corporation", "ws-test")[0].startswith(
        "0 new signals, 1 already signalled"
    )
    target = tmp_path / "signals.csv"
    _out, err = run(
        "export_signals", "--corporation", "ws-test", "--format", "csv", "--output", str(target)
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split(",")) == CSV_HEADER and len(lines) == 2
    assert Signal.objects.get().status == SignalStatus.SENT
    export = SignalExport.objects.get()
    # Nothing new: the header only, no new batch.
    out, err = run("export_signals", "--corporation", "ws-test", "--format", "csv")
    assert out.splitlines() == [",".join(CSV_HEADER)] and "no signals" in err
    assert SignalExport.objects.count() == 1
    # The same batch again, explicitly.
    out, _err = run(
        "export_signals", "--corporation", "ws-test", "--format", "json", "--batch", str(export.pk)
    )
    assert json.loads(out)["export"]["id"] == export.pk
    assert len(json.loads(out)["vroegsignalen"]) == 1
    assert AuditEvent.objects.filter(action="export", object_type="signals.signal").count() == 2


def test_export_since_filters(ready):
    run("create_signals", "--corporation", "ws-test")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    out, _err = run(
        "export_signals", "--corporation", "ws-test", "--format", "json", "--since", tomorrow
    )
    assert json.loads(out)["vroegsignalen"] == []
    assert Signal.objects.get().status == SignalStatus.NEW


@pytest.mark.parametrize(
    "args",
    [
        ("export_signals", "--corporation", "nope", "--format", "csv"),
        ("export_signals", "--corporation", "ws-test", "--format", "csv", "--since", "1-2-2026"),
        ("export_signals", "--corporation", "ws-test", "--format", "csv", "--batch", "999"),
        ("create_signals", "--corporation", "nope"),
        ("create_signals", "--corporation", "ws-test", "--date", "gisteren"),
    ],
)
def test_bad_arguments(corporation, args):
    with pytest.raises(CommandError):
        run(*args)


def test_create_without_policy_fails(corporation):
    with pytest.raises(CommandError, match="not configured"):
        run("create_signals", "--corporation", "ws-test")
