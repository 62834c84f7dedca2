"""Zoom webhook payloads as typed values: the event, its de-duplication key and its fields.

Parsing never trusts the payload's shape: anything missing becomes an empty value, and a
body that is not a JSON object with an ``event`` name is a ``MalformedEvent``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

EVENT_KEY_MAX = 255


class MalformedEvent(ValueError):
    """The body is not a Zoom event we can read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ZoomEvent:
    """One webhook: its name, when Zoom sent it (ms), the account and the payload."""

    event: str
    event_ts: int
    account_id: str
    payload: dict[str, Any]

    @property
    def object(self) -> dict[str, Any]:
        """``payload.object`` (meetings and recordings), or an empty dict."""
        found = self.payload.get("object")
        return found if isinstance(found, dict) else {}

    @property
    def key(self) -> str:
        """The de-duplication key: (event, event_ts, object uuid or id, or the user id)."""
        obj = self.object
        subject = obj.get("uuid") or obj.get("id") or self.payload.get("user_id") or ""
        key = f"{self.event}:{self.event_ts}:{subject}"
        if len(key) <= EVENT_KEY_MAX:
            return key
        return f"{self.event[:64]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_event(body: bytes) -> ZoomEvent:
    """Read a webhook body; raise MalformedEvent unless it is a JSON object naming an event."""
    try:
        data = orjson.loads(body)  # UTF-8 only, as Zoom sends; ingest stores it decoded so
    except orjson.JSONDecodeError:
        raise MalformedEvent("body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedEvent("body is not a JSON object")
    event = data.get("event")
    if not isinstance(event, str) or not event or len(event) > 64:
        raise MalformedEvent("missing event name")
    payload = data.get("payload", {})
    if not isinstance(payload, dict):
        raise MalformedEvent("payload is not an object")
    event_ts = _int(data.get("event_ts"))
    if event_ts is None and event != "endpoint.url_validation":
        raise MalformedEvent("missing event_ts")
    return ZoomEvent(
        event=event,
        event_ts=event_ts or 0,
        account_id=str(payload.get("account_id") or ""),
        payload=payload,
    )


def meeting_id(value: Any) -> int | None:
    """A Zoom meeting id given as a number or a string of digits."""
    return _int(value)


def zoom_time(value: Any) -> datetime | None:
    """Parse Zoom's ``2024-05-01T10:00:00Z`` timestamps as aware UTC datetimes."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _text(obj: dict[str, Any], name: str) -> str:
    value = obj.get(name)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class MeetingFacts:
    """What meeting.started / meeting.ended tell us."""

    meeting_id: int | None
    uuid: str
    host_id: str
    topic: str
    start_time: datetime | None
    end_time: datetime | None

    @property
    def lasted_minutes(self) -> int | None:
        """Whole minutes between start and end, rounded, when both are known."""
        if self.start_time is None or self.end_time is None:
            return None
        seconds = (self.end_time - self.start_time).total_seconds()
        return max(0, round(seconds / 60))


def meeting_facts(event: ZoomEvent) -> MeetingFacts:
    """The meeting fields of a meeting.* event."""
    obj = event.object
    return MeetingFacts(
        meeting_id=meeting_id(obj.get("id")),
        uuid=_text(obj, "uuid"),
        host_id=_text(obj, "host_id"),
        topic=_text(obj, "topic"),
        start_time=zoom_time(obj.get("start_time")),
        end_time=zoom_time(obj.get("end_time")),
    )


@dataclass(frozen=True)
class RecordingFacts:
    """What recording.completed tells us; download links and tokens are deliberately absent."""

    meeting_id: int | None
    host_id: str
    topic: str
    share_url: str
    passcode: str


def recording_facts(event: ZoomEvent) -> RecordingFacts:
    """The shareable fields of a recording.completed event (never download_url/download_token)."""
    obj = event.object
    return RecordingFacts(
        meeting_id=meeting_id(obj.get("id")),
        host_id=_text(obj, "host_id"),
        topic=_text(obj, "topic"),
        share_url=_text(obj, "share_url"),
        passcode=_text(obj, "recording_play_passcode") or _text(obj, "password"),
    )
