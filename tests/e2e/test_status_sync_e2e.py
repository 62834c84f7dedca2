"""Status sync over real HTTP: the grant, Zoom webhooks in, users.profile.* out with the
person's own token (through the outbox), and restoring exactly what was there before."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import rows, zoom_fixture
from tests.support.slack_events import grant_status_sync
from tests.support.status_world import (
    OURS,
    granted,
    meeting_event,
    participant_event,
    post_settled,
    served,
    status_of,
)

__all__ = ["served"]  # the fixture: a deployment that can grant user tokens


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
    granted(served, slack_api, database_url, pause=True)

    post_settled(
        zoom_webhooks, database_url, meeting_event("meeting.started", "uuid-1", minutes=45)
    )
    shown = status_of(slack_api)
    assert (shown["status_text"], shown["status_emoji"]) == (OURS, ":video_camera:")
    expected_end = datetime.now(UTC) - timedelta(minutes=1) + timedelta(minutes=45)
    assert abs(shown["status_expiration"] - expected_end.timestamp()) < 120
    assert slack_api.state.people.snoozed_until.get("U0001")
    for call in slack_api.state.calls_to("users.profile.set"):
        assert call.headers["authorization"].startswith("Bearer xoxp-")
    outbox = json.dumps(rows(database_url, "SELECT payload FROM outbox"), default=str)
    assert "xoxp-" not in outbox

    post_settled(zoom_webhooks, database_url, meeting_event("meeting.ended", "uuid-1"))
    assert status_of(slack_api) == {
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
    granted(served, slack_api, database_url)
    post_settled(zoom_webhooks, database_url, meeting_event("meeting.started", "uuid-2"))
    assert status_of(slack_api)["status_text"] == OURS

    slack_api.state.people.set_status("U0001", "Presenting", ":microphone:", 0)
    post_settled(zoom_webhooks, database_url, meeting_event("meeting.ended", "uuid-2"))
    assert status_of(slack_api)["status_text"] == "Presenting"
    assert len(slack_api.state.people.profile_writes) == 1  # ours, and no restore over theirs


def test_overlapping_meetings_restore_once_after_the_last(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    granted(served, slack_api, database_url)
    post_settled(zoom_webhooks, database_url, participant_event("joined", "m-1"))
    post_settled(zoom_webhooks, database_url, meeting_event("meeting.started", "m-2", minutes=90))
    assert status_of(slack_api)["status_text"] == OURS
    latest_end = status_of(slack_api)["status_expiration"]

    post_settled(zoom_webhooks, database_url, participant_event("left", "m-1"))
    assert status_of(slack_api)["status_text"] == OURS
    assert status_of(slack_api)["status_expiration"] == latest_end

    post_settled(zoom_webhooks, database_url, meeting_event("meeting.ended", "m-2"))
    assert status_of(slack_api)["status_text"] == "Lunch"
    restores = [w for _u, w in slack_api.state.people.profile_writes if w["status_text"] == "Lunch"]
    assert len(restores) == 1


def test_revoked_user_token_turns_sync_off_and_says_so(
    served: Served,
    slack_api: SlackStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    granted(served, slack_api, database_url)
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

    post_settled(zoom_webhooks, database_url, meeting_event("meeting.started", "uuid-3"))
    assert not slack_api.state.calls_to("users.profile.get")
    assert not slack_api.state.calls_to("users.profile.set")


def test_a_token_refused_at_delivery_turns_sync_off(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    granted(served, slack_api, database_url)
    [token] = [t for t in slack_api.state.bots if t.startswith("xoxp-")]
    slack_api.state.revoke_token(token)
    post_settled(zoom_webhooks, database_url, meeting_event("meeting.started", "uuid-4"))
    [row] = rows(database_url, "SELECT status, last_error FROM outbox")
    assert (row["status"], row["last_error"]) == ("dead", "token_revoked")
    assert rows(database_url, "SELECT * FROM status_sync") == []
    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert "Status sync is now off" in dm.params["text"]


def test_published_participant_payloads_drive_the_status(
    served: Served,
    slack_api: SlackStandin,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    granted(served, slack_api, database_url)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, expected in [("joined", OURS), ("left", "")]:
        payload = zoom_fixture(f"meeting.participant_{name}", start_time=now)
        payload["payload"]["object"]["participant"]["email"] = "ADA@example.com"
        post_settled(zoom_webhooks, database_url, payload)
        assert status_of(slack_api)["status_text"] == expected
