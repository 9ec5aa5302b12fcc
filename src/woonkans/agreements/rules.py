"""Pure rules of the agreements: which form to propose, who the parties are, default dates
and the default list of concrete agreements (art. 1). No database.

The four forms (domain/processes.md §4):

* **addendum** to the existing lease — no verdict yet; corporation and tenant sign, the
  care provider is named;
* **omklapcontract** — three parties: the care provider rents the home from the
  corporation and is the client's landlord (it collects the rent); after about two years
  of keeping to the agreements the lease is flipped to the client's name;
* **woonbegeleidingsovereenkomst** — after an eviction verdict: care provider, (ex-)tenant
  and (ex-)landlord sign; a new temporary lease is offered;
* **vaststellingsovereenkomst** — after a verdict, as the large corporation uses it:
  corporation and tenant sign; the care provider is named.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from woonkans.documents.placeholders import format_euro


class AgreementForm(models.TextChoices):
    ADDENDUM = "addendum", _("Addendum to the lease")
    OMKLAPCONTRACT = "omklapcontract", _("Flip contract (omklapcontract, three parties)")
    WOONBEGELEIDINGSOVEREENKOMST = (
        "woonbegeleidingsovereenkomst",
        _("Housing support agreement (woonbegeleidingsovereenkomst)"),
    )
    VASTSTELLINGSOVEREENKOMST = (
        "vaststellingsovereenkomst",
        _("Settlement agreement (vaststellingsovereenkomst)"),
    )


class LegalStage(models.TextChoices):
    """The same values as ``trajectories.models.LegalStageAtReferral``."""

    NO_VERDICT = "geen_vonnis", _("No verdict")
    VERDICT = "vonnis", _("Eviction verdict given")


class PartyRole(models.TextChoices):
    CARE_PROVIDER = "zorgaanbieder", _("Care provider (coordination and guidance)")
    LANDLORD = "verhuurder", _("Landlord (housing corporation)")
    TENANT = "huurder", _("Tenant")


F = AgreementForm

DEFAULT_WITHOUT_VERDICT = F.ADDENDUM
DEFAULT_AFTER_VERDICT = F.WOONBEGELEIDINGSOVEREENKOMST

# The forms a corporation may set as its preference per legal stage. The omklapcontract is
# chosen on content grounds and fits either stage.
FITS_STAGE: dict[str, frozenset[str]] = {
    LegalStage.NO_VERDICT: frozenset({F.ADDENDUM, F.OMKLAPCONTRACT}),
    LegalStage.VERDICT: frozenset(
        {F.WOONBEGELEIDINGSOVEREENKOMST, F.VASTSTELLINGSOVEREENKOMST, F.OMKLAPCONTRACT}
    ),
}


@dataclass(frozen=True)
class Preference:
    """A corporation's preferred forms; empty strings mean "the default"."""

    without_verdict: str = ""
    after_verdict: str = ""


def propose_form(legal_stage: str, preference: Preference | None = None) -> str:
    """The form to propose for a trajectory in ``legal_stage``, by the corporation's
    preference when it has one that fits the stage, else the default for the stage."""
    preference = preference or Preference()
    if legal_stage == LegalStage.VERDICT:
        chosen, default = preference.after_verdict, DEFAULT_AFTER_VERDICT
    elif legal_stage == LegalStage.NO_VERDICT:
        chosen, default = preference.without_verdict, DEFAULT_WITHOUT_VERDICT
    else:
        raise ValueError(f"Unknown legal stage: {legal_stage!r}")
    if chosen and chosen in FITS_STAGE[legal_stage]:
        return chosen
    return default


def needs_reason(proposed: str, chosen: str) -> bool:
    """A form other than the proposed one needs a written reason."""
    return proposed != chosen


# --- Parties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartySpec:
    role: str
    must_sign: bool


