from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import FieldGroup

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")


def normalize_postcode(value: str) -> str:
    """'1234ab', '1234 AB ' -> '1234 AB'. Anything else is returned stripped, unchanged."""
    match = _POSTCODE.match(value or "")
    if not match:
        return (value or "").strip()
    return f"{match.group(1)} {match.group(2).upper()}"


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Enter a Dutch postcode, for example 1234 AB.")
)


class Household(models.Model):
    """A household (huishouden): the people living together in one home."""

    reference = models.CharField(_("household number"), max_length=32, unique=True)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("How the partners refer to the household.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Relation(models.TextChoices):
    HOOFDHUURDER = "hoofdhuurder", _("Main tenant")
    MEDEHUURDER = "medehuurder", _("Co-tenant")
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Child")
    OVERIG = "overig", _("Other household member")


class Person(models.Model):
    """A member of a household: an adult or a child."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household", "date_of_birth", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_child_on(self, day: date) -> bool:
        age = self.age_on(day)
        if age is None:
            return self.relation == Relation.KIND
        return age < 18


class Tenancy(models.Model):
    """A lease (huurovereenkomst) of one home, owned by one housing corporation."""

    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="tenancies",
        limit_choices_to={"kind": "woningcorporatie"},
        verbose_name=_("housing corporation"),
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("household")
    )
    contract_number = models.CharField(_("contract number"), max_length=64)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    rent = models.DecimalField(
        _("monthly rent"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "contract_number"], name="tenancy_unique_contract"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="tenancy_end_after_start",
            ),
            models.CheckConstraint(condition=models.Q(rent__gte=0), name="tenancy_rent_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_number} – {self.address}"

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"

    def is_current_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class InvolvementKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    TRAJECTORY = "trajectory", _("Trajectory")
    SIGNAL = "signal", _("Early signal")
    ASSIGNMENT = "assignment", _("Assignment")


class Involvement(models.Model):
    """An organisation is involved with a household beyond being its landlord.

    Opened and closed by the capabilities that create referrals, trajectories, signals and
    assignments. While open, the organisation's people may see the household (within
    their role's field groups).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="involvements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InvolvementKind.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    source_type = models.CharField(max_length=64, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        indexes = [models.Index(fields=["organisation", "closed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation", "kind", "source_type", "source_id"],
                condition=models.Q(closed_at__isnull=True),
                name="involvement_unique_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class TimelineEntry(models.Model):
    """One event on a household's timeline. Appended by use cases, never edited.

    ``kind`` names the event (see ``woonkans.households.timeline.KINDS``); ``field_group``
    says which roles may see it.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind"), max_length=64)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    field_group = models.CharField(max_length=20, choices=FieldGroup.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["household", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"
