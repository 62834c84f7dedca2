"""Tables of the Slack-native features: status sync grants and presence, workflow step runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, utcnow


def _stamp(*, index: bool = False) -> Any:
    return Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=index)
    )


class StatusSync(SQLModel, table=True):
    """A person who opted in to "In a Zoom meeting" status, with their encrypted user token.

    `saved_status` is what their status was before ours went up; `shown_status` what we set,
    so a status they changed mid-meeting is recognised and left alone.
    """

    __tablename__ = "status_sync"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id", name="uq_status_sync_user"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    slack_user_id: str = Field(max_length=32)
    email: str = Field(default="", index=True, max_length=320)  # lower case, for participants
    user_token_enc: str = Field(sa_column=Column(Text, nullable=False))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    pause_notifications: bool = False
    saved_status: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    shown_status: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    snoozed: bool = False
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()


class StatusPresence(SQLModel, table=True):
    """One meeting a status-sync person is in right now (several when meetings overlap)."""

    __tablename__ = "status_presence"
    __table_args__ = (UniqueConstraint("sync_id", "meeting_key", name="uq_status_presence"),)

    id: int | None = Field(default=None, primary_key=True)
    sync_id: int = Field(foreign_key="status_sync.id", ondelete="CASCADE", index=True)
    meeting_key: str = Field(index=True, max_length=160)
    zoom_user_id: str = Field(default="", max_length=64)  # the meeting's host
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    started_at: datetime = _stamp()


class StatusGrantState(SQLModel, table=True):
    """A one-time state for Slack's authorize redirect when someone turns status sync on."""

    __tablename__ = "status_grant_states"

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(unique=True, max_length=64)
    team_id: str = Field(max_length=32)
    slack_user_id: str = Field(max_length=32)
    pause_notifications: bool = False
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    created_at: datetime = _stamp()


class WorkflowStepRun(SQLModel, table=True):
    """A Workflow Builder step execution we acted on, so a redelivered event creates nothing."""

    __tablename__ = "workflow_step_runs"

    id: int | None = Field(default=None, primary_key=True)
    execution_id: str = Field(unique=True, max_length=64)
    team_id: str = Field(max_length=32)
    zoom_meeting_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = _stamp(index=True)