PARTIES: dict[str, tuple[PartySpec, ...]] = {
    # The corporation's addendum: the care provider is named, it does not sign.
    F.ADDENDUM: (
        PartySpec(PartyRole.LANDLORD, True),
        PartySpec(PartyRole.TENANT, True),
        PartySpec(PartyRole.CARE_PROVIDER, False),
    ),
    F.OMKLAPCONTRACT: (
        PartySpec(PartyRole.CARE_PROVIDER, True),
        PartySpec(PartyRole.LANDLORD, True),
        PartySpec(PartyRole.TENANT, True),
    ),
    F.WOONBEGELEIDINGSOVEREENKOMST: (
        PartySpec(PartyRole.CARE_PROVIDER, True),
        PartySpec(PartyRole.TENANT, True),
        PartySpec(PartyRole.LANDLORD, True),
    ),
    F.VASTSTELLINGSOVEREENKOMST: (
        PartySpec(PartyRole.LANDLORD, True),
        PartySpec(PartyRole.TENANT, True),
        PartySpec(PartyRole.CARE_PROVIDER, False),
    ),
}


def parties_for(form: str) -> tuple[PartySpec, ...]:
    return PARTIES[AgreementForm(form)]


def default_copies(form: str, tenant_count: int) -> int:
    """One signed copy for every party that signs (each tenant gets one) and one for the
    care provider's file: a three-party agreement with one tenant is signed in fourfold."""
    organisations = sum(1 for p in parties_for(form) if p.role != PartyRole.TENANT)
    return organisations + max(tenant_count, 1) + 1


# --- Dates --------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter
    month (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The omklapcontract flips to the client after about two years; the others run a year.
DURATION_MONTHS: dict[str, int] = {
    F.ADDENDUM: 12,
    F.OMKLAPCONTRACT: 24,
    F.WOONBEGELEIDINGSOVEREENKOMST: 12,
    F.VASTSTELLINGSOVEREENKOMST: 12,
}


def default_end_date(form: str, start: date) -> date:
    """The day before the anniversary: a year from 1 March runs to 28 February."""
    return add_months(start, DURATION_MONTHS[AgreementForm(form)]) - timedelta(days=1)


def extension_errors(*, current_end: date, new_end: date, start: date) -> list[str]:
    """Why ``new_end`` cannot be the new end date (empty when it can)."""
    errors = []
    if new_end <= current_end:
        errors.append(_g("The new end date must be after the current end date."))
    if new_end <= start:
        errors.append(_g("The new end date must be after the start date."))
    return errors


# --- The concrete agreements (art. 1) ----------------------------------------------------


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return text


def _euro(value: Decimal) -> str:
    return format_euro(value)


def default_items(
    form: str,
    *,
    hours_per_week: Decimal | None = None,
    repayment_per_month: Decimal | None = None,
) -> list[str]:
    """The default list of concrete agreements for ``form``, in plain Dutch. Everything
    can be changed on the agreement afterwards."""
    form = AgreementForm(form)
    if hours_per_week:
        guidance = f"U werkt mee aan de begeleiding. Die is {_hours(hours_per_week)} uur per week."
    else:
        guidance = "U werkt mee aan de begeleiding. We spreken samen af hoeveel uur per week."
    items = [guidance, "U werkt mee aan budgetbeheer door de financieel consulent."]
    if form == F.OMKLAPCONTRACT:
        items.append("U betaalt de huur elke maand op tijd aan de zorgaanbieder.")
    else:
        items.append("De huur wordt elke maand op tijd betaald.")
    if repayment_per_month:
        items.append(f"U betaalt de huurschuld af met {_euro(repayment_per_month)} per maand.")
    else:
        items.append("U maakt een afspraak om de huurschuld af te betalen.")
    items += [
        "U laat de begeleider en de corporatie bij u thuis komen voor een huisbezoek.",
        "U en uw gezin geven geen overlast aan buren en anderen.",
    ]
    if form in (F.WOONBEGELEIDINGSOVEREENKOMST, F.OMKLAPCONTRACT):
        items.append("U bent verzekerd voor uw spullen (inboedel) en voor schade aan anderen.")
    return items


def clean_items(lines: list[str]) -> list[str]:
    """Trimmed, non-empty items; a leading "- " or "• " is removed."""
    out = []
    for line in lines:
        text = line.strip().lstrip("-•").strip()
        if text:
            out.append(" ".join(text.split()))
    return out
