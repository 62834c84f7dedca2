"""Zoom webhook payloads as typed values: the event, its de-duplication key and its fields.

Parsing never trusts the payload's shape: anything missing becomes an empty value, and a
body that is not a JSON object with an ``event`` name is a ``MalformedEvent``. A missing
``event_ts`` is not: Zoom's own samples of some events (``app_deauthorized``) have none.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

EVENT_KEY_MAX = 255
MAX_EVENT_TS = 32_503_680_000_000  # 3000-01-01 in ms: later is not a clock reading
INT64_MAX = 2**63 - 1


class MalformedEvent(ValueError):
    """The body is not a Zoom event we can read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ZoomEvent:
    """One webhook: its name, when Zoom sent it (ms), the account and the payload.

    ``fingerprint`` is set when the body named no time of its own: ``event_ts`` is then the
    time it arrived, and the body's digest stands in for it in the de-duplication key.
    """

    event: str
    event_ts: int
    account_id: str
    payload: dict[str, Any]
    fingerprint: str = ""

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
        person = obj.get("participant")
        if isinstance(person, dict):  # many people join one meeting in the same millisecond
            who = person.get("participant_uuid") or person.get("id") or person.get("user_id")
            subject = f"{subject}:{who or person.get('user_name') or ''}"
        key = f"{self.event}:{self.fingerprint or self.event_ts}:{subject}"
        if len(key) <= EVENT_KEY_MAX:
            return key
        return f"{self.event[:64]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _int(value: Any) -> int | None:
    """A non-negative 64-bit integer given as a number or digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 19):
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value <= INT64_MAX:
        return value
    return None


def parse_event(body: bytes) -> ZoomEvent:
    """Read a webhook body; raise MalformedEvent unless it is a JSON object naming an event."""
    try:
        data = orjson.loads(body)  # UTF-8 only, as Zoom sends; ingest stores it decoded so
    except orjson.JSONDecodeError:
        raise MalformedEvent("body is not JSON") from None
    except RecursionError:
        raise MalformedEvent("body is nested too deeply") from None
    if not isinstance(data, dict):
        raise MalformedEvent("body is not a JSON object")
    event = data.get("event")
    if not isinstance(event, str) or not event or len(event) > 64:
        raise MalformedEvent("missing event name")
    payload = data.get("payload", {})
    if not isinstance(payload, dict):
        raise MalformedEvent("payload is not an object")
    raw_ts = data.get("event_ts")
    if isinstance(raw_ts, int | str) and not isinstance(raw_ts, bool):
        if str(raw_ts).strip().isdigit() and _int(raw_ts) is None:
            raise MalformedEvent("event_ts is out of range")
    event_ts = _sent_at(data, payload)
    if event_ts is not None and event_ts > MAX_EVENT_TS:
        raise MalformedEvent("event_ts is not a time")
    fingerprint = ""
    if event_ts is None:  # a retry carries the same body, so its digest still de-duplicates
        event_ts = int(time.time() * 1000)
        fingerprint = "sha256-" + hashlib.sha256(body).hexdigest()[:32]
    return ZoomEvent(
        event=event,
        event_ts=event_ts,
        account_id=str(payload.get("account_id") or ""),
        payload=payload,
        fingerprint=fingerprint,
    )


def _sent_at(data: dict[str, Any], payload: dict[str, Any]) -> int | None:
    """When Zoom says the event happened (ms): ``event_ts``, in the body or the payload."""
    for value in (data.get("event_ts"), payload.get("event_ts")):
        found = _int(value)
        if found is not None:
            return found
    deauthorized = zoom_time(payload.get("deauthorization_time"))
    return round(deauthorized.timestamp() * 1000) if deauthorized else None


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
    """What recording.completed tells us; download links and tokens are deliberately absent.

    ``passcode`` is what a viewer types at the share page: Zoom's ``password``. The
    ``recording_play_passcode`` beside it is a URL token (``?pwd=``), not a passcode.
    """

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
        passcode=_text(obj, "password"),
    )
