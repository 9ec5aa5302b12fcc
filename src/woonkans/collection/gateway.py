"""The messaging gateway: how SMS, WhatsApp and e-mail to tenants leave the system.

Pluggable by setting ``WOONKANS_MESSAGE_BACKEND``:

``outbox`` (default)
    Nothing leaves: messages are only stored (``OutboundMessage``) and shown to the
    functioneel beheerder on the outbox page. For the demo and tests.
``http``
    SMS and WhatsApp go to an SMS provider's HTTP API (:class:`HttpSmsGateway`: a JSON POST
    with an API key); e-mail goes through Django's e-mail settings (``EMAIL_*``).

Settings (read from the environment in ``conf/settings.py``): ``WOONKANS_SMS_API_URL``,
``WOONKANS_SMS_API_KEY``, ``WOONKANS_SMS_SENDER``, ``WOONKANS_SMS_TIMEOUT``. Errors carry no
message text or phone number (they end up in logs and in ``OutboundMessage.error``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail


class GatewayError(Exception):
    """Sending failed; the message may be retried."""


@dataclass(frozen=True)
class OutgoingText:
    channel: str  # sms, whatsapp, email
    recipient: str
    body: str
    subject: str = ""
    reference: str = ""  # our id, passed to the provider for tracing


class Gateway(Protocol):
    name: str

    def send(self, message: OutgoingText) -> str:
        """Send the message; return the provider's reference. Raise GatewayError."""


class OutboxGateway:
    """Keeps messages in the outbox only."""

    name = "outbox"

    def send(self, message: OutgoingText) -> str:
        return f"outbox-{message.reference}"


class HttpSmsGateway:
    """A generic SMS/WhatsApp provider API: ``POST <url>`` with a JSON body

    ``{"channel": "sms"|"whatsapp", "from": sender, "to": number, "text": body,
    "reference": our id}`` and header ``Authorization: Bearer <api key>``. Any 2xx answer
    is success; its JSON ``id`` (or ``message_id``) is kept as the provider's reference.
    """

    name = "http"

    def __init__(self, *, url: str, api_key: str, sender: str = "Woonkans", timeout: float = 10):
        if not url or not api_key:
            raise ImproperlyConfigured(
                "WOONKANS_SMS_API_URL and WOONKANS_SMS_API_KEY are required for the http "
                "message backend."
            )
        if not url.startswith("https://") and not (url.startswith("http://") and settings.DEMO):
            raise ImproperlyConfigured("WOONKANS_SMS_API_URL must use https://")
        self.url = url
        self.api_key = api_key
        self.sender = sender
        self.timeout = timeout

    def send(self, message: OutgoingText) -> str:
        payload = {
            "channel": message.channel,
            "from": self.sender,
            "to": message.recipient,
            "text": message.body,
            "reference": message.reference,
        }
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps(payload).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.api_key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise GatewayError(f"SMS provider answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GatewayError(f"SMS provider not reachable ({type(exc).__name__})") from None
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        return str(answer.get("id") or answer.get("message_id") or "")[:100]


class EmailGateway:
    """E-mail through Django's configured e-mail backend."""

    name = "email"

    def send(self, message: OutgoingText) -> str:
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.recipient],
                fail_silently=False,
            )
        except OSError as exc:  # smtplib errors are OSErrors
            raise GatewayError(f"E-mail not sent ({type(exc).__name__})") from None
        return ""


def gateway_for(channel: str) -> Gateway:
    backend = getattr(settings, "WOONKANS_MESSAGE_BACKEND", "outbox")
    if backend == "outbox":
        return OutboxGateway()
    if backend == "http":
        if channel == "email":
            return EmailGateway()
        return HttpSmsGateway(
            url=getattr(settings, "WOONKANS_SMS_API_URL", ""),
            api_key=getattr(settings, "WOONKANS_SMS_API_KEY", ""),
            sender=getattr(settings, "WOONKANS_SMS_SENDER", "Woonkans"),
            timeout=getattr(settings, "WOONKANS_SMS_TIMEOUT", 10),
        )
    raise ImproperlyConfigured(f"Unknown WOONKANS_MESSAGE_BACKEND {backend!r}")
