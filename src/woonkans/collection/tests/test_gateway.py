"""The messaging gateway: the outbox backend and the HTTP SMS adapter against a local
test server (never an outside host)."""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from woonkans.collection import texts
from woonkans.collection.gateway import (
    EmailGateway,
    GatewayError,
    HttpSmsGateway,
    OutboxGateway,
    OutgoingText,
    gateway_for,
)
from woonkans.collection.models import MessageStatus, OutboundMessage, WorklistItem
from woonkans.collection.services import collection_run, message_deliver
from woonkans.testing import factories as f

from .helpers import rent, single_step_policy


class _Provider(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    answer = b'{"id": "prov-123"}'

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            {
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "type": self.headers.get("Content-Type"),
                "body": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    handler = type("Handler", (_Provider,), {"received": [], "status": 200})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
    finally:
        server.shutdown()
        server.server_close()


TEXT = OutgoingText(channel="sms", recipient="0612345001", body="Hallo", reference="7")


def test_http_adapter_posts_json_with_the_api_key(provider):
    handler, url = provider
    gateway = HttpSmsGateway(url=url, api_key="geheim-123", sender="Corporatie")
    assert gateway.send(TEXT) == "prov-123"
    [request] = handler.received
    assert request["path"] == "/v1/messages"
    assert request["auth"] == "Bearer geheim-123"
    assert request["type"] == "application/json"
    assert request["body"] == {
        "channel": "sms",
        "from": "Corporatie",
        "to": "0612345001",
        "text": "Hallo",
        "reference": "7",
    }


def test_http_adapter_error_answer_raises_without_personal_data(provider):
    handler, url = provider
    handler.status = 503
    with pytest.raises(GatewayError) as info:
        HttpSmsGateway(url=url, api_key="k").send(TEXT)
    assert "503" in str(info.value) and "0612345001" not in str(info.value)


def test_http_adapter_unreachable_host():
    gateway = HttpSmsGateway(url="http://127.0.0.1:9/", api_key="k", timeout=2)
    with pytest.raises(GatewayError, match="not reachable"):
        gateway.send(TEXT)


def test_http_adapter_requires_configuration_and_https(settings):
    with pytest.raises(ImproperlyConfigured):
        HttpSmsGateway(url="", api_key="k")
    settings.DEMO = False
    with pytest.raises(ImproperlyConfigured, match="https"):
        HttpSmsGateway(url="http://sms.example.invalid/", api_key="k")
    HttpSmsGateway(url="https://sms.example.invalid/", api_key="k")


def test_backend_choice(settings):
    settings.WOONKANS_MESSAGE_BACKEND = "outbox"
    assert isinstance(gateway_for("sms"), OutboxGateway)
    settings.WOONKANS_MESSAGE_BACKEND = "http"
    settings.WOONKANS_SMS_API_URL = "https://sms.example.invalid/"
    settings.WOONKANS_SMS_API_KEY = "k"
    assert isinstance(gateway_for("whatsapp"), HttpSmsGateway)
    assert isinstance(gateway_for("email"), EmailGateway)
    settings.WOONKANS_MESSAGE_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured):
        gateway_for("sms")


def test_email_gateway_uses_django_mail():
    EmailGateway().send(
        OutgoingText(
            channel="email", recipient="a@example.invalid", body="Tekst", subject="Onderwerp"
        )
    )
    assert mail.outbox[0].subject == "Onderwerp" and mail.outbox[0].to == ["a@example.invalid"]


@pytest.fixture
def queued_message(corporation):
    single_step_policy(corporation, channel="sms", send_automatically=True)
    household = f.HouseholdFactory()
    f.PersonFactory(household=household, phone="0612345002")
    tenancy = f.TenancyFactory(corporation=corporation, household=household)
    rent(tenancy, date(2026, 9, 1))
    collection_run(corporation=corporation, run_date=date(2026, 9, 7))  # no on_commit: queued
    return OutboundMessage.objects.get()


@pytest.mark.django_db
def test_delivery_through_the_http_provider(queued_message, provider, settings):
    handler, url = provider
    settings.WOONKANS_MESSAGE_BACKEND = "http"
    settings.WOONKANS_SMS_API_URL = url
    settings.WOONKANS_SMS_API_KEY = "k"
    assert queued_message.status == MessageStatus.QUEUED
    assert message_deliver(message_id=queued_message.pk) is True
    queued_message.refresh_from_db()
    assert queued_message.status == MessageStatus.SENT
    assert (queued_message.backend, queued_message.provider_reference) == ("http", "prov-123")
    assert handler.received[0]["body"]["to"] == "0612345002"
    assert handler.received[0]["body"]["reference"] == str(queued_message.pk)
    # A second delivery of the same task sends nothing.
    assert message_deliver(message_id=queued_message.pk) is False
    assert len(handler.received) == 1


@pytest.mark.django_db
def test_failed_delivery_is_marked_and_can_be_retried(queued_message, provider, settings):
    handler, url = provider
    settings.WOONKANS_MESSAGE_BACKEND = "http"
    settings.WOONKANS_SMS_API_URL = url
    settings.WOONKANS_SMS_API_KEY = "k"
    handler.status = 500
    with pytest.raises(GatewayError):
        message_deliver(message_id=queued_message.pk)
    queued_message.refresh_from_db()
    assert queued_message.status == MessageStatus.FAILED and "500" in queued_message.error
    handler.status = 200
    assert message_deliver(message_id=queued_message.pk) is True
    queued_message.refresh_from_db()
    assert queued_message.status == MessageStatus.SENT and queued_message.attempts == 2


@pytest.mark.django_db
def test_outbox_backend_stores_only(queued_message):
    assert message_deliver(message_id=queued_message.pk) is True
    queued_message.refresh_from_db()
    assert queued_message.status == MessageStatus.SENT
    assert queued_message.provider_reference == f"outbox-{queued_message.pk}"
    assert WorklistItem.objects.get().status == "done"


def test_texts_are_filled_in_dutch_notation():
    body = texts.render(
        texts.SMS, corporatie="Woonstichting", bedrag=Decimal("1234.5"), contract="OVK-1"
    )
    assert "€ 1.234,50" in body and "Woonstichting" in body and "{" not in body
    email = texts.render(texts.EMAIL, corporatie="W", bedrag=Decimal("5"), contract="OVK-1")
    assert "OVK-1" in email and "€ 5,00" in email
    assert texts.render("{onbekend} {bedrag}", corporatie="", bedrag=Decimal(1), contract="") == (
        "{onbekend} 1,00"
    )
