"""The last-chance trajectory as an explicit state machine.

:data:`TRANSITIONS` is the whole table: every allowed step from one state to another and
which roles of which kinds of organisation may record it. Anything not in the table is
refused. Other apps add *guards* (for example "all parties signed the agreement" before
:attr:`State.STARTED`) with :func:`register_guard` in their ``AppConfig.ready()``.

This module is pure: no database access. The use case that applies a transition is
:func:`woonkans.trajectories.services.trajectory_transition`.

The rules behind the table (domain/processes.md §3–4 and the agreement model's art. 9–10):

- the case conference (any partner present records the decision) admits a referral
  (``discussed``) or does not (``not admitted``); "more information needed" keeps the state;
- corporation and social team / CJG hold the orientation conversation;
- social team / CJG and the care provider do the intake;
- the start conversation signs the agreements (guarded by the agreements app);
- the household may decline at any step before the agreements are signed;
- extending, flipping back and ending (successfully or for non-cooperation) are the
  coordinator's decision alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import OrganisationKind, Role

from .models import FINAL_STATES, State

if TYPE_CHECKING:
    from .models import Trajectory

CORPORATION = OrganisationKind.WONINGCORPORATIE
CARE = OrganisationKind.ZORGORGANISATIE
SOCIAL_TEAM = OrganisationKind.GEMEENTE

Performer = tuple[str, str]  # (organisation kind, role)

# Who may record what. Named groups keep the table readable.
CONFERENCE: frozenset[Performer] = frozenset(
    {
        (CORPORATION, Role.WOONCONSULENT),
        (CORPORATION, Role.INCASSOMEDEWERKER),
        (SOCIAL_TEAM, Role.WIJKCONSULENT),
        (CARE, Role.COORDINATOR),
    }
)
ORIENTATION_TEAM: frozenset[Performer] = frozenset(
    {
        (CORPORATION, Role.WOONCONSULENT),
        (CORPORATION, Role.INCASSOMEDEWERKER),
        (SOCIAL_TEAM, Role.WIJKCONSULENT),
    }
)
INTAKE_TEAM: frozenset[Performer] = frozenset(
    {
        (SOCIAL_TEAM, Role.WIJKCONSULENT),
        (CARE, Role.COORDINATOR),
        (CARE, Role.WOONBEGELEIDER),
        (CARE, Role.FINANCIEEL_CONSULENT),
    }
)
START_TEAM: frozenset[Performer] = frozenset(
    {
        (CORPORATION, Role.WOONCONSULENT),
        (CARE, Role.COORDINATOR),
        (CARE, Role.WOONBEGELEIDER),
    }
)
GUIDANCE_TEAM: frozenset[Performer] = frozenset(
    {
        (CARE, Role.COORDINATOR),
        (CARE, Role.WOONBEGELEIDER),
        (CARE, Role.FINANCIEEL_CONSULENT),
    }
)
EVALUATION_TEAM: frozenset[Performer] = frozenset(
    {
        (CORPORATION, Role.WOONCONSULENT),
        (CARE, Role.COORDINATOR),
        (CARE, Role.WOONBEGELEIDER),
    }
)
COORDINATOR_ONLY: frozenset[Performer] = frozenset({(CARE, Role.COORDINATOR)})
ANY_PARTNER: frozenset[Performer] = frozenset(
    {
        (CORPORATION, Role.WOONCONSULENT),
        (CORPORATION, Role.INCASSOMEDEWERKER),
        (SOCIAL_TEAM, Role.WIJKCONSULENT),
        (CARE, Role.COORDINATOR),
        (CARE, Role.WOONBEGELEIDER),
    }
)


@dataclass(frozen=True)
class TransitionRule:
    from_state: str
    to_state: str
    performers: frozenset[Performer]
    action: Any  # button label (lazy)
    reason_required: bool = False


def _rule(from_state, to_state, performers, action, reason_required=False) -> TransitionRule:
    return TransitionRule(
        str(from_state), str(to_state), performers, action, reason_required=reason_required
    )


S = State
_RULES: tuple[TransitionRule, ...] = (
    _rule(S.REFERRED, S.DISCUSSED, CONFERENCE, _("Admitted by the case conference")),
    _rule(S.REFERRED, S.NOT_ADMITTED, CONFERENCE, _("Not admitted"), True),
    _rule(S.DISCUSSED, S.ORIENTATION, ORIENTATION_TEAM, _("Orientation conversation held")),
    _rule(S.ORIENTATION, S.INTAKE, INTAKE_TEAM, _("Intake held")),
    _rule(S.INTAKE, S.STARTED, START_TEAM, _("Start conversation: agreements signed")),
    _rule(S.STARTED, S.ACTIVE, GUIDANCE_TEAM, _("Guidance started")),
    _rule(S.ACTIVE, S.EVALUATION, EVALUATION_TEAM, _("Evaluation")),
    _rule(S.EXTENDED, S.EVALUATION, EVALUATION_TEAM, _("Evaluation")),
    _rule(S.EVALUATION, S.EXTENDED, COORDINATOR_ONLY, _("Extend the guidance"), True),
    # Ending early (art. 10.3/10.4) or after an evaluation: the coordinator's decision alone.
    *(
        _rule(from_state, to_state, COORDINATOR_ONLY, label, True)
        for from_state in (S.ACTIVE, S.EVALUATION, S.EXTENDED)
        for to_state, label in (
            (S.FLIPPED_BACK, _("Flip back")),
            (S.ENDED_SUCCESS, _("End successfully")),
            (S.ENDED_NON_COOPERATION, _("End for non-cooperation")),
        )
    ),
    _rule(S.STARTED, S.ENDED_NON_COOPERATION, COORDINATOR_ONLY, _("End for non-cooperation"), True),
    # The household may decline at any step before the agreements are signed.
    *(
        _rule(from_state, S.DECLINED, ANY_PARTNER, _("Household declines"), True)
        for from_state in (S.REFERRED, S.DISCUSSED, S.ORIENTATION, S.INTAKE)
    ),
)

TRANSITIONS: dict[tuple[str, str], TransitionRule] = {
    (rule.from_state, rule.to_state): rule for rule in _RULES
}

# The main line, for the step indicator on the trajectory page.
MAIN_LINE: tuple[str, ...] = (
    S.REFERRED,
    S.DISCUSSED,
    S.ORIENTATION,
    S.INTAKE,
    S.STARTED,
    S.ACTIVE,
    S.EVALUATION,
)

# States from which the household can still decline (before the agreements are signed).
BEFORE_SIGNING = frozenset({S.REFERRED, S.DISCUSSED, S.ORIENTATION, S.INTAKE})


def allowed_transitions(state: str) -> list[str]:
    """The states that may follow ``state``, in table order."""
    return [to for (frm, to) in TRANSITIONS if frm == str(state)]


def rule_for(from_state: str, to_state: str) -> TransitionRule | None:
    return TRANSITIONS.get((str(from_state), str(to_state)))


def may_perform(role: str, org_kind: str, from_state: str, to_state: str) -> bool:
    rule = rule_for(from_state, to_state)
    return rule is not None and (str(org_kind), str(role)) in rule.performers


def performers_text(rule: TransitionRule) -> str:
    """Human-readable list of who may record a transition (for refusals and docs)."""
    kinds = dict(OrganisationKind.choices)
    roles = dict(Role.choices)
    return ", ".join(
        f"{roles.get(role, role)} ({kinds.get(kind, kind)})"
        for kind, role in sorted(rule.performers)
    )


# --- Guards -------------------------------------------------------------------------------

Guard = Callable[["Trajectory"], "str | None"]
_GUARDS: dict[str, list[Guard]] = {}


def register_guard(to_state: str, guard: Guard) -> None:
    """Add a guard on entering ``to_state``. Registering the same function twice is a no-op
    (``ready()`` may run more than once in tests)."""
    guards = _GUARDS.setdefault(str(to_state), [])
    if guard not in guards:
        guards.append(guard)


def unregister_guard(to_state: str, guard: Guard) -> None:
    guards = _GUARDS.get(str(to_state), [])
    if guard in guards:
        guards.remove(guard)


def guards_for(to_state: str) -> list[Guard]:
    return list(_GUARDS.get(str(to_state), []))


def guard_messages(trajectory: Trajectory, to_state: str) -> list[str]:
    """The messages of every guard that blocks entering ``to_state`` (empty: allowed)."""
    messages = []
    for guard in guards_for(to_state):
        message = guard(trajectory)
        if message:
            messages.append(str(message))
    return messages


# --- Graph properties (used by tests and docs) ---------------------------------------------


def states() -> list[str]:
    return [str(s) for s in State]


def is_final(state: str) -> bool:
    return state in FINAL_STATES


def reachable_from(state: str) -> set[str]:
    seen: set[str] = set()
    todo = [str(state)]
    while todo:
        current = todo.pop()
        for nxt in allowed_transitions(current):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def can_finish(state: str) -> bool:
    """A final state is reachable from ``state`` (or it is final itself)."""
    return is_final(state) or any(is_final(s) for s in reachable_from(state))


def roles_in(performers: Iterable[Performer]) -> set[str]:
    return {role for _kind, role in performers}
