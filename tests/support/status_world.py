"""Arranging status sync tests: a deployment that can grant user tokens, meeting webhooks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import create_app
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import HOST, add, link, wait_settled, zoom_fixture
from tests.support.slack_events import grant_status_sync

OURS = "In a Zoom meeting"


@pytest.fixture
def served(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Iterator[Served]:
    """Single-workspace mode with the Slack client id and secret for user-token grants."""
    settings = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_client_id=slack_api.state.client_id,
        slack_client_secret=slack_api.state.client_secret,
    )
    with LoopbackServer(create_app(settings), name="zoombridge") as server:
        yield Served(url=server.url, settings=settings)


def meeting_event(name: str, uuid: str, minutes: int = 60) -> dict[str, Any]:
    """meeting.started / meeting.ended for instance `uuid`, started a minute ago."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    return zoom_fixture(
        name, uuid=uuid, start_time=start.strftime("%Y-%m-%dT%H:%M:%SZ"), duration=minutes
    )


def participant_event(kind: str, uuid: str, email: str = "Ada@Example.com") -> dict[str, Any]:
    """meeting.participant_joined / _left (kind "joined" or "left") in another host's meeting."""
    payload = meeting_event("meeting.started", uuid)
    payload["event"] = f"meeting.participant_{kind}"
    obj = payload["payload"]["object"]
    obj["host_id"] = "zoomHostOther"
    obj["participant"] = {
        "user_id": "16778240",
        "user_name": "Ada Lovelace",
        "id": "",
        "participant_uuid": "7b0c8a1e-0000-4000-8000-000000000001",
        "join_time" if kind == "joined" else "leave_time": "2024-05-01T10:01:00Z",
        "email": email,
    }
    return payload


def post_settled(zoom: ZoomWebhookDriver, database_url: str, payload: dict[str, Any]) -> None:
    """Send a webhook and wait until the outbox has nothing due."""
    assert zoom.post(payload).status_code == 200
    wait_settled(database_url)


def status_of(slack: SlackStandin, user_id: str = "U0001") -> dict[str, Any]:
    """The person's status as Slack shows it now."""
    return slack.state.people.status(user_id)


def granted(served: Served, slack: SlackStandin, database_url: str, pause: bool = False) -> None:
    """U0001 turned status sync on and is linked to the fixtures' Zoom host."""
    answer = grant_status_sync(served, slack, pause=pause)
    assert answer.status_code == 200, answer.text
    add(database_url, link("T0001", "U0001", HOST))
    slack.state.clear()
