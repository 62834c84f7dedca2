"""What the after-meeting notices show; `NoticeRenderer` (bot.notices.render) draws them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal


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
