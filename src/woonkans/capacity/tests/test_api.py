"""The public calculators: POST /api/v1/calculators/afloscapaciteit and betalingsregeling."""

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

CAPACITY = "/api/v1/calculators/afloscapaciteit"
PLAN = "/api/v1/calculators/betalingsregeling"


def post(url, body):
    return Client().post(url, body, content_type="application/json")


def test_capacity_of_a_couple_with_children_on_social_assistance_2026():
    response = post(
        CAPACITY,
        {
            "leefsituatie": "gehuwd_met_kinderen",
            "netto_inkomen": "2002.13",
            "peildatum": "2026-01-15",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["beslagvrije_voet"] == "1902.02"
    assert body["afloscapaciteit"] == "100.11"
    assert body["inkomensgroep"] == "laag"
    norms = {n["code"]: n for n in body["normen"]}
    assert norms["bijstandsnorm"]["value"] == "2002.13"
    assert norms["bijstandsnorm"]["valid_from"] == "2026-01-01"
    assert "Stcrt. 2025, 43553" in norms["bijstandsnorm"]["source"]
    assert norms["beslagvrije_voet_maximum"]["value"] == "3155.31"
    assert norms["beslagvrije_voet_maximum"]["verified"] is False  # to verify (norms.md §4)
    assert norms["beslagvrije_voet_percentage"]["value"] == "95"
    assert "475da" in norms["beslagvrije_voet_percentage"]["source"]


def test_capacity_high_income_gets_the_maximum_of_mid_2025():
    response = post(
        CAPACITY,
        {"leefsituatie": "alleenstaande", "netto_inkomen": 3000, "peildatum": "2025-08-01"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["beslagvrije_voet"] == "2093.67"  # maximum single from 1-7-2025
    assert body["afloscapaciteit"] == "906.33"
    assert body["inkomensgroep"] == "hoog"
    norms = {n["code"]: n for n in body["normen"]}
    assert norms["beslagvrije_voet_maximum"]["valid_from"] == "2025-07-01"
    assert norms["bijstandsnorm"]["value"] == "1369.06"


def test_single_parent_uses_the_single_norm():
    response = post(
        CAPACITY,
        {
            "leefsituatie": "alleenstaande_ouder",
            "netto_inkomen": "1000,00",
            "peildatum": "2026-02-01",
        },
    )
    body = response.json()
    assert body["beslagvrije_voet"] == "950.00"
    assert {n["code"]: n["key"] for n in body["normen"]}["bijstandsnorm"] == "alleenstaande"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"netto_inkomen": "1000"}, "leefsituatie must be one of"),
        ({"leefsituatie": "samenwonend", "netto_inkomen": "1000"}, "leefsituatie must be one of"),
        ({"leefsituatie": "alleenstaande"}, "netto_inkomen is required"),
        ({"leefsituatie": "alleenstaande", "netto_inkomen": "-5"}, "netto_inkomen"),
        ({"leefsituatie": "alleenstaande", "netto_inkomen": "10.555"}, "two decimals"),
        ({"leefsituatie": "alleenstaande", "netto_inkomen": True}, "must be an amount"),
        (
            {"leefsituatie": "alleenstaande", "netto_inkomen": "1000", "peildatum": "15-01-2026"},
            "YYYY-MM-DD",
        ),
        (
            {"leefsituatie": "alleenstaande", "netto_inkomen": "1000", "peildatum": "2020-01-01"},
            "No norms are set up for 2020-01-01",
        ),
    ],
)
def test_capacity_bad_input_is_a_clear_400(body, fragment):
    with translation.override("en"):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
            CAPACITY, body, content_type="application/json"
        )
    assert response.status_code == 400
    assert fragment in response.json()["detail"]


def test_capacity_needs_a_json_object():
    response = post(CAPACITY, [1, 2])
    assert response.status_code == 400


def test_plan_for_the_pilot_family():
    response = post(
        PLAN, {"schuld": "7000", "afloscapaciteit": "50", "eenmalig": "3500", "termijnen": 10}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["termijnen_nodig"] == 140
    assert body["betaalbaar"] is False
    assert body["gevraagde_regeling"]["maandbedrag"] == "350.00"
    assert body["gevraagde_regeling"]["tekort_per_maand"] == "300.00"


def test_plan_without_demand_and_an_affordable_demand():
    body = post(PLAN, {"schuld": "7000.00", "afloscapaciteit": "50.00"}).json()
    assert body["termijnen_nodig"] == 140
    assert body["betaalbaar"] is None
    assert "gevraagde_regeling" not in body
    body = post(PLAN, {"schuld": "1000", "afloscapaciteit": "60", "termijnen": 20}).json()
    assert body["termijnen_nodig"] == 17
    assert body["laatste_termijn"] == "40.00"
    assert body["gevraagde_regeling"]["maandbedrag"] == "50.00"
    assert body["betaalbaar"] is True


@pytest.mark.parametrize(
    "body",
    [
        {"afloscapaciteit": "50"},
        {"schuld": "0", "afloscapaciteit": "50"},
        {"schuld": "100", "afloscapaciteit": "50", "termijnen": 0},
        {"schuld": "100", "afloscapaciteit": "50", "termijnen": "tien"},
        {"schuld": "100", "afloscapaciteit": "50", "eenmalig": "200"},
        {"schuld": "100", "afloscapaciteit": "50", "eenmalig": "20"},
    ],
)
def test_plan_bad_input_is_400(body):
    assert post(PLAN, body).status_code == 400


def test_openapi_schema_documents_both_calculators():
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "calculators_afloscapaciteit" in text
    assert "calculators_betalingsregeling" in text
