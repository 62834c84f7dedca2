"""The tables of live meetings: channel reminders, who is in the room, when we last heard.

They live beside `store.models` (which imports this module so one metadata holds them all).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, utcnow


def _stamp() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ReminderState(StrEnum):
    """Where a channel reminder stands at Slack."""

    WAITING = "waiting"  # beyond Slack's 120-day horizon: the worker schedules it later
    SCHEDULED = "scheduled"  # a chat.scheduleMessage row was queued for `post_at`
    OFF = "off"  # nothing to remind of (cancelled, over, or too late)


class Reminder(SQLModel, table=True):
    """A reminder N minutes before a meeting (its next occurrence) in one channel."""

    __tablename__ = "meeting_reminders"
    __table_args__ = (UniqueConstraint("meeting_id", "channel_id", name="uq_reminder_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE", index=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    minutes: int = 10
    # A recurring meeting's occurrence start times (ISO, UTC), so the next one can be chosen.
    occurrences: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = Field(default=ReminderState.OFF, max_length=16, index=True)
    post_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), index=True))
    # The exact text scheduled: what finds the message again at Slack to delete it.
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()


class LiveMeeting(SQLModel, table=True):
    """A started card: which instance is running, when Zoom last spoke, what the card shows."""

    __tablename__ = "live_meetings"

    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE", primary_key=True)
    instance_uuid: str = Field(default="", max_length=128)
    started_at: datetime = _stamp()
    last_heard_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
    version: int = 0  # bumped by every participant event
    shown_version: int = 0  # the version the card last showed (coalescing)
    waiting_alerted: bool = False


class Participant(SQLModel, table=True):
    """One person in one meeting instance; out-of-order events compare `last_event_ts`."""

    __tablename__ = "meeting_participants"
    __table_args__ = (
        UniqueConstraint(
            "zoom_meeting_id", "instance_uuid", "participant_key", name="uq_participant"
        ),
        Index("ix_participants_instance", "zoom_meeting_id", "instance_uuid", "present"),
    )

    id: int | None = Field(default=None, primary_key=True)
    zoom_meeting_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    instance_uuid: str = Field(default="", max_length=128)
    participant_key: str = Field(max_length=128)
    name: str = Field(default="", max_length=200)
    present: bool = False
    last_event_ts: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class LiveNotice(SQLModel, table=True):
    """A posted "live now" notice with a Join button, to close once the meeting ends."""

    __tablename__ = "live_notices"

    id: int | None = Field(default=None, primary_key=True)
    zoom_meeting_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    topic: str = Field(default="", max_length=300)
    created_at: datetime = _stamp()
