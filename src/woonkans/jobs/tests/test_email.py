"""The outgoing e-mail queue: saved in the transaction, sent after commit, sent once."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from woonkans.audit.models import AuditEvent
from woonkans.jobs import tasks
from woonkans.jobs.models import EmailStatus, OutgoingEmail
from woonkans.jobs.services import email_deliver, email_queue
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def queue(**overrides) -> OutgoingEmail:
    values = {
        "actor": None,
        "to": "huurder@example.invalid",
        "subject": "Uw afspraak",
        "body": "Tot dinsdag.",
    }
    return email_queue(**(values | overrides))


def test_an_html_version_is_sent_as_an_alternative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(html_body="<p>Tot <strong>dinsdag</strong>.</p>")
        queue(to="ander@example.invalid")
    plain, with_html = sorted(mail.outbox, key=lambda m: m.to)
    assert plain.to == ["ander@example.invalid"] and plain.alternatives == []
    assert with_html.body == "Tot dinsdag."
    assert [(c, t) for c, t in with_html.alternatives] == [
        ("<p>Tot <strong>dinsdag</strong>.</p>", "text/html")
    ]


def test_email_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            email = queue()
            assert mail.outbox == []
        assert mail.outbox == []  # committed, but the callbacks run when the block ends

    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["huurder@example.invalid"]]
    assert mail.outbox[0].subject == "Uw afspraak"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue()
            raise RuntimeError("the change that caused the e-mail failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_email_is_sent_once_even_if_the_task_runs_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue()

    tasks.send_email.delay(email.pk)
    tasks.send_email.delay(email.pk)
    assert tasks.send_email(email.pk) is False

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_an_email_being_sent_by_another_worker_is_not_sent_again():
    email = OutgoingEmail.objects.create(
        to="a@example.invalid", subject="s", body="b", status=EmailStatus.SENDING
    )
    assert email_deliver(email_id=email.pk) is False
    assert mail.outbox == []


def test_a_failed_send_is_recorded_without_personal_data_and_retried():
    email = OutgoingEmail.objects.create(to="a@example.invalid", subject="s", body="b")
    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=SMTPException("a@example.invalid")
        ),
        pytest.raises(SMTPException),
    ):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.error, email.sent_at) == (EmailStatus.FAILED, "SMTPException", None)

    assert email_deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (EmailStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_queueing_is_audited_without_the_content(django_capture_on_commit_callbacks):
    actor = f.make_actor(role=Role.INCASSOMEDEWERKER)
    with django_capture_on_commit_callbacks(execute=False):
        email = queue(actor=actor)
    event = AuditEvent.objects.get(object_type="jobs.outgoingemail")
    assert event.object_id == str(email.pk)
    assert event.actor_label == actor.user.username
    assert event.fields == ["body", "subject", "to"]
    assert "huurder" not in event.detail


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "Uw afspraak\nBcc: iedereen@example.invalid"), ("to", "geen-adres")],
)
def test_invalid_email_is_refused_and_nothing_is_queued(field, value):
    with pytest.raises(ValidationError):
        queue(**{field: value})
    assert not OutgoingEmail.objects.exists()


def test_the_sweeper_sends_queued_email_that_never_reached_a_worker(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker "lost" both
        stale = queue(subject="Oud")
        fresh = queue(subject="Nieuw")
    OutgoingEmail.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_queued_emails.delay()

    assert [m.subject for m in mail.outbox] == ["Oud"]
    fresh.refresh_from_db()
    assert fresh.status == EmailStatus.QUEUED
