"""Use cases of the case conference.

Each runs in one transaction, takes the acting :class:`Actor`, checks that the actor is the
organiser's coordinator (:func:`.access.manages`), and writes the audit log; decisions also
write the household timeline and move the trajectory through
``trajectories.services.trajectory_transition``. Changes to a meeting lock its row, so a
decision and the closing of the meeting, or two agenda builds, cannot interleave.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.services import EditConflict, timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import FieldGroup, Purpose
from woonkans.tasks.selectors import open_due_items
from woonkans.trajectories.models import FINAL_STATES, State, Trajectory
from woonkans.trajectories.services import trajectory_transition

from . import rules
from .access import manages, trajectories_visible_to
from .models import (
    ActionPoint,
    AgendaItem,
    AgendaSource,
    Attendance,
    AttendanceStatus,
    Conference,
    ConferenceSeries,
    ConferenceStatus,
    Decision,
    Outcome,
)

# The household timeline shows decisions like trajectory transitions (identity group): the
# corporation's people as well as the care provider's and the social team's.
TIMELINE_GROUP = FieldGroup.IDENTITY


class ConferenceRefused(ValidationError):
    """The change is not possible in the meeting's current status."""


class DecisionRefused(ValidationError):
    """The decision may not be taken (wrong person, wrong moment, wrong state)."""


def _require_manager(actor: Actor, conference: Conference) -> None:
    if not manages(actor, conference):
        raise PermissionDenied(
            _("Only the coordinator of the organising care provider can do this.")
        )


def _lock(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _check_version(conference: Conference, version: int | None) -> None:
    if version is not None and version != conference.version:
        raise EditConflict(
            _("Someone else changed this meeting in the meantime. Reload the page and try again.")
        )


def _bump(conference: Conference) -> None:
    Conference.objects.filter(pk=conference.pk).update(version=F("version") + 1)
    conference.refresh_from_db(fields=["version"])


def _audit(actor: Actor, action: str, obj, fields: Iterable[str], household_id=None, detail=""):
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        household_id=household_id,
        fields=fields,
        detail=detail,
        purpose=Purpose.LAATSTE_KANS,
    )


# --- Meetings and schedules --------------------------------------------------------------


def _ensure_attendance(conference: Conference) -> None:
    for organisation in [conference.organiser, *conference.invited.all()]:
        Attendance.objects.get_or_create(
            conference=conference, organisation=organisation, person_name=""
        )


