"""Collection pages: worklist, contact attempts, arrangements, policy, outbox — and who may
see and change what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from woonkans.audit.models import AuditEvent
from woonkans.collection.models import (
    ArrangementStatus,
    CollectionStep,
    ContactAttempt,
    OutboundMessage,
    PaymentArrangement,
    WorklistItem,
)
from woonkans.collection.services import collection_run
from woonkans.households.models import TimelineEntry
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .helpers import preset, rent, single_step_policy

pytestmark = pytest.mark.django_db

MON7 = date(2026, 9, 7)


@pytest.fixture
def planned(corporation):
    """Two tenancies in arrears with a reminder each; the larger arrears come first."""
    preset(corporation, "small")
    tenancies = []
    for name, months in (("Familie Klein", 1), ("Familie Groot", 3)):
        household = f.HouseholdFactory(name=name)
        f.PersonFactory(household=household, phone="0612345010")
        tenancy = f.TenancyFactory(corporation=corporation, household=household)
        for month in range(9 - months + 1, 10):
            rent(tenancy, date(2026, month, 1))
        tenancies.append(tenancy)
    collection_run(corporation=corporation, run_date=MON7)
    return tenancies


def _worklist(client, **params):
    return client.get(reverse("collection:worklist"), {"datum": "2026-09-07", **params})


def test_worklist_in_priority_order(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    response = _worklist(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Familie Groot") < body.index("Familie Klein")
    assert 'hx-post="/werklijst/taak/' in body


def test_worklist_filters_by_channel_and_role(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.WOONCONSULENT, corporation)
    assert "Familie Groot" in _worklist(client, channel="brief").content.decode()
    assert "Familie Groot" not in _worklist(client, channel="telefoon").content.decode()
    assert "Familie Groot" in _worklist(client, role="incassomedewerker").content.decode()
    assert "Familie Groot" not in _worklist(client, role="woonconsulent").content.decode()


def test_other_corporation_sees_nothing(make_logged_in_client, other_corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, other_corporation)
    body = _worklist(client).content.decode()
    assert "Familie" not in body
    item = WorklistItem.objects.first()
    for name in ("item-done", "item-send"):
        assert client.post(reverse(f"collection:{name}", args=[item.pk])).status_code == 404
    assert client.get(reverse("collection:item-contact", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.parametrize(
    "role", [Role.FUNCTIONEEL_BEHEERDER, Role.BELEIDSMEDEWERKER, Role.WIJKCONSULENT]
)
def test_worklist_only_for_collections_staff(make_logged_in_client, corporation, planned, role):
    client = make_logged_in_client(role, corporation)
    assert _worklist(client).status_code == 404


def test_mark_done_with_htmx(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    item = WorklistItem.objects.first()
    response = client.post(reverse("collection:item-done", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    item.refresh_from_db()
    assert item.status == "done" and item.done_by_label == client.actor.label
    assert TimelineEntry.objects.filter(
        household=item.household, kind="collection.action_done", field_group="financial"
    ).exists()
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="update").exists()
    assert "Familie" in _worklist(client).content.decode()  # the other one is still open


def test_contact_attempt_from_the_worklist(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    item = WorklistItem.objects.get(tenancy=planned[1])
    url = reverse("collection:item-contact", args=[item.pk])
    page = client.get(url).content.decode()
    assert 'value="brief" selected' in page or 'value="brief"' in page
    assert "<legend" in page  # checkbox groups are fieldsets
    response = client.post(
        url,
        {
            "tenancy": planned[1].pk,
            "kind": "telefoon",
            "reached": "true",
            "attempted_at": "2026-09-07T19:30",
            "part_of_day": "",
            "outcome": "arrangement",
            "arrears_reason": ["income_drop", "benefits_stopped"],
            "arrears_reason_note": "Uren verminderd",
            "other_problems": ["debts"],
            "pointed_to_debt_help": "on",
            "complete_item": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("collection:worklist")  # the task was due already
    attempt = ContactAttempt.objects.get()
    assert attempt.part_of_day == "avond" and attempt.reached and attempt.pointed_to_debt_help
    assert attempt.arrears_reason == ["benefits_stopped", "income_drop"]
    assert attempt.worklist_item == item and attempt.organisation == corporation
    item.refresh_from_db()
    assert item.status == "done"
    assert TimelineEntry.objects.filter(kind="contact.attempt", field_group="financial").exists()


def test_contact_attempt_form_errors_are_shown(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    household = planned[0].household
    response = client.post(reverse("collection:household-contact", args=[household.pk]), {})
    assert response.status_code == 200
    assert "data-wk-error-summary" in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_household_pages_behind_the_gate(
    make_logged_in_client, corporation, other_corporation, planned
):
    household = planned[0].household
    mine = make_logged_in_client(Role.WOONCONSULENT, corporation)
    assert mine.get(reverse("collection:household", args=[household.pk])).status_code == 200
    assert mine.get(reverse("collection:household-contact", args=[household.pk])).status_code == 200
    other = make_logged_in_client(Role.INCASSOMEDEWERKER, other_corporation)
    for name in ("household", "household-contact", "arrangement-new"):
        assert other.get(reverse(f"collection:{name}", args=[household.pk])).status_code == 404
        assert other.post(reverse(f"collection:{name}", args=[household.pk])).status_code == 404
    assert not ContactAttempt.objects.exists()


def test_social_team_with_involvement_records_contact_without_tenancy(
    make_logged_in_client, planned
):
    from woonkans.households.services import involvement_open

    household = planned[0].household
    team = f.OrganisationFactory(municipality=True)
    involvement_open(actor=None, household=household, organisation=team, kind="referral")
    client = make_logged_in_client(Role.WIJKCONSULENT, team)
    response = client.post(
        reverse("collection:household-contact", args=[household.pk]),
        {
            "kind": "huisbezoek",
            "reached": "false",
            "attempted_at": "2026-09-08T10:00",
            "outcome": "message_left",
        },
    )
    assert response.status_code == 302
    attempt = ContactAttempt.objects.get()
    assert attempt.tenancy is None and attempt.organisation == team
    assert client.get(reverse("collection:arrangement-new", args=[household.pk])).status_code == 404


def test_arrangement_pages(make_logged_in_client, corporation, other_corporation, planned):
    tenancy = planned[1]
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    url = reverse("collection:arrangement-new", args=[tenancy.household_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "tenancy": tenancy.pk,
            "total_amount": "1800.00",
            "term_amount": "150.00",
            "agreed_on": "2026-09-08",
            "first_due_date": "2026-10-01",
            "payment_method": "automatische_incasso",
            "status": "ACT",
        },
    )
    arrangement = PaymentArrangement.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "collection:arrangement", args=[arrangement.pk]
    )
    assert arrangement.number_of_terms == 12 and arrangement.end_date == date(2027, 9, 1)
    assert arrangement.terms.count() == 12
    detail = client.get(response.url)
    assert detail.status_code == 200 and "Familie Groot" in detail.content.decode()
    # Freeze it, then end it without a reason: refused.
    client.post(response.url, {"status": "BEV"})
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.BEV
    refused = client.post(response.url, {"status": "BEE", "end_reason": ""})
    assert refused.status_code == 200 and "data-wk-error-summary" in refused.content.decode()
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.BEV
    assert list(arrangement.status_changes.values_list("to_status", flat=True)) == ["ACT", "BEV"]
    other = make_logged_in_client(Role.INCASSOMEDEWERKER, other_corporation)
    assert other.get(response.url).status_code == 404
    assert other.post(response.url, {"status": "ACT"}).status_code == 404


def test_a_second_current_arrangement_is_refused(make_logged_in_client, corporation, planned):
    tenancy = planned[0]
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    data = {
        "tenancy": tenancy.pk,
        "total_amount": "600.00",
        "term_amount": "100.00",
        "agreed_on": "2026-09-08",
        "first_due_date": "2026-10-01",
        "payment_method": "overboeking",
        "status": "AAN",
    }
    url = reverse("collection:arrangement-new", args=[tenancy.household_id])
    client.post(url, data)
    response = client.post(url, data)
    assert response.status_code == 200 and PaymentArrangement.objects.count() == 1


def test_belcomputer_download(make_logged_in_client, corporation):
    preset(corporation, "large")
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345099")
    tenancy = f.TenancyFactory(
        corporation=corporation, household=household, contract_number="OVK-9"
    )
    rent(tenancy, date(2026, 9, 1), "612.50")
    collection_run(corporation=corporation, run_date=MON7)
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    page = _worklist(client).content.decode()
    assert reverse("collection:belcomputer") in page
    response = client.post(reverse("collection:belcomputer"), {"run_date": "2026-09-07"})
    assert response["Content-Type"].startswith("text/csv")
    assert "belcomputer-ws-test-2026-09-07.csv" in response["Content-Disposition"]
    assert response.content.decode() == (
        "telefoon,overeenkomstnummer,achterstand,taal\n0612345099,OVK-9,612.50,nl\n"
    )
    assert WorklistItem.objects.get(channel="belcomputer").status == "done"
    again = client.post(reverse("collection:belcomputer"), {"run_date": "2026-09-07"})
    assert again.content == response.content


def test_belcomputer_command(corporation, tmp_path):
    from django.core.management import call_command

    preset(corporation, "large")
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345098")
    tenancy = f.TenancyFactory(
        corporation=corporation, household=household, contract_number="OVK-8"
    )
    rent(tenancy, date(2026, 9, 1), "1000")
    collection_run(corporation=corporation, run_date=MON7)
    out = tmp_path / "calls.csv"
    call_command(
        "belcomputer_export", corporation=corporation.slug, date="2026-09-07", output=str(out)
    )
    assert out.read_text().splitlines() == [
        "telefoon,overeenkomstnummer,achterstand,taal",
        "0612345098,OVK-8,1000.00,nl",
    ]


def test_send_message_from_the_worklist(make_logged_in_client, corporation):
    single_step_policy(corporation, channel="whatsapp")
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345077")
    tenancy = f.TenancyFactory(corporation=corporation, household=household)
    rent(tenancy, date(2026, 9, 1))
    collection_run(corporation=corporation, run_date=MON7)
    item = WorklistItem.objects.get()
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    response = client.post(reverse("collection:item-send", args=[item.pk]))
    assert response.status_code == 302
    message = OutboundMessage.objects.get()
    assert message.channel == "whatsapp" and message.recipient == "0612345077"
    item.refresh_from_db()
    assert item.status == "done"


def test_policy_pages_for_the_functional_administrator(make_logged_in_client, corporation):
    client = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER, corporation)
    page = client.get(reverse("collection:policy"))
    assert page.status_code == 200
    assert reverse("collection:policy-preset") in page.content.decode()
    client.post(reverse("collection:policy-preset"), {"preset": "small"})
    steps = list(CollectionStep.objects.filter(policy__corporation=corporation))
    assert len(steps) == 6
    first, second = steps[0], steps[1]
    client.post(reverse("collection:step-down", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    data = {
        "name": "Kaartje",
        "trigger": "after_due",
        "trigger_days": "8",
        "min_amount": "50.00",
        "min_open_terms": "0",
        "channel": "kaartje",
        "actor_role": "incassomedewerker",
        "stop_at_legal_stage": "",
        "repeat_times": "0",
        "repeat_every_days": "0",
        "is_active": "on",
        "letter_template": "kaartje",
    }
    assert client.post(reverse("collection:step-new"), data).status_code == 302
    card = CollectionStep.objects.get(name="Kaartje")
    assert card.position == 7 and card.min_amount == Decimal("50.00")
    refused = client.post(
        reverse("collection:step-edit", args=[card.pk]), {**data, "send_automatically": "on"}
    )
    assert refused.status_code == 200
    card.refresh_from_db()
    assert not card.send_automatically
    client.post(reverse("collection:step-delete", args=[card.pk]))
    assert not CollectionStep.objects.filter(pk=card.pk).exists()
    client.post(
        reverse("collection:policy-edit"),
        {"is_active": "on", "arrangement_grace_days": "10", "pause_while_arrangement_kept": "on"},
    )
    corporation.collection_policy.refresh_from_db()
    assert corporation.collection_policy.arrangement_grace_days == 10


def test_collections_staff_view_but_do_not_edit_the_steps(make_logged_in_client, corporation):
    preset(corporation, "small")
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    page = client.get(reverse("collection:policy"))
    assert page.status_code == 200
    assert reverse("collection:step-new") not in page.content.decode()
    step = CollectionStep.objects.first()
    assert client.post(reverse("collection:step-delete", args=[step.pk])).status_code == 404
    assert client.post(reverse("collection:policy-preset"), {"preset": "large"}).status_code == 404
    assert client.get(reverse("collection:step-edit", args=[step.pk])).status_code == 404
    assert CollectionStep.objects.count() == 6


def test_other_corporations_administrator_cannot_touch_the_steps(
    make_logged_in_client, corporation, other_corporation
):
    preset(corporation, "small")
    step = CollectionStep.objects.first()
    client = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER, other_corporation)
    assert client.get(reverse("collection:step-edit", args=[step.pk])).status_code == 404
    assert client.post(reverse("collection:step-delete", args=[step.pk])).status_code == 404
    assert CollectionStep.objects.filter(pk=step.pk).exists()


def test_run_now_button(make_logged_in_client, corporation):
    preset(corporation, "small")
    tenancy = f.TenancyFactory(corporation=corporation)
    rent(tenancy, date(2026, 9, 1))
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    client.post(reverse("collection:policy-run"), {"run_date": "2026-09-07"})
    assert WorklistItem.objects.count() == 1
    client.post(reverse("collection:policy-run"), {"run_date": "2026-09-07"})
    assert WorklistItem.objects.count() == 1


def test_outbox_for_the_administrator_only(make_logged_in_client, corporation):
    single_step_policy(corporation, channel="sms", send_automatically=True)
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345066")
    tenancy = f.TenancyFactory(corporation=corporation, household=household)
    rent(tenancy, date(2026, 9, 1))
    collection_run(corporation=corporation, run_date=MON7)
    admin = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER, corporation)
    body = admin.get(reverse("collection:outbox")).content.decode()
    assert "…066" in body and "0612345066" not in body and "600,00" in body
    staff = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    assert staff.get(reverse("collection:outbox")).status_code == 404


def test_household_panel_tag(corporation, planned):
    household = planned[0].household
    template = Template("{% load collection %}{% collection_household_panel household %}")
    staff = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    html = template.render(Context({"actor": staff, "household": household}))
    assert reverse("collection:household", args=[household.pk]) in html
    policy = f.make_actor(Role.BELEIDSMEDEWERKER, corporation)
    assert template.render(Context({"actor": policy, "household": household})).strip() == ""


def test_make_the_letter_from_the_worklist(
    make_logged_in_client, corporation, planned, settings, tmp_path
):
    from woonkans.documents.models import GeneratedLetter, LetterSettings

    settings.MEDIA_ROOT = tmp_path / "media"
    LetterSettings.objects.create(
        organisation=corporation, contact_phone="0123 45 67 89", signature_name="Alex de Jong"
    )
    item = WorklistItem.objects.get(tenancy=planned[0])
    assert item.letter_template == "herinnering"
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    assert reverse("collection:item-letter", args=[item.pk]) in _worklist(client).content.decode()
    response = client.post(reverse("collection:item-letter", args=[item.pk]))
    letter = GeneratedLetter.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#letter-{letter.pk}")
    assert (letter.kind, letter.tenancy) == ("herinnering", planned[0])
    item.refresh_from_db()
    assert item.status == "done"
    # Done tasks make no second letter.
    client.post(reverse("collection:item-letter", args=[item.pk]))
    assert GeneratedLetter.objects.count() == 1


def test_contact_attempt_cannot_be_in_the_future(make_logged_in_client, corporation, planned):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    household = planned[0].household
    response = client.post(
        reverse("collection:household-contact", args=[household.pk]),
        {
            "kind": "telefoon",
            "reached": "false",
            "attempted_at": "2099-01-01T10:00",
            "outcome": "no_answer",
        },
    )
    assert response.status_code == 200 and not ContactAttempt.objects.exists()


@pytest.mark.parametrize(
    ("language", "arrears", "term"),
    [("nl", "€\u00a01.800,00", "€\u00a0150,00"), ("en", "€1,800.00", "€150.00")],
)
def test_amounts_in_the_money_notation_of_the_page(
    make_logged_in_client, corporation, planned, language, arrears, term
):
    """Worklist, arrangement page and the household's collection page show amounts grouped
    in thousands, in the notation of the page's language."""
    tenancy = planned[1]  # three months of €600 overdue
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    assert arrears in _worklist(client).content.decode()
    response = client.post(
        reverse("collection:arrangement-new", args=[tenancy.household_id]),
        {
            "tenancy": tenancy.pk,
            "total_amount": "1800.00",
            "term_amount": "150.00",
            "agreed_on": "2026-09-08",
            "first_due_date": "2026-10-01",
            "payment_method": "automatische_incasso",
            "status": "ACT",
        },
    )
    detail = client.get(response.url).content.decode()
    assert arrears in detail and term in detail
    assert term in TimelineEntry.objects.get(kind="arrangement.created").summary
    household = client.get(reverse("collection:household", args=[tenancy.household_id]))
    assert arrears in household.content.decode() and term in household.content.decode()
    assert "1800.00" not in detail and "€ 1800" not in detail


def test_contact_attempt_returns_to_the_list_of_a_later_day(
    make_logged_in_client, corporation, planned
):
    """On a weekend the worklist of the next working day is prepared; after recording a
    contact attempt the user lands on that day's list again, with the task in view."""
    from django.utils import timezone

    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    item = WorklistItem.objects.get(tenancy=planned[1])
    later = timezone.localdate() + timedelta(days=2)
    WorklistItem.objects.filter(pk=item.pk).update(due_date=later)
    response = client.post(
        reverse("collection:item-contact", args=[item.pk]),
        {
            "tenancy": planned[1].pk,
            "kind": "telefoon",
            "reached": "false",
            "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "outcome": "no_answer",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/werklijst/?datum={later.isoformat()}"
    listing = client.get(response["Location"]).content.decode()
    assert f'id="item-{item.pk}"' in listing
