"""Ready-made collection processes for the pilot's two corporations (processes.md §2).

Applied with ``services.policy_apply_preset``; afterwards every step can be changed on the
policy pages. Rent is due on the 1st, so "4 days after the due date" is the 5th.

``small`` — the small corporation
    reminder letter on the 5th; phone calls from the 7th and a home visit, until the end of
    the month; ask the social team / CJG to make contact; the 14-day letter; then the file
    goes to the bailiff.
``large`` — the large corporation
    the automated dialler calls, with retries; a text message; the 14-day letter; the
    wijkteam and the regional debt help are brought in; still problematic: the VIA
    approach (a care or service organisation refers); registration for the last-chance
    trajectory just before the corporation goes to court; hand-over to the bailiff.

Both include the 14-day letter (norms.md §2: no collection costs without it) even though
the pilot report predates that rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Channel, LegalStage, StepRole, Trigger


@dataclass(frozen=True)
class StepSpec:
    name: str | Promise
    trigger: str
    trigger_days: int
    channel: str
    actor_role: str
    min_amount: Decimal = Decimal("0.01")
    min_open_terms: int = 0
    stop_at_legal_stage: str = LegalStage.DEURWAARDER
    repeat_times: int = 0
    repeat_every_days: int = 0
    stop_when_reached: bool = True
    send_automatically: bool = False
    letter_template: str = ""
    description: str | Promise = ""


@dataclass(frozen=True)
class Preset:
    key: str
    label: str | Promise
    description: str | Promise
    steps: tuple[StepSpec, ...]


SMALL = Preset(
    key="small",
    label=_("Small corporation (pilot corporation 1)"),
    description=_(
        "Reminder on the 5th; phone calls and a home visit until the end of the month; ask "
        "the social team / CJG to make contact; 14-day letter; hand over to the bailiff."
    ),
    steps=(
        StepSpec(
            name=_("Reminder"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=4,
            channel=Channel.BRIEF,
            actor_role=StepRole.INCASSOMEDEWERKER,
            letter_template="herinnering",
            description=_("Send the reminder letter."),
        ),
        StepSpec(
            name=_("Phone calls"),
            trigger=Trigger.AFTER_PREVIOUS,
            trigger_days=2,
            channel=Channel.TELEFOON,
            actor_role=StepRole.INCASSOMEDEWERKER,
            repeat_times=3,
            repeat_every_days=5,
            stop_at_legal_stage="",
            description=_(
                "Call the tenant to make a payment arrangement. Ask why the rent was not "
                "paid and whether there are other problems."
            ),
        ),
        StepSpec(
            name=_("Ask the social team / CJG to make contact"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=10,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.SOCIAAL_TEAM,
            description=_(
                "Ask the social team / CJG to make contact together with the corporation."
            ),
        ),
        StepSpec(
            name=_("Home visit"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=14,
            channel=Channel.HUISBEZOEK,
            actor_role=StepRole.WOONCONSULENT,
            repeat_times=1,
            repeat_every_days=7,
            stop_at_legal_stage="",
            letter_template="huisbezoek_briefje",
            description=_(
                "Visit the tenant at home. Nobody home? Leave a friendly note asking them to call."
            ),
        ),
        StepSpec(
            name=_("14-day letter"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=15,
            channel=Channel.BRIEF,
            actor_role=StepRole.INCASSOMEDEWERKER,
            letter_template="veertiendagenbrief",
            description=_("Send the 14-day letter before collection costs can be charged."),
        ),
        StepSpec(
            name=_("Hand over to the bailiff"),
            trigger=Trigger.AFTER_PREVIOUS,
            trigger_days=17,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.DEURWAARDER,
            description=_(
                "Contact failed and the arrears were not paid: hand the file over to the bailiff."
            ),
        ),
    ),
)

LARGE = Preset(
    key="large",
    label=_("Large corporation (pilot corporation 2)"),
    description=_(
        "Automated dialler with retries; text message; 14-day letter; wijkteam and debt "
        "help; VIA; last-chance registration before going to court; bailiff."
    ),
    steps=(
        StepSpec(
            name=_("Automated dialler"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=5,
            channel=Channel.BELCOMPUTER,
            actor_role=StepRole.INCASSOMEDEWERKER,
            repeat_times=3,
            repeat_every_days=2,
            description=_(
                "The automated dialler calls with a spoken message; the tenant can choose to "
                "talk to a collections officer. No answer: it calls again."
            ),
        ),
        StepSpec(
            name=_("Text message"),
            trigger=Trigger.AFTER_PREVIOUS,
            trigger_days=2,
            channel=Channel.SMS,
            actor_role=StepRole.INCASSOMEDEWERKER,
            send_automatically=True,
            description=_("A short text message about the arrears."),
        ),
        StepSpec(
            name=_("14-day letter"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=15,
            channel=Channel.BRIEF,
            actor_role=StepRole.INCASSOMEDEWERKER,
            letter_template="veertiendagenbrief",
            description=_("Send the 14-day letter before collection costs can be charged."),
        ),
        StepSpec(
            name=_("Bring in the wijkteam"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=21,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.SOCIAAL_TEAM,
            description=_("Still no contact or no catching up: bring in the wijkteam."),
        ),
        StepSpec(
            name=_("Bring in debt help"),
            trigger=Trigger.AFTER_PREVIOUS,
            trigger_days=0,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.WOONCONSULENT,
            description=_("Bring in the regional debt-help organisation, with the tenant."),
        ),
        StepSpec(
            name=_("Discuss VIA"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=60,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.WOONCONSULENT,
            min_open_terms=2,
            description=_(
                "Still problematic: discuss the integrated approach VIA (municipality, "
                "corporations, police, GGD, care). Only care and service organisations can "
                "refer: ask the involved care organisation or wijkteam to refer."
            ),
        ),
        StepSpec(
            name=_("Register for the last-chance trajectory"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=80,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.WOONCONSULENT,
            min_open_terms=3,
            stop_at_legal_stage=LegalStage.VONNIS,
            description=_(
                "Only when the regular route (with or without VIA) failed: register the "
                "household for the last-chance trajectory before going to court. "
                "Registration after the verdict is possible too."
            ),
        ),
        StepSpec(
            name=_("Hand over to the bailiff"),
            trigger=Trigger.AFTER_DUE,
            trigger_days=90,
            channel=Channel.OVERDRACHT,
            actor_role=StepRole.DEURWAARDER,
            min_open_terms=3,
            description=_("Hand the file over to the bailiff to prepare the summons."),
        ),
    ),
)

PRESETS: dict[str, Preset] = {SMALL.key: SMALL, LARGE.key: LARGE}
