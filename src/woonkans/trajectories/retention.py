"""Access after a trajectory ends: the partners' involvements end after a retention period.

A referral opens a trajectory involvement on the household for every party organisation
(``services.referral_create``); while it is open, the care provider's and the social
team's people see the household. When the trajectory reaches a final state (flipped back,
ended successfully, ended for non-cooperation, declined, not admitted) they still need the
household for a while — the final report, the notice period, the settlement of the shared
damage — but not forever. ``TrajectorySettings.involvement_retention_days`` (per
corporation, default :data:`~.models.DEFAULT_INVOLVEMENT_RETENTION_DAYS`) says how long.

* :func:`partner_access_until` / :func:`retention_over` — the pure rule on dates.
* :func:`trajectory_partner_access_end` — the use case: closes the involvements *this
  trajectory opened* once the retention is over. Never the corporation's own involvement
  (it is the landlord: it sees the household through its tenancy anyway, and its
  trajectory involvement is left as it is), never involvements of other sources (early
  signals, budget hand-overs, assignments, other trajectories).
* :func:`partner_access_end_due` — the daily job's work (``trajectories.end_partner_access``
  in ``tasks.py``); idempotent: a second run on the same day, or any later run, changes
  nothing for trajectories already done.

See docs/privacy.md ("Access after a trajectory ends") and docs/last-chance-trajectory.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.models import Involvement, InvolvementKind
from woonkans.households.services import involvement_close, timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup

from .models import (
    DEFAULT_INVOLVEMENT_RETENTION_DAYS,
    FINAL_STATES,
    Trajectory,
    TrajectorySettings,
)

#: ``Involvement.source_type`` of the involvements a referral opens.
SOURCE_TYPE = "trajectories.trajectory"
#: Kinds of involvement a trajectory may have opened.
TRAJECTORY_KINDS = (InvolvementKind.TRAJECTORY, InvolvementKind.REFERRAL)
TIMELINE_KIND = "trajectory.access_ended"
AUDIT_DETAIL = "partner access ended after the retention period"

# Registered here (this module is imported by the trajectory views at start-up).


# --- The rule (pure) -------------------------------------------------------------------------


def partner_access_until(final_since: date, retention_days: int) -> date:
    """The last day the partners keep access: ``retention_days`` after the day the final
    state began (that day itself counts as day 0)."""
    if retention_days < 0:
        raise ValueError("retention_days must not be negative")
    return final_since + timedelta(days=retention_days)


def retention_over(final_since: date, retention_days: int, today: date) -> bool:
    """True from the day after :func:`partner_access_until` on."""
    return today > partner_access_until(final_since, retention_days)


# --- Reads -----------------------------------------------------------------------------------


def retention_days_for(corporation) -> int:
    days = (
        TrajectorySettings.objects.filter(corporation=corporation)
        .values_list("involvement_retention_days", flat=True)
        .first()
    )
    return DEFAULT_INVOLVEMENT_RETENTION_DAYS if days is None else days


def access_until_for(trajectory: Trajectory) -> date | None:
    """The last day partners keep access to the household, or None while it runs."""
    if trajectory.state not in FINAL_STATES:
        return None
    return partner_access_until(trajectory.state_since, retention_days_for(trajectory.corporation))


def involvements_opened_by(trajectory: Trajectory):
    """The open involvements this trajectory opened for its partners (not the
    corporation's)."""
    return Involvement.objects.filter(
        household_id=trajectory.household_id,
        source_type=SOURCE_TYPE,
        source_id=str(trajectory.pk),
        kind__in=TRAJECTORY_KINDS,
        closed_at__isnull=True,
    ).exclude(organisation_id=trajectory.corporation_id)


# --- Use cases -------------------------------------------------------------------------------


@transaction.atomic
def trajectory_partner_access_end(
    *, trajectory: Trajectory, today: date | None = None, actor: Actor | None = None
) -> int:
    """Close the partners' involvements of an ended trajectory once the retention period is
    over. Returns how many were closed (0 when the trajectory runs, the period is not over,
    or they were closed before). ``actor`` None means the daily job (the system)."""
    today = today or timezone.localdate()
    current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if current.state not in FINAL_STATES:
        return 0
    days = retention_days_for(current.corporation_id)
    if not retention_over(current.state_since, days, today):
        return 0
    closed = []
    for involvement in involvements_opened_by(current).select_related("organisation", "household"):
        involvement_close(actor=actor, involvement=involvement)
        closed.append(involvement)
    if not closed:
        return 0
    until = partner_access_until(current.state_since, days)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        fields=["involvements"],
        detail=AUDIT_DETAIL,
    )
    timeline_add(
        household=current.household,
        kind=TIMELINE_KIND,
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=_(
            "%(days)s days after the end of the last-chance trajectory (%(until)s) the access "
            "of %(organisations)s ended."
        )
        % {
            "days": days,
            "until": until.isoformat(),
            "organisations": ", ".join(sorted({i.organisation.name for i in closed})),
        },
    )
    return len(closed)


def partner_access_end_due(today: date | None = None) -> dict[str, int]:
    """The daily job: every ended trajectory whose partners still have an open involvement
    it opened, and whose retention period is over. Counts: trajectories and involvements
    closed now, and ended trajectories still within their retention period ("waiting").

    Only trajectories with an open *partner* involvement are looked at (the corporation's
    own stays open), so the work does not grow with the number of trajectories that ended
    long ago."""
    today = today or timezone.localdate()
    partner_open = Involvement.objects.filter(
        household_id=OuterRef("household_id"),
        source_type=SOURCE_TYPE,
        source_id=Cast(OuterRef("pk"), output_field=CharField()),
        kind__in=TRAJECTORY_KINDS,
        closed_at__isnull=True,
    ).exclude(organisation_id=OuterRef("corporation_id"))
    candidates = (
        Trajectory.objects.filter(state__in=list(FINAL_STATES))
        .filter(Exists(partner_open))
        .only("pk", "corporation_id", "state_since")
        .order_by("pk")
    )
    days_by_corporation = dict(
        TrajectorySettings.objects.values_list("corporation_id", "involvement_retention_days")
    )
    counts = {"trajectories": 0, "involvements": 0, "waiting": 0}
    for trajectory in candidates:
        days = days_by_corporation.get(
            trajectory.corporation_id, DEFAULT_INVOLVEMENT_RETENTION_DAYS
        )
        if not retention_over(trajectory.state_since, days, today):
            counts["waiting"] += 1
            continue
        closed = trajectory_partner_access_end(trajectory=trajectory, today=today)
        if closed:
            counts["trajectories"] += 1
            counts["involvements"] += closed
    return counts
