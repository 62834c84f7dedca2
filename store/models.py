"""The tables: Zoom links and OAuth states, meetings, subscriptions, webhook events, the outbox.

Slack's installation and OAuth-state tables are slack_sdk's own, built on the same metadata
so that one Alembic history covers the whole database.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint, func
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, utcnow

SLACK_INSTALLATIONS_TABLE = "slack_installations"
SLACK_BOTS_TABLE = "slack_bots"
SLACK_OAUTH_STATES_TABLE = "slack_oauth_states"

# Tokens in Slack's tables are stored encrypted (bot.slack.installations), and Fernet output is
# longer than slack_sdk's String(200) columns allow for long rotating tokens: widen them.
SLACK_TOKEN_COLUMNS = (
    "bot_token",
    "bot_refresh_token",
    "user_token",
    "user_refresh_token",
    "incoming_webhook_url",
)

metadata = SQLModel.metadata
for _table in (
    SQLAlchemyInstallationStore.build_installations_table(metadata, SLACK_INSTALLATIONS_TABLE),
    SQLAlchemyInstallationStore.build_bots_table(metadata, SLACK_BOTS_TABLE),
):
    for _name in SLACK_TOKEN_COLUMNS:
        if _name in _table.c:
            _table.c[_name].type = Text()
SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, SLACK_OAUTH_STATES_TABLE)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class LinkStatus(StrEnum):
    """Whether a Zoom link's tokens still work."""

    ACTIVE = "active"
    REFRESHING = "refreshing"  # one process is renewing the tokens (claimed at updated_at)
    BROKEN = "broken"


class ZoomLink(SQLModel, table=True):
    """A Slack user's link to their Zoom account, with encrypted tokens."""

    __tablename__ = "zoom_links"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id", name="uq_zoom_links_user"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    slack_user_id: str = Field(max_length=32)
    zoom_user_id: str = Field(index=True, max_length=64)
    zoom_account_id: str = Field(default="", max_length=64)
    zoom_email: str = Field(default="", max_length=320)
    zoom_name: str = Field(default="", max_length=200)
    access_token_enc: str = Field(sa_column=Column(Text, nullable=False))
    refresh_token_enc: str = Field(sa_column=Column(Text, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default=LinkStatus.ACTIVE, max_length=16)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    # When we last warned that this link's refresh token nears its end (issue 17).
    stale_notified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class ZoomOAuthState(SQLModel, table=True):
    """A one-time state for the Zoom authorize redirect, bound to one Slack user."""

    __tablename__ = "zoom_oauth_states"

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(unique=True, max_length=64)
    team_id: str = Field(max_length=32)
    slack_user_id: str = Field(max_length=32)
    code_verifier_enc: str = Field(sa_column=Column(Text, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    created_at: datetime = _created()


class MeetingStatus(StrEnum):
    """Where a meeting the app created stands."""

    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"
    CANCELLED = "cancelled"


class Meeting(SQLModel, table=True):
    """A meeting the app created, whose host is `slack_user_id`, and where it was announced."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_team_zoom_id", "team_id", "zoom_meeting_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    slack_user_id: str = Field(max_length=32)
    zoom_meeting_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    zoom_uuid: str = Field(default="", max_length=128)
    host_zoom_user_id: str = Field(default="", index=True, max_length=64)
    topic: str = Field(default="", max_length=300)
    start_time: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    duration: int = 0
    timezone: str = Field(default="UTC", max_length=64)
    recurring: bool = False
    join_url: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    status: str = Field(default=MeetingStatus.SCHEDULED, max_length=16)
    # Set when someone scheduled it for the host (`slack_user_id`) with Zoom's schedule_for.
    scheduled_by_slack_user_id: str | None = Field(default=None, index=True, max_length=32)
    # The host's Personal Meeting ID when it uses the PMI: Zoom's webhooks then carry the PMI.
    host_pmi: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    # "cloud" when Zoom records it to the cloud (settings.auto_recording), so its card can say
    # "recording processing" once it ends; "" when unknown or not recorded to the cloud.
    auto_recording: str = Field(default="", max_length=8)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ChannelSubscription(SQLModel, table=True):
    """A channel that wants notices for one person's meetings."""

    __tablename__ = "channel_subscriptions"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "slack_user_id", name="uq_subscription"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    slack_user_id: str = Field(max_length=32)
    zoom_user_id: str = Field(index=True, max_length=64)
    events: str = Field(default="started,ended,recordings", max_length=64)
    include_passcodes: bool = False
    remind_minutes: int | None = None  # a channel reminder N minutes before each meeting
    show_names: bool = False  # live cards may list who is in the room
    created_at: datetime = _created()


class WebhookEvent(SQLModel, table=True):
    """A Zoom webhook we accepted; the unique key makes Zoom's retries no-ops."""

    __tablename__ = "webhook_events"

    id: int | None = Field(default=None, primary_key=True)
    event_key: str = Field(unique=True, max_length=255)
    event: str = Field(max_length=64)
    event_ts: int = Field(sa_column=Column(BigInteger, nullable=False))
    zoom_account_id: str = Field(default="", max_length=64)
    request_id: str | None = Field(default=None, max_length=64)  # the webhook's log id
    received_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )


class OutboxStatus(StrEnum):
    """Delivery state of one outbox row."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class OutboxMessage(SQLModel, table=True):
    """One Slack call to make (post, update, DM) for an accepted event."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_event_id: int | None = Field(
        default=None, foreign_key="webhook_events.id", ondelete="CASCADE", index=True
    )
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32, index=True)
    action: str = Field(max_length=16)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = _created()
    request_id: str | None = Field(default=None, max_length=64)  # the request that caused it


class WorkerHeartbeat(SQLModel, table=True):
    """When each process's delivery worker last completed a loop (for status and metrics)."""

    __tablename__ = "worker_heartbeats"

    process: str = Field(primary_key=True, max_length=128)
    beat_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class SetupToken(SQLModel, table=True):
    """A one-time sign-in for the operator's setup page, stored only as a hash."""

    __tablename__ = "setup_tokens"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    created_at: datetime = _created()


import store.status_models  # noqa: E402,F401  (their tables join the same metadata)

# Status sync matches Zoom participants by email on every meeting.participant_joined (one per
# person in a large meeting): the case-insensitive lookup of linked Zoom emails has an index.
Index("ix_zoom_links_email_lower", func.lower(ZoomLink.__table__.c.zoom_email))  # type: ignore[attr-defined]

# The live-meeting tables register on the same metadata (one Alembic history).
from store.live_models import LiveMeeting, LiveNotice, Participant, Reminder  # noqa: E402, F401
