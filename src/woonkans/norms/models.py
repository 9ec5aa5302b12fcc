"""Legal amounts and norms as dated data with their source.

A :class:`NormTable` is one kind of norm (the WIK scale, the VAT rate, the maximum
beslagvrije voet, ...). Its :class:`NormValue` rows each hold one value for one ``key``
(a band number, a household situation, or the empty key for a single amount) from a
``valid_from`` date on, with the law or publication it comes from.

The values that apply on a date are the table's *version* on that date: the rows with the
latest ``valid_from`` on or before the date (see :mod:`woonkans.norms.selectors`). So when a
norm changes, every key of the table gets a row on the new date, also keys whose amount
stays the same. See ``docs/norms.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NormUnit(models.TextChoices):
    EURO = "euro", _("Euro")
    PERCENT = "percent", _("Percentage")


class NormTable(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Fixed name the application looks the table up by."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit of the value"), max_length=16, choices=NormUnit.choices)
    key_description = models.CharField(
        _("meaning of the key"),
        max_length=200,
        blank=True,
        help_text=_("What the key of a value stands for, e.g. the band number."),
    )
    uses_bounds = models.BooleanField(
        _("values have a lower and upper bound"),
        default=False,
        help_text=_("For scales in bands, such as the WIK scale."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("norm table")
        verbose_name_plural = _("norm tables")

    def __str__(self) -> str:
        return self.name


class NormValue(models.Model):
    table = models.ForeignKey(
        NormTable, on_delete=models.PROTECT, related_name="values", verbose_name=_("table")
    )
    valid_from = models.DateField(_("valid from"))
    key = models.CharField(
        _("key"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Band number or household situation; empty for a table with one value."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=4,
        help_text=_("An amount in euros, or a percentage (21 means 21%)."),
    )
    lower_bound = models.DecimalField(
        _("lower bound"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For bands: the amount above which the band starts."),
    )
    upper_bound = models.DecimalField(
        _("upper bound"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For bands: the amount up to which the band runs; empty for no limit."),
    )
    source = models.TextField(
        _("source"), help_text=_("The law, decree or publication the value comes from.")
    )
    verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Off when the value was seen in secondary sources only."),
    )
    verification_note = models.TextField(
        _("verification note"),
        blank=True,
        help_text=_("What still has to be checked, or how it was checked."),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["table", "-valid_from", "key"]
        verbose_name = _("norm value")
        verbose_name_plural = _("norm values")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "key", "valid_from"], name="norm_value_unique_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(lower_bound__isnull=True)
                | models.Q(upper_bound__isnull=True)
                | models.Q(upper_bound__gt=models.F("lower_bound")),
                name="norm_value_bounds_ordered",
            ),
        ]
        indexes = [models.Index(fields=["table", "valid_from"])]

    def __str__(self) -> str:
        key = f" {self.key}" if self.key else ""
        return f"{self.table.code}{key} {self.valid_from:%Y-%m-%d}: {self.value}"


class HouseholdSituation(models.TextChoices):
    """The four household situations of the beslagvrije voet (art. 475da Rv)."""

    ALLEENSTAANDE = "alleenstaande", _("Single")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Single parent (child under 18)")
    GEHUWDEN = "gehuwden", _("Married or cohabiting, no child under 18")
    GEHUWDEN_MET_KINDEREN = (
        "gehuwden_met_kinderen",
        _("Married or cohabiting with a child under 18"),
    )


# The social-assistance norm (Participatiewet arts. 21-22) has one norm for singles and
# single parents and one for couples; this maps a situation to the key in `bijstandsnorm`.
BIJSTANDSNORM_KEY = {
    HouseholdSituation.ALLEENSTAANDE: "alleenstaande",
    HouseholdSituation.ALLEENSTAANDE_OUDER: "alleenstaande",
    HouseholdSituation.GEHUWDEN: "gehuwden",
    HouseholdSituation.GEHUWDEN_MET_KINDEREN: "gehuwden",
}
