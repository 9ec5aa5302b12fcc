"""Production settings are secure; pages carry a strict Content-Security-Policy."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password

from woonkans.conf import settings as production_settings
from woonkans.testing.settings import run_with_production_settings

from .helpers import log_in_with_password

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "PASSWORD_HASHERS": s.PASSWORD_HASHERS,
    "DEMO": s.DEMO,
}))
"""


def test_production_hasher_is_argon2():
    # The tests put a fast hasher first; the real settings module must start with Argon2.
    assert production_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    encoded = make_password("a long enough password", hasher=get_hasher("argon2"))
    assert identify_hasher(encoded).algorithm == "argon2"


@pytest.mark.slow
def test_production_settings_are_secure(tmp_path):
    result = run_with_production_settings(PRINT_SETTINGS, tmp_path, DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEMO"] is False
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_with_production_settings("import django; django.setup()", tmp_path)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    assert not (tmp_path / "demo-secret-key").exists()


def _csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts(client, policy_officer):
    anonymous = client.get("/accounts/inloggen/")
    log_in_with_password(client, policy_officer.username)
    logged_in = client.get("/")
    for response in (anonymous, logged_in):
        assert response.status_code == 200
        directives = _csp_directives(response)
        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives.get("style-src", [])
        assert directives["frame-ancestors"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


@pytest.mark.django_db
def test_login_pages_have_no_inline_script_or_style(client, officer):
    pages = [client.get("/accounts/inloggen/")]
    log_in_with_password(client, officer.username)
    pages.append(client.get("/accounts/tweestaps/instellen/"))
    for i in range(5):
        client.post("/accounts/uitloggen/")
        pages.append(log_in_with_password(client, officer.username, f"wrong-{i}"))
    assert pages[-1].status_code == 429  # the lockout page
    for page in pages:
        html = page.content.decode()
        assert not INLINE_SCRIPT.search(html)
        assert not STYLE_ATTRIBUTE.search(html)
        assert not EVENT_HANDLER.search(html)
