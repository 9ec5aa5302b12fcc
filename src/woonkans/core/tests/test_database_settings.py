"""PostgreSQL connections run without JIT compilation (docs/performance.md: it made small
queries 40-60 ms slower each) unless DATABASE_JIT=true."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from woonkans.testing.settings import run_with_production_settings

PRINT_OPTIONS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps(s.DATABASES["default"].get("OPTIONS", {})))
"""


def _options(tmp_path, **env: str) -> dict:
    done = run_with_production_settings(
        PRINT_OPTIONS,
        tmp_path,
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="woonkans.example",
        **env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_postgresql_connections_switch_jit_off(tmp_path):
    url = "postgres://woonkans@db.example/woonkans?options=-c%20statement_timeout%3D60000"
    options = _options(tmp_path, DATABASE_URL=url)
    assert options["options"] == "-c statement_timeout=60000 -c jit=off"


def test_jit_stays_as_the_server_has_it_when_asked(tmp_path):
    options = _options(tmp_path, DATABASE_URL="postgres://w@db.example/w", DATABASE_JIT="true")
    assert "jit" not in options.get("options", "")


def test_sqlite_gets_no_postgresql_options(tmp_path):
    assert "options" not in _options(tmp_path)


@pytest.mark.django_db
def test_the_test_connection_has_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
