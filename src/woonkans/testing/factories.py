"""factory_boy factories shared by all tests. Fictional data only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from woonkans.accounts.models import User
from woonkans.api.models import ApiClient, hash_token
from woonkans.households.models import Household, Involvement, Person, Relation, Tenancy
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Membership, Organisation, OrganisationKind, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    kind = OrganisationKind.WONINGCORPORATIE
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")

    class Params:
        corporation = factory.Trait(kind=OrganisationKind.WONINGCORPORATIE)
        care = factory.Trait(kind=OrganisationKind.ZORGORGANISATIE)
        municipality = factory.Trait(kind=OrganisationKind.GEMEENTE)
        debt_help = factory.Trait(kind=OrganisationKind.SCHULDHULPVERLENING)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.INCASSOMEDEWERKER


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"HH-T{n:05d}")
    name = factory.Sequence(lambda n: f"Huishouden Testpersoon {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Testpersoon"
    date_of_birth = date(1985, 3, 14)
    relation = Relation.HOOFDHUURDER
    phone = "0612345678"
    email = factory.Sequence(lambda n: f"huurder{n}@example.invalid")


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    corporation = factory.SubFactory(OrganisationFactory, corporation=True)
    household = factory.SubFactory(HouseholdFactory)
    contract_number = factory.Sequence(lambda n: f"OVK-{n:06d}")
    start_date = date(2015, 1, 1)
    street = "Voorbeeldstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "1234 AB"
    city = "Voorbeeldstad"
    rent = Decimal("612.50")


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SubFactory(OrganisationFactory, care=True)
    kind = "trajectory"
    opened_at = factory.LazyFunction(timezone.now)


def make_actor(role: str = Role.INCASSOMEDEWERKER, organisation=None, user=None) -> Actor:
    organisation = organisation or OrganisationFactory()
    user = user or UserFactory()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return Actor(organisation=organisation, role=role, user=user)


def make_api_client(organisation, role: str = Role.INCASSOMEDEWERKER) -> tuple[ApiClient, str]:
    token = ApiClient.new_token()
    client = ApiClient.objects.create(
        name=f"client-{organisation.slug}",
        organisation=organisation,
        role=role,
        token_hash=hash_token(token),
    )
    return client, token
