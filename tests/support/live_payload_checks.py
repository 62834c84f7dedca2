"""What each published live-meeting payload must do when its host's channel is subscribed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.support.deployment import SlackStandin
from tests.support.live_world import outbox_settled, wait_until
from tests.support.notice_world import count, rows

SLACK_WRITES = ("chat.postMessage", "chat.update", "chat.scheduleMessage")
Check = Callable[[dict[str, Any], str, SlackStandin], None]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def announced(payload: dict[str, Any], database_url: str, slack: SlackStandin) -> None:
    """A meeting made in Zoom for a followed host: one card, its ts remembered."""
    outbox = wait_until(lambda: outbox_settled(database_url), "the card delivered")
    assert [r["status"] for r in outbox] == ["delivered"]
    [post] = slack.state.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0001"
    assert _escaped(payload["object"]["topic"]) in json.dumps(post.params)
    [meeting] = rows(database_url, "SELECT * FROM meetings")
    assert meeting["zoom_meeting_id"] == int(payload["object"]["id"]) and meeting["message_ts"]


def nothing_followed(_payload: dict[str, Any], database_url: str, slack: SlackStandin) -> None:
    """About a meeting no channel follows: accepted, and nothing sent or kept."""
    assert wait_until(lambda: outbox_settled(database_url), "the outbox settled") == []
    assert [c for c in slack.state.calls if c.method in SLACK_WRITES] == []
    assert count(database_url, "meetings") == 0
    assert count(database_url, "meeting_participants") == 0


LIVE_CHECKS: dict[str, Check] = {
    "meeting.created": announced,
    "meeting.updated": nothing_followed,
    "meeting.deleted": nothing_followed,
    "meeting.participant_joined": nothing_followed,
    "meeting.participant_left": nothing_followed,
    "meeting.participant_jbh_joined": nothing_followed,
    "meeting.participant_jbh_waiting": nothing_followed,
}


def _both(first: Check, second: Check) -> Check:
    def run(payload: dict[str, Any], database_url: str, slack: SlackStandin) -> None:
        first(payload, database_url, slack)
        second(payload, database_url, slack)

    return run


def add_live_checks(checks: dict[str, Check]) -> None:
    """Add the live-meeting checks; an event other features follow too gets both."""
    for event, check in LIVE_CHECKS.items():
        checks[event] = _both(checks[event], check) if event in checks else check
