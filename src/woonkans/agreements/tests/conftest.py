from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_texts(english):
    """These tests assert the English source texts (see woonkans.testing.language)."""
