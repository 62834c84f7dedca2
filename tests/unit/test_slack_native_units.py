"""Pure parts of the Slack-native features: link parsing, the status grammar, step inputs,
the status arithmetic and the unfurl cards."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.meetings.preview import Preview
from bot.meetings.refs import MeetingRef
from bot.meetings.workflow_step import StepInputError, read_inputs
from bot.notices.payload import ZoomEvent
from bot.notices.routes.status_sync import meeting_key, scheduled_end
from bot.status.facts import Status
from handlers.blocks import to_dicts
from handlers.blocks.unfurl_cards import unfurl_card
from handlers.slack.grammar import StatusSync, parse_command
from handlers.slack.ref_parser import parse_zoom_link

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://zoom.us/j/85746065432?pwd=abc", MeetingRef(85746065432)),
        ("https://acme.zoom.us/j/85746065432", MeetingRef(85746065432)),
        ("https://us02web.zoom.us/w/85746065432?tk=x", MeetingRef(85746065432)),
        ("https://zoomgov.com/j/1612345678", MeetingRef(1612345678)),
        ("https://agency.zoomgov.com/s/1612345678", MeetingRef(1612345678)),
        ("https://zoom.us/my/Ada.Lovelace", "ada.lovelace"),
        ("https://acme.zoom.us/my/ada/", "ada"),
        ("https://zoom.us.evil.example/j/85746065432", None),
        ("https://notzoom.us/j/85746065432", None),
        ("https://zoom.us/pricing", None),
        ("https://zoom.us/j/12", None),
        ("http://[bad", None),
    ],
)
def test_zoom_links(url: str, expected: object) -> None:
    assert parse_zoom_link(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status sync on", StatusSync(True)),
        ("status sync ON pause", StatusSync(True, pause=True)),
        ("status sync off", StatusSync(False)),
        ("status sync", StatusSync(None)),
    ],
)
def test_status_sync_grammar(text: str, expected: StatusSync) -> None:
    assert parse_command(text) == expected


def test_status_sync_grammar_explains_a_bad_word_and_plain_status_still_works() -> None:
    command = parse_command("status sync maybe")
    assert isinstance(command, StatusSync) and command.problem and "maybe" in command.problem
    assert type(parse_command("status")).__name__ == "Status"


def _event(**obj: object) -> ZoomEvent:
    return ZoomEvent("meeting.started", 1, "acct", {"object": obj})


def test_scheduled_end_uses_start_and_duration_and_never_lies_in_the_past() -> None:
    at = _event(start_time="2026-03-10T14:30:00Z", duration=90)
    assert scheduled_end(at, NOW) == datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    instant = _event(start_time="2026-03-10T14:55:00Z", duration="0")
    assert scheduled_end(instant, NOW) == datetime(2026, 3, 10, 15, 55, tzinfo=UTC)
    overran = _event(start_time="2026-03-10T12:00:00Z", duration=30)
    assert scheduled_end(overran, NOW) == NOW + timedelta(minutes=15)
    assert scheduled_end(_event(duration="x"), NOW) == NOW + timedelta(minutes=60)


def test_meeting_key_prefers_the_instance_uuid() -> None:
    assert meeting_key(_event(uuid="abc==", id=123)) == "abc=="
    assert meeting_key(_event(id=123)) == "123"
    assert meeting_key(_event()) == ""


def test_status_reads_profiles_tolerantly() -> None:
    status = Status.from_profile({"status_text": "Lunch", "status_expiration": "17"})
    assert status == Status("Lunch", "", 17)
    assert Status.from_profile({"status_text": 5, "status_expiration": "soon"}) == Status()
    assert Status("a", ":b:", 1).same_as(Status("a", ":b:", 99))
    assert Status.from_json(None) is None


def test_step_inputs() -> None:
    start = int((NOW + timedelta(days=1)).timestamp())
    good = read_inputs({"topic": " Review ", "start": str(start), "host": "U1"}, NOW)
    assert (good.topic, good.duration, good.host_user_id) == ("Review", 30, "U1")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"start": start, "host": "U1"}, "topic"),
        ({"topic": "t", "start": start}, "host"),
        ({"topic": "t", "start": "soon", "host": "U1"}, "not a date"),
        ({"topic": "t", "start": start - 3 * 86400, "host": "U1"}, "in the past"),
        ({"topic": "t", "start": start, "host": "U1", "duration": 0}, "between 1"),
        ({"topic": "t", "start": start, "host": "U1", "duration": "long"}, "whole number"),
    ]
    for bad, reason in cases:
        with pytest.raises(StepInputError, match=reason):
            read_inputs(bad, NOW)


def test_minimal_unfurl_shows_the_number_only() -> None:
    card = json.dumps(to_dicts(unfurl_card(Preview(85746065432))))
    assert "857 4606 5432" in card and "button" not in card and "date^" not in card


def test_full_unfurl_has_topic_date_state_and_join_but_no_join_once_ended() -> None:
    preview = Preview(
        85746065432,
        readable=True,
        topic="<b>Plan</b>",
        start_utc=NOW,
        state="live",
        join_url="https://zoom.us/j/85746065432",
    )
    card = json.dumps(to_dicts(unfurl_card(preview)))
    assert "&lt;b&gt;Plan" in card and f"<!date^{int(NOW.timestamp())}^" in card
    assert "Live now" in card and "https://zoom.us/j/85746065432" in card
    ended = Preview(1, readable=True, topic="x", state="ended", join_url="https://zoom.us/j/1")
    assert "button" not in json.dumps(to_dicts(unfurl_card(ended)))
