"""The shipped reminders must carry the vroegsignalering offer (norms.md §1, condition 4)."""

import pytest

from woonkans.documents.models import LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["herinnering", "veertiendagenbrief"])
def test_default_reminders_offer_to_pass_details_to_the_municipality(kind):
    template = LetterTemplate.objects.get(organisation__isnull=True, kind=kind, is_active=True)
    assert "gegevens aan de gemeente" in template.body
    assert "Wilt u dat niet?" in template.body
    assert template.body.count("De gemeente kan u helpen") == 1


def test_older_default_versions_stay_as_history():
    assert LetterTemplate.objects.filter(
        organisation__isnull=True, kind="herinnering", is_active=False
    ).exists()
