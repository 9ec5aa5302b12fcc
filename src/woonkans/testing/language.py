"""A fixture for test modules that assert English message texts.

The app's default language is Dutch. Tests written against the English source strings
use ``english`` (autouse from their package's conftest): the settings' default language
becomes English for pages requested through the test client, and English is active for
code called directly.
"""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
