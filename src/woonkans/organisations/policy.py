"""Need-to-know policy: which groups of household fields each role may see.

Pure data and functions, no database. The access gate decides *whether* a household is
visible (organisation involvement); this policy decides *which fields* of it a role sees.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Role


class FieldGroup(models.TextChoices):
    IDENTITY = "identity", _("Names")
    CONTACT = "contact", _("Contact details")
    FAMILY = "family", _("Household members and children")
    TENANCY = "tenancy", _("Tenancy and rent")
    FINANCIAL = "financial", _("Arrears, income and debts")
    CARE = "care", _("Guidance and care notes")


class Purpose(models.TextChoices):
    """Processing activities (verwerkingsactiviteiten) recorded in the audit log."""

    HUURINCASSO = "huurincasso", _("Rent collection and preventing arrears")
    VROEGSIGNALERING = "vroegsignalering", _("Early signalling of arrears")
    LAATSTE_KANS = "laatste_kans", _("Last-chance trajectory and guidance")
    SCHULDHULP = "schuldhulp", _("Debt help and social support")
    BUDGETBEHEER = "budgetbeheer", _("Budget management")
    BEHEER = "beheer", _("Functional administration")
    VERANTWOORDING = "verantwoording", _("Policy and accountability (aggregates)")
    KOPPELING = "koppeling", _("Data exchange with another system")


G = FieldGroup
ROLE_FIELD_GROUPS: dict[str, frozenset[str]] = {
    Role.INCASSOMEDEWERKER: frozenset({G.IDENTITY, G.CONTACT, G.TENANCY, G.FINANCIAL}),
    Role.WOONCONSULENT: frozenset({G.IDENTITY, G.CONTACT, G.FAMILY, G.TENANCY, G.FINANCIAL}),
    Role.WIJKCONSULENT: frozenset(
        {G.IDENTITY, G.CONTACT, G.FAMILY, G.TENANCY, G.FINANCIAL, G.CARE}
    ),
    Role.WOONBEGELEIDER: frozenset({G.IDENTITY, G.CONTACT, G.FAMILY, G.TENANCY, G.CARE}),
    Role.FINANCIEEL_CONSULENT: frozenset({G.IDENTITY, G.CONTACT, G.FAMILY, G.TENANCY, G.FINANCIAL}),
    Role.COORDINATOR: frozenset({G.IDENTITY, G.CONTACT, G.FAMILY, G.TENANCY, G.FINANCIAL, G.CARE}),
    # Policy staff work with aggregates only; administrators manage the system.
    Role.BELEIDSMEDEWERKER: frozenset(),
    Role.FUNCTIONEEL_BEHEERDER: frozenset(),
}

ROLE_PURPOSE: dict[str, str] = {
    Role.INCASSOMEDEWERKER: Purpose.HUURINCASSO,
    Role.WOONCONSULENT: Purpose.HUURINCASSO,
    Role.WIJKCONSULENT: Purpose.SCHULDHULP,
    Role.WOONBEGELEIDER: Purpose.LAATSTE_KANS,
    Role.FINANCIEEL_CONSULENT: Purpose.BUDGETBEHEER,
    Role.COORDINATOR: Purpose.LAATSTE_KANS,
    Role.BELEIDSMEDEWERKER: Purpose.VERANTWOORDING,
    Role.FUNCTIONEEL_BEHEERDER: Purpose.BEHEER,
}

# Roles that see personal data must log in with a second factor. The functioneel beheerder
# sees the audit log (who looked at which household), so it is included.
ROLES_WITHOUT_PERSONAL_DATA = frozenset({Role.BELEIDSMEDEWERKER})


def field_groups_for(role: str) -> frozenset[str]:
    return ROLE_FIELD_GROUPS.get(role, frozenset())


def role_sees(role: str, group: str) -> bool:
    return group in field_groups_for(role)


def role_sees_households(role: str) -> bool:
    """A role without the identity group never sees a household at all."""
    return role_sees(role, FieldGroup.IDENTITY)


def role_requires_two_factor(role: str) -> bool:
    return role not in ROLES_WITHOUT_PERSONAL_DATA


def purpose_for(role: str) -> str:
    return ROLE_PURPOSE.get(role, Purpose.BEHEER)
