"""Status sync over real HTTP: the grant, Zoom webhooks in, users.profile.* out with the
person's own token (through the outbox), and restoring exactly what was there before."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import create_app
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import HOST, add, link, rows, wait_settled, zoom_fixture
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


def _meeting(name: str, uuid: str, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    return zoom_fixture(
        name, uuid=uuid, start_time=start.strftime("%Y-%m-%dT%H:%M:%SZ"), duration=minutes, **extra
    )


def _participant(name: str, uuid: str, email: str = "Ada@Example.com") -> dict[str, Any]:
    payload = _meeting("meeting.started", uuid)
    payload["event"] = f"meeting.participant_{name}"
    payload["payload"]["object"]["host_id"] = "zoomHostOther"
    payload["payload"]["object"]["participant"] = {
        "user_id": "16778240",
        "user_name": "Ada Lovelace",
        "id": "",
        "participant_uuid": "7b0c8a1e-0000-4000-8000-000000000001",
        f"{name[:-3] if name.endswith('ned') else 'leave'}_time": "2024-05-01T10:01:00Z",
        "email": email,
    }
    return payload


def _post(zoom: ZoomWebhookDriver, database_url: str, payload: dict[str, Any]) -> None:
    assert zoom.post(payload).status_code == 200
    wait_settled(database_url)


def _status(slack: SlackStandin) -> dict[str, Any]:
    return slack.state.people.status("U0001")


def _granted(served: Served, slack: SlackStandin, database_url: str, pause: bool = False) -> None:
    answer = grant_status_sync(served, slack, pause=pause)
    assert answer.status_code == 200, answer.text
    add(database_url, link("T0001", "U0001", HOST))
    slack.state.clear()


def test_grant_stores_an_encrypted_user_token_and_confirms(
    served: Served, slack_api: SlackStandin, database_url: str
) -> None:
    assert grant_status_sync(served, slack_api).status_code == 200
    [row] = rows(database_url, "SELECT * FROM status_sync")
    user_tokens = [t for t, b in slack_api.state.bots.items() if t.startswith("xoxp-")]
    assert user_tokens and user_tokens[0] not in json.dumps(row, default=str)
    assert row["slack_user_id"] == "U0001" and row["email"] == "ada@example.com"
    assert "users.profile:write" in row["scope"] and not row["pause_notifications"]
    dms = [c.params for c in slack_api.state.calls_to("chat.postMessage")]
    assert any("Status sync is on" in str(p.get("text")) for p in dms)


def test_a_grant_completed_by_someone_else_stores_nothing(
    served: Served, slack_api: SlackStandin, database_url: str
) -> None:
    answer = grant_status_sync(served, slack_api, approved_by="U0002")
    assert answer.status_code == 400 and "different Slack account" in answer.text
    assert rows(database_url, "SELECT * FROM status_sync") == []


def test_status_set_on_start_and_restored_on_end(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    _granted(served, slack_api, database_url, pause=True)

    _post(zoom_webhooks, database_url, _meeting("meeting.started", "uuid-1", minutes=45))
    shown = _status(slack_api)
    assert (shown["status_text"], shown["status_emoji"]) == (OURS, ":video_camera:")
    expected_end = datetime.now(UTC) - timedelta(minutes=1) + timedelta(minutes=45)
    assert abs(shown["status_expiration"] - expected_end.timestamp()) < 120
    assert slack_api.state.people.snoozed_until.get("U0001")
    for call in slack_api.state.calls_to("users.profile.set"):
        assert call.headers["authorization"].startswith("Bearer xoxp-")
    outbox = json.dumps(rows(database_url, "SELECT payload FROM outbox"), default=str)
    assert "xoxp-" not in outbox

    _post(zoom_webhooks, database_url, _meeting("meeting.ended", "uuid-1"))
    assert _status(slack_api) == {
        "status_text": "Lunch",
        "status_emoji": ":sandwich:",
        "status_expiration": 0,
    }
    assert "U0001" not in slack_api.state.people.snoozed_until
    assert [c.method for c in slack_api.state.calls if c.method == "dnd.endSnooze"]


def test_a_status_changed_mid_meeting_is_left_alone(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    _granted(served, slack_api, database_url)
    _post(zoom_webhooks, database_url, _meeting("meeting.started", "uuid-2"))
    assert _status(slack_api)["status_text"] == OURS

    slack_api.state.people.set_status("U0001", "Presenting", ":microphone:", 0)
    _post(zoom_webhooks, database_url, _meeting("meeting.ended", "uuid-2"))
    assert _status(slack_api)["status_text"] == "Presenting"
    assert len(slack_api.state.people.profile_writes) == 1  # ours, and no restore over theirs


def test_overlapping_meetings_restore_once_after_the_last(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    _granted(served, slack_api, database_url)
    _post(zoom_webhooks, database_url, _participant("joined", "m-1"))
    _post(zoom_webhooks, database_url, _meeting("meeting.started", "m-2", minutes=90))
    assert _status(slack_api)["status_text"] == OURS
    latest_end = _status(slack_api)["status_expiration"]

    _post(zoom_webhooks, database_url, _participant("left", "m-1"))
    assert _status(slack_api)["status_text"] == OURS
    assert _status(slack_api)["status_expiration"] == latest_end

    _post(zoom_webhooks, database_url, _meeting("meeting.ended", "m-2"))
    assert _status(slack_api)["status_text"] == "Lunch"
    restores = [w for _u, w in slack_api.state.people.profile_writes if w["status_text"] == "Lunch"]
    assert len(restores) == 1


def test_revoked_user_token_turns_sync_off_and_says_so(
    served: Served,
    slack_api: SlackStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    _granted(served, slack_api, database_url)
    [token] = [t for t in slack_api.state.bots if t.startswith("xoxp-")]
    slack_api.state.revoke_token(token)
    answer = slack_driver.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0001"]}})
    assert answer.status_code == 200
    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0001" and "Status sync is now off" in dm.params["text"]
    deadline = time.monotonic() + 5
    while rows(database_url, "SELECT * FROM status_sync") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert rows(database_url, "SELECT * FROM status_sync") == []

    _post(zoom_webhooks, database_url, _meeting("meeting.started", "uuid-3"))
    assert not slack_api.state.calls_to("users.profile.get")
    assert not slack_api.state.calls_to("users.profile.set")


def test_a_token_refused_at_delivery_turns_sync_off(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    _granted(served, slack_api, database_url)
    [token] = [t for t in slack_api.state.bots if t.startswith("xoxp-")]
    slack_api.state.revoke_token(token)
    _post(zoom_webhooks, database_url, _meeting("meeting.started", "uuid-4"))
    [row] = rows(database_url, "SELECT status, last_error FROM outbox")
    assert (row["status"], row["last_error"]) == ("dead", "token_revoked")
    assert rows(database_url, "SELECT * FROM status_sync") == []
    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert "Status sync is now off" in dm.params["text"]


def _home(driver: SlackDriver, slack: SlackStandin, count: int) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": "U0001", "tab": "home", "event_ts": "1.0"}
    assert driver.event(event).status_code == 200
    slack.state.wait_for("views.publish", count)
    return slack.state.home_views["U0001"]


def test_app_home_toggle_offers_the_grant_and_turns_sync_off(
    served: Served,
    slack_api: SlackStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    from tests.support.meeting_world import block_action
    from tests.support.slack_events import grant_buttons

    off = _home(slack_driver, slack_api, 1)
    assert "Zoom status in Slack:* off" in json.dumps(off)
    assert all("/slack/status/start?state=" in url for url in grant_buttons(off))
    assert len(grant_buttons(off)) == 2

    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    _granted(served, slack_api, database_url)
    _post(zoom_webhooks, database_url, _meeting("meeting.started", "uuid-home"))
    on = _home(slack_driver, slack_api, 1)
    assert "Zoom status in Slack:* on" in json.dumps(on) and "status_sync_off" in json.dumps(on)

    click = block_action(slack_api, "status_sync_off", "off", view=on)
    assert slack_driver.interact(click).status_code == 200
    slack_api.state.wait_for("views.publish", 2)
    assert rows(database_url, "SELECT * FROM status_sync") == []
    assert _status(slack_api)["status_text"] == "Lunch"  # ours came down on the way out
    assert slack_api.state.calls_to("auth.revoke")
    assert "Zoom status in Slack:* off" in json.dumps(slack_api.state.home_views["U0001"])


def test_uninstalling_forgets_status_grants(
    served: Served, slack_api: SlackStandin, slack_driver: SlackDriver, database_url: str
) -> None:
    _granted(served, slack_api, database_url)
    assert slack_driver.event({"type": "app_uninstalled"}).status_code == 200
    deadline = time.monotonic() + 5
    while rows(database_url, "SELECT * FROM status_sync") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert rows(database_url, "SELECT * FROM status_sync") == []
