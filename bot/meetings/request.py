"""A validated scheduling request, and the body Zoom's create-meeting API takes for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.timefmt import zoom_local_start

_ZOOM_RECURRENCE_TYPE = {"daily": 1, "weekly": 2, "monthly": 3}

RepeatType = Literal["daily", "weekly", "monthly"]
Recording = Literal["none", "local", "cloud"]


@dataclass(frozen=True)
class Recurrence:
    """How a fixed-time series repeats and when it ends (exactly one end rule)."""

    type: RepeatType
    interval: int = 1
    weekly_days: tuple[int, ...] = ()
    monthly_day: int | None = None
    end_times: int | None = None
    end_date_utc: datetime | None = None

    def to_zoom(self) -> dict[str, Any]:
        """Zoom's `recurrence` object."""
        body: dict[str, Any] = {
            "type": _ZOOM_RECURRENCE_TYPE[self.type],
            "repeat_interval": self.interval,
        }
        if self.type == "weekly":
            body["weekly_days"] = ",".join(str(d) for d in self.weekly_days)
        if self.type == "monthly" and self.monthly_day is not None:
            body["monthly_day"] = self.monthly_day
        if self.end_times is not None:
            body["end_times"] = self.end_times
        elif self.end_date_utc is not None:
            body["end_date_time"] = self.end_date_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        return body


@dataclass(frozen=True)
class People:
    """The Zoom emails of the Slack users the form names (from their Slack profiles)."""

    schedule_for_email: str | None = None
    alternative_host_emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleRequest:
    """A validated scheduling form."""

    topic: str
    start_utc: datetime
    timezone: str
    duration: int
    recurrence: Recurrence | None = None
    passcode: str | None = None
    waiting_room: bool = False
    join_before_host: bool = False
    mute_upon_entry: bool = False
    auto_recording: Recording = "none"
    agenda: str | None = None
    announce_channel: str | None = None
    schedule_for: str | None = None  # a Slack user, when scheduling for someone else
    alternative_hosts: tuple[str, ...] = ()  # Slack users
    use_pmi: bool = False

    def to_zoom_body(self, people: People | None = None) -> dict[str, Any]:
        """Zoom's create-meeting JSON (type 2 one-off, 8 recurring with a fixed time)."""
        body: dict[str, Any] = {
            "topic": self.topic,
            "type": 8 if self.recurrence else 2,
            "start_time": zoom_local_start(self.start_utc, self.timezone),
            "timezone": self.timezone,
            "duration": self.duration,
        }
        if self.passcode:
            body["password"] = self.passcode
        if self.agenda:
            body["agenda"] = self.agenda
        if self.recurrence:
            body["recurrence"] = self.recurrence.to_zoom()
        body["settings"] = {
            "waiting_room": self.waiting_room,
            "join_before_host": self.join_before_host,
            "mute_upon_entry": self.mute_upon_entry,
            "auto_recording": self.auto_recording,
        }
        if self.use_pmi:
            body["settings"]["use_pmi"] = True
        if people and people.alternative_host_emails:
            body["settings"]["alternative_hosts"] = ";".join(people.alternative_host_emails)
        if people and people.schedule_for_email:
            body["schedule_for"] = people.schedule_for_email
        return body
