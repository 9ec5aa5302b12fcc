"""Fixtures for the login tests: users per role, frozen time, TOTP codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from woonkans.organisations.models import Role
from woonkans.testing import factories as f


@pytest.fixture
def client(db):
    # English pages, so assertions on text do not depend on the Dutch translation.
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def frozen():
    """Stopped clock; ``frozen.shift(seconds)`` moves it. TOTP codes depend on time."""
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, 5, tzinfo=UTC), tick=False) as t:
        yield t


@pytest.fixture
def officer(db):
    """A collections officer: sees personal data, so needs a second factor."""
    return f.make_actor(role=Role.INCASSOMEDEWERKER).user


@pytest.fixture
def policy_officer(db):
    """A beleidsmedewerker: aggregates only, no second factor."""
    return f.make_actor(role=Role.BELEIDSMEDEWERKER).user
