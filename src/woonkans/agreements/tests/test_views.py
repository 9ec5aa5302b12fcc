"""Pages: who sees and does what; downloads; template upload; the trajectory panel."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from docx import Document

from conftest import login_verified
from woonkans.agreements import services
from woonkans.agreements.models import AgreementStatus, AgreementTemplate
from woonkans.agreements.rules import AgreementForm
from woonkans.households.models import Involvement
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .helpers import coordinator, make_trajectory

pytestmark = pytest.mark.django_db


def _client(actor):
    from django.test import Client

    client = Client()
    login_verified(client, actor.user)
    return client


@pytest.fixture
def agreement():
    trajectory = make_trajectory()
    social_team = f.OrganisationFactory(municipality=True, name="Wijkteam")
    trajectory.social_team = social_team
    trajectory.save()
    Involvement.objects.create(
        household=trajectory.household,
        organisation=social_team,
        kind="trajectory",
        opened_at="2026-01-01T00:00:00Z",
    )
    return services.agreement_create(
        actor=coordinator(trajectory),
        trajectory=trajectory,
        form=AgreementForm.ADDENDUM,
        start_date=date(2026, 3, 1),
    )


def _status(actor, url, method="get", data=None):
    client = _client(actor)
    return getattr(client, method)(url, data or {}).status_code


def test_the_party_organisations_see_the_agreement_others_do_not(agreement):
    trajectory = agreement.trajectory
    url = reverse("agreements:detail", args=[agreement.pk])
    seeing = [
        f.make_actor(Role.COORDINATOR, trajectory.care_provider),
        f.make_actor(Role.WOONBEGELEIDER, trajectory.care_provider),
        f.make_actor(Role.FINANCIEEL_CONSULENT, trajectory.care_provider),
        f.make_actor(Role.WOONCONSULENT, trajectory.corporation),
        f.make_actor(Role.INCASSOMEDEWERKER, trajectory.corporation),
    ]
    for actor in seeing:
        assert _status(actor, url) == 200, actor.role
    not_seeing = [
        f.make_actor(Role.WIJKCONSULENT, trajectory.social_team),  # not a party to it
        f.make_actor(Role.BELEIDSMEDEWERKER, trajectory.corporation),
        f.make_actor(Role.FUNCTIONEEL_BEHEERDER, trajectory.corporation),
        f.make_actor(Role.WOONCONSULENT, f.OrganisationFactory(corporation=True)),
        f.make_actor(Role.COORDINATOR, f.OrganisationFactory(care=True)),
    ]
    for actor in not_seeing:
        assert _status(actor, url) == 404, actor.role
        assert _status(actor, reverse("agreements:download", args=[agreement.pk, "pdf"])) == 404


def test_only_the_coordinator_extends_or_ends(agreement):
    trajectory = agreement.trajectory
    for name in ("extend", "end"):
        url = reverse(f"agreements:{name}", args=[agreement.pk])
        assert _status(f.make_actor(Role.WOONCONSULENT, trajectory.corporation), url) == 404
        assert _status(f.make_actor(Role.WOONBEGELEIDER, trajectory.care_provider), url) == 404
        assert _status(coordinator(trajectory), url) == 200


def test_edit_page_for_drafters_only(agreement):
    trajectory = agreement.trajectory
    url = reverse("agreements:edit", args=[agreement.pk])
    assert _status(f.make_actor(Role.WOONBEGELEIDER, trajectory.care_provider), url) == 404
    client = _client(f.make_actor(Role.WOONCONSULENT, trajectory.corporation))
    response = client.post(
        url,
        {
            "version": agreement.version,
            "start_date": "2026-03-01",
            "end_date": "2027-02-28",
            "place": "Eikdorp",
            "copies": "4",
            "items": "U komt naar elke afspraak.\nU betaalt de huur op tijd.",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.place == "Eikdorp"
    assert agreement.items.count() == 2
    # The old version again: a conflict, shown on the form.
    with translation.override("en"):
        response = client.post(
            url,
            {
                "version": 1,
                "start_date": "2026-03-01",
                "end_date": "2027-02-28",
                "copies": "3",
                "items": "Iets anders",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert agreement.items.count() == 2


def test_new_agreement_page_proposes_the_form():
    trajectory = make_trajectory(legal_stage="vonnis")
    client = _client(coordinator(trajectory))
    url = reverse("agreements:new", args=[trajectory.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="woonbegeleidingsovereenkomst" selected' in response.content.decode()
    response = client.post(
        url, {"form": "woonbegeleidingsovereenkomst", "start_date": "2026-03-01", "place": ""}
    )
    assert response.status_code == 302
    assert trajectory.agreements.get().form == "woonbegeleidingsovereenkomst"
    assert _status(f.make_actor(Role.WOONBEGELEIDER, trajectory.care_provider), url) == 404


def test_signatures_from_the_page(agreement):
    client = _client(f.make_actor(Role.WOONCONSULENT, agreement.trajectory.corporation))
    for party in agreement.parties.filter(must_sign=True):
        agreement.refresh_from_db()
        response = client.post(
            reverse("agreements:sign", args=[agreement.pk]),
            {
                "version": agreement.version,
                "party": party.pk,
                "signed_on": "2026-03-02",
                "signed_by": "T. Eik, woonconsulent",
            },
        )
        assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    tenant = agreement.parties.get(name="Bea Bosuil")
    assert tenant.signed_by == "Bea Bosuil"  # a tenant signs in person
    assert agreement.parties.get(role="verhuurder").signed_by == "T. Eik, woonconsulent"
    assert (
        _status(
            f.make_actor(Role.WOONBEGELEIDER, agreement.trajectory.care_provider),
            reverse("agreements:sign", args=[agreement.pk]),
            "post",
        )
        == 404
    )


def test_downloads(agreement):
    client = _client(coordinator(agreement.trajectory))
    pdf = client.get(reverse("agreements:download", args=[agreement.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("agreements:download", args=[agreement.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Addendum bij de huurovereenkomst" in text and "Bea Bosuil" in text
    assert client.get(reverse("agreements:download", args=[agreement.pk, "txt"])).status_code == 404
    assert client.get(reverse("agreements:notice", args=[agreement.pk, "pdf"])).status_code == 404


def _docx_bytes(text):
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_template_upload_checks_and_own_template_download(agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    corporation = agreement.trajectory.corporation
    admin = f.make_actor(Role.FUNCTIONEEL_BEHEERDER, corporation)
    client = _client(admin)
    url = reverse("agreements:templates")
    assert client.get(url).status_code == 200
    with translation.override("en"):
        response = client.post(
            url,
            {
                "upload-form": "addendum",
                "upload-name": "Ons addendum",
                "upload-file": SimpleUploadedFile(
                    "eigen.docx", _docx_bytes("{{ huurder_naam }} {{ rekeningnummer }} {{ bsn }}")
                ),
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "{{ rekeningnummer }}" in body and "{{ bsn }}" in body
    assert not AgreementTemplate.objects.exists()
    response = client.post(
        url,
        {
            "upload-form": "addendum",
            "upload-name": "Ons addendum",
            "upload-file": SimpleUploadedFile(
                "eigen.docx",
                _docx_bytes("Addendum voor {{ huurder_naam }} van {{ verhuurder_naam }}"),
            ),
        },
    )
    assert response.status_code == 302
    template = AgreementTemplate.objects.get()
    assert template.placeholders == ["huurder_naam", "verhuurder_naam"]
    coordinator_client = _client(coordinator(agreement.trajectory))
    download = coordinator_client.get(
        reverse("agreements:download-own", args=[agreement.pk, template.pk])
    )
    text = Document(io.BytesIO(download.content)).paragraphs[0].text
    assert text == "Addendum voor Bea Bosuil en Bob Bosuil van Woonstichting Eik"
    # Only the functioneel beheerder manages templates.
    assert _status(f.make_actor(Role.WOONCONSULENT, corporation), url) == 404
    assert _status(coordinator(agreement.trajectory), url) == 404


def test_preferred_forms_on_the_template_page():
    corporation = f.OrganisationFactory(corporation=True)
    client = _client(f.make_actor(Role.FUNCTIONEEL_BEHEERDER, corporation))
    response = client.post(
        reverse("agreements:templates"),
        {
            "settings-version": "1",
            "settings-form_without_verdict": "addendum",
            "settings-form_after_verdict": "vaststellingsovereenkomst",
        },
    )
    assert response.status_code == 302
    assert corporation.agreement_settings.form_after_verdict == "vaststellingsovereenkomst"
    care_admin = f.make_actor(Role.FUNCTIONEEL_BEHEERDER, f.OrganisationFactory(care=True))
    assert (
        "settings-version"
        not in _client(care_admin).get(reverse("agreements:templates")).content.decode()
    )


def test_trajectory_panel(agreement):
    trajectory = agreement.trajectory
    template = Template("{% load agreement_tags %}{% trajectory_agreements_panel trajectory %}")

    def render(actor):
        request = RequestFactory().get("/")
        request.actor = actor
        return template.render(Context({"request": request, "trajectory": trajectory}))

    with translation.override("en"):
        shown = render(coordinator(trajectory))
        assert reverse("agreements:detail", args=[agreement.pk]) in shown
        assert render(f.make_actor(Role.WIJKCONSULENT, trajectory.social_team)).strip() == ""
        assert render(f.make_actor(Role.WOONCONSULENT, f.OrganisationFactory())).strip() == ""


def test_the_trajectory_page_shows_the_panel(agreement):
    trajectory = agreement.trajectory
    page = _client(coordinator(trajectory)).get(
        reverse("trajectories:detail", args=[trajectory.pk])
    )
    assert page.status_code == 200
    assert reverse("agreements:detail", args=[agreement.pk]) in page.content.decode()
