"""Meeting bodies we send validate against Zoom's published create-meeting schema."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from jsonschema import FormatChecker
from jsonschema import ValidationError as SchemaError
from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker
from pydantic import ValidationError

from bot.zoom.models import MeetingSettings, NewMeeting, Recurrence
from tests.support.paths import SPECS

SPEC = SPECS / "zoom-meetings-openapi.json"
LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


@cache
def create_schema() -> dict[str, Any]:
    if not SPEC.exists():
        pytest.skip(f"Zoom OpenAPI spec not found at {SPEC} (shared/specs is not checked out)")
    spec = json.loads(SPEC.read_text())
    operation = spec["paths"]["/users/{userId}/meetings"]["post"]
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


def local_time_checker() -> FormatChecker:
    """The OAS 3.0 checker, plus the local form the start_time description documents.

    The schema says ``format: date-time`` (RFC 3339, offset required), while the
    field's own description allows ``yyyy-MM-ddTHH:mm:ss`` together with ``timezone``.
    """
    checker = FormatChecker()
    checker.checkers = dict(oas30_format_checker.checkers)

    @checker.checks("date-time")
    def date_time(value: object) -> bool:
        if isinstance(value, str) and LOCAL_TIME.fullmatch(value):
            return True
        return oas30_format_checker.conforms(value, "date-time")

    return checker


def validate(body: dict[str, Any], schema: dict[str, Any] | None = None) -> None:
    checker = local_time_checker() if "timezone" in body else oas30_format_checker
    OAS30WriteValidator(schema or create_schema(), format_checker=checker).validate(body)


def one_off() -> NewMeeting:
    return NewMeeting(
        topic="Quarterly planning",
        start_time=datetime(2031, 4, 1, 15, 0),
        timezone="America/Los_Angeles",
        duration=90,
        password="Pl@n_2031",
        agenda="Numbers, then hiring.",
        settings=MeetingSettings(
            waiting_room=True, join_before_host=False, auto_recording="cloud", mute_upon_entry=True
        ),
    )


def weekly(days: str) -> NewMeeting:
    return NewMeeting(
        topic="Team sync",
        type=8,
        start_time=datetime(2031, 4, 7, 9, 30),
        timezone="Europe/Berlin",
        duration=30,
        password="123456",
        recurrence=Recurrence(type=2, repeat_interval=1, weekly_days=days, end_times=10),
        settings=MeetingSettings(waiting_room=False, join_before_host=True, jbh_time=5),
    )


def monthly() -> NewMeeting:
    return NewMeeting(
        topic="Monthly all-hands",
        type=8,
        start_time=datetime(2031, 4, 1, 16, 0, tzinfo=UTC),
        duration=60,
        recurrence=Recurrence(
            type=3,
            repeat_interval=1,
            monthly_week=-1,
            monthly_week_day=6,
            end_date_time=datetime(2031, 12, 31, 23, 59, tzinfo=UTC),
        ),
        settings=MeetingSettings(auto_recording="none", host_video=True, participant_video=False),
    )


def test_one_off_meeting_body() -> None:
    body = one_off().to_body()
    validate(body)
    assert body["start_time"] == "2031-04-01T15:00:00"
    assert body["timezone"] == "America/Los_Angeles"
    assert "recurrence" not in body and "schedule_for" not in body


def test_weekly_single_day_body_validates_unchanged_schema() -> None:
    body = weekly("2").to_body()
    validate(body)
    assert body["recurrence"] == {
        "type": 2,
        "repeat_interval": 1,
        "weekly_days": "2",
        "end_times": 10,
    }


def test_weekly_several_days_body() -> None:
    # The schema enumerates single days, yet the field's description asks for comma-joined
    # days ("1,3") for several: check the documented form against a matching pattern.
    schema = copy.deepcopy(create_schema())
    weekly_days = schema["properties"]["recurrence"]["properties"]["weekly_days"]
    assert "comma separated" in weekly_days["description"]
    del weekly_days["enum"]
    weekly_days["pattern"] = r"^[1-7](,[1-7])*$"
    validate(weekly("2,4,6").to_body(), schema)


def test_monthly_body_with_end_date_in_utc() -> None:
    body = monthly().to_body()
    validate(body)
    assert body["start_time"] == "2031-04-01T16:00:00Z"
    assert body["recurrence"]["end_date_time"] == "2031-12-31T23:59:00Z"
    assert "timezone" not in body


def test_aware_start_is_converted_to_the_meeting_time_zone() -> None:
    meeting = NewMeeting(
        topic="t", start_time=datetime(2031, 7, 1, 12, 0, tzinfo=UTC), timezone="Asia/Tokyo"
    )
    assert meeting.to_body()["start_time"] == "2031-07-01T21:00:00"


def test_schedule_for_and_instant_meeting() -> None:
    body = NewMeeting(topic="Now", type=1, schedule_for="bob@example.com").to_body()
    validate(body)
    assert body == {"topic": "Now", "type": 1, "schedule_for": "bob@example.com"}


def test_the_schema_checks_are_live() -> None:
    body = one_off().to_body()
    for bad in ({"topic": "x" * 201}, {"password": "x" * 11}, {"type": 4}):
        with pytest.raises(SchemaError, match="is too long|is not one of"):
            validate({**body, **bad})
    local_without_zone = {k: v for k, v in body.items() if k != "timezone"}
    with pytest.raises(SchemaError, match="date-time"):
        validate(local_without_zone)


@pytest.mark.parametrize(
    "fields",
    [
        {"topic": "x" * 201},
        {"password": "has space"},
        {"agenda": "x" * 2001},
        {"type": 5},
        {"start_time": datetime(2031, 1, 1, 9, 0)},  # no offset, no time zone
        {"type": 8, "start_time": datetime(2031, 1, 1, 9, 0, tzinfo=UTC)},  # no recurrence
        {"timezone": "Mars/Olympus"},
    ],
)
def test_new_meeting_refuses_bad_input(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        NewMeeting.model_validate({"topic": "t", "start_time": datetime.now(UTC), **fields})


@pytest.mark.parametrize(
    "recurrence",
    [
        {"type": 1, "repeat_interval": 91},
        {"type": 2, "repeat_interval": 1},
        {"type": 2, "weekly_days": "1,8"},
        {"type": 3, "monthly_week": 2},
        {"type": 3},
        {"type": 1, "end_times": 61},
        {"type": 1, "end_times": 3, "end_date_time": "2031-01-01T00:00:00Z"},
    ],
)
def test_recurrence_rules(recurrence: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        NewMeeting.model_validate(
            {
                "topic": "t",
                "type": 8,
                "start_time": datetime(2031, 1, 1, 9, 0, tzinfo=UTC),
                "recurrence": recurrence,
            }
        )
