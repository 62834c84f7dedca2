"""What Zoom really answers, over real HTTP: odd fields, failing reads, unknown write outcomes."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.deployment import SLACK_BOT_TOKEN, Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked, stored_meetings, wait_stored

TROUBLE = "Zoom is having trouble right now. Please try again in a few minutes."
MAYBE = "may have been"


def _reply(driver: SlackDriver, slack: SlackStandin, text: str, channel: str = "C0001") -> str:
    sent = driver.command(text, channel_id=channel)
    assert sent.response.status_code == 200
    replies = slack.state.wait_for_response(sent.response_url, timeout=20)
    return json.dumps(replies[-1])


# -- reads that fail say "try again"; only a write of unknown outcome says "may have" -----------


@pytest.mark.parametrize(
    ("command", "path"),
    [("list", "/v2/users/me/meetings"), ("status", "/v2/users/me"), ("join me", "/v2/users/me")],
)
def test_a_failing_read_says_zoom_is_having_trouble(
    command: str,
    path: str,
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
) -> None:
    linked(served, slack_api, zoom_api)
    before = len(zoom_api.state.requests_to("GET", path))
    zoom_api.state.fail(path, times=10, status=503)
    reply = _reply(slack_driver, slack_api, command)
    assert TROUBLE in reply
    assert MAYBE not in reply and "may or may not" not in reply
    # A read is retried, then given up on.
    assert len(zoom_api.state.requests_to("GET", path)) - before == 4
    assert slack_api.state.calls_to("chat.postMessage") == []


def test_app_home_says_zoom_is_having_trouble_when_the_list_fails(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api)
    zoom_api.state.fail("/v2/users/me/meetings", times=10, status=502)
    event = {"type": "app_home_opened", "user": "U0001", "channel": "DU0001", "tab": "home"}
    assert slack_driver.event({**event, "event_ts": f"{time.time():.6f}"}).status_code == 200
    slack_api.state.wait_for("views.publish", timeout=20)
    home = json.dumps(slack_api.state.home_views["U0001"])
    assert TROUBLE in home and MAYBE not in home


def test_a_create_zoom_failed_on_may_have_happened_and_is_not_resent(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    linked(served, slack_api, zoom_api)
    zoom_api.state.fail("create_meeting", times=1, status=500)
    reply = _reply(slack_driver, slack_api, "now Design sync")
    assert "may have been created" in reply and "/zoom list" in reply
    assert len(zoom_api.state.requests_to("POST", "/v2/users/me/meetings")) == 1
    assert stored_meetings(database_url) == []


# -- tolerant reading of Zoom's answers ----------------------------------------------------------


def test_one_odd_list_item_is_skipped_and_a_null_join_url_is_shown_without_a_link(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api)
    day = timedelta(days=1)
    now = datetime.now(UTC)
    zoom_api.state.add_meeting("zu-ada", "Roadmap review", start_time=now + day)
    odd = zoom_api.state.add_meeting("zu-ada", "Dial-in only", start_time=now + 2 * day)
    odd.update(join_url=None, duration=None)
    broken = zoom_api.state.add_meeting("zu-ada", "Unreadable", start_time=now + 3 * day)
    broken["id"] = "not-a-meeting-id"
    reply = _reply(slack_driver, slack_api, "list")
    assert "Roadmap review" in reply and "Dial-in only" in reply
    assert "Unreadable" not in reply and "Something went wrong" not in reply


def test_a_meeting_with_jbh_time_15_is_read(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api)
    settings = {"join_before_host": True, "jbh_time": 15, "approval_type": 7}
    meeting = zoom_api.state.add_meeting("zu-ada", "Early birds", settings=settings)
    slack_driver.command(f"join {meeting['id']}", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    assert post.params["text"] == "Join Zoom meeting Early birds"


def test_a_created_meeting_whose_start_time_has_no_zone_is_recorded_and_announced(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    linked(served, slack_api, zoom_api)
    answer = {
        "id": 85000000999,
        "uuid": "/zoneless//uuid==",
        "host_id": "zu-ada",
        "topic": "Design sync",
        "type": 1,
        "status": "waiting",
        "start_time": "2026-11-29T10:00:00",
        "timezone": "Europe/London",
        "join_url": "https://zoom.example/j/85000000999",
        "settings": {"jbh_time": 15},
    }
    zoom_api.state.fail("create_meeting", times=1, status=201, body=answer)
    slack_driver.command("now Design sync", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0001"
    assert "https://zoom.example/j/85000000999" in json.dumps(post.params["blocks"])
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert row["zoom_meeting_id"] == 85000000999 and row["zoom_uuid"] == "/zoneless//uuid=="
    start = row["start_time"]
    start = start if isinstance(start, datetime) else datetime.fromisoformat(str(start))
    assert start.replace(tzinfo=UTC) == datetime(2026, 11, 29, 10, tzinfo=UTC)  # GMT in November


def test_a_created_meeting_is_recorded_even_when_the_pmi_lookup_after_it_fails(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    linked(served, slack_api, zoom_api)
    zoom_api.state.fail("get_user", times=10, status=503)  # after the create: Zoom falters
    slack_driver.command("now pmi Standup", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage", timeout=20)
    [meeting] = zoom_api.state.meetings.values()
    assert post.params["channel"] == "C0001"
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert row["zoom_meeting_id"] == meeting["id"] and row["host_pmi"] is None


# -- group DMs -----------------------------------------------------------------------------------


def test_subscribe_in_a_group_dm_says_subscriptions_need_a_channel(
    slack_api: SlackStandin, slack_driver: SlackDriver, database_url: str
) -> None:
    from tests.support.notice_world import add, count, link

    add(database_url, link("T0001", "U0001"))
    slack_api.state.add_channel("G0MPIM01", name="mpdm-ada--bob-1", is_mpim=True)
    reply = _reply(slack_driver, slack_api, "subscribe", "G0MPIM01")
    assert "Subscriptions work in channels, not in direct messages" in reply
    assert "missing_scope" not in reply
    assert count(database_url, "channel_subscriptions") == 0
    [info] = slack_api.state.calls_to("conversations.info")
    assert info.params["channel"] == "G0MPIM01"


def test_a_workspace_installed_without_mpim_read_gets_the_same_answer(
    slack_api: SlackStandin, slack_driver: SlackDriver, database_url: str
) -> None:
    from tests.support.notice_world import add, count, link

    bot = slack_api.state.bots[SLACK_BOT_TOKEN]
    bot.scope = ",".join(s for s in bot.scope.split(",") if s != "mpim:read")
    add(database_url, link("T0001", "U0001"))
    slack_api.state.add_channel("G0MPIM01", name="mpdm-ada--bob-1", is_mpim=True)
    reply = _reply(slack_driver, slack_api, "subscribe", "G0MPIM01")
    assert "Subscriptions work in channels, not in direct messages" in reply
    assert count(database_url, "channel_subscriptions") == 0
