"""After-meeting tables: durable summary and facts jobs, and the attendees the bridge saw."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, utcnow


def _created() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class AftermathStatus(StrEnum):
    """Where an after-meeting job stands."""

    PENDING = "pending"
    DONE = "done"
    GAVE_UP = "gave_up"


class AftermathJob(SQLModel, table=True):
    """A durable after-meeting task: fetch a meeting's AI summary, or post its plain facts.

    A row, not a timer, so that a retry waiting for Zoom's summary survives a restart.
    """

    __tablename__ = "aftermath_jobs"
    __table_args__ = (
        UniqueConstraint("kind", "meeting_uuid", name="uq_aftermath_job"),
        Index("ix_aftermath_due", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "summary" | "facts"
    meeting_uuid: str = Field(max_length=128)
    zoom_meeting_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    host_zoom_user_id: str = Field(default="", index=True, max_length=64)
    topic: str = Field(default="", max_length=300)
    lasted_minutes: int | None = None
    status: str = Field(default=AftermathStatus.PENDING, max_length=16)
    attempts: int = 0
    due_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = _created()


class MeetingAttendee(SQLModel, table=True):
    """Someone the bridge saw join one meeting instance (for the after-meeting facts)."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (
        UniqueConstraint("meeting_uuid", "participant_key", name="uq_meeting_attendee"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_uuid: str = Field(max_length=128)
    host_zoom_user_id: str = Field(default="", index=True, max_length=64)
    participant_key: str = Field(max_length=128)
    name: str = Field(default="", max_length=200)
    joined_at: datetime = _created()
