"""A lost meeting.ended, over real HTTP: after the silence window the worker asks Zoom and
closes the card with the real duration and no Join button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.settings import Settings
from tests.standins.zoom.live import finish_meeting, start_meeting
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import ZoomWebhookDriver
from tests.support.live_world import event, outbox_settled, wait_until, zoom_time
from tests.support.meeting_world import linked
from tests.support.notice_world import add, announce, meeting, rows, subscription

UUID = "/ZpBWgn4QRSlQEKg//Ng7Q=="  # starts with "/" and holds "//": double-encoded in paths


@pytest.fixture
def settings(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Settings:
    """A silence window of 0.6 seconds."""
    return make_settings(database_url, slack_api, zoom_api, meeting_silence_minutes=0.01)


def _card(slack: SlackStandin, ts: str) -> dict[str, object]:
    return slack.state.message("C0001", ts)


def _meeting_gets(zoom: ZoomStandin, meeting_id: int) -> int:
    return len(zoom.state.requests_to("GET", f"/v2/meetings/{meeting_id}"))


def test_a_card_whose_end_was_lost_closes_after_the_silence_window(
    served: Served,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
) -> None:
    linked(served, slack_api, zoom_api)
    zoom_meeting = zoom_api.state.add_meeting("zu-ada", "Standup")
    meeting_id = int(zoom_meeting["id"])
    ts = announce(slack_api, "C0001")
    add(
        database_url,
        meeting("C0001", ts, zoom_meeting_id=meeting_id, host_zoom_user_id="zu-ada"),
    )
    start_meeting(zoom_api.state, meeting_id, UUID)
    began = datetime.now(UTC).replace(microsecond=0)
    started = event(
        "meeting.started",
        id=str(meeting_id),
        uuid=UUID,
        host_id="zu-ada",
        start_time=zoom_time(began),
    )
    assert zoom_webhooks.post(started).status_code == 200

    # While Zoom says "started" the card stays live, however often the worker asks.
    wait_until(lambda: _meeting_gets(zoom_api, meeting_id) >= 2 or None, "two status checks")
    assert [m["status"] for m in rows(database_url, "SELECT status FROM meetings")] == ["live"]
    assert "Live now" in str(_card(slack_api, ts)["blocks"])

    finish_meeting(zoom_api.state, meeting_id, UUID, began, began + timedelta(minutes=47))
    wait_until(
        lambda: rows(database_url, "SELECT status FROM meetings")[0]["status"] == "ended" or None,
        "the meeting closed",
    )
    wait_until(lambda: outbox_settled(database_url), "the closing card delivered")
    card = _card(slack_api, ts)
    assert "Ended, lasted 47 min" in str(card["blocks"])
    assert "button" not in str(card["blocks"]), "no Join button on an ended card"
    thread = slack_api.state.messages["C0001"]
    [live_notice] = [m for m in thread if m.get("thread_ts") == ts and m["ts"] != ts]
    assert "has ended, lasted 47 min" in str(live_notice["text"])
    assert "button" not in str(live_notice.get("blocks")), "the thread's Join button is gone"
    [past] = zoom_api.state.requests_to("GET", "/v2/past_meetings/")
    assert past.path.startswith("/v2/past_meetings/%2F"), "the UUID was double-encoded"
    assert rows(database_url, "SELECT * FROM live_meetings") == []


def test_meeting_ended_takes_the_join_button_off_every_live_notice(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    add(database_url, subscription("C0003"))
    assert zoom_webhooks.post(event("meeting.started")).status_code == 200
    wait_until(lambda: outbox_settled(database_url), "the live notice posted")
    [live] = slack_api.state.messages["C0003"]
    assert "button" in str(live.get("blocks"))
    ended = event("meeting.ended", end_time="2024-05-01T10:47:00Z")
    assert zoom_webhooks.post(ended).status_code == 200
    wait_until(lambda: outbox_settled(database_url), "the live notice closed")
    closed, notice = slack_api.state.messages["C0003"]
    assert closed["ts"] == live["ts"] and "button" not in str(closed.get("blocks"))
    assert "has ended, lasted 47 min" in str(closed["text"]) and "has ended" in notice["text"]
    assert rows(database_url, "SELECT * FROM live_notices") == []
