"""meeting.created / updated / deleted payloads: the fields that changed, read tolerantly.

`meeting.updated` carries only the changed fields in `object` (with `old_object` holding
their previous values), so a missing or empty field means "unchanged", never "blank it".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.notices.payload import ZoomEvent, meeting_id, zoom_time

RECURRING_TYPES = (3, 8)


@dataclass(frozen=True)
class MeetingChange:
    """What a meeting.* change event says (None: not given)."""

    meeting_id: int | None
    host_id: str
    topic: str | None
    start_time: datetime | None
    old_start_time: datetime | None
    duration: int | None
    timezone: str | None
    join_url: str | None
    recurring: bool | None
    occurrence_starts: tuple[datetime, ...]
    single_occurrence: bool  # the change (or deletion) is about some occurrences only


def _str(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _positive(value: Any) -> int | None:
    number = meeting_id(value)
    return number if number is not None and number > 0 else None


def _occurrences(obj: dict[str, Any]) -> tuple[datetime, ...]:
    found = obj.get("occurrences")
    items = found if isinstance(found, list) else []
    starts = (zoom_time(o.get("start_time")) for o in items if isinstance(o, dict))
    return tuple(sorted(s for s in starts if s is not None))


def meeting_change(event: ZoomEvent) -> MeetingChange:
    """The fields of a meeting.created / updated / deleted event that carry a value."""
    obj = event.object
    old = event.payload.get("old_object")
    old = old if isinstance(old, dict) else {}
    kind = _positive(obj.get("type"))
    scope = str(event.payload.get("scope") or event.payload.get("operation") or "").lower()
    occurrences = _occurrences(obj)
    return MeetingChange(
        meeting_id=meeting_id(obj.get("id")) or meeting_id(old.get("id")),
        host_id=_str(obj, "host_id") or _str(old, "host_id") or "",
        topic=_str(obj, "topic"),
        start_time=zoom_time(obj.get("start_time")),
        old_start_time=zoom_time(old.get("start_time")),
        duration=_positive(obj.get("duration")),
        timezone=_str(obj, "timezone"),
        join_url=_str(obj, "join_url"),
        recurring=None if kind is None else kind in RECURRING_TYPES,
        occurrence_starts=occurrences,
        single_occurrence=scope == "single" or (bool(occurrences) and scope != "all"),
    )
