"""Pages of the case conference: the list of meetings, planning one, the meeting page
(agenda, attendance, decisions, action points) and the minutes as PDF and DOCX.

Thin: the gate in ``access.py``, the rules in ``rules.py``, the changes in ``services.py``.
Only the organiser's coordinator sees the forms; everyone else who takes part reads.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required
from woonkans.households.services import EditConflict
from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import Purpose
from woonkans.trajectories.models import FINAL_STATES, State

from . import forms, minutes, rules, services
from .access import (
    conference_for_actor,
    conferences_visible_to,
    item_for_actor,
    items_visible_to,
    manages,
    takes_part,
    trajectories_visible_to,
)
from .models import AttendanceStatus, ConferenceStatus, Outcome


def _require(request) -> None:
    if not takes_part(request.actor):
        raise Http404


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


@actor_required
def conference_list(request):
    _require(request)
    actor = request.actor
    today = timezone.localdate()
    visible = conferences_visible_to(actor).select_related("organiser")
    upcoming = visible.exclude(status=ConferenceStatus.CLOSED).filter(date__gte=today)
    running = visible.filter(status=ConferenceStatus.STARTED, date__lt=today)
    past = visible.exclude(pk__in=upcoming.values("pk")).exclude(pk__in=running.values("pk"))
    return render(
        request,
        "conferences/list.html",
        {
            "upcoming": list(running) + list(upcoming),
            "past": past.order_by("-date", "-start_time")[:50],
            "may_plan": manages(actor, _probe(actor)),
        },
    )


def _probe(actor):
    from .models import Conference

    return Conference(organiser=actor.organisation)


@actor_required
def conference_create(request):
    _require(request)
    actor = request.actor
    if not manages(actor, _probe(actor)):
        raise Http404
    form = forms.ConferenceForm(
        request.POST or None,
        organiser=actor.organisation,
        initial={"chair": actor.user.pk if actor.user else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.conference_create(
                actor=actor,
                title=data["title"],
                on_date=data["on_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                online_link=data["online_link"],
                chair=data["chair"],
                invited=data["invited"],
                repeat_weeks=data["repeat_weeks"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("conferences:detail", pk=conference.pk)
    return render(request, "conferences/create.html", {"form": form})


@actor_required
def conference_edit(request, pk: int):
    _require(request)
    actor = request.actor
    conference = conference_for_actor(actor, pk)
    if not manages(actor, conference) or conference.status != ConferenceStatus.PLANNED:
        raise Http404
    initial = {
        "title": conference.title,
        "on_date": conference.date,
        "start_time": conference.start_time,
        "end_time": conference.end_time,
        "place": conference.place,
        "online_link": conference.online_link,
        "chair": conference.chair_id,
        "invited": list(conference.invited.values_list("pk", flat=True)),
        "version": conference.version,
    }
    form = forms.ConferenceEditForm(
        request.POST or None, organiser=conference.organiser, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conference_update(
                actor=actor,
                conference=conference,
                version=data["version"],
                title=data["title"],
                on_date=data["on_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                online_link=data["online_link"],
                chair=data["chair"],
                invited=data["invited"],
            )
        except EditConflict as error:
            form.add_error(None, str(error))
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                _errors(form, error)
            else:
                form.add_error(None, _message(error))
        else:
            messages.success(request, _("The meeting is changed."))
            return redirect("conferences:detail", pk=conference.pk)
    return render(request, "conferences/edit.html", {"form": form, "conference": conference})


def _party_organisations(conference):
    return Organisation.objects.filter(pk__in=conference.party_organisation_ids()).order_by("name")


def _audit_cases(actor, items, request_path: str, action: str = AuditAction.VIEW) -> None:
    for household_id in sorted({i.trajectory.household_id for i in items if i.trajectory_id}):
        audit_record(
            actor=actor,
            action=action,
            household_id=household_id,
            detail="case conference",
            purpose=Purpose.LAATSTE_KANS,
            request_path=request_path,
        )


@actor_required
def conference_detail(request, pk: int):
    _require(request)
    actor = request.actor
    conference = conference_for_actor(actor, pk)
    audit_view(actor=actor, obj=conference, request_path=request.path)
    items = list(
        items_visible_to(actor, conference)
        .select_related("decision", "trajectory__household")
        .prefetch_related("action_points__responsible")
    )
    _audit_cases(actor, items, request.path)
    hidden = conference.items.filter(trajectory__isnull=False).count() - sum(
        1 for i in items if i.is_case
    )
    is_manager = manages(actor, conference)
    context = {
        "conference": conference,
        "items": items,
        "hidden": hidden,
        "attendance": conference.attendance.select_related("organisation"),
        "general_actions": conference.action_points.filter(item__isnull=True).select_related(
            "responsible"
        ),
        "is_manager": is_manager,
        "attendance_choices": AttendanceStatus.choices,
    }
    if is_manager:
        on_agenda = conference.items.exclude(trajectory=None).values("trajectory_id")
        candidates = (
            trajectories_visible_to(actor)
            .exclude(state__in=FINAL_STATES)
            .exclude(pk__in=on_agenda)
            .select_related("household")
        )
        context["add_form"] = forms.AgendaAddForm(trajectories=candidates)
        context["person_form"] = forms.AttendancePersonForm(
            organisations=_party_organisations(conference)
        )
        context["action_form"] = forms.ActionPointForm(
            items=items, organisations=_party_organisations(conference)
        )
    else:
        context["not_manager_text"] = rules.decision_refusal(
            role=actor.role,
            organisation_id=actor.organisation.pk,
            organiser_id=conference.organiser_id,
            care_provider_id=None,
            conference_status=conference.status,
            trajectory_state="",
            outcome="",
            already_decided=False,
        )
    return render(request, "conferences/detail.html", context)


def _managed(request, pk: int):
    _require(request)
    conference = conference_for_actor(request.actor, pk)
    if not manages(request.actor, conference):
        messages.error(
            request, _("Only the coordinator of the organising care provider can do this.")
        )
        return conference, False
    return conference, True


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require_POST
@actor_required
def agenda_build(request, pk: int):
    conference, ok = _managed(request, pk)
    if ok:
        try:
            added = services.agenda_build(actor=request.actor, conference=conference)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d case added to the agenda.",
                    "%(count)d cases added to the agenda.",
                    added,
                )
                % {"count": added},
            )
    return redirect("conferences:detail", pk=conference.pk)


@require_POST
@actor_required
def agenda_add(request, pk: int):
    conference, ok = _managed(request, pk)
    if not ok:
        return redirect("conferences:detail", pk=conference.pk)
    visible = trajectories_visible_to(request.actor).select_related("household")
    form = forms.AgendaAddForm(request.POST, trajectories=visible)
    if form.is_valid():
        data = form.cleaned_data
        trajectory = visible.filter(pk=data["trajectory"]).first() if data["trajectory"] else None
        try:
            services.agenda_add(
                actor=request.actor,
                conference=conference,
                trajectory=trajectory,
                topic=data["topic"],
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Added to the agenda."))
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.errors.get("__all__", []))
            or _("Choose a case or give a topic."),
        )
    return redirect("conferences:detail", pk=conference.pk)


@require_POST
@actor_required
def agenda_remove(request, pk: int, item_pk: int):
    conference, ok = _managed(request, pk)
    if ok:
        item = item_for_actor(request.actor, conference, item_pk)
        try:
            services.agenda_remove(actor=request.actor, item=item)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Removed from the agenda."))
    return redirect("conferences:detail", pk=conference.pk)


@require_POST
@actor_required
def conference_start(request, pk: int):
    conference, ok = _managed(request, pk)
    if ok:
        try:
            services.conference_start(
                actor=request.actor, conference=conference, version=_version(request)
            )
        except (ValidationError, PermissionDenied, EditConflict) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("The meeting has started; the agenda is frozen."))
    return redirect("conferences:detail", pk=conference.pk)


@require_POST
@actor_required
def conference_close(request, pk: int):
    conference, ok = _managed(request, pk)
    if ok:
        try:
            services.conference_close(
                actor=request.actor, conference=conference, version=_version(request)
            )
        except (ValidationError, PermissionDenied, EditConflict) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("The meeting is closed; the minutes are final."))
    return redirect("conferences:detail", pk=conference.pk)


@require_POST
@actor_required
def schedule_next(request, pk: int):
    conference, ok = _managed(request, pk)
    if not ok or conference.series is None:
        return redirect("conferences:detail", pk=conference.pk)
    try:
        following, created = services.series_schedule_next(
            actor=request.actor,
            series=conference.series,
            today=max(timezone.localdate(), conference.date + timedelta(days=1)),
        )
    except PermissionDenied as error:
        messages.error(request, _message(error))
        return redirect("conferences:detail", pk=conference.pk)
    if created:
        messages.success(request, _("The next meeting of this schedule is planned."))
    else:
        messages.info(request, _("The next meeting of this schedule was already planned."))
    return redirect("conferences:detail", pk=following.pk)


@require_POST
@actor_required
def attendance(request, pk: int):
    conference, ok = _managed(request, pk)
    if not ok:
        return redirect("conferences:detail", pk=conference.pk)
    if request.POST.get("person_name"):
        form = forms.AttendancePersonForm(
            request.POST, organisations=_party_organisations(conference)
        )
        if form.is_valid():
            try:
                services.attendance_add_person(
                    actor=request.actor, conference=conference, **form.cleaned_data
                )
            except ValidationError as error:
                messages.error(request, _message(error))
            else:
                messages.success(request, _("Attendance saved."))
        else:
            messages.error(request, _("Give the organisation, the name and the attendance."))
        return redirect("conferences:detail", pk=conference.pk)
    statuses = {}
    for key, value in request.POST.items():
        if key.startswith("attendance-"):
            try:
                statuses[int(key.removeprefix("attendance-"))] = value
            except ValueError:
                continue
    try:
        changed = services.attendance_record(
            actor=request.actor, conference=conference, statuses=statuses
        )
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            ngettext("%(count)d attendance changed.", "%(count)d attendances changed.", changed)
            % {"count": changed},
        )
    return redirect("conferences:detail", pk=conference.pk)


@actor_required
def decision(request, pk: int, item_pk: int):
    _require(request)
    actor = request.actor
    conference = conference_for_actor(actor, pk)
    item = item_for_actor(actor, conference, item_pk)
    if not item.is_case:
        raise Http404
    audit_view(actor=actor, obj=item.trajectory, request_path=request.path)
    existing = getattr(item, "decision", None)
    refused = rules.decision_refusal(
        role=actor.role,
        organisation_id=actor.organisation.pk,
        organiser_id=conference.organiser_id,
        care_provider_id=item.trajectory.care_provider_id,
        conference_status=conference.status,
        trajectory_state=item.trajectory.state,
        outcome="",
        already_decided=existing is not None,
    )
    # Admission is decided about referrals; about a running case the meeting can only ask
    # for more information (it then returns on the next agenda).
    outcomes = (
        Outcome.choices
        if item.trajectory.state == State.REFERRED
        else [(Outcome.MORE_INFORMATION.value, Outcome.MORE_INFORMATION.label)]
    )
    form = forms.DecisionForm(request.POST or None, outcomes=outcomes) if not refused else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.decision_record(
                actor=actor,
                item=item,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("conferences:detail", pk=conference.pk)
    return render(
        request,
        "conferences/decision.html",
        {
            "conference": conference,
            "item": item,
            "form": form,
            "refused": refused,
            "existing": existing,
        },
    )


@require_POST
@actor_required
def action_point_add(request, pk: int):
    conference, ok = _managed(request, pk)
    if not ok:
        return redirect("conferences:detail", pk=conference.pk)
    items = list(items_visible_to(request.actor, conference))
    form = forms.ActionPointForm(
        request.POST, items=items, organisations=_party_organisations(conference)
    )
    if form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if str(i.pk) == data["item"]), None)
        try:
            services.action_point_add(
                actor=request.actor,
                conference=conference,
                description=data["description"],
                item=item,
                responsible=data["responsible"],
                due_on=data["due_on"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Action point added."))
    else:
        messages.error(request, _("Describe the action."))
    return redirect("conferences:detail", pk=conference.pk)


def _minutes(request, pk: int):
    _require(request)
    actor = request.actor
    conference = conference_for_actor(actor, pk)
    if conference.status == ConferenceStatus.PLANNED:
        raise Http404
    items = list(items_visible_to(actor, conference))
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=conference,
        detail="minutes",
        purpose=Purpose.LAATSTE_KANS,
        request_path=request.path,
    )
    _audit_cases(actor, items, request.path, action=AuditAction.EXPORT)
    return minutes.minutes_for(actor, conference)


@actor_required
def minutes_pdf(request, pk: int):
    data = _minutes(request, pk)
    response = HttpResponse(minutes.minutes_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{data.filename_stem}.pdf"'
    return response


@actor_required
def minutes_docx(request, pk: int):
    data = _minutes(request, pk)
    response = HttpResponse(
        minutes.minutes_docx(data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{data.filename_stem}.docx"'
    return response
