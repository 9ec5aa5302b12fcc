"""Records of background work: scheduled job runs and the outgoing e-mail queue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("Finished")
    FAILED = "failed", _("Failed")


class JobRun(models.Model):
    """One run of a scheduled job for one period (its *run key*).

    The pair (task name, run key) is unique: the daily collection run for 2026-11-27 exists
    once. A run that finished ``ok`` is never repeated; a failed run is taken up again by
    the next attempt for the same key. ``error`` holds the exception class only — never a
    message that could contain personal data (details go to the scrubbed log).
    """

    task_name = models.CharField(_("job"), max_length=100)
    run_key = models.CharField(
        _("run key"), max_length=64, help_text=_("The period this run covers.")
    )
    status = models.CharField(_("status"), max_length=10, choices=JobRunStatus.choices)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [
            models.UniqueConstraint(fields=["task_name", "run_key"], name="jobrun_unique_run_key")
        ]
        indexes = [models.Index(fields=["task_name", "-started_at"], name="jobrun_task_started")]

    def __str__(self) -> str:
        return f"{self.task_name} {self.run_key} {self.status}"

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmail(models.Model):
    """An e-mail waiting to be sent, or sent (an outbox).

    Saved by :func:`woonkans.jobs.services.email_queue` in the transaction of the change
    that causes it, and sent afterwards by the ``jobs.send_email`` task. Status moves
    queued → sending → sent (or failed, which is retried). The claim queued → sending is
    one conditional update, so an e-mail is sent at most once.
    """

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    html_body = models.TextField(
        _("HTML body"), blank=True, help_text=_("Optional HTML version of the same text.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "created_at"], name="email_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="email_sent_has_sent_at",
            )
        ]

    def __str__(self) -> str:
        return f"e-mail {self.pk} ({self.status})"
