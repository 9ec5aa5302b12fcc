"""Walk every URL and API route of the app as an uninvolved organisation.

For every role, a user (and an API client) of an organisation that is not involved with the
household requests every route, with every id of the household's records filled in for
every path parameter. No response may contain any of the household's data.
"""

from __future__ import annotations

import importlib
import itertools
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import login_verified
from woonkans.households.models import TimelineEntry
from woonkans.households.services import involvement_open, timeline_add
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("static/", "i18n/")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def all_route_templates() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if not r.startswith(SKIP_PREFIXES)]


_PARAM = re.compile(r"<(?:(?P<conv>[^:>]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>[^>]+)>[^)]*\)")


def _clean_regex(route: str) -> str:
    # DRF router routes are regexes: strip anchors and the format-suffix group.
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\\\.\(\?P<format>[^)]*\)/?", "", route)
    route = re.sub(r"\(\?P<format>[^)]*\)", "", route)
    return route.replace("\\.", ".")


def concrete_paths(route: str, ids: list[str]) -> list[str]:
    route = _clean_regex(route)
    names = [m.group("name") or m.group("rname") for m in _PARAM.finditer(route)]
    if not names:
        return ["/" + route]
    paths = []
    for combo in itertools.product(ids, repeat=len(names)):
        values = iter(combo)
        paths.append("/" + _PARAM.sub(lambda _m, v=values: next(v), route))
    return paths


@pytest.fixture
def secret_household(corporation):
    """A household whose every piece of data is a distinctive marker string."""
    household = f.HouseholdFactory(name="Geheimhuishouden Zwaluwstaart", reference="HH-GEHEIM1")
    person = f.PersonFactory(
        household=household,
        first_name="Zwaantje",
        last_name="Kwartelkoning",
        phone="0612399999",
        email="zwaantje@example.invalid",
    )
    child = f.PersonFactory(
        household=household, first_name="Pimpelmees", relation="kind", phone="", email=""
    )
    tenancy = f.TenancyFactory(
        household=household,
        corporation=corporation,
        contract_number="OVK-GEHEIM-77",
        street="Reigerbekstraat",
        rent=Decimal("733.17"),
    )
    care = f.OrganisationFactory(care=True, name="Zorg Betrokken", slug="zorg-betrokken")
    involvement = involvement_open(
        actor=None, household=household, organisation=care, kind="trajectory"
    )
    entry = timeline_add(
        household=household,
        kind="household.changed",
        field_group="identity",
        actor=None,
        summary="Tijdlijnmarker Ijsvogel",
    )
    markers = [
        "Zwaluwstaart",
        "HH-GEHEIM1",
        "Zwaantje",
        "Kwartelkoning",
        "0612399999",
        "zwaantje@example.invalid",
        "Pimpelmees",
        "OVK-GEHEIM-77",
        "Reigerbekstraat",
        "733.17",
        "733,17",
        "Ijsvogel",
    ]
    ids = sorted(
        {
            str(x)
            for x in [
                household.pk,
                person.pk,
                child.pk,
                tenancy.pk,
                involvement.pk,
                entry.pk,
                *TimelineEntry.objects.values_list("pk", flat=True),
            ]
        }
        | {household.reference, tenancy.contract_number, corporation.slug, care.slug}
    )
    # Each business area adds its own records of the household (trajectories, budgets,
    # agreements...) through ``woonkans.<app>.tests.leak_records.make``, which returns the
    # ids to fill in and the marker strings that must never be shown.
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("woonkans."):
            continue
        module_name = f"{app_config.name}.tests.leak_records"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        extra_ids, extra_markers = module.make(
            household=household, corporation=corporation, care=care
        )
        ids = sorted(set(ids) | {str(i) for i in extra_ids})
        markers.extend(extra_markers)
    return household, markers, ids


def _assert_no_leak(response, markers, path, who):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", errors="replace")
    leaked = [m for m in markers if m in body]
    assert not leaked, f"{who} saw {leaked} at {path} (HTTP {response.status_code})"
    assert response.status_code in {200, 301, 302, 400, 401, 403, 404, 405}, (
        f"{who}: unexpected HTTP {response.status_code} at {path}"
    )


def test_route_list_is_not_empty():
    routes = all_route_templates()
    assert any(r.startswith("huishoudens/") for r in routes)
    assert any(r.startswith("api/v1/") for r in routes)


@pytest.mark.parametrize("role", list(Role))
def test_uninvolved_person_sees_nothing_on_any_route(secret_household, other_corporation, role):
    _household, markers, ids = secret_household
    outsider = f.make_actor(role=role, organisation=other_corporation)
    client = login_verified(Client(), outsider.user)
    for route in all_route_templates():
        for path in concrete_paths(route, ids):
            for method in ("get", "post"):
                response = getattr(client, method)(path, follow=False)
                _assert_no_leak(response, markers, f"{method.upper()} {path}", f"{role} person")


@pytest.mark.parametrize("role", list(Role))
def test_uninvolved_api_client_sees_nothing_on_any_route(secret_household, other_corporation, role):
    _household, markers, ids = secret_household
    _client, token = f.make_api_client(other_corporation, role=role)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for route in all_route_templates():
        for path in concrete_paths(route, ids):
            response = client.get(path, follow=False)
            _assert_no_leak(response, markers, f"GET {path}", f"{role} API client")


def test_the_walker_would_catch_a_leak(secret_household, corporation):
    """The landlord's own collections officer does see the markers: the test can fail."""
    household, markers, _ids = secret_household
    insider = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    client = login_verified(Client(), insider.user)
    response = client.get(f"/huishoudens/{household.pk}/")
    with pytest.raises(AssertionError):
        _assert_no_leak(response, markers, "detail", "insider")
