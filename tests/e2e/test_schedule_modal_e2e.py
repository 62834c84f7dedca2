"""The scheduling modal over real HTTP: open, redraw, field errors, the exact Zoom body."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from handlers.blocks import ids
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import (
    future_day,
    modal_values,
    stored_meetings,
    submission,
    wait_stored,
)
from tests.support.modal_steps import open_modal


def test_new_opens_the_modal_with_topic_channel_and_time_zone(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view = slack_api.state.views[open_modal(slack_driver, slack_api)]
    assert view["callback_id"] == ids.CALLBACK_ID
    assert view["title"]["text"] == "Schedule a Zoom meeting"
    assert json.loads(view["private_metadata"]) == {"channel": "C0001", "tz": "Europe/London"}
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["topic"]["element"]["initial_value"] == "Design review"
    assert blocks["announce"]["element"]["initial_conversation"] == "C0001"
    assert "Europe/London" in blocks["start_time"]["hint"]["text"]
    assert blocks["timezone"]["element"]["initial_option"]["value"] == "Europe/London"
    assert ids.WEEKLY_DAYS.block_id not in blocks


def test_one_off_submission_creates_announces_confirms_and_stores(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    day = future_day(9)
    values = modal_values(
        date=day.isoformat(),
        time="09:30",
        tz="America/St_Johns",
        passcode="x@1_*-Z",
        agenda="Mocks",
    )
    answer = slack_driver.interact(submission(slack_api, view_id, values))
    assert answer.status_code == 200 and answer.content in (b"", b"{}")

    posts = slack_api.state.wait_for("chat.postMessage", 2)
    [create] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert create.json_body == {
        "topic": "Design review",
        "type": 2,
        "start_time": f"{day.isoformat()}T09:30:00",
        "timezone": "America/St_Johns",
        "duration": 45,
        "password": "x@1_*-Z",
        "agenda": "Mocks",
        "settings": {
            "waiting_room": True,
            "join_before_host": False,
            "mute_upon_entry": True,
            "auto_recording": "cloud",
        },
    }
    meeting = next(iter(zoom_api.state.meetings.values()))
    by_channel = {str(c.params["channel"]): c.params for c in posts}
    card = by_channel["C0001"]
    assert "Design review" in card["text"] and "<!date^" in str(card["blocks"])
    assert meeting["join_url"] in str(card["blocks"]) and "x@1_*-Z" not in str(card["blocks"])
    assert "Host: <@U0001>" in str(card["blocks"])
    confirmation = by_channel["U0001"]
    assert "Announced in <#C0001>" in str(confirmation["blocks"])
    assert "x@1_*-Z" in str(confirmation["blocks"])
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    ts = slack_api.state.messages["C0001"][-1]["ts"]
    assert (row["zoom_meeting_id"], row["channel_id"], row["message_ts"]) == (
        meeting["id"],
        "C0001",
        ts,
    )
    assert row["timezone"] == "America/St_Johns" and not row["recurring"]


def test_weekly_submission_sends_the_exact_recurrence(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    day, last = future_day(3), future_day(60)
    values = modal_values(
        date=day.isoformat(),
        time="17:00",
        tz="Asia/Kolkata",
        duration="60",
        repeat="weekly",
        interval="2",
        days=["6", "2"],
        ends="date",
        end_date=last.isoformat(),
        options=["join_before_host"],
        recording="none",
        announce="C0001",
    )
    assert slack_driver.interact(submission(slack_api, view_id, values)).status_code == 200
    slack_api.state.wait_for("chat.postMessage", 2)
    [create] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert create.json_body == {
        "topic": "Design review",
        "type": 8,
        "start_time": f"{day.isoformat()}T17:00:00",
        "timezone": "Asia/Kolkata",
        "duration": 60,
        "recurrence": {
            "type": 2,
            "repeat_interval": 2,
            "weekly_days": "2,6",
            # 23:59 in Kolkata (UTC+5:30) on the last day
            "end_date_time": f"{last.isoformat()}T18:29:00Z",
        },
        "settings": {
            "waiting_room": False,
            "join_before_host": True,
            "mute_upon_entry": False,
            "auto_recording": "none",
        },
    }
    card = slack_api.state.messages["C0001"][-1]
    assert "Recurring" in str(card["blocks"])
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert bool(row["recurring"]) is True


YESTERDAY = (future_day(0) - timedelta(days=2)).isoformat()


BAD_VALUES: list[tuple[dict[str, Any], str]] = [
    ({"date": YESTERDAY}, "date"),
    ({"passcode": "no spaces!"}, "passcode"),
    ({"repeat": "weekly", "interval": "13", "days": ["2"], "ends": "count", "end_count": "4"},
     "repeat_interval"),
    ({"repeat": "weekly", "days": [], "ends": "count", "end_count": "4"}, "weekly_days"),
    ({"repeat": "daily", "end_count": "4", "end_date": future_day(30).isoformat()}, "ends"),
    ({"repeat": "daily", "ends": "count", "end_count": "61"}, "end_count"),
    ({"topic": "x" * 201}, "topic"),
    # Zoom silently drops join-before-host while the waiting room is on.
    ({"options": ["waiting_room", "join_before_host"]}, "options"),
]  # fmt: skip


def test_each_bad_value_gets_its_field_error_and_nothing_reaches_zoom(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    [options] = [b for b in slack_api.state.views[view_id]["blocks"] if b["block_id"] == "options"]
    assert "waiting room" in options["hint"]["text"] and "join before" in options["hint"]["text"]
    for over, block_id in BAD_VALUES:
        answer = slack_driver.interact(submission(slack_api, view_id, modal_values(**over)))
        assert answer.status_code == 200, over
        body = answer.json()
        assert body["response_action"] == "errors", over
        assert list(body["errors"]) == [block_id] and body["errors"][block_id], over
    assert not zoom_api.state.requests_to("POST", "/v2/users")
    assert not slack_api.state.calls_to("chat.postMessage")
    assert stored_meetings(database_url) == []
