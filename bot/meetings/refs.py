"""Which meeting a person means: a Zoom meeting id, optionally one occurrence of a series."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MeetingRef:
    """A Zoom meeting, optionally one occurrence of a recurring series."""

    meeting_id: int
    occurrence_id: str | None = None

    def to_action_value(self) -> str:
        """Encode as a button value: "<id>" or "<id>:<occurrence id>"."""
        suffix = f":{self.occurrence_id}" if self.occurrence_id else ""
        return f"{self.meeting_id}{suffix}"


def format_meeting_id(meeting_id: int) -> str:
    """Group digits the way Zoom shows them: "123 4567 8901", "123 456 7890"."""
    digits = str(meeting_id)
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) in (9, 10):
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits
