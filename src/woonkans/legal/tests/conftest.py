"""Tests compare messages in English, the source language, whatever the catalogue holds."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
