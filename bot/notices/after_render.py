"""What the after-meeting notices need drawn; `NoticeRenderer` includes this protocol."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # render.py builds its NoticeRenderer on this protocol
    from bot.notices.render import AnnouncementFacts, Rendered


@dataclass(frozen=True)
class RecordingState:
    """The recording part of an ended meeting's card."""

    stage: Literal["processing", "ready"]
    kinds: tuple[str, ...] = ()
    share_url: str = ""
    passcode: str | None = None  # only where the channel may see it


@dataclass(frozen=True)
class AiSummary:
    """The parts of Zoom's AI summary that go to Slack."""

    topic: str
    overview: str
    next_steps: Sequence[str] = field(default_factory=tuple)
    full_url: str = ""


@dataclass(frozen=True)
class MeetingEndFacts:
    """What the bridge itself knows when no AI summary came."""

    topic: str
    lasted_minutes: int | None
    attendees: Sequence[str] | None  # None: the channel did not opt in to names
    summary_missing: bool = False  # Zoom said a summary exists, but it never arrived


class AftermathRenderer(Protocol):
    """Builds the after-meeting notices."""

    def recording_card(
        self, facts: AnnouncementFacts, *, lasted_minutes: int | None, recording: RecordingState
    ) -> Rendered:
        """The ended meeting's card with its recording's state."""
        ...

    def summary(self, summary: AiSummary) -> list[Rendered]:
        """The AI summary as one or more thread replies, in order, within Slack's limits."""
        ...

    def meeting_end_facts(self, facts: MeetingEndFacts) -> Rendered:
        """Duration and (when allowed) who attended."""
        ...

    def transcript(self, *, topic: str, url: str) -> Rendered:
        """The transcript is ready, with its link."""
        ...
