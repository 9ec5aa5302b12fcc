"""The default texts shipped by the data migration."""

from __future__ import annotations

import pytest

from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import LetterTemplate
from woonkans.documents.readability import B1_MINIMUM_SCORE
from woonkans.documents.selectors import check_template_text

pytestmark = pytest.mark.django_db


def test_one_active_default_per_kind_after_migrate():
    defaults = LetterTemplate.objects.filter(organisation__isnull=True, is_active=True)
    assert sorted(defaults.values_list("kind", flat=True)) == sorted(LetterKind.values)
    # One active version per kind; older shipped versions stay as inactive history.
    assert defaults.count() == len(LetterKind.values)


@pytest.mark.parametrize("kind", LetterKind.values)
def test_each_default_is_valid_and_reads_at_b1(kind):
    template = LetterTemplate.objects.get(organisation__isnull=True, kind=kind, is_active=True)
    template.full_clean()
    check = check_template_text(
        organisation=None, kind=kind, title=template.title, body=template.body
    )
    assert check.errors == {}
    assert check.preview is not None  # rendered with the sample values, WIK scale included
    report = check.readability
    assert report.score >= B1_MINIMUM_SCORE, (kind, report)
    assert report.level in {"A2", "B1"}
    assert report.average_sentence_length <= 15
    assert report.long_sentence_count == 0


def test_the_default_fourteen_day_letter_states_the_legal_elements():
    template = LetterTemplate.objects.get(
        organisation__isnull=True, kind=LetterKind.VEERTIENDAGENBRIEF, is_active=True
    )
    check = check_template_text(
        organisation=None,
        kind=LetterKind.VEERTIENDAGENBRIEF,
        title=template.title,
        body=template.body,
    )
    text = check.preview.text
    context = check.preview.context
    assert context["bedrag_achterstand"] in text
    assert context["incassokosten"] in text
    assert "Daar komt geen btw bij." in text  # VAT: not added by default
    assert context["uiterste_betaaldatum"] in text
    assert context["ontvangstdatum"] in text
    assert "14 dagen" in text and "de dag nadat u deze brief krijgt" in text
    # The consequence: the costs, and the total then owed.
    assert context["totaal_met_kosten"] in text
    # Help: a phone number and the municipality.
    assert context["telefoon"] in text and "gemeente" in text


@pytest.mark.parametrize("kind", [LetterKind.KAARTJE, LetterKind.HUISBEZOEK_BRIEFJE])
def test_open_cards_and_notes_name_no_amount(kind):
    template = LetterTemplate.objects.get(organisation__isnull=True, kind=kind, is_active=True)
    assert "€" not in template.body and "bedrag" not in template.body
