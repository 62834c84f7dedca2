"""Typed shapes of what we ask Zoom for (checked strictly: Zoom's rules) and of its answers.

The answers are read tolerantly; they live in ``bot.zoom.answers`` and are re-exported here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from bot.zoom.answers import Meeting, MeetingPage, MeetingSummary, Occurrence, ZoomUser

__all__ = [
    "AGENDA_MAX",
    "MAX_END_TIMES",
    "MAX_REPEAT_INTERVAL",
    "PASSCODE_PATTERN",
    "TOPIC_MAX",
    "Meeting",
    "MeetingPage",
    "MeetingSettings",
    "MeetingSummary",
    "NewMeeting",
    "Occurrence",
    "Recurrence",
    "TokenSet",
    "ZoomUser",
]

_LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TOPIC_MAX = 200  # Zoom's limits on what a meeting may say and how it may repeat
AGENDA_MAX = 2000
PASSCODE_PATTERN = r"^[A-Za-z0-9@_*-]{1,10}$"
MAX_REPEAT_INTERVAL = {1: 90, 2: 12, 3: 3}  # days, weeks, months by recurrence type
MAX_END_TIMES = 60


class TokenSet(BaseModel):
    """An OAuth token answer; token values are kept out of repr()."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    access_token: str = Field(repr=False)
    refresh_token: str | None = Field(default=None, repr=False)
    expires_at: AwareDatetime
    scope: str = ""

    @classmethod
    def from_token_response(cls, data: dict[str, Any], now: datetime) -> TokenSet:
        """Build from Zoom's /oauth/token JSON, with expiry counted from ``now``."""
        expires_in = int(data.get("expires_in") or 3600)
        return cls(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token") or None,
            expires_at=now.astimezone(UTC) + timedelta(seconds=expires_in),
            scope=str(data.get("scope") or ""),
        )

    def is_expired(self, now: datetime, *, leeway: timedelta = timedelta(seconds=60)) -> bool:
        """True when the access token expires within ``leeway`` of ``now``."""
        return now + leeway >= self.expires_at


class Recurrence(BaseModel):
    """How a type-8 meeting repeats; end_times and end_date_time exclude each other."""

    model_config = ConfigDict(extra="ignore")

    type: Literal[1, 2, 3]
    repeat_interval: int | None = Field(default=None, ge=1)
    weekly_days: str | None = Field(default=None, pattern=r"^[1-7](,[1-7])*$")
    monthly_day: int | None = Field(default=None, ge=1, le=31)
    monthly_week: Literal[-1, 1, 2, 3, 4] | None = None
    monthly_week_day: int | None = Field(default=None, ge=1, le=7)
    end_times: int | None = Field(default=None, ge=1, le=MAX_END_TIMES)
    end_date_time: AwareDatetime | None = None

    def check(self) -> None:
        """Raise ValueError when Zoom would refuse this recurrence."""
        if self.end_times is not None and self.end_date_time is not None:
            raise ValueError("recurrence: use end_times or end_date_time, not both")
        if (
            self.repeat_interval is not None
            and self.repeat_interval > MAX_REPEAT_INTERVAL[self.type]
        ):
            unit = {1: "days", 2: "weeks", 3: "months"}[self.type]
            raise ValueError(
                f"recurrence: repeat at most every {MAX_REPEAT_INTERVAL[self.type]} {unit}"
            )
        if self.type == 2 and not self.weekly_days:
            raise ValueError("recurrence: a weekly meeting needs weekly_days")
        if self.type == 3:
            by_week = self.monthly_week is not None or self.monthly_week_day is not None
            if by_week and (self.monthly_week is None or self.monthly_week_day is None):
                raise ValueError("recurrence: monthly_week and monthly_week_day go together")
            if by_week == (self.monthly_day is not None):
                raise ValueError("recurrence: a monthly meeting needs monthly_day or a week day")


class MeetingSettings(BaseModel):
    """Meeting settings; unlisted Zoom settings pass through unchanged."""

    model_config = ConfigDict(extra="allow")

    waiting_room: bool | None = None
    join_before_host: bool | None = None
    jbh_time: Literal[0, 5, 10] | None = None
    auto_recording: Literal["local", "cloud", "none"] | None = None
    host_video: bool | None = None
    participant_video: bool | None = None
    mute_upon_entry: bool | None = None
    use_pmi: bool | None = None
    alternative_hosts: str | None = None
    meeting_authentication: bool | None = None


class NewMeeting(BaseModel):
    """What we ask Zoom to create; ``to_body()`` is the exact JSON sent."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=1, max_length=TOPIC_MAX)
    type: Literal[1, 2, 3, 8] = 2
    start_time: datetime | None = None
    timezone: str | None = None
    duration: int | None = Field(default=None, ge=1)
    password: str | None = Field(default=None, pattern=PASSCODE_PATTERN)
    agenda: str | None = Field(default=None, max_length=AGENDA_MAX)
    recurrence: Recurrence | None = None
    settings: MeetingSettings | None = None
    schedule_for: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> NewMeeting:
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        if self.start_time is not None and self.start_time.tzinfo is None and not self.timezone:
            raise ValueError("a start_time without an offset needs a timezone")
        if self.type in (2, 8) and self.start_time is None:
            raise ValueError("scheduled meetings need a start_time")
        if self.type == 8 and self.recurrence is None:
            raise ValueError("a recurring meeting with a fixed time needs a recurrence")
        if self.type != 8 and self.recurrence is not None:
            raise ValueError("only type 8 meetings take a recurrence")
        if self.recurrence is not None:
            self.recurrence.check()
        return self

    def to_body(self) -> dict[str, Any]:
        """The JSON body for POST /users/{userId}/meetings, without unset fields."""
        body = self.model_dump(mode="json", exclude_none=True)
        if self.start_time is not None:
            body["start_time"] = self._format_start()
        if self.recurrence is not None and self.recurrence.end_date_time is not None:
            end = self.recurrence.end_date_time.astimezone(UTC)
            body["recurrence"]["end_date_time"] = end.strftime(_UTC_FORMAT)
        return body

    def _format_start(self) -> str:
        start = self.start_time
        assert start is not None
        if self.timezone:
            # Zoom reads a local wall-clock time in ``timezone`` when there is no offset.
            if start.tzinfo is not None:
                start = start.astimezone(ZoneInfo(self.timezone))
            return start.strftime(_LOCAL_FORMAT)
        return start.astimezone(UTC).strftime(_UTC_FORMAT)