@transaction.atomic
def conference_create(
    *,
    actor: Actor,
    title: str,
    on_date: date,
    start_time: time,
    end_time: time | None = None,
    place: str = "",
    online_link: str = "",
    chair=None,
    invited: Iterable[Organisation] = (),
    repeat_weeks: int | None = None,
) -> Conference:
    """Plan a meeting organised by the actor's care provider, chaired by ``chair`` (the
    actor by default). With ``repeat_weeks`` a schedule is created as well, from which
    :func:`series_schedule_next` generates the following meetings."""
    probe = Conference(organiser=actor.organisation)
    _require_manager(actor, probe)
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Give a place or an online meeting link.")})
    invited = [org for org in invited if org.pk != actor.organisation.pk]
    chair = chair or actor.user
    series = None
    if repeat_weeks:
        series = ConferenceSeries.objects.create(
            organiser=actor.organisation,
            title=title.strip(),
            first_on=on_date,
            interval_weeks=repeat_weeks,
            start_time=start_time,
            end_time=end_time,
            place=place.strip(),
            online_link=online_link.strip(),
            chair=chair,
        )
        series.invited.set(invited)
        _audit(actor, AuditAction.CREATE, series, ["title", "first_on", "interval_weeks"])
    conference = Conference(
        organiser=actor.organisation,
        series=series,
        title=title.strip(),
        date=on_date,
        start_time=start_time,
        end_time=end_time,
        place=place.strip(),
        online_link=online_link.strip(),
        chair=chair,
    )
    conference.full_clean()
    conference.save()
    conference.invited.set(invited)
    _ensure_attendance(conference)
    _audit(
        actor,
        AuditAction.CREATE,
        conference,
        ["title", "date", "start_time", "place", "online_link", "chair", "invited"],
    )
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: Actor,
    conference: Conference,
    version: int | None,
    title: str,
    on_date: date,
    start_time: time,
    end_time: time | None = None,
    place: str = "",
    online_link: str = "",
    chair=None,
    invited: Iterable[Organisation] = (),
) -> Conference:
    """Change a planned meeting. ``version`` is the one the form showed: a change made in
    between is refused with :class:`EditConflict`. Newly invited organisations get a line
    on the attendance list; organisations no longer invited lose theirs."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    _check_version(conference, version)
    if conference.status != ConferenceStatus.PLANNED:
        raise ConferenceRefused(_("Only a planned meeting can be changed."))
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Give a place or an online meeting link.")})
    if (
        conference.series_id
        and on_date != conference.date
        and Conference.objects.filter(series_id=conference.series_id, date=on_date).exists()
    ):
        raise ValidationError({"on_date": _("This schedule already has a meeting on that date.")})
    conference.title = title.strip()
    conference.date = on_date
    conference.start_time = start_time
    conference.end_time = end_time
    conference.place = place.strip()
    conference.online_link = online_link.strip()
    conference.chair = chair or conference.chair
    conference.full_clean(exclude=["series"])
    conference.save()
    invited = [org for org in invited if org.pk != conference.organiser_id]
    conference.invited.set(invited)
    conference.attendance.exclude(
        organisation_id__in=[conference.organiser_id, *(o.pk for o in invited)]
    ).delete()
    _ensure_attendance(conference)
    _bump(conference)
    _audit(
        actor,
        AuditAction.UPDATE,
        conference,
        ["title", "date", "start_time", "end_time", "place", "online_link", "chair", "invited"],
    )
    return conference


@transaction.atomic
def series_schedule_next(
    *, actor: Actor | None, series: ConferenceSeries, today: date
) -> tuple[Conference, bool]:
    """The series' meeting on the first scheduled date on or after ``today``; created when
    it does not exist yet (idempotent: calling it again returns the same meeting)."""
    series = ConferenceSeries.objects.select_for_update().get(pk=series.pk)
    if actor is not None and not manages(actor, Conference(organiser_id=series.organiser_id)):
        raise PermissionDenied(
            _("Only the coordinator of the organising care provider can do this.")
        )
    on_date = rules.next_meeting_date(series.first_on, series.interval_weeks, today)
    existing = Conference.objects.filter(series=series, date=on_date).first()
    if existing is not None:
        return existing, False
    conference = Conference.objects.create(
        organiser_id=series.organiser_id,
        series=series,
        title=series.title,
        date=on_date,
        start_time=series.start_time,
        end_time=series.end_time,
        place=series.place,
        online_link=series.online_link,
        chair=series.chair,
    )
    conference.invited.set(series.invited.all())
    _ensure_attendance(conference)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=conference,
        fields=["date"],
        detail="generated from schedule",
        purpose=Purpose.LAATSTE_KANS,
    )
    return conference, True


def schedule_all(*, today: date | None = None) -> int:
    """Generate the next meeting of every active schedule; returns how many were new."""
    today = today or timezone.localdate()
    created = 0
    for series in ConferenceSeries.objects.filter(is_active=True):
        _conference, new = series_schedule_next(actor=None, series=series, today=today)
        created += new
    return created


@transaction.atomic
def conference_start(*, actor: Actor, conference: Conference, version: int | None = None):
    """Open the meeting: from now on the agenda is frozen and decisions can be recorded."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    _check_version(conference, version)
    if conference.status != ConferenceStatus.PLANNED:
        raise ConferenceRefused(_("This meeting has already started."))
    _refresh_snapshots(conference)
    conference.status = ConferenceStatus.STARTED
    conference.started_at = timezone.now()
    conference.save(update_fields=["status", "started_at"])
    _bump(conference)
    _audit(actor, AuditAction.UPDATE, conference, ["status", "started_at"], detail="started")
    return conference


