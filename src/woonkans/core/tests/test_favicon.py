"""The favicon: linked from every page, and /favicon.ico answers without a login."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served_at_the_root_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # ICO header
    assert "max-age" in response["Cache-Control"]


def test_every_page_links_icons_that_exist(client):
    html = client.get(reverse("accounts:login")).content.decode()
    links = re.findall(r'<link rel="(icon|apple-touch-icon)" href="/static/([^"]+)"', html)
    assert {rel for rel, _path in links} == {"icon", "apple-touch-icon"}
    for _rel, path in links:
        assert finders.find(path), path
    svg = finders.find("woonkans/favicon.svg")
    with open(svg, encoding="utf-8") as file:
        assert "#01689b" in file.read()  # the header's blue


def test_favicon_ico_while_the_second_factor_is_still_to_be_given(client):
    from woonkans.organisations.models import Role
    from woonkans.testing.factories import make_actor

    # A collections officer must give a second factor before any page; logged in, not yet.
    client.force_login(make_actor(Role.INCASSOMEDEWERKER).user)
    assert client.get(reverse("core:home")).status_code == 302  # pages wait for the factor
    assert client.get("/favicon.ico").status_code == 200
