"""What the after-meeting events tell us: summaries, recording files, transcripts, attendees.

Parsed as tolerantly as `bot.notices.payload`: anything missing becomes an empty value.
Download URLs and the download token are never read, so nothing here can carry them on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.notices.payload import ZoomEvent, meeting_id
from bot.zoom.recording_links import TRANSCRIPT_FILE_TYPES, file_label


def _text(obj: dict[str, Any], *names: str) -> str:
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return ""


@dataclass(frozen=True)
class SummaryEvent:
    """meeting.summary_completed: which meeting instance has a summary, and whose it is."""

    meeting_id: int | None
    uuid: str
    host_id: str
    topic: str


def summary_event(event: ZoomEvent) -> SummaryEvent:
    """The fields of a meeting.summary_completed event (its object uses meeting_* names)."""
    obj = event.object
    return SummaryEvent(
        meeting_id=meeting_id(obj.get("meeting_id", obj.get("id"))),
        uuid=_text(obj, "meeting_uuid", "uuid"),
        host_id=_text(obj, "meeting_host_id", "host_id"),
        topic=_text(obj, "meeting_topic", "topic"),
    )


@dataclass(frozen=True)
class RecordingFiles:
    """A recording's shareable parts: one label per kind of file, the links, the passcode."""

    meeting_id: int | None
    uuid: str
    host_id: str
    topic: str
    share_url: str
    passcode: str  # the recording's `password`: what a viewer types
    kinds: tuple[str, ...]
    transcript_url: str
    duration: int | None  # minutes the meeting lasted


def recording_files(event: ZoomEvent) -> RecordingFiles:
    """recording.completed / recording.transcript_completed, without any download link."""
    obj = event.object
    kinds: list[str] = []
    transcript = ""
    files = obj.get("recording_files")
    for item in files if isinstance(files, list) else []:
        if not isinstance(item, dict):
            continue
        file_type = _text(item, "file_type").upper()
        label = file_label(_text(item, "recording_type"), file_type)
        if label and label not in kinds:
            kinds.append(label)
        if file_type in TRANSCRIPT_FILE_TYPES and not transcript:
            transcript = _text(item, "play_url")
    return RecordingFiles(
        meeting_id=meeting_id(obj.get("id")),
        uuid=_text(obj, "uuid"),
        host_id=_text(obj, "host_id"),
        topic=_text(obj, "topic"),
        share_url=_text(obj, "share_url"),
        passcode=_text(obj, "password"),
        kinds=tuple(kinds),
        transcript_url=transcript,
        duration=meeting_id(obj.get("duration")),
    )


def records_to_cloud(event: ZoomEvent) -> bool:
    """Whether a meeting.* payload says the meeting records to the cloud."""
    obj = event.object
    settings = obj.get("settings")
    value = settings.get("auto_recording") if isinstance(settings, dict) else None
    return (value or obj.get("auto_recording")) == "cloud"


@dataclass(frozen=True)
class Attendee:
    """Someone who joined: a stable key for de-duplication and the name Zoom showed."""

    uuid: str
    host_id: str
    key: str
    name: str


def attendee(event: ZoomEvent) -> Attendee:
    """meeting.participant_joined's participant (keyed by participant_uuid, then ids, email)."""
    obj = event.object
    person = obj.get("participant")
    person = person if isinstance(person, dict) else {}
    key = _text(person, "participant_uuid", "user_id", "id", "email", "user_name")
    return Attendee(
        uuid=_text(obj, "uuid"),
        host_id=_text(obj, "host_id"),
        key=key[:128],
        name=_text(person, "user_name")[:200],
    )
