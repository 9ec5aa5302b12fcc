"""The ``load-demo`` command on an empty database. What the demo contains is tested in
``test_demo_data.py`` (loaded once per module)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from woonkans.accounts.models import User
from woonkans.arrears.models import LedgerEntry
from woonkans.demo import data
from woonkans.households.models import Household


def test_command_loads_then_reports_nothing_new_and_lists_the_users(db, settings, tmp_path):
    # One way of overriding settings per test: mixing the decorator with the fixture
    # restores them out of order and leaks LANGUAGE_CODE into later tests.
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    entries = LedgerEntry.objects.count()
    call_command("load_demo", stdout=second)
    assert "6 pilot households" in first.getvalue()
    assert f"{entries} ledger entries" in first.getvalue()
    assert "nothing changed" in second.getvalue()
    printed = second.getvalue().split()
    assert all(spec.username in printed for spec in data.USERS)
    assert Household.objects.count() == 506
    assert LedgerEntry.objects.count() == entries > 0


@override_settings(DEMO=False)
def test_command_refuses_outside_the_demo(db):
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_guidance_hours_follow_the_report():
    hours = {h.key: h.facts.guidance_hours_per_week for h in data.PILOT_HOUSEHOLDS}
    assert {key: hours[key] for key in "ABCD"} == {"A": 4, "B": 6, "C": 4, "D": 4}
    assert hours["E"] == 0  # the start conversation has not taken place yet


def test_reference_data_is_shipped_again_after_a_flush(db):
    from woonkans.demo.arrears import ensure_reference_data
    from woonkans.documents.models import LetterTemplate
    from woonkans.norms.models import NormTable, NormValue

    NormValue.objects.all().delete()
    NormTable.objects.all().delete()
    LetterTemplate.objects.all().delete()
    ensure_reference_data()
    assert NormValue.objects.filter(table__code="wik_staffel").exists()
    herinnering = LetterTemplate.objects.get(
        organisation__isnull=True, kind="herinnering", is_active=True
    )
    assert "gegevens aan de gemeente" in herinnering.body
