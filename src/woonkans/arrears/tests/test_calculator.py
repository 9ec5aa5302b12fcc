"""The public collection-costs calculator: the page and the API endpoint, without login."""

from __future__ import annotations

import pytest
from django.test import Client

from woonkans.norms.models import NormValue

pytestmark = pytest.mark.django_db

API = "/api/v1/calculators/incassokosten"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "hoofdsom=650&btw=true",
            {"hoofdsom": "650.00", "incassokosten": "97.50", "btw": "20.48", "totaal": "117.98"},
        ),
        (
            "hoofdsom=650&btw=false",
            {"hoofdsom": "650.00", "incassokosten": "97.50", "btw": "0.00", "totaal": "97.50"},
        ),
        (
            "hoofdsom=125",
            {"hoofdsom": "125.00", "incassokosten": "40.00", "btw": "0.00", "totaal": "40.00"},
        ),
        (
            "hoofdsom=3000,00&btw=FALSE",
            {"hoofdsom": "3000.00", "incassokosten": "425.00", "btw": "0.00", "totaal": "425.00"},
        ),
        (
            "hoofdsom=4000.5&btw=false",
            {"hoofdsom": "4000.50", "incassokosten": "525.05", "btw": "0.00", "totaal": "525.05"},
        ),
        (
            "hoofdsom=23000",
            {
                "hoofdsom": "23000.00",
                "incassokosten": "1005.00",
                "btw": "0.00",
                "totaal": "1005.00",
            },
        ),
        (
            "hoofdsom=1000000&btw=true",
            {
                "hoofdsom": "1000000.00",
                "incassokosten": "6775.00",
                "btw": "1422.75",
                "totaal": "8197.75",
            },
        ),
        (
            "hoofdsom=0",
            {"hoofdsom": "0.00", "incassokosten": "0.00", "btw": "0.00", "totaal": "0.00"},
        ),
    ],
)
def test_api_exact_payload_without_login(query, expected):
    response = Client().get(f"{API}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == expected


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("", "hoofdsom"),
        ("hoofdsom=", "hoofdsom"),
        ("hoofdsom=abc", "hoofdsom"),
        ("hoofdsom=-5", "hoofdsom"),
        ("hoofdsom=1.005", "hoofdsom"),
        ("hoofdsom=1.234,56", "hoofdsom"),
        ("hoofdsom=1e3", "hoofdsom"),
        ("hoofdsom=NaN", "hoofdsom"),
        ("hoofdsom=1" + "0" * 15, "hoofdsom"),
        ("hoofdsom=650&btw=ja", "btw"),
    ],
)
def test_api_bad_input_is_a_400_with_a_message(query, fragment):
    response = Client().get(f"{API}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail"}
    assert fragment in body["detail"]


def test_api_ignores_a_bad_token():
    response = Client(HTTP_AUTHORIZATION="Bearer nonsense").get(f"{API}?hoofdsom=650")
    assert response.status_code == 200


def test_api_is_documented_in_openapi():
    schema = Client().get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/calculators/incassokosten"]["get"]
    names = {p["name"]: p for p in operation["parameters"]}
    assert names["hoofdsom"]["required"] is True
    assert names["btw"]["schema"]["type"] == "boolean"
    assert {"200", "400"} <= set(operation["responses"])
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    assert any(e["value"].get("totaal") == "117.98" for e in examples.values())
    assert not operation.get("security")  # no token needed, unlike the other operations
    assert schema["paths"]["/api/v1/organisations/me/"]["get"]["security"]


def test_api_without_norms_says_so():
    NormValue.objects.filter(table__code="wik_maximum").delete()
    response = Client().get(f"{API}?hoofdsom=650")
    assert response.status_code == 503
    assert "detail" in response.json()


def test_page_is_public_and_shows_the_scale_and_source():
    response = Client().get("/incassokosten/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Stb. 2012, 141" in body
    assert 'for="id_hoofdsom"' in body and 'for="id_btw"' in body


def test_page_calculates_with_vat_and_decimal_comma():
    response = Client().get("/incassokosten/", {"hoofdsom": "650,00", "btw": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    for amount in ("97,50", "20,48", "117,98"):  # Dutch money notation
        assert f"€\u00a0{amount}" in body, amount


def test_page_shows_the_breakdown_per_band():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/incassokosten/", {"hoofdsom": "23000"})
    body = response.content.decode()
    assert "€1,005.00" in body
    assert "€13,000.00" in body  # the part in the 1% band
    assert "€10,000.00 to €200,000.00" in body


def test_page_shows_thousands_separators_in_dutch():
    body = Client().get("/incassokosten/", {"hoofdsom": "23000"}).content.decode()
    assert "€\u00a023.000,00" in body and "€\u00a01.005,00" in body
    assert "€\u00a013.000,00" in body  # the part in the 1% band
    assert "€\u00a010.000,00" in body and "€\u00a0200.000,00" in body  # the band's bounds


def test_page_shows_a_clear_error_for_bad_input():
    response = Client().get("/incassokosten/", {"hoofdsom": "-10"})
    assert response.status_code == 200
    assert "utrecht-form-field--invalid" in response.content.decode()


def test_page_does_not_accept_post():
    assert Client().post("/incassokosten/", {"hoofdsom": "650"}).status_code == 405
