"""A scheduling form's `view.state.values`, built field by field, and parsing it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.meetings.request import ScheduleRequest
from handlers.blocks import ids
from handlers.slack.schedule_form import parse_submission

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def text_value(field: ids.FieldIds, value: str | None) -> dict[str, Any]:
    return {field.block_id: {field.action_id: {"type": "plain_text_input", "value": value}}}


def choice_value(field: ids.FieldIds, value: str | None) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": str(value)}, "value": value}
    return {field.block_id: {field.action_id: {"selected_option": option if value else None}}}


def many_value(field: ids.FieldIds, values: list[str]) -> dict[str, Any]:
    options = [{"value": v} for v in values]
    return {field.block_id: {field.action_id: {"selected_options": options}}}


def form(**over: Any) -> dict[str, Any]:
    """A valid one-off submission in Slack's `view.state.values` shape, with overrides."""
    fields = {
        "topic": "Design review",
        "date": "2026-03-10",
        "time": "15:00",
        "duration": "45",
        "tz": "Europe/London",
        "repeat": None,
        "interval": None,
        "days": [],
        "monthly_day": None,
        "ends": None,
        "end_count": None,
        "end_date": None,
        "passcode": None,
        "options": ["waiting_room", "mute_upon_entry"],
        "recording": "cloud",
        "agenda": None,
        "announce": "C0123",
    } | over
    values: dict[str, Any] = {
        **text_value(ids.TOPIC, fields["topic"]),
        ids.DATE.block_id: {ids.DATE.action_id: {"selected_date": fields["date"]}},
        ids.START_TIME.block_id: {ids.START_TIME.action_id: {"selected_time": fields["time"]}},
        **choice_value(ids.DURATION, fields["duration"]),
        **choice_value(ids.TIMEZONE, fields["tz"]),
        **choice_value(ids.REPEAT, fields["repeat"]),
        **text_value(ids.INTERVAL, fields["interval"]),
        **many_value(ids.WEEKLY_DAYS, fields["days"]),
        **text_value(ids.MONTHLY_DAY, fields["monthly_day"]),
        **choice_value(ids.END_RULE, fields["ends"]),
        **text_value(ids.END_COUNT, fields["end_count"]),
        ids.END_DATE.block_id: {ids.END_DATE.action_id: {"selected_date": fields["end_date"]}},
        **text_value(ids.PASSCODE, fields["passcode"]),
        **many_value(ids.OPTIONS, fields["options"]),
        **choice_value(ids.RECORDING, fields["recording"]),
        **text_value(ids.AGENDA, fields["agenda"]),
        ids.ANNOUNCE.block_id: {
            ids.ANNOUNCE.action_id: {"selected_conversation": fields["announce"]}
        },
    }
    return values


def parse(
    values: dict[str, Any], user_tz: str = "Europe/London"
) -> ScheduleRequest | dict[str, str]:
    return parse_submission(values, user_tz=user_tz, now=NOW)


def errors_of(**over: Any) -> dict[str, str]:
    result = parse(form(**over))
    assert isinstance(result, dict), result
    return result
