"""Meeting UUIDs in URL paths, as Zoom asks: double-encoded when one starts with / or holds //."""

from __future__ import annotations

from urllib.parse import quote


def encoded_uuid(uuid: str) -> str:
    """The UUID as one path segment (encoded twice when Zoom requires it)."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def past_meeting_path(uuid: str) -> str:
    """/past_meetings/{uuid} for one instance of a meeting."""
    return "/past_meetings/" + encoded_uuid(uuid)
