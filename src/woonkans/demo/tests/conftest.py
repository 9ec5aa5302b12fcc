"""The demo loaded once per test module: loading takes seconds, most tests only read it.

``loaded_demo`` loads the demo in a transaction that is rolled back after the module; each
test runs in its own savepoint inside it (pytest-django's ``db``), so a test may change
the data (e.g. load again) without affecting the next one.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from woonkans.demo.services import DemoLoadResult, demo_load

# A Friday: the demo's daily run is on the demo date itself.
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoLoadResult:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            result = demo_load(today=TODAY)
            yield result
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db) -> DemoLoadResult:
    return loaded_demo
