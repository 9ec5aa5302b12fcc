"""Shared pytest fixtures. Browser fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytest_plugins = ["woonkans.testing.language"]


@pytest.fixture
def corporation(db):
    return f.OrganisationFactory(corporation=True, name="Woonstichting Test", slug="ws-test")


@pytest.fixture
def other_corporation(db):
    return f.OrganisationFactory(corporation=True, name="Andere Corporatie", slug="andere")


@pytest.fixture
def household(corporation):
    household = f.HouseholdFactory(name="Familie Testpersoon")
    f.PersonFactory(household=household, first_name="Tessa")
    f.TenancyFactory(household=household, corporation=corporation)
    return household


@pytest.fixture(autouse=True)
def _no_language_leaks_between_tests():
    """Management commands activate a language; never let it leak into the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


def login_verified(client, user):
    """Log ``user`` in with a confirmed second factor, as after a full two-factor login."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def make_logged_in_client(db):
    from django.test import Client

    def make(role: str = Role.INCASSOMEDEWERKER, organisation=None):
        actor = f.make_actor(role=role, organisation=organisation)
        client = Client()
        login_verified(client, actor.user)
        client.actor = actor
        return client

    return make
