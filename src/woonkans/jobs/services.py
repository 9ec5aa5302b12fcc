"""Use cases of the jobs area: the outgoing e-mail queue and housekeeping.

Tasks in ``tasks.py`` are thin: they call these functions with ids.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.organisations.actor import Actor

from .helpers import enqueue_on_commit
from .models import EmailStatus, JobRun, OutgoingEmail

HEARTBEAT_TASK = "jobs.heartbeat"
#: Heartbeat runs are proof of life, not history: older ones are removed.
HEARTBEAT_KEEP = timedelta(days=1)
#: A queued e-mail older than this that no worker picked up is enqueued again.
EMAIL_REQUEUE_AFTER = timedelta(minutes=2)


@transaction.atomic
def email_queue(
    *,
    actor: Actor | None,
    to: str,
    subject: str,
    body: str,
    household_id: int | None = None,
    html_body: str = "",
) -> OutgoingEmail:
    """Save an e-mail in the outbox and send it once the transaction commits.

    ``actor`` is ``None`` for e-mail the system sends by itself. Call this inside the use
    case that causes the e-mail, so that a rolled-back change sends nothing.
    """
    if "\n" in subject or "\r" in subject:
        raise ValidationError({"subject": _("The subject must be a single line.")})
    email = OutgoingEmail(to=to.strip(), subject=subject.strip(), body=body, html_body=html_body)
    email.full_clean()
    email.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=email,
        household_id=household_id,
        fields=["to", "subject", "body"],
        detail="e-mail queued",
    )
    from .tasks import send_email  # tasks import this module

    enqueue_on_commit(send_email, email.pk)
    return email


def email_deliver(*, email_id: int) -> bool:
    """Send one queued e-mail. Returns whether it was sent now.

    Sends at most once: the switch queued/failed → sending is one conditional UPDATE, so of
    two workers given the same id only one gets to send; a sent e-mail is skipped. A send
    that fails marks the e-mail failed (exception class only, no address) and raises, so the
    task retries. An e-mail whose worker died while sending stays "being sent" and is not
    sent again automatically: we cannot know whether it left; the jobs page shows it.
    """
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status__in=[EmailStatus.QUEUED, EmailStatus.FAILED]
    ).update(status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message = EmailMultiAlternatives(subject=email.subject, body=email.body, to=[email.to])
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        message.send()
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED, error=type(exc).__name__
        )
        raise
    OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), error=""
    )
    return True


def emails_requeue_stale() -> list[int]:
    """Ids of queued e-mails that no worker picked up (e.g. the broker was down)."""
    cutoff = timezone.now() - EMAIL_REQUEUE_AFTER
    return list(
        OutgoingEmail.objects.filter(status=EmailStatus.QUEUED, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def heartbeat_record() -> dict[str, int]:
    """The work of one heartbeat: nothing but its own JobRun, and pruning old ones."""
    pruned, _ = JobRun.objects.filter(
        task_name=HEARTBEAT_TASK, started_at__lt=timezone.now() - HEARTBEAT_KEEP
    ).delete()
    return {"pruned": pruned}


def sessions_clear_expired() -> dict[str, int]:
    """Remove expired login sessions (database sessions, Django's default engine)."""
    removed, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {"sessions_removed": removed}
