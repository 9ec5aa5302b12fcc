"""Indications (indicaties): the legal basis for the care provider's guidance.

The social team / CJG (its wijkconsulent) issues an indication for a trajectory: the law it
rests on (Wmo, Wlz, Jeugdwet or justice), the product, the hours per week split by activity
and the period. The fields map onto an iWmo WMO301 allocation (ToegewezenProduct:
productcategorie, productcode, ingangsdatum, einddatum, omvang in hours per week).
Warnings about guidance without a valid indication are computed in :mod:`.rules`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation
from woonkans.trajectories.models import Trajectory

#: Default number of days before an indication's end from which a warning is shown.
DEFAULT_WARN_DAYS = 42


class LegalBasis(models.TextChoices):
    WMO = "wmo", _("Wmo 2015 (social support act)")
    WLZ = "wlz", _("Wlz (long-term care act)")
    JEUGDWET = "jeugdwet", _("Jeugdwet (youth act)")
    JUSTITIE = "justitie", _("Justice (forensic care)")


class Indication(models.Model):
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="indications",
        verbose_name=_("trajectory"),
    )
    issued_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="indications_issued",
        verbose_name=_("issued by"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=LegalBasis.choices)
    product = models.CharField(_("product"), max_length=120)
    product_category = models.CharField(
        _("iWmo product category"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits, e.g. 02."))],
        help_text=_("As in the WMO301 allocation, e.g. 02 for guidance (optional)."),
    )
    product_code = models.CharField(
        _("iWmo product code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]{5}$", _("Five letters or digits."))],
        help_text=_("The municipality's product code in the allocation (optional)."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    ended_on = models.DateField(
        _("ended early on"),
        null=True,
        blank=True,
        help_text=_("The last day the indication was valid when it was ended before its end date."),
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("indication")
        verbose_name_plural = _("indications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="indication_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_legal_basis_display()} {self.product} ({self.start_date}–{self.end_date})"
        )

    @property
    def household_id(self) -> int:
        return self.trajectory.household_id

    @property
    def last_day(self):
        """The last day the indication is valid: its end date, or earlier when ended early."""
        if self.ended_on is not None and self.ended_on < self.end_date:
            return self.ended_on
        return self.end_date

    def is_valid_on(self, day) -> bool:
        return self.start_date <= day <= self.last_day

    @property
    def hours_per_week(self) -> Decimal:
        return sum((row.hours_per_week for row in self.activities.all()), Decimal("0"))


class IndicationActivity(models.Model):
    """One row of the hours per week: an activity and its hours."""

    indication = models.ForeignKey(Indication, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("activity"), max_length=120)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.activity}: {self.hours_per_week}"


class IndicationSettings(models.Model):
    """Per organisation (the social team that issues indications): when to warn."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="indication_settings"
    )
    warn_days_before_end = models.PositiveSmallIntegerField(
        _("warn this many days before an indication ends"),
        default=DEFAULT_WARN_DAYS,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("indication settings")
        verbose_name_plural = _("indication settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.warn_days_before_end}"
