"""What the meeting service hands back: created meetings, cancel outcomes, announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.notices.render import AnnouncementFacts
from bot.zoom.models import Meeting

Scope = Literal["occurrence", "series"]


@dataclass(frozen=True)
class Created:
    """A meeting Zoom just created, and the id of our record of it."""

    meeting: Meeting
    record_id: int


@dataclass(frozen=True)
class Announced:
    """Where a meeting was announced in Slack, and what its card shows."""

    channel_id: str
    message_ts: str
    facts: AnnouncementFacts


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
