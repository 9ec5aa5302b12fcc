from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    WONINGCORPORATIE = "woningcorporatie", _("Housing corporation")
    ZORGORGANISATIE = "zorgorganisatie", _("Care provider")
    GEMEENTE = "gemeente", _("Municipality (social team / CJG)")
    SCHULDHULPVERLENING = "schuldhulpverlening", _("Debt help")
    EXTERN = "extern", _("External party")


class ExternalPartyKind(models.TextChoices):
    NONE = "", _("Not applicable")
    DEURWAARDER = "deurwaarder", _("Bailiff")
    BEWINDVOERDER = "bewindvoerder", _("Protective administrator (bewindvoerder)")
    OVERIG = "overig", _("Other")


class Role(models.TextChoices):
    INCASSOMEDEWERKER = "incassomedewerker", _("Collections officer")
    WOONCONSULENT = "woonconsulent", _("Housing consultant (woonconsulent)")
    WIJKCONSULENT = "wijkconsulent", _("Social team case worker (wijkconsulent)")
    WOONBEGELEIDER = "woonbegeleider", _("Housing support worker (woonbegeleider)")
    FINANCIEEL_CONSULENT = "financieel_consulent", _("Financial consultant")
    COORDINATOR = "coordinator", _("Last-chance coordinator")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Policy officer")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functional administrator")


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    external_kind = models.CharField(
        _("kind of external party"),
        max_length=32,
        choices=ExternalPartyKind.choices,
        blank=True,
        default="",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    number_of_homes = models.PositiveIntegerField(
        _("number of homes"),
        null=True,
        blank=True,
        help_text=_("For housing corporations: the size of the housing stock."),
    )
    has_budget_management_team = models.BooleanField(
        _("runs a budget-management team"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="extern") | models.Q(external_kind=""),
                name="organisation_external_kind_only_for_extern",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person works for an organisation in one role. A person may have several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"