@transaction.atomic
def conference_close(*, actor: Actor, conference: Conference, version: int | None = None):
    """Close the meeting: the minutes are final. Cases without a decision come back on the
    next agenda as returned cases only when a decision asked for more information; other
    undecided cases are picked up again as referrals or due items."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    _check_version(conference, version)
    if conference.status != ConferenceStatus.STARTED:
        raise ConferenceRefused(_("Only a meeting in progress can be closed."))
    conference.status = ConferenceStatus.CLOSED
    conference.closed_at = timezone.now()
    conference.save(update_fields=["status", "closed_at"])
    _bump(conference)
    _audit(actor, AuditAction.UPDATE, conference, ["status", "closed_at"], detail="closed")
    return conference


# --- Agenda ------------------------------------------------------------------------------


def _in_scope(conference: Conference) -> Q:
    """Trajectories this meeting is about: those of the organising care provider, and
    those without a care provider yet whose corporation or social team is invited."""
    invited = list(conference.invited.values_list("pk", flat=True))
    return Q(care_provider_id=conference.organiser_id) | Q(
        Q(care_provider__isnull=True)
        & (Q(corporation_id__in=invited) | Q(social_team_id__in=invited))
    )


def _returned_ids(trajectory_ids: list[int], before: date) -> set[int]:
    """Of ``trajectory_ids``: those whose latest decision (in a meeting before ``before``)
    asked for more information and that no meeting held since then has discussed again.
    So a returned case comes back once, not on every following agenda."""
    latest: dict[int, tuple[str, date]] = {}
    decisions = (
        Decision.objects.filter(trajectory_id__in=trajectory_ids, item__conference__date__lt=before)
        .order_by("item__conference__date", "pk")
        .values_list("trajectory_id", "outcome", "item__conference__date")
    )
    for trajectory_id, outcome, held_on in decisions:
        latest[trajectory_id] = (outcome, held_on)
    returned = set()
    for trajectory_id, (outcome, held_on) in latest.items():
        if outcome != Outcome.MORE_INFORMATION:
            continue
        discussed_since = (
            AgendaItem.objects.filter(
                trajectory_id=trajectory_id,
                conference__date__gt=held_on,
                conference__date__lt=before,
            )
            .exclude(conference__status=ConferenceStatus.PLANNED)
            .exists()
        )
        if not discussed_since:
            returned.add(trajectory_id)
    return returned


def _due_reason(trajectory: Trajectory, on_date: date) -> str:
    """The open due items of a running trajectory that are due by the meeting's date."""
    due = list(open_due_items(trajectory).filter(due_on__lte=on_date))
    if not due:
        return ""
    names = "; ".join(f"{item.title} ({date_format(item.due_on, 'j F Y')})" for item in due[:5])
    return ngettext(
        "%(count)d item due or overdue: %(names)s",
        "%(count)d items due or overdue: %(names)s",
        len(due),
    ) % {"count": len(due), "names": names}


def agenda_candidates(conference: Conference) -> list[rules.Candidate]:
    """The cases that belong on the agenda now, in agenda order (see ``rules.agenda_order``)."""
    scope = Trajectory.objects.filter(_in_scope(conference)).exclude(state__in=FINAL_STATES)
    # A case already waiting on the agenda of an earlier meeting that is not closed stays
    # there instead of appearing twice.
    waiting = AgendaItem.objects.filter(
        decision__isnull=True,
        conference__date__lt=conference.date,
        trajectory__isnull=False,
    ).exclude(conference__status=ConferenceStatus.CLOSED)
    scope = scope.exclude(pk__in=waiting.values("trajectory_id"))
    scope = list(scope)
    returned = _returned_ids([t.pk for t in scope], conference.date)
    candidates = []
    for trajectory in scope:
        base = {
            "trajectory_id": trajectory.pk,
            "priority": trajectory.priority,
            "referred_on": trajectory.referred_on,
        }
        if trajectory.pk in returned:
            candidates.append(
                rules.Candidate(
                    source=AgendaSource.FOLLOW_UP,
                    reason=_("Returned by an earlier meeting: more information was needed."),
                    **base,
                )
            )
        elif trajectory.state == State.REFERRED:
            candidates.append(
                rules.Candidate(
                    source=AgendaSource.REFERRAL,
                    reason=_("Referred on %(date)s.")
                    % {"date": date_format(trajectory.referred_on, "j F Y")},
                    **base,
                )
            )
        elif trajectory.state in rules.RUNNING_STATES:
            reason = _due_reason(trajectory, conference.date)
            if reason:
                candidates.append(
                    rules.Candidate(source=AgendaSource.DUE_ITEMS, reason=reason, **base)
                )
    return rules.agenda_order(candidates)


def _snapshot(item: AgendaItem, trajectory: Trajectory, reason: str | None = None) -> None:
    item.snapshot_name = trajectory.household.name
    item.snapshot_reference = trajectory.household.reference
    item.snapshot_state = trajectory.state
    item.snapshot_priority = trajectory.priority
    if reason is not None:
        item.snapshot_reason = reason
    item.snapshot_at = timezone.now()


