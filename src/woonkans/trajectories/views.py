"""Pages of the last-chance trajectory. Thin: the gate in ``access.py``, the rules in
``machine.py``/``rules.py``, the changes in ``services.py``.

Every page fetches the trajectory through :func:`access.trajectory_for_actor` (404 for
anyone who is not a party), and pages inside a trajectory check the role again for what
only some may see (guidance notes, the Plan van Aanpak, the coordinator's decisions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required
from woonkans.households.access import household_for_actor
from woonkans.households.services import EditConflict
from woonkans.organisations.models import Membership
from woonkans.organisations.policy import FieldGroup

from . import access, forms, holds, machine, rules, selectors, services
from .models import (
    FINAL_STATES,
    EligibilityCriterion,
    MemberFunction,
    State,
    TrajectoryMember,
)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- List ---------------------------------------------------------------------------------


@actor_required
def trajectory_list(request):
    actor = request.actor
    if not actor.sees_households:
        raise Http404
    form = forms.ListFilterForm(request.GET or None)
    trajectories = access.trajectories_visible_to(actor).select_related(
        "household", "corporation", "care_provider", "social_team"
    )
    chosen = form.data.get("state", "") if form.is_bound and form.is_valid() else ""
    if chosen == "":
        trajectories = trajectories.exclude(state__in=list(FINAL_STATES))
    elif chosen != "all":
        trajectories = trajectories.filter(state=chosen)
    page = Paginator(trajectories.order_by("-priority", "referred_on", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "trajectories/list.html",
        {"page": page, "form": form, "chosen": chosen},
    )


# --- Referral -------------------------------------------------------------------------------


@actor_required
def refer(request, household_pk: int):
    actor = request.actor
    household = household_for_actor(actor, household_pk)
    if not services.may_refer(actor, household):
        raise Http404
    running = selectors.open_trajectory_for_household(household)
    if running is not None and access.trajectories_visible_to(actor).filter(pk=running.pk):
        messages.info(request, _("This household already has a running last-chance trajectory."))
        return redirect("trajectories:detail", pk=running.pk)
    tenancies = household.tenancies.all().select_related("corporation")
    if actor.organisation.kind == "woningcorporatie":
        tenancies = tenancies.filter(corporation=actor.organisation)
    tenancy = tenancies.first()
    if tenancy is None:
        raise Http404
    chosen_pk = request.POST.get("tenancy") if request.method == "POST" else None
    if chosen_pk:
        tenancy = tenancies.filter(pk=chosen_pk).first() or tenancy
    criteria = selectors.criteria_for(tenancy.corporation)
    today = timezone.localdate()
    initial = {"referred_on": today, "tenancy": tenancy.pk}
    if request.method != "POST":
        verdict = selectors.verdict_of(tenancy)
        arrears = selectors.arrears_on(tenancy, today) if actor.sees(FieldGroup.FINANCIAL) else None
        initial.update(
            {
                "arrears_at_referral": arrears,
                "legal_stage": "vonnis" if verdict else "geen_vonnis",
                "verdict_date": verdict.pronounced_on if verdict else None,
                "children_count": selectors.children_count(household, today),
            }
        )
    form = forms.ReferralForm(
        request.POST or None,
        initial=initial,
        tenancies=tenancies,
        criteria=criteria,
        ask_social_team=actor.organisation.kind != "gemeente",
    )
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.referral_create(actor=actor, household=household, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The household is referred for the last-chance trajectory.")
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    return render(
        request,
        "trajectories/refer.html",
        {"household": household, "form": form, "has_checklist": bool(list(criteria))},
    )


# --- Detail ---------------------------------------------------------------------------------


def _step_indicator(trajectory):
    """The main line with done / current / to-come, and the final state if any."""
    line = list(machine.MAIN_LINE)
    if trajectory.state == State.EXTENDED:
        line.append(State.EXTENDED)
    reached = {t.to_state for t in trajectory.transitions.all()} | {trajectory.state}
    steps = []
    current_index = line.index(trajectory.state) if trajectory.state in line else None
    for index, state in enumerate(line):
        if state == trajectory.state:
            status = "current"
        elif (current_index is not None and index < current_index) or state in reached:
            status = "done"
        else:
            status = "todo"
        steps.append({"state": state, "label": State(state).label, "status": status})
    final = State(trajectory.state).label if trajectory.state in FINAL_STATES else None
    return steps, final


def _actions(actor, trajectory):
    """The transitions the actor may perform now, with the guard message if blocked."""
    actions = []
    for to_state in machine.allowed_transitions(trajectory.state):
        if not machine.may_perform(actor.role, actor.organisation.kind, trajectory.state, to_state):
            continue
        refusal = services.transition_refusal(actor=actor, trajectory=trajectory, to_state=to_state)
        rule = machine.rule_for(trajectory.state, to_state)
        actions.append(
            {
                "to_state": to_state,
                "label": rule.action,
                "refusal": refusal,
                "url_name": _special_page(to_state),
            }
        )
    return actions


def _special_page(to_state: str) -> str:
    if to_state == State.ENDED_NON_COOPERATION:
        return "trajectories:terminate"
    if to_state == State.FLIPPED_BACK:
        return "trajectories:flip_back"
    return ""


@actor_required
def detail(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    audit_view(actor=actor, obj=trajectory, request_path=request.path)
    steps, final = _step_indicator(trajectory)
    context = {
        "trajectory": trajectory,
        "steps": steps,
        "final": final,
        "transitions": selectors.transitions_of(trajectory),
        "actions": _actions(actor, trajectory),
        "members": selectors.current_members(trajectory),
        "guidance_started_on": selectors.guidance_started_on(trajectory),
        "evaluation_due_on": selectors.evaluation_due_on(trajectory),
        "sees_financial": actor.sees(FieldGroup.FINANCIAL),
        "sees_family": actor.sees(FieldGroup.FAMILY),
        "sees_notes": access.sees_guidance_notes(actor, trajectory),
        "sees_plan": access.sees_plan_of_approach(actor, trajectory),
        "is_coordinator": access.is_coordinator(actor, trajectory),
        "manages_members": services.may_manage_members(actor, trajectory),
        "exclusions": services.excluded_by_checklist(trajectory),
        "answers": trajectory.eligibility_answers.all(),
        "hold": holds.hold_of(trajectory),
    }
    termination = (
        getattr(trajectory, "termination", None)
        if trajectory.state == State.ENDED_NON_COOPERATION
        else None
    )
    context["termination"] = termination
    context["termination_split"] = termination.split() if termination else None
    return render(request, "trajectories/detail.html", context)


@actor_required
def transition(request, pk: int, to_state: str):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    if to_state not in State.values:
        raise Http404
    special = _special_page(to_state)
    if special:
        return redirect(special, pk=trajectory.pk)
    rule = machine.rule_for(trajectory.state, to_state)
    refused = services.transition_refusal(actor=actor, trajectory=trajectory, to_state=to_state)
    form = None
    if not refused:
        form = forms.TransitionForm(
            request.POST or None,
            initial={"version": trajectory.version},
            reason_required=rule.reason_required,
            ask_next_evaluation=to_state == State.EXTENDED,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.trajectory_transition(
                    actor=actor,
                    trajectory=trajectory,
                    to_state=to_state,
                    on_date=form.cleaned_data["on_date"],
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                    next_evaluation_on=form.cleaned_data.get("next_evaluation_on"),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded: %(state)s.") % {"state": State(to_state).label},
                )
                return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request,
        "trajectories/transition.html",
        {
            "trajectory": trajectory,
            "to_state": State(to_state),
            "title": rule.action if rule else State(to_state).label,
            "form": form,
            "refused": refused,
        },
    )


# --- Flip back ------------------------------------------------------------------------------


def _require_coordinator(actor, trajectory):
    if not access.is_coordinator(actor, trajectory):
        raise Http404


@actor_required
def flip_back(request, pk: int):
    """The four conditions evaluated from the data, and the coordinator's decision."""
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    _require_coordinator(actor, trajectory)
    audit_view(actor=actor, obj=trajectory, request_path=request.path)
    conditions = rules.flip_back_conditions(selectors.flip_back_inputs(trajectory))
    refused = services.transition_refusal(
        actor=actor, trajectory=trajectory, to_state=State.FLIPPED_BACK
    )
    form = None
    if not refused:
        form = forms.TransitionForm(
            request.POST or None,
            initial={"version": trajectory.version},
            reason_required=True,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.trajectory_transition(
                    actor=actor,
                    trajectory=trajectory,
                    to_state=State.FLIPPED_BACK,
                    on_date=form.cleaned_data["on_date"],
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The trajectory is flipped back."))
                return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request,
        "trajectories/flip_back.html",
        {
            "trajectory": trajectory,
            "conditions": conditions,
            "any_met": rules.may_flip_back(conditions),
            "form": form,
            "refused": refused,
            "decision_form": forms.JointDecisionForm(),
            "mediations": trajectory.mediations.all(),
        },
    )


@actor_required
def joint_decision(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    _require_coordinator(actor, trajectory)
    form = forms.JointDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.joint_decision_record(actor=actor, trajectory=trajectory, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The joint decision is recorded."))
            return redirect("trajectories:flip_back", pk=trajectory.pk)
    return render(
        request,
        "trajectories/simple_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "title": _("Joint decision to flip back"),
            "button": _("Record decision"),
            "back": "trajectories:flip_back",
        },
    )


def _care_people(trajectory, roles):
    users = (
        Membership.objects.filter(
            organisation=trajectory.care_provider, role__in=roles, is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__pk")
    )
    seen, people = set(), []
    for membership in users:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append((str(membership.user_id), _person(membership.user)))
    return people


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


@actor_required
def mediation(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    _require_coordinator(actor, trajectory)
    people = _care_people(trajectory, services.FUNCTION_ROLES[MemberFunction.WOONBEGELEIDER])
    form = forms.MediationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_pk = data.pop("new_support_worker")
        new_user = None
        if new_pk:
            membership = (
                Membership.objects.filter(
                    organisation=trajectory.care_provider, user_id=new_pk, is_active=True
                )
                .select_related("user")
                .first()
            )
            new_user = membership.user if membership else None
        try:
            services.mediation_record(
                actor=actor, trajectory=trajectory, new_support_worker=new_user, **data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The mediation is recorded."))
            return redirect("trajectories:flip_back", pk=trajectory.pk)
    return render(
        request,
        "trajectories/simple_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "title": _("Conflict mediation"),
            "intro": _(
                "Record a conflict between the support worker and the tenant, and what you "
                "decided. You may assign another support worker."
            ),
            "button": _("Record mediation"),
            "back": "trajectories:detail",
        },
    )


# --- Termination ----------------------------------------------------------------------------


@actor_required
def terminate(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    _require_coordinator(actor, trajectory)
    refused = services.transition_refusal(
        actor=actor, trajectory=trajectory, to_state=State.ENDED_NON_COOPERATION
    )
    form = preview = None
    settings = selectors.settings_for(trajectory.corporation)
    if not refused:
        form = forms.TerminationForm(
            request.POST or None,
            initial={"version": trajectory.version, "terminated_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST:
                preview = services.damage_for(
                    trajectory,
                    terminated_on=data["terminated_on"],
                    eviction_costs=data["eviction_costs"],
                )[0]
            else:
                try:
                    services.terminate_for_non_cooperation(
                        actor=actor, trajectory=trajectory, **data
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The trajectory is ended; the notice letter was sent to all parties."),
                    )
                    return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request,
        "trajectories/terminate.html",
        {
            "trajectory": trajectory,
            "form": form,
            "refused": refused,
            "preview": preview,
            "percentage": settings.damage_share_care_provider,
        },
    )


@actor_required
def notice_pdf(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    termination = getattr(trajectory, "termination", None)
    if termination is None or not termination.notice_pdf:
        raise Http404
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=termination,
        detail="notice letter PDF",
        request_path=request.path,
    )
    response = HttpResponse(bytes(termination.notice_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="opzegging-traject-{trajectory.pk}.pdf"'
    return response


# --- People ---------------------------------------------------------------------------------


def _member_choices(actor, trajectory):
    """People the actor may assign: the coordinator assigns the care provider's people and
    contact persons of any party; others name contact persons of their own organisation."""
    orgs = (
        [o for o in (trajectory.corporation, trajectory.care_provider, trajectory.social_team) if o]
        if access.is_coordinator(actor, trajectory)
        else [actor.organisation]
    )
    people = []
    for membership in (
        Membership.objects.filter(organisation__in=orgs, is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__pk", "role")
    ):
        key = f"{membership.user_id}:{membership.organisation_id}"
        if key not in {p[0] for p in people}:
            people.append((key, f"{_person(membership.user)} – {membership.organisation.name}"))
    if access.is_coordinator(actor, trajectory):
        functions = MemberFunction.choices
    else:
        functions = [(MemberFunction.CONTACTPERSOON, MemberFunction.CONTACTPERSOON.label)]
    return people, functions


@actor_required
def members(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    manages = services.may_manage_members(actor, trajectory)
    form = None
    if manages:
        people, functions = _member_choices(actor, trajectory)
        form = forms.MemberForm(request.POST or None, people=people, functions=functions)
        if request.method == "POST" and form.is_valid():
            user_pk, org_pk = form.cleaned_data["user"].split(":")
            membership = (
                Membership.objects.filter(user_id=user_pk, organisation_id=org_pk, is_active=True)
                .select_related("user", "organisation")
                .first()
            )
            try:
                if membership is None:
                    raise services.MemberRefused(_("Choose a person."))
                services.member_add(
                    actor=actor,
                    trajectory=trajectory,
                    user=membership.user,
                    organisation=membership.organisation,
                    function=form.cleaned_data["function"],
                    started_on=form.cleaned_data["started_on"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The person is added."))
                return redirect("trajectories:members", pk=trajectory.pk)
    elif request.method == "POST":
        raise Http404
    history = trajectory.members.select_related("user", "organisation").order_by(
        "function", "-started_on", "-pk"
    )
    return render(
        request,
        "trajectories/members.html",
        {
            "trajectory": trajectory,
            "current": selectors.current_members(trajectory),
            "history": history,
            "form": form,
            "manages": manages,
            "today": timezone.localdate(),
        },
    )


@actor_required
def handover(request, pk: int, member_pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    if not services.may_manage_members(actor, trajectory):
        raise Http404
    member = get_object_or_404(
        TrajectoryMember, pk=member_pk, trajectory=trajectory, ended_on__isnull=True
    )
    roles = services.FUNCTION_ROLES[member.function]
    people = [
        (str(m.user_id), _person(m.user))
        for m in Membership.objects.filter(
            organisation=member.organisation, role__in=roles, is_active=True
        )
        .exclude(user=member.user)
        .select_related("user")
        .order_by("user__last_name", "user__pk")
    ]
    people = list(dict(people).items())
    form = forms.HandoverForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        new_user = (
            Membership.objects.filter(
                organisation=member.organisation, user_id=form.cleaned_data["new_user"]
            )
            .select_related("user")
            .first()
        )
        try:
            if new_user is None:
                raise services.MemberRefused(_("Choose a person."))
            services.member_handover(
                actor=actor,
                member=member,
                new_user=new_user.user,
                on_date=form.cleaned_data["on_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The work is handed over."))
            return redirect("trajectories:members", pk=trajectory.pk)
    return render(
        request,
        "trajectories/simple_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "title": _("Hand over: %(function)s %(name)s")
            % {"function": member.get_function_display().lower(), "name": _person(member.user)},
            "intro": _(
                "The current person stops on the date you give and the new person starts that "
                "day. Open due items move to the new person."
            ),
            "button": _("Hand over"),
            "back": "trajectories:members",
        },
    )


# --- Guidance notes and the plan of approach ---------------------------------------------


@actor_required
def notes(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    if not access.sees_guidance_notes(actor, trajectory):
        raise Http404
    audit_view(actor=actor, obj=trajectory, request_path=request.path)
    writes = access.writes_guidance_notes(actor, trajectory)
    form = forms.GuidanceNoteForm(request.POST or None) if writes else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.guidance_note_add(actor=actor, trajectory=trajectory, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The note is saved."))
                return redirect("trajectories:notes", pk=trajectory.pk)
    return render(
        request,
        "trajectories/notes.html",
        {"trajectory": trajectory, "notes": trajectory.guidance_notes.all(), "form": form},
    )


@actor_required
def plan(request, pk: int):
    actor = request.actor
    trajectory = access.trajectory_for_actor(actor, pk)
    if not access.sees_plan_of_approach(actor, trajectory):
        raise Http404
    audit_view(actor=actor, obj=trajectory, request_path=request.path)
    existing = getattr(trajectory, "plan_of_approach", None)
    writes = access.writes_plan_of_approach(actor, trajectory)
    form = None
    if writes:
        initial = {"version": existing.version if existing else None}
        if existing:
            initial["agreed_actions"] = existing.agreed_actions
            for goal in existing.goals.all():
                initial[f"goal_{goal.domain}"] = goal.goal
        form = forms.PlanForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_of_approach_save(
                    actor=actor,
                    trajectory=trajectory,
                    goals=form.goals(),
                    agreed_actions=form.cleaned_data["agreed_actions"],
                    version=form.cleaned_data.get("version"),
                )
            except EditConflict:
                form.add_error(
                    None,
                    _("Someone else changed the plan in the meantime. Reload the page."),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The plan of approach is saved."))
                return redirect("trajectories:plan", pk=trajectory.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "trajectories/plan.html",
        {
            "trajectory": trajectory,
            "plan": existing,
            "goals": existing.goals.all() if existing else [],
            "form": form,
        },
    )


# --- Settings (corporation's functional administrator) ---------------------------------------


@actor_required
def settings_edit(request):
    actor = request.actor
    if not services.may_configure(actor):
        raise Http404
    current = selectors.settings_for(actor.organisation)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "damage_share_care_provider": current.damage_share_care_provider,
            "arrangement_kept_months": current.arrangement_kept_months,
            "involvement_retention_days": current.involvement_retention_days,
            "version": current.version if current.pk else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=actor, **form.cleaned_data)
        except EditConflict:
            form.add_error(None, _("Someone else changed the settings in the meantime."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("trajectories:settings")
    criteria = EligibilityCriterion.objects.filter(corporation=actor.organisation)
    return render(
        request,
        "trajectories/settings.html",
        {"form": form, "criteria": criteria, "criterion_form": forms.CriterionForm()},
    )


@actor_required
def criterion_edit(request, criterion_pk: int | None = None):
    actor = request.actor
    if not services.may_configure(actor):
        raise Http404
    criterion = None
    initial = {"excludes_when": "no", "active": True, "position": 0}
    if criterion_pk is not None:
        criterion = get_object_or_404(
            EligibilityCriterion, pk=criterion_pk, corporation=actor.organisation
        )
        initial = {
            "question": criterion.question,
            "excludes_when": "yes" if criterion.excludes_when else "no",
            "position": criterion.position,
            "active": criterion.active,
        }
    form = forms.CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.criterion_save(
                actor=actor,
                criterion=criterion,
                question=data["question"],
                excludes_when=data["excludes_when"] == "yes",
                active=data["active"],
                position=data["position"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("trajectories:settings")
    return render(
        request,
        "trajectories/criterion_form.html",
        {"form": form, "criterion": criterion},
    )
