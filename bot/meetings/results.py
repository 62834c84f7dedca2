"""What the meeting service hands back: created meetings, cancel outcomes, announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.zoom.models import Meeting

Scope = Literal["occurrence", "series"]


@dataclass(frozen=True)
class Created:
    """A meeting Zoom just created, and the id of our record of it."""

    meeting: Meeting
    record_id: int


@dataclass(frozen=True)
class Announced:
    """Where a meeting was announced in Slack, with what the card shows."""

    channel_id: str
    message_ts: str
    slack_user_id: str
    topic: str
    start_utc: datetime | None
    duration: int
    join_url: str
    meeting_id: int
    recurring: bool
    scheduled_by: str | None = None


@dataclass(frozen=True)
class NeedsChoice:
    """A recurring meeting: ask whether to cancel the next occurrence or the whole series."""

    meeting_id: int
    topic: str
    next_occurrence_id: str | None


@dataclass(frozen=True)
class Cancelled:
    """What was cancelled, and the announcements to update in place."""

    meeting_id: int
    topic: str
    scope: Scope
    recurring: bool
    occurrence_start: datetime | None
    announcements: list[Announced]
