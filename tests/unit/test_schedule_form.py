"""The scheduling modal's submission: errors on the exact block, Zoom's body, DST, garbage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.meetings.request import ScheduleRequest
from bot.zoom.models import Recurrence
from handlers.blocks import ids
from tests.support.form_values import errors_of, form, parse


def test_valid_one_off_exact_zoom_body() -> None:
    request = parse(form(passcode="ab@_*-9", agenda="  Walk through the mocks  "))
    assert isinstance(request, ScheduleRequest)
    assert request.start_utc == datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert request.announce_channel == "C0123"
    assert request.to_zoom_body() == {
        "topic": "Design review",
        "type": 2,
        "start_time": "2026-03-10T15:00:00",
        "timezone": "Europe/London",
        "duration": 45,
        "password": "ab@_*-9",
        "agenda": "Walk through the mocks",
        "settings": {
            "waiting_room": True,
            "join_before_host": False,
            "mute_upon_entry": True,
            "auto_recording": "cloud",
        },
    }


def test_valid_weekly_exact_zoom_body() -> None:
    values = form(
        repeat="weekly", interval="2", days=["5", "3"], ends="count", end_count="8", options=[]
    )
    request = parse(values)
    assert isinstance(request, ScheduleRequest)
    assert request.meeting.recurrence == Recurrence(
        type=2, repeat_interval=2, weekly_days="3,5", end_times=8
    )
    body = request.to_zoom_body()
    assert body["type"] == 8
    assert body["start_time"] == "2026-03-10T15:00:00" and body["timezone"] == "Europe/London"
    assert body["recurrence"] == {
        "type": 2,
        "repeat_interval": 2,
        "weekly_days": "3,5",
        "end_times": 8,
    }
    assert "password" not in body and "agenda" not in body
    assert body["settings"] == {
        "waiting_room": False,
        "join_before_host": False,
        "mute_upon_entry": False,
        "auto_recording": "cloud",
    }


def test_daily_until_end_date_in_utc() -> None:
    values = form(repeat="daily", ends="date", end_date="2026-03-20", tz="America/New_York")
    request = parse(values)
    assert isinstance(request, ScheduleRequest)
    # The last day runs to 23:59 New York time (EDT, -4) = 03:59 UTC the next day.
    assert request.to_zoom_body()["recurrence"] == {
        "type": 1,
        "repeat_interval": 1,
        "end_date_time": "2026-03-21T03:59:00Z",
    }


def test_monthly_defaults_to_start_day() -> None:
    request = parse(form(repeat="monthly", ends="count", end_count="3"))
    assert isinstance(request, ScheduleRequest)
    assert request.to_zoom_body()["recurrence"] == {
        "type": 3,
        "repeat_interval": 1,
        "monthly_day": 10,
        "end_times": 3,
    }


@pytest.mark.parametrize(
    ("over", "block_id"),
    [
        ({"topic": None}, ids.TOPIC.block_id),
        ({"topic": "   "}, ids.TOPIC.block_id),
        ({"topic": "x" * 201}, ids.TOPIC.block_id),
        ({"date": None}, ids.DATE.block_id),
        ({"time": None}, ids.START_TIME.block_id),
        ({"date": "2026-02-28"}, ids.DATE.block_id),
        ({"date": "2026-03-01", "time": "11:58"}, ids.START_TIME.block_id),
        ({"duration": None}, ids.DURATION.block_id),
        ({"duration": "ninety"}, ids.DURATION.block_id),
        ({"passcode": "has space"}, ids.PASSCODE.block_id),
        ({"passcode": "12345678901"}, ids.PASSCODE.block_id),
        ({"passcode": "pass#word"}, ids.PASSCODE.block_id),
        ({"agenda": "a" * 2001}, ids.AGENDA.block_id),
        ({"recording": "tape"}, ids.RECORDING.block_id),
        ({"tz": "Mars/Base"}, ids.TIMEZONE.block_id),
        ({"repeat": "daily", "interval": "91", "end_count": "2"}, ids.INTERVAL.block_id),
        (
            {"repeat": "weekly", "interval": "13", "days": ["2"], "end_count": "2"},
            ids.INTERVAL.block_id,
        ),
        ({"repeat": "monthly", "interval": "4", "end_count": "2"}, ids.INTERVAL.block_id),
        ({"repeat": "daily", "interval": "0", "end_count": "2"}, ids.INTERVAL.block_id),
        ({"repeat": "weekly", "ends": "count", "end_count": "2"}, ids.WEEKLY_DAYS.block_id),
        ({"repeat": "monthly", "monthly_day": "32", "end_count": "2"}, ids.MONTHLY_DAY.block_id),
        ({"repeat": "daily", "end_count": "5", "end_date": "2026-04-01"}, ids.END_RULE.block_id),
        ({"repeat": "daily", "ends": "count", "end_count": "61"}, ids.END_COUNT.block_id),
        ({"repeat": "daily", "ends": "count"}, ids.END_COUNT.block_id),
        ({"repeat": "daily", "ends": "date"}, ids.END_DATE.block_id),
        ({"repeat": "daily", "ends": "date", "end_date": "2026-03-10"}, ids.END_DATE.block_id),
        ({"repeat": "daily"}, ids.END_RULE.block_id),
    ],
)
def test_each_bad_value_errors_on_its_block(over: dict[str, Any], block_id: str) -> None:
    errors = errors_of(**over)
    assert block_id in errors, errors
    assert all(isinstance(m, str) and m for m in errors.values())


def test_one_minute_of_slack_for_now() -> None:
    assert isinstance(parse(form(date="2026-03-01", time="11:59")), ScheduleRequest)


def test_errors_are_reported_together() -> None:
    errors = errors_of(topic=None, passcode="bad pass", duration=None)
    assert {ids.TOPIC.block_id, ids.PASSCODE.block_id, ids.DURATION.block_id} <= errors.keys()


def test_dst_gap_is_a_clear_error_on_the_time() -> None:
    errors = errors_of(date="2026-03-08", time="02:30", tz="America/New_York")
    assert "does not exist" in errors[ids.START_TIME.block_id]


def test_dst_ambiguous_time_takes_the_first() -> None:
    request = parse(form(date="2026-11-01", time="01:30", tz="America/New_York"))
    assert isinstance(request, ScheduleRequest)
    assert request.start_utc == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert request.to_zoom_body()["start_time"] == "2026-11-01T01:30:00"


def test_half_hour_zone() -> None:
    request = parse(form(date="2026-03-10", time="09:00", tz="Asia/Kolkata"))
    assert isinstance(request, ScheduleRequest)
    assert request.start_utc == datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
    assert request.to_zoom_body()["start_time"] == "2026-03-10T09:00:00"


def test_missing_time_zone_falls_back_to_user() -> None:
    request = parse(form(tz=None), user_tz="Asia/Kolkata")
    assert isinstance(request, ScheduleRequest) and request.timezone == "Asia/Kolkata"


def test_recurrence_fields_ignored_when_not_repeating() -> None:
    request = parse(form(interval="500", end_count="5", end_date="2020-01-01"))
    assert isinstance(request, ScheduleRequest) and request.meeting.recurrence is None
