"""The scheduling modal's field ids, and its submitted state turned into a `ScheduleRequest`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Literal, cast

from bot.meetings.request import ScheduleRequest
from bot.timefmt import NonexistentLocalTime, is_valid_tz, to_local_date, to_utc
from bot.zoom.models import (
    AGENDA_MAX,
    MAX_END_TIMES,
    MAX_REPEAT_INTERVAL,
    PASSCODE_PATTERN,
    TOPIC_MAX,
    MeetingSettings,
    NewMeeting,
    Recurrence,
)
from handlers.blocks.ids import (
    AGENDA,
    ALT_HOSTS,
    ANNOUNCE,
    DATE,
    DURATION,
    END_COUNT,
    END_DATE,
    END_RULE,
    INTERVAL,
    MONTHLY_DAY,
    OPTIONS,
    PASSCODE,
    RECORDING,
    REPEAT,
    SCHEDULE_FOR,
    START_TIME,
    TIMEZONE,
    TOPIC,
    WEEKLY_DAYS,
)
from handlers.blocks.schedule_choices import (
    INTERVAL_UNIT,
    RECORDING_CHOICES,
    REPEAT_CHOICES,
    REPEAT_TYPES,
    WEEKDAYS,
)
from handlers.slack.view_state import ViewState, as_date, as_int, as_time

Recording = Literal["local", "cloud", "none"]

WAITING_ROOM_VS_JBH = (
    "Zoom turns off joining before the host while the waiting room is on. Untick one of them."
)
PAST_SLACK = timedelta(minutes=1)
_END_OF_DAY = time(23, 59)


def selected_repeat(values: object) -> str:
    """The Repeat choice in a (possibly partial) state; "none" when unset or unknown."""
    return _repeat(ViewState(values))


def _repeat(s: ViewState) -> str:
    choice = s.selected(REPEAT)
    return choice if choice in REPEAT_CHOICES else "none"


def _start(s: ViewState, tz: str | None, now: datetime, errors: dict[str, str]) -> datetime | None:
    day = as_date(s.raw(DATE, "selected_date"))
    clock = as_time(s.raw(START_TIME, "selected_time"))
    if day is None:
        errors[DATE.block_id] = "Pick a date."
    if clock is None:
        errors[START_TIME.block_id] = "Pick a start time."
    if day is None or clock is None or tz is None:
        return None
    try:
        start = to_utc(day, clock, tz)
    except NonexistentLocalTime as exc:
        errors[START_TIME.block_id] = str(exc)
        return None
    except (ValueError, OverflowError):
        errors[DATE.block_id] = "That date is out of range."
        return None
    if start < now - PAST_SLACK:
        if day < to_local_date(now, tz):
            errors[DATE.block_id] = "That date is in the past."
        else:
            errors[START_TIME.block_id] = "That time has already passed. Pick a later time."
        return None
    return start


def _ends(
    s: ViewState, start: datetime | None, tz: str | None, errors: dict[str, str]
) -> tuple[int | None, datetime | None]:
    rule = s.selected(END_RULE)
    count_text, end_text = s.text(END_COUNT), s.raw(END_DATE, "selected_date")
    if count_text is not None and end_text is not None:
        errors[END_RULE.block_id] = "Choose one: a number of times or an end date, not both."
        return None, None
    if rule == "count" or (rule is None and count_text is not None):
        count = as_int(count_text)
        if count is None or not 1 <= count <= MAX_END_TIMES:
            errors[END_COUNT.block_id] = f"Enter how many times, from 1 to {MAX_END_TIMES}."
            return None, None
        return count, None
    if rule == "date" or (rule is None and end_text is not None):
        end = as_date(end_text)
        if end is None:
            errors[END_DATE.block_id] = "Pick the date of the last meeting."
            return None, None
        if start is None or tz is None:
            return None, None
        if end <= to_local_date(start, tz):
            errors[END_DATE.block_id] = "The end date must be after the first meeting."
            return None, None
        try:
            return None, to_utc(end, _END_OF_DAY, tz)
        except NonexistentLocalTime:  # a zone whose clocks jump at midnight
            return None, to_utc(end, time(12), tz)
    errors[END_RULE.block_id] = "Choose when the series ends."
    return None, None


def _recurrence(
    s: ViewState, start: datetime | None, tz: str | None, errors: dict[str, str]
) -> Recurrence | None:
    kind = _repeat(s)
    if kind not in REPEAT_TYPES:
        return None
    zoom_type = REPEAT_TYPES[kind]
    interval = as_int(s.text(INTERVAL)) if s.text(INTERVAL) is not None else 1
    top = MAX_REPEAT_INTERVAL[zoom_type]
    if interval is None or not 1 <= interval <= top:
        errors[INTERVAL.block_id] = f"Repeat every 1 to {top} {INTERVAL_UNIT[kind]}."
    days = tuple(sorted(int(d) for d in s.selected_many(WEEKLY_DAYS) if d in dict(WEEKDAYS)))
    if kind == "weekly" and not days:
        errors[WEEKLY_DAYS.block_id] = "Pick at least one day of the week."
    monthly_day = as_int(s.text(MONTHLY_DAY))
    if kind == "monthly" and s.text(MONTHLY_DAY) is None and start is not None and tz:
        monthly_day = to_local_date(start, tz).day
    if kind == "monthly" and (monthly_day is None or not 1 <= monthly_day <= 31):
        errors[MONTHLY_DAY.block_id] = "Enter a day of the month from 1 to 31."
    end_times, end_date = _ends(s, start, tz, errors)
    if errors or interval is None:
        return None
    return Recurrence(
        type=zoom_type,
        repeat_interval=interval,
        weekly_days=",".join(str(d) for d in days) if kind == "weekly" else None,
        monthly_day=monthly_day if kind == "monthly" else None,
        end_times=end_times,
        end_date_time=end_date,
    )


def _people(
    s: ViewState, user_id: str, errors: dict[str, str]
) -> tuple[str | None, tuple[str, ...]]:
    chosen = s.raw(SCHEDULE_FOR, "selected_user")
    host = chosen if chosen and chosen != user_id else None
    alternates = tuple(dict.fromkeys(s.users(ALT_HOSTS)))
    if (host or user_id) in alternates:
        errors[ALT_HOSTS.block_id] = "The host can't also be an alternative host. Remove them."
    return host, alternates


def parse_submission(
    values: object, *, user_tz: str, now: datetime, user_id: str = ""
) -> ScheduleRequest | dict[str, str]:
    """Validate the whole form; return the request or {block_id: message} for `errors`."""
    s, errors = ViewState(values), dict[str, str]()
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    topic = s.text(TOPIC)
    if topic is None:
        errors[TOPIC.block_id] = "Give the meeting a topic."
    elif len(topic) > TOPIC_MAX:
        errors[TOPIC.block_id] = f"Keep the topic to {TOPIC_MAX} characters ({len(topic)} now)."
    tz = s.selected(TIMEZONE) or user_tz
    if not is_valid_tz(tz):
        errors[TIMEZONE.block_id] = "Pick a time zone."
    start = _start(s, tz if is_valid_tz(tz) else None, now, errors)
    duration = as_int(s.selected(DURATION))
    if duration is None or not 1 <= duration <= 24 * 60:
        errors[DURATION.block_id] = "Pick a duration."
    recurrence = _recurrence(s, start, tz if is_valid_tz(tz) else None, errors)
    passcode = s.text(PASSCODE)
    if passcode is not None and not re.fullmatch(PASSCODE_PATTERN, passcode):
        errors[PASSCODE.block_id] = "Up to 10 letters, digits or @ _ * - (no spaces)."
    agenda = s.text(AGENDA)
    if agenda is not None and len(agenda) > AGENDA_MAX:
        errors[AGENDA.block_id] = f"Keep the agenda to {AGENDA_MAX} characters."
    recording = s.selected(RECORDING) or "none"
    if recording not in RECORDING_CHOICES:
        errors[RECORDING.block_id] = "Pick a recording option."
    options = s.selected_many(OPTIONS)
    if "use_pmi" in options and recurrence is not None:
        errors[OPTIONS.block_id] = (
            "Zoom can't hold a meeting that repeats at fixed times in a Personal Meeting ID. "
            "Untick it, or choose Does not repeat."
        )
    if {"waiting_room", "join_before_host"} <= options:
        # Zoom would accept both and silently drop join-before-host: say so instead.
        errors.setdefault(OPTIONS.block_id, WAITING_ROOM_VS_JBH)
    schedule_for, alternates = _people(s, user_id, errors)
    if errors or topic is None or start is None or duration is None:
        return errors
    meeting = NewMeeting(
        topic=topic,
        type=8 if recurrence else 2,
        start_time=start,
        timezone=tz,
        duration=duration,
        password=passcode,
        agenda=agenda,
        recurrence=recurrence,
        settings=MeetingSettings(
            waiting_room="waiting_room" in options,
            join_before_host="join_before_host" in options,
            mute_upon_entry="mute_upon_entry" in options,
            auto_recording=cast(Recording, recording),
            use_pmi=True if "use_pmi" in options else None,
        ),
    )
    return ScheduleRequest(
        meeting=meeting,
        announce_channel=s.raw(ANNOUNCE, "selected_conversation"),
        schedule_for=schedule_for,
        alternative_hosts=alternates,
    )
