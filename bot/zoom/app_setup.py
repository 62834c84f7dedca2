"""What the Zoom app must be set up with: the webhook events and the OAuth scopes.

Zoom offers two scope schemes: the classic one (`meeting:read`) and the granular one
(`meeting:read:meeting`); a Server-to-Server app takes the `:admin` forms. An app may use
either scheme, so a grant is complete when it holds every scope of one of them.
"""

from __future__ import annotations

from typing import Literal

# (event name, its label in the Zoom Marketplace's Event Subscriptions list)
ZOOM_EVENTS: tuple[tuple[str, str], ...] = (
    ("meeting.started", "Meeting has been started"),
    ("meeting.ended", "Meeting has been ended"),
    ("recording.completed", "All recordings have completed"),
    ("app_deauthorized", "App deauthorized"),
    ("meeting.created", "Meeting has been created"),
    ("meeting.updated", "Meeting has been updated"),
    ("meeting.deleted", "Meeting has been deleted"),
    ("meeting.participant_joined", "Participant/Host joined meeting"),
    ("meeting.participant_left", "Participant/Host left meeting"),
    ("meeting.participant_jbh_waiting", "Participant waiting for host to join"),
    ("meeting.participant_jbh_joined", "Participant joined meeting before host"),
)
CLASSIC_SCOPES = ("meeting:read", "meeting:write", "user:read")
GRANULAR_SCOPES = (
    "meeting:read:list_meetings",
    "meeting:read:meeting",
    "meeting:write:meeting",
    "meeting:delete:meeting",
    "meeting:read:past_meeting",  # the real duration of a meeting whose end was not heard
    "meeting:read:participant",  # participant joined/left events
    "user:read:user",
)

Mode = Literal["user", "s2s"]


def required_scopes(mode: Mode) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(classic, granular) scopes for a user-managed or a Server-to-Server app."""
    suffix = ":admin" if mode == "s2s" else ""
    return (
        tuple(s + suffix for s in CLASSIC_SCOPES),
        tuple(s + suffix for s in GRANULAR_SCOPES),
    )


def missing_scopes(granted: str, mode: Mode) -> list[str]:
    """Scopes a grant lacks: none when one scheme is complete, else the nearer scheme's gaps."""
    have = set(granted.replace(",", " ").split())
    gaps = [[s for s in scheme if s not in have] for scheme in required_scopes(mode)]
    return min(gaps, key=len) if all(gaps) else []
