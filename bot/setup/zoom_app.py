"""What to paste into the Zoom app for this deployment: URLs, events and scopes by name."""

from __future__ import annotations

from dataclasses import dataclass

from bot.accounts.linking import CALLBACK_PATH
from bot.notices.routes.table import ROUTES

WEBHOOK_PATH = "/zoom/webhook"
DEAUTHORIZED = "app_deauthorized"
# Zoom's names for the events on the Event Subscriptions page; unknown ones show by id only.
EVENT_LABELS = {
    "meeting.started": "Meeting: Start Meeting",
    "meeting.ended": "Meeting: End Meeting",
    "meeting.updated": "Meeting: Meeting has been updated",
    "meeting.participant_joined": "Meeting: Participant/Host joined meeting",
    "meeting.participant_left": "Meeting: Participant/Host left meeting",
    "meeting.summary_completed": "Meeting: Meeting summary completed",
    "recording.completed": "Recording: All Recordings have completed",
    "recording.transcript_completed": "Recording: Recording transcript files have completed",
}


@dataclass(frozen=True)
class Scope:
    """One permission the app needs, in Zoom's classic and granular names."""

    purpose: str
    classic: str
    granular: str


USER_SCOPES = (
    Scope("create meetings", "meeting:write", "meeting:write:meeting"),
    Scope("list upcoming meetings", "meeting:read", "meeting:read:list_meetings"),
    Scope("read one meeting", "meeting:read", "meeting:read:meeting"),
    Scope("cancel meetings", "meeting:write", "meeting:delete:meeting"),
    Scope("know who linked", "user:read", "user:read:user"),
    Scope("recording notices", "recording:read", "cloud_recording:read:list_recording_files"),
    Scope("AI summaries in the thread", "meeting_summary:read", "meeting:read:summary"),
)


@dataclass(frozen=True)
class ZoomAppValues:
    """Everything the Zoom app form asks for, for one public URL and mode."""

    app_type: str
    redirect_url: str
    allow_list: tuple[str, ...]
    event_endpoint: str
    events: tuple[tuple[str, str], ...]
    scopes: tuple[Scope, ...]
    deauthorization: str


def _admin(scope: Scope) -> Scope:
    return Scope(scope.purpose, scope.classic + ":admin", scope.granular + ":admin")


def zoom_app_values(public_url: str, *, server_to_server: bool) -> ZoomAppValues:
    """The values for a user-managed OAuth app, or a Server-to-Server app (admin scopes)."""
    base = public_url.rstrip("/")
    events = tuple((name, EVENT_LABELS.get(name, name)) for name in ROUTES if name != DEAUTHORIZED)
    scopes = tuple(_admin(s) for s in USER_SCOPES) if server_to_server else USER_SCOPES
    return ZoomAppValues(
        app_type="Server-to-Server OAuth app" if server_to_server else "General app, user-managed",
        redirect_url=base + CALLBACK_PATH,
        allow_list=(base + CALLBACK_PATH, base),
        event_endpoint=base + WEBHOOK_PATH,
        events=events,
        scopes=scopes,
        deauthorization=base + WEBHOOK_PATH,
    )
