"""``woonkans run-demo``: instructions first, then the server; the worker always stops."""

from __future__ import annotations

import socket
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

COMMAND = "woonkans.demo.management.commands.run_demo"


@pytest.fixture
def demo_users(db):
    corporation = f.OrganisationFactory(name="Woonstichting Voorbeeld", slug="ws-voorbeeld")
    care = f.OrganisationFactory(care=True, name="Zorg Voorbeeld", slug="zorg-voorbeeld")
    incasso = f.UserFactory(username="incasso")
    f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation, user=incasso)
    f.make_actor(role=Role.COORDINATOR, organisation=care, user=incasso)
    f.make_actor(
        role=Role.FUNCTIONEEL_BEHEERDER,
        organisation=corporation,
        user=f.UserFactory(username="beheer"),
    )
    f.make_actor(
        role=Role.WOONCONSULENT,
        organisation=corporation,
        user=f.UserFactory(username="vertrokken", is_active=False),
    )
    f.UserFactory(username="zonder-lidmaatschap")


@pytest.fixture
def fake_worker():
    process = mock.Mock(pid=4242, returncode=None)
    process.poll.return_value = None
    with (
        mock.patch(f"{COMMAND}.start_worker", return_value=process) as start,
        mock.patch(f"{COMMAND}.stop_worker") as stop,
        mock.patch(f"{COMMAND}.time.sleep"),
    ):
        yield start, stop, process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refuses_outside_the_demo(settings, fake_worker):
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo only"):
        call_command("run_demo")
    fake_worker[0].assert_not_called()


def test_prints_how_to_log_in_before_the_server_starts_and_stops_the_worker(
    demo_users, fake_worker, settings
):
    start, stop, process = fake_worker
    out = StringIO()
    port = free_port()
    printed_before_server = []

    def runserver(name, addrport, use_reloader):
        printed_before_server.append(out.getvalue())
        assert (name, addrport, use_reloader) == ("runserver", f"127.0.0.1:{port}", False)
        stop.assert_not_called()
        raise KeyboardInterrupt  # Ctrl-C

    with (
        mock.patch(f"{COMMAND}.call_command", side_effect=runserver),
        pytest.raises(KeyboardInterrupt),
    ):
        call_command("run_demo", "--port", str(port), stdout=out)

    text = printed_before_server[0]
    assert f"http://127.0.0.1:{port}/" in text
    assert DEMO_PASSWORD in text
    assert "WOONKANS_DEMO=true .venv/bin/woonkans totp-code USERNAME" in text
    assert "incasso" in text and "beheer" in text
    # Commands speak the default language (Dutch); role labels come from the catalogue.
    from woonkans.organisations.models import Role

    assert f"Woonstichting Voorbeeld – {Role.INCASSOMEDEWERKER.label}" in text
    assert f"Zorg Voorbeeld – {Role.COORDINATOR.label}" in text
    assert "vertrokken" not in text and "zonder-lidmaatschap" not in text
    start.assert_called_once_with(settings.CELERY_BEAT_SCHEDULE_FILENAME)
    stop.assert_called_once_with(process)


def test_no_worker_option(demo_users, fake_worker):
    with mock.patch(f"{COMMAND}.call_command"):
        call_command("run_demo", "--no-worker", "--port", str(free_port()), stdout=StringIO())
    fake_worker[0].assert_not_called()


def test_refuses_a_port_in_use(demo_users, fake_worker):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(CommandError, match="in use"):
            call_command("run_demo", "--port", str(busy.getsockname()[1]), stdout=StringIO())
    fake_worker[0].assert_not_called()


def test_a_worker_that_dies_at_once_is_reported(demo_users, fake_worker):
    fake_worker[2].poll.return_value = 1
    fake_worker[2].returncode = 1
    with (
        mock.patch(f"{COMMAND}.call_command") as runserver,
        pytest.raises(CommandError, match="stopped at once"),
    ):
        call_command("run_demo", "--port", str(free_port()), stdout=StringIO())
    runserver.assert_not_called()
