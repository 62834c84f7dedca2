"""Live meetings, pure parts: the subscribe words, change merging, reminder timing, cards."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.notices.change_payload import meeting_change
from bot.notices.live_render import InRoom
from bot.notices.payload import parse_event
from bot.notices.periodic import Periodic
from bot.notices.reminders import after_started, next_start, sync
from bot.notices.routes.meeting_changes import _merge
from bot.notices.routes.participants import participant_key
from bot.zoom.paths import past_meeting_path
from handlers.blocks import ids
from handlers.blocks.live_cards import BlockKitLive, in_room_line
from handlers.slack.grammar import Subscribe, parse_command
from handlers.slack.schedule_form import parse_submission
from store.live_models import Reminder
from store.models import Meeting
from tests.support.form_values import choice_value, form
from tests.support.live_world import event

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALL = frozenset({"started", "ended", "recordings"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscribe remind 10", Subscribe(ALL, False, None, False, 10)),
        (
            "subscribe started remind 15 min names",
            Subscribe(frozenset({"started"}), False, None, True, 15),
        ),
        ("subscribe remind", Subscribe(ALL, False, None, False, 10)),
        ("subscribe names remind 5m passcodes", Subscribe(ALL, True, None, True, 5)),
    ],
)
def test_subscribe_reads_names_and_reminders(text: str, expected: Subscribe) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "text", ["subscribe remind 0", "subscribe remind 9999", "subscribe remind 5x"]
)
def test_subscribe_refuses_a_bad_reminder_with_a_message(text: str) -> None:
    command = parse_command(text)
    assert isinstance(command, Subscribe) and command.problem and "remind" in command.problem


def test_meeting_updated_merges_only_what_it_carries() -> None:
    meeting = Meeting(
        team_id="T1", slack_user_id="U1", zoom_meeting_id=85746065999, topic="Design review",
        start_time=NOW, duration=45, join_url="https://zoom.example/j/1", timezone="Europe/London",
    )  # fmt: skip
    body = event("meeting.updated", topic="", duration=0, join_url=None)
    change = meeting_change(parse_event(json.dumps(body).encode()))
    assert _merge(meeting, change)
    assert (meeting.topic, meeting.duration, meeting.join_url) == (
        "Design review",
        45,
        "https://zoom.example/j/1",
    )
    assert meeting.start_time == datetime(2024, 5, 2, 16, 30, tzinfo=UTC)
    assert change.old_start_time == datetime(2024, 5, 2, 15, 0, tzinfo=UTC)


def test_participant_identity_prefers_the_uuid_and_reads_ids_as_str_or_int() -> None:
    assert participant_key({"participant_uuid": "abc", "id": "x"}) == "participant_uuid:abc"
    assert participant_key({"user_id": 16778240}) == "user_id:16778240"
    assert participant_key({"user_name": ""}) == ""


def test_participant_events_of_one_millisecond_are_distinct_events() -> None:
    first = event("meeting.participant_joined")
    second = {**first, "payload": copy.deepcopy(first["payload"])}
    second["payload"]["object"]["participant"]["participant_uuid"] = "someone-else"
    keys = {parse_event(json.dumps(b).encode()).key for b in (first, second)}
    assert len(keys) == 2


def _meeting(**fields: Any) -> Meeting:
    values: dict[str, Any] = {
        "id": 7, "team_id": "T1", "slack_user_id": "U1", "zoom_meeting_id": 1,
        "topic": "Sync", "start_time": NOW + timedelta(days=1), "join_url": "https://j",
    }  # fmt: skip
    return Meeting(**(values | fields))


def test_reminder_moves_when_the_meeting_moves_and_goes_when_cancelled() -> None:
    reminder = Reminder(meeting_id=7, team_id="T1", channel_id="C1", minutes=10)
    meeting = _meeting()
    [schedule] = sync(reminder, meeting, BlockKitLive(), NOW)
    assert schedule.action == "schedule" and reminder.state == "scheduled"
    assert schedule.payload["post_at"] == int((NOW + timedelta(days=1, minutes=-10)).timestamp())
    assert sync(reminder, meeting, BlockKitLive(), NOW) == [], "nothing changed, nothing sent"
    meeting.start_time = NOW + timedelta(days=2)
    unschedule, again = sync(reminder, meeting, BlockKitLive(), NOW)
    assert (unschedule.action, again.action) == ("unschedule", "schedule")
    assert unschedule.payload["post_at"] == schedule.payload["post_at"]
    meeting.status = "cancelled"
    [gone] = sync(reminder, meeting, BlockKitLive(), NOW)
    assert gone.action == "unschedule" and reminder.state == "off"


def test_a_recurring_reminder_is_for_the_next_occurrence_only() -> None:
    starts = [(NOW + timedelta(days=d)).isoformat() for d in (1, 8, 15)]
    reminder = Reminder(meeting_id=7, team_id="T1", channel_id="C1", occurrences=starts)
    meeting = _meeting(recurring=True)
    assert next_start(reminder, meeting, NOW) == NOW + timedelta(days=1)
    left = after_started(starts, NOW + timedelta(days=1, minutes=-5))  # started early
    assert left == starts[1:]
    reminder.occurrences = []
    meeting.start_time = None
    assert next_start(reminder, meeting, NOW) is None


def test_reminder_shows_the_time_as_a_date_token_and_a_join_button() -> None:
    start = NOW + timedelta(hours=1)
    text, blocks = BlockKitLive().reminder(
        topic="Sync", start_utc=start, minutes=10, join_url="https://j"
    )
    assert f"<!date^{int(start.timestamp())}^" in text and "in 10 min" in text
    assert blocks[1]["elements"][0]["url"] == "https://j"


def test_in_room_line_counts_and_lists_a_few_names() -> None:
    assert in_room_line(InRoom(1)) == ":busts_in_silhouette: 1 person in the meeting"
    line = in_room_line(InRoom(25, tuple(f"P{n}" for n in range(20))))
    assert line.endswith("P19 and 5 more") and "25 people" in line


def test_past_meeting_uuids_are_double_encoded_when_zoom_asks() -> None:
    assert past_meeting_path("abc==") == "/past_meetings/abc%3D%3D"
    assert past_meeting_path("/ab//c=") == "/past_meetings/%252Fab%252F%252Fc%253D"


def test_the_modal_reminder_needs_a_channel() -> None:
    values = form(announce=None) | choice_value(ids.REMIND, "10")
    errors = parse_submission(values, user_tz="Europe/London", now=datetime(2026, 3, 1, tzinfo=UTC))
    assert isinstance(errors, dict) and ids.REMIND.block_id in errors
    request = parse_submission(
        form() | choice_value(ids.REMIND, "15"),
        user_tz="Europe/London",
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    assert not isinstance(request, dict) and request.remind_minutes == 15


async def test_a_periodic_job_outlives_its_failures(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []
    third = asyncio.Event()

    async def flaky() -> int:
        calls.append(1)
        if len(calls) >= 3:
            third.set()
            return 0
        raise RuntimeError("database away")

    job = Periodic("flaky", 0.01, flaky)
    with caplog.at_level(logging.ERROR, logger="bot.notices.periodic"):
        job.start()
        await asyncio.wait_for(third.wait(), 10)
        await job.stop()
    assert len(calls) >= 3
    # Logged once (the second, within the throttle interval, is held back and counted).
    assert [r.getMessage() for r in caplog.records].count("job.failed") == 1
    assert job.heartbeat.failures == 2 and job.heartbeat.last_ok is not None
    assert job.heartbeat.status() == "stopped"