def _refresh_snapshots(conference: Conference) -> None:
    for item in conference.items.select_related("trajectory__household").filter(
        trajectory__isnull=False
    ):
        _snapshot(item, item.trajectory)
        item.save()


def _next_position(conference: Conference) -> int:
    return (conference.items.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def agenda_build(*, actor: Actor, conference: Conference) -> int:
    """Put every case that belongs on the agenda on it; returns how many were added.

    Idempotent: a case already on this agenda is not added twice (its snapshot is
    refreshed). Items added by hand stay. Refused once the meeting has started."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.agenda_frozen:
        raise ConferenceRefused(_("The agenda is frozen: the meeting has started."))
    present = set(conference.items.exclude(trajectory=None).values_list("trajectory_id", flat=True))
    added = 0
    position = _next_position(conference)
    trajectories = Trajectory.objects.select_related("household").in_bulk(
        [c.trajectory_id for c in agenda_candidates(conference)]
    )
    for candidate in agenda_candidates(conference):
        trajectory = trajectories[candidate.trajectory_id]
        if candidate.trajectory_id in present:
            item = conference.items.get(trajectory=trajectory)
            _snapshot(
                item, trajectory, candidate.reason if item.source != AgendaSource.MANUAL else None
            )
            item.save()
            continue
        item = AgendaItem(
            conference=conference,
            trajectory=trajectory,
            source=candidate.source,
            position=position,
            added_by_label=actor.label,
        )
        _snapshot(item, trajectory, candidate.reason)
        item.save()
        position += 1
        added += 1
        _audit(
            actor,
            AuditAction.CREATE,
            item,
            ["trajectory", "source"],
            household_id=trajectory.household_id,
        )
    _bump(conference)
    return added


@transaction.atomic
def agenda_add(
    *,
    actor: Actor,
    conference: Conference,
    trajectory: Trajectory | None = None,
    topic: str = "",
    note: str = "",
) -> AgendaItem:
    """Add a case or a general topic by hand."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.agenda_frozen:
        raise ConferenceRefused(_("The agenda is frozen: the meeting has started."))
    topic = topic.strip()
    if trajectory is None and not topic:
        raise ValidationError({"topic": _("Choose a case or give a topic.")})
    if (
        trajectory is not None
        and not trajectories_visible_to(actor).filter(pk=trajectory.pk).exists()
    ):
        raise ValidationError({"trajectory": _("You cannot put this case on the agenda.")})
    if trajectory is not None and conference.items.filter(trajectory=trajectory).exists():
        raise ValidationError({"trajectory": _("This case is already on the agenda.")})
    item = AgendaItem(
        conference=conference,
        trajectory=trajectory,
        topic=topic,
        note=note.strip(),
        source=AgendaSource.MANUAL,
        position=_next_position(conference),
        added_by_label=actor.label,
    )
    if trajectory is not None:
        _snapshot(item, trajectory, _("Added by hand."))
    item.save()
    _audit(
        actor,
        AuditAction.CREATE,
        item,
        ["trajectory", "topic", "note"],
        household_id=trajectory.household_id if trajectory else None,
    )
    _bump(conference)
    return item


@transaction.atomic
def agenda_remove(*, actor: Actor, item: AgendaItem) -> None:
    conference = item.conference
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.agenda_frozen:
        raise ConferenceRefused(_("The agenda is frozen: the meeting has started."))
    household_id = item.trajectory.household_id if item.trajectory_id else None
    _audit(actor, AuditAction.DELETE, item, ["trajectory", "topic"], household_id=household_id)
    item.delete()
    _bump(conference)


# --- Attendance --------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, actor: Actor, conference: Conference, statuses: dict[int, str]) -> int:
    """Record attendance: ``statuses`` maps attendance ids of this meeting to a status.
    Returns how many rows changed."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.status == ConferenceStatus.CLOSED:
        raise ConferenceRefused(_("The meeting is closed; attendance can no longer change."))
    changed = 0
    valid = set(AttendanceStatus.values)
    for row in conference.attendance.filter(pk__in=list(statuses)):
        status = statuses[row.pk]
        if status not in valid:
            raise ValidationError(_("Unknown attendance status."))
        if row.status != status:
            row.status = status
            row.save(update_fields=["status", "updated_at"])
            changed += 1
    if changed:
        _audit(actor, AuditAction.UPDATE, conference, ["attendance"])
    return changed


@transaction.atomic
def attendance_add_person(
    *,
    actor: Actor,
    conference: Conference,
    organisation: Organisation,
    person_name: str,
    status: str = AttendanceStatus.PRESENT,
) -> Attendance:
    """Add a named person of an invited (or the organising) organisation."""
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.status == ConferenceStatus.CLOSED:
        raise ConferenceRefused(_("The meeting is closed; attendance can no longer change."))
    if organisation.pk not in conference.party_organisation_ids():
        raise ValidationError({"organisation": _("This organisation is not invited.")})
    person_name = person_name.strip()
    if not person_name:
        raise ValidationError({"person_name": _("Give the person's name.")})
    row, _created = Attendance.objects.update_or_create(
        conference=conference,
        organisation=organisation,
        person_name=person_name,
        defaults={"status": status},
    )
    _audit(actor, AuditAction.UPDATE, conference, ["attendance"])
    return row


# --- Decisions and action points ---------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    item: AgendaItem,
    outcome: str,
    reasons: str,
    on_date: date | None = None,
) -> Decision:
    """Record the meeting's decision about one case. Admit moves the trajectory to
    "discussed", do not admit to "not admitted"; more information leaves the state and
    brings the case back on the next agenda."""
    conference = _lock(item.conference)
    if item.trajectory_id is None:
        raise DecisionRefused(_("Decisions are recorded about cases, not general topics."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose a decision.")})
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    trajectory = Trajectory.objects.select_for_update().get(pk=item.trajectory_id)
    refusal = rules.decision_refusal(
        role=actor.role,
        organisation_id=actor.organisation.pk,
        organiser_id=conference.organiser_id,
        care_provider_id=trajectory.care_provider_id,
        conference_status=conference.status,
        trajectory_state=trajectory.state,
        outcome=outcome,
        already_decided=Decision.objects.filter(item=item).exists(),
    )
    if refusal:
        raise DecisionRefused(refusal, code="refused")
    if on_date is None:
        # The meeting's date; a meeting opened ahead of its date decides today. Never
        # before the case entered its current stage.
        on_date = max(min(conference.date, timezone.localdate()), trajectory.state_since)
    transition = None
    to_state = rules.target_state(outcome)
    if to_state is not None:
        trajectory = trajectory_transition(
            actor=actor,
            trajectory=trajectory,
            to_state=to_state,
            on_date=on_date,
            reason=reasons,
        )
        transition = trajectory.transitions.order_by("-pk").first()
    decision = Decision.objects.create(
        item=item,
        trajectory=trajectory,
        outcome=outcome,
        reasons=reasons,
        decided_on=on_date,
        decided_by=actor.user if getattr(actor.user, "pk", None) else None,
        decided_by_label=actor.label,
        organisation=actor.organisation,
        transition=transition,
    )
    _audit(
        actor,
        AuditAction.CREATE,
        decision,
        ["outcome", "reasons", "decided_on"],
        household_id=trajectory.household_id,
    )
    timeline_add(
        household=trajectory.household,
        kind="conference.decision",
        field_group=TIMELINE_GROUP,
        actor=actor,
        summary=_("Case conference of %(date)s: %(outcome)s")
        % {
            "date": date_format(conference.date, "j F Y"),
            "outcome": decision.get_outcome_display(),
        },
    )
    _bump(conference)
    return decision


@transaction.atomic
def action_point_add(
    *,
    actor: Actor,
    conference: Conference,
    description: str,
    item: AgendaItem | None = None,
    responsible: Organisation | None = None,
    due_on: date | None = None,
) -> ActionPoint:
    _require_manager(actor, conference)
    conference = _lock(conference)
    if conference.status != ConferenceStatus.STARTED:
        raise ConferenceRefused(_("Action points are recorded while the meeting is in progress."))
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Describe the action.")})
    if item is not None and item.conference_id != conference.pk:
        raise ValidationError({"item": _("This case is not on this meeting's agenda.")})
    if responsible is not None and responsible.pk not in conference.party_organisation_ids():
        raise ValidationError({"responsible": _("This organisation is not invited.")})
    point = ActionPoint.objects.create(
        conference=conference,
        item=item,
        description=description,
        responsible=responsible,
        due_on=due_on,
    )
    household_id = item.trajectory.household_id if item is not None and item.trajectory_id else None
    _audit(
        actor,
        AuditAction.CREATE,
        point,
        ["description", "responsible", "due_on"],
        household_id=household_id,
    )
    _bump(conference)
    return point
