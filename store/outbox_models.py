"""The outbox's per-channel table: each channel's delivery lease and pace, shared by workers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, utcnow


class OutboxChannel(SQLModel, table=True):
    """One channel with outbox rows: its delivery lease and its pace (GCRA), shared by workers."""

    __tablename__ = "outbox_channels"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_outbox_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    # Not before this may the channel's head be sent (pace, Retry-After or a retry backoff).
    ready_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
    # The pace's theoretical arrival time: ready_at = tat - burst allowance.
    tat: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # Last time a row was queued here; retention only forgets channels idle for a while.
    touched_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
