"""A validated scheduling request: the Zoom meeting to create, and what Slack adds to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.zoom.models import MeetingSettings, NewMeeting


@dataclass(frozen=True)
class People:
    """The Zoom emails of the Slack users the form names (from their Slack profiles)."""

    schedule_for_email: str | None = None
    alternative_host_emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleRequest:
    """A validated scheduling form: the meeting as Zoom will get it, plus the Slack side."""

    meeting: NewMeeting
    announce_channel: str | None = None
    schedule_for: str | None = None  # a Slack user, when scheduling for someone else
    alternative_hosts: tuple[str, ...] = ()  # Slack users

    @property
    def start_utc(self) -> datetime:
        """When the (first) meeting starts, in UTC."""
        assert self.meeting.start_time is not None  # the form always sets one
        return self.meeting.start_time.astimezone(UTC)

    @property
    def timezone(self) -> str:
        """The time zone the meeting is scheduled in."""
        return self.meeting.timezone or "UTC"

    def for_zoom(self, people: People | None = None) -> NewMeeting:
        """The meeting with the Zoom users behind "Schedule for" and "Alternative hosts"."""
        if people is None or not (people.schedule_for_email or people.alternative_host_emails):
            return self.meeting
        settings = self.meeting.settings or MeetingSettings()
        if people.alternative_host_emails:
            hosts = ";".join(people.alternative_host_emails)
            settings = settings.model_copy(update={"alternative_hosts": hosts})
        update: dict[str, Any] = {"settings": settings}
        if people.schedule_for_email:
            update["schedule_for"] = people.schedule_for_email
        return self.meeting.model_copy(update=update)

    def to_zoom_body(self, people: People | None = None) -> dict[str, Any]:
        """The exact create-meeting JSON Zoom will receive."""
        return self.for_zoom(people).to_body()
