"""Zoom API paths: meeting ids checked, user ids and meeting UUIDs encoded as Zoom asks.

A meeting UUID is double-encoded when it starts with / or holds // (Zoom's rule).
"""

from __future__ import annotations

from urllib.parse import quote


def encoded_uuid(uuid: str) -> str:
    """The UUID as one path segment (encoded twice when Zoom requires it)."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def past_meeting_path(uuid: str) -> str:
    """/past_meetings/{uuid} for one instance of a meeting."""
    return "/past_meetings/" + encoded_uuid(uuid)


def summary_path(uuid: str) -> str:
    """GET path of a meeting instance's AI summary."""
    if not uuid:
        raise ValueError("a meeting summary needs the meeting's UUID")
    return f"/meetings/{encoded_uuid(uuid)}/meeting_summary"


def meeting_path(meeting_id: int | str) -> str:
    """/meetings/{id}, refusing anything that is not a meeting id before it is sent."""
    text = str(meeting_id).strip()
    if not text.isdigit():
        raise ValueError(f"not a Zoom meeting id: {meeting_id!r}")
    return f"/meetings/{int(text)}"


def user_path(user_id: str) -> str:
    """/users/{id or email}."""
    return "/users/" + quote(user_id, safe="@")
