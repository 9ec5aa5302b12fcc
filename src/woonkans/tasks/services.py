"""Use cases of the tasks area: generating due items, completing them, incident reports and
the daily digest. Each runs in one transaction and writes the audit log."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from woonkans.accounts.models import User
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.services import timeline_add
from woonkans.jobs.services import email_queue
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Membership
from woonkans.organisations.policy import FieldGroup
from woonkans.trajectories.models import MemberFunction, Trajectory
from woonkans.trajectories.selectors import current_members

from . import registry, rules, selectors
from .access import may_complete, may_report_incident
from .models import DigestSent, DueItem, DueStatus, IncidentReport
from .titles import title_for

TIMELINE_INCIDENT = "incident.reported"

logger = logging.getLogger(__name__)


def _stored_title(kind: str, period_key: str) -> str:
    # The stored title is in the app's default language (for exports and the admin);
    # pages show ``title_for`` in the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        return title_for(kind, period_key)[:200]


@transaction.atomic
def due_items_sync(*, trajectory: Trajectory, today: date | None = None) -> dict[str, int]:
    """Bring the trajectory's due items in line with its data. Idempotent.

    Creates the items the rules ask for that do not exist yet; moves the due date (or
    responsible function) of open items whose rule date changed; marks open items done when
    another app's data says so (``registry``); cancels everything still open once the
    trajectory reached a final state. Done and cancelled items are never changed.
    """
    today = today or timezone.localdate()
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    counts = {"created": 0, "updated": 0, "completed": 0, "cancelled": 0}
    if trajectory.is_final:
        counts["completed"] = _apply_completions(trajectory)
        for item in DueItem.objects.filter(trajectory=trajectory, status=DueStatus.OPEN):
            item.status = DueStatus.CANCELLED
            item.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=item,
                fields=["status"],
                household_id=trajectory.household_id,
                detail="trajectory ended",
            )
            counts["cancelled"] += 1
        return counts
    specs = rules.due_specs(selectors.trajectory_facts(trajectory), today=today)
    for spec in specs:
        item, created = DueItem.objects.get_or_create(
            trajectory=trajectory,
            kind=spec.kind,
            period_key=spec.period_key,
            defaults={
                "title": _stored_title(spec.kind, spec.period_key),
                "due_on": spec.due_on,
                "responsible_organisation_id": spec.organisation_id,
                "responsible_function": spec.function,
                "concerns_corporation": spec.concerns_corporation,
            },
        )
        if created:
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=item,
                household_id=trajectory.household_id,
                fields=["kind", "due_on", "responsible_function"],
            )
            counts["created"] += 1
            continue
        if item.status != DueStatus.OPEN:
            continue
        changes = {
            "due_on": spec.due_on,
            "responsible_organisation_id": spec.organisation_id,
            "responsible_function": spec.function,
        }
        changed = [f for f, v in changes.items() if getattr(item, f) != v]
        if changed:
            for field in changed:
                setattr(item, field, changes[field])
            item.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=item,
                household_id=trajectory.household_id,
                fields=changed,
            )
            counts["updated"] += 1
    counts["completed"] = _apply_completions(trajectory)
    return counts


def _apply_completions(trajectory: Trajectory) -> int:
    """Mark open items done that another app's data (the registry) says are done."""
    completed = 0
    for item in DueItem.objects.filter(trajectory=trajectory, status=DueStatus.OPEN):
        completion = registry.completion_of(item)
        if completion is None:
            continue
        item.status, item.done_on, item.done_source = DueStatus.DONE, completion[0], completion[1]
        item.save(update_fields=["status", "done_on", "done_source", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=item,
            household_id=trajectory.household_id,
            fields=["status", "done_on"],
            detail=f"completed by {completion[1]}",
        )
        completed += 1
    return completed


def due_items_sync_all(*, today: date | None = None) -> dict[str, int]:
    """The daily job: synchronise every running trajectory (one transaction each)."""
    totals = {"trajectories": 0, "created": 0, "updated": 0, "completed": 0, "cancelled": 0}
    totals["failed"] = 0
    for trajectory in selectors.trajectories_needing_sync().iterator():
        try:
            counts = due_items_sync(trajectory=trajectory, today=today)
        except Exception:  # one broken trajectory must not block the others
            logger.exception("Due items of trajectory %s could not be generated", trajectory.pk)
            totals["failed"] += 1
            continue
        totals["trajectories"] += 1
        for key, value in counts.items():
            totals[key] += value
    return totals


@transaction.atomic
def due_item_complete(*, actor: Actor, item: DueItem, done_on: date | None = None) -> DueItem:
    """The responsible person (or the coordinator) marks an item done by hand."""
    if not may_complete(actor, item):
        raise PermissionDenied
    current = DueItem.objects.select_for_update().get(pk=item.pk)
    if current.status != DueStatus.OPEN:
        raise ValidationError(_("This item is no longer open."))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    current.status, current.done_on = DueStatus.DONE, done_on
    current.done_by, current.done_source = actor.user, "manual"
    current.save(update_fields=["status", "done_on", "done_by", "done_source", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        household_id=current.trajectory.household_id,
        fields=["status", "done_on"],
    )
    return current


# --- Incident reports --------------------------------------------------------------------


def _contact_emails(trajectory: Trajectory) -> list[str]:
    members = current_members(trajectory, MemberFunction.CONTACTPERSOON).filter(
        organisation_id=trajectory.corporation_id, user__is_active=True
    )
    return sorted({m.user.email for m in members if m.user.email})


@transaction.atomic
def incident_report(
    *, actor: Actor, trajectory: Trajectory, kind: str, occurred_on: date, description: str
) -> IncidentReport:
    """Record a special event and notify the corporation's contact persons at once.

    The e-mail names only the household number and the kind of event: the description is
    read in the application, after logging in.
    """
    if not may_report_incident(actor, trajectory):
        raise PermissionDenied
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    report = IncidentReport(
        trajectory=trajectory,
        kind=kind,
        occurred_on=occurred_on,
        description=description.strip(),
        reported_by=actor.user,
        reported_by_organisation=actor.organisation,
    )
    report.full_clean()
    emails = _contact_emails(trajectory)
    report.notified_count = len(emails)
    report.save()
    household = trajectory.household
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        household_id=household.pk,
        fields=["kind", "occurred_on", "description"],
    )
    timeline_add(
        household=household,
        kind=TIMELINE_INCIDENT,
        # The tenancy group: every party to the trajectory sees that an incident was
        # reported; the description stays on the trajectory page.
        field_group=FieldGroup.TENANCY,
        actor=actor,
        summary=str(report.get_kind_display()),
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Incident reported for household %(ref)s") % {"ref": household.reference}
        body = render_to_string(
            "tasks/email/incident.txt",
            {"report": report, "household": household, "kind": report.get_kind_display()},
        )
    for address in emails:
        email_queue(actor=actor, to=address, subject=subject, body=body, household_id=household.pk)
    return report


# --- Daily digest ------------------------------------------------------------------------


def digest_items_for(user: User, today: date) -> list[DueItem]:
    """Open items on the person's lists (all their organisations and roles) that are
    overdue or due within 7 days."""
    seen: dict[int, DueItem] = {}
    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    for membership in memberships:
        actor = Actor(organisation=membership.organisation, role=membership.role, user=user)
        for item in selectors.personal_items(actor, today):
            if rules.in_digest(item.due_on, today):
                seen.setdefault(item.pk, item)
    return sorted(seen.values(), key=lambda i: (i.due_on, i.pk))


def digest_render(user: User, items: list[DueItem], today: date) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one digest. Only household numbers, item titles and
    dates: no names or other personal details."""
    rows = [
        {
            "reference": item.trajectory.household.reference,
            "title": title_for(item.kind, item.period_key),
            "due_on": item.due_on,
            "overdue": item.due_on < today,
        }
        for item in items
    ]
    overdue = sum(1 for r in rows if r["overdue"])
    context = {"rows": rows, "today": today, "overdue": overdue, "user": user}
    subject = _("Woonkans: your tasks for %(day)s") % {"day": today.strftime("%d-%m-%Y")}
    return (
        subject,
        render_to_string("tasks/email/digest.txt", context),
        render_to_string("tasks/email/digest.html", context),
    )


def digest_send_all(*, today: date | None = None) -> dict[str, int]:
    """One digest per person with open items due within 7 days or overdue. Idempotent per
    person per day (``DigestSent``)."""
    today = today or timezone.localdate()
    users = (
        User.objects.filter(is_active=True, memberships__is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = skipped = 0
    for user in users.iterator():
        if DigestSent.objects.filter(user=user, sent_on=today).exists():
            skipped += 1
            continue
        items = digest_items_for(user, today)
        if not items:
            continue
        with transaction.atomic():
            record, created = DigestSent.objects.get_or_create(
                user=user, sent_on=today, defaults={"item_count": len(items)}
            )
            if not created:
                skipped += 1
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, text, html = digest_render(user, items, today)
            # The outbox stores plain text only; the HTML part is rendered (and tested) for
            # when OutgoingEmail gets an HTML body.
            record.email = email_queue(
                actor=None, to=user.email, subject=subject, body=text, html_body=html
            )
            record.save(update_fields=["email"])
            sent += 1
    return {"sent": sent, "skipped": skipped}
