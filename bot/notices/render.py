"""What the notice service needs drawn, as a protocol the assembly fills with Block Kit builders.

Services never import handlers: `bot.app` hands a renderer (handlers/blocks/notice_cards.py) down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from store.models import Meeting

Rendered = tuple[str, list[dict[str, Any]]]
CardStatus = Literal["live", "ended"]


@dataclass(frozen=True)
class AnnouncementFacts:
    """Everything the meeting's channel card shows."""

    host_user_id: str
    topic: str
    start_utc: datetime | None
    duration: int
    join_url: str
    meeting_id: int
    recurring: bool
    scheduled_by: str | None = None  # who scheduled it for the host, when someone else did

    @classmethod
    def of(cls, meeting: Meeting) -> AnnouncementFacts:
        """The facts of a meeting the app recorded."""
        return cls(
            host_user_id=meeting.slack_user_id,
            topic=meeting.topic,
            start_utc=meeting.start_time,
            duration=meeting.duration,
            join_url=meeting.join_url,
            meeting_id=meeting.zoom_meeting_id,
            recurring=meeting.recurring,
            scheduled_by=meeting.scheduled_by_slack_user_id,
        )


class NoticeRenderer(Protocol):
    """Builds the text and blocks of each kind of notice."""

    def live(self, *, topic: str, join_url: str) -> Rendered:
        """A meeting has started, with a Join button."""
        ...

    def ended(self, *, topic: str, lasted_minutes: int | None) -> Rendered:
        """A meeting has ended."""
        ...

    def recording(self, *, topic: str, share_url: str, passcode: str | None) -> Rendered:
        """A recording is ready; the passcode only when the channel may see it."""
        ...

    def passcode_for_host(self, *, topic: str, share_url: str, passcode: str) -> Rendered:
        """The recording's passcode, privately, for the host."""
        ...

    def announcement(
        self, facts: AnnouncementFacts, *, status: CardStatus, lasted_minutes: int | None
    ) -> Rendered:
        """The meeting's channel card in its new state."""
        ...
