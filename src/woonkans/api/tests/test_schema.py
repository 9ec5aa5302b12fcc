from __future__ import annotations

import json
import re
from io import StringIO

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import get_resolver
from drf_spectacular.validation import validate_schema

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_json_schema_is_public_valid_openapi_3(client):
    response = client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/households/",
        "/api/v1/households/{id}/",
        "/api/v1/households/{id}/timeline/",
        "/api/v1/tenancies/",
        "/api/v1/tenancies/{id}/",
        "/api/v1/organisations/me/",
        "/api/v1/agreements/",
        "/api/v1/agreements/{id}/",
        "/api/v1/due-items/",
        "/api/v1/due-items/{id}/",
        "/api/v1/indications/",
        "/api/v1/indications/{id}/",
        "/api/v1/conferences/",
        "/api/v1/conferences/{id}/",
    } <= set(schema["paths"])


def test_yaml_schema_is_the_default_and_ignores_a_bad_token(db):
    response = bearer("wk_garbage").get("/api/v1/schema/")

    assert response.status_code == 200
    assert "openapi" in response["Content-Type"]
    assert yaml.safe_load(response.content)["info"]["title"] == "Woonkans API"


def test_schema_documents_bearer_auth_and_401_404(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    assert schema["components"]["securitySchemes"]["bearerAuth"]["type"] == "http"
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    token_paths = (
        "/api/v1/households/",
        "/api/v1/tenancies/",
        "/api/v1/organisations/",
        "/api/v1/agreements/",
        "/api/v1/due-items/",
        "/api/v1/indications/",
        "/api/v1/conferences/",
    )
    checked = 0
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            needs_token = {"bearerAuth": []} in operation.get("security", [])
            assert needs_token or not path.startswith(token_paths), path
            if needs_token:
                checked += 1
                assert "401" in operation["responses"], path
                assert ("404" in operation["responses"]) == ("{id}" in path), path
    assert checked >= 14


def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())


def test_docs_page_loads_swagger_ui_from_the_apps_own_static_files(client):
    response = client.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"https?://", html)
    for path in re.findall(r'(?:src|href)="/static/([^"?]+)"', html):
        assert finders.find(path), path


def test_docs_page_has_no_inline_script_or_style_and_is_served_with_the_csp(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 4
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "style=" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(r'<html lang="[a-z-]+"', html)

    init_url = re.findall(r'<script src="([^"]+)"', html)[2].replace("&amp;", "&")
    assert init_url.startswith("/api/v1/docs/?") and "script" in init_url
    script = client.get(init_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    assert "/api/v1/schema/" in script.content.decode()


def walk(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from walk(pattern.url_patterns)
        else:
            yield pattern


def test_every_api_route_is_named_and_detail_routes_take_pk():
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    routes = list(walk(api.url_patterns))

    assert all(route.name for route in routes)
    detail = [r for r in routes if r.pattern.regex.groupindex]
    assert {r.name for r in detail} >= {
        "api-household-detail",
        "api-household-timeline",
        "api-tenancy-detail",
    }
    for route in detail:
        assert set(route.pattern.regex.groupindex) == {"pk"}, route
