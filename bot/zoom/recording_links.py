"""Zoom's cloud recording rules: which files a recording has, and links safe to share.

A share URL may carry the play passcode as ``?pwd=``: anyone with that URL skips the passcode
prompt, so it is only shown where the passcode itself may be shown.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Zoom's recording_type values, as a reader would call them; unknown types are left out.
RECORDING_TYPE_LABELS = {
    "shared_screen_with_speaker_view": "Shared screen with speaker view",
    "shared_screen_with_speaker_view(CC)": "Shared screen with speaker view (captions)",
    "shared_screen_with_gallery_view": "Shared screen with gallery view",
    "shared_screen": "Shared screen",
    "speaker_view": "Speaker view",
    "gallery_view": "Gallery view",
    "active_speaker": "Active speaker",
    "audio_only": "Audio only",
    "audio_transcript": "Audio transcript",
    "chat_file": "Chat",
    "closed_caption": "Closed captions",
    "poll": "Poll results",
    "timeline": "Timeline",
    "summary": "AI summary",
}
# When a file carries no recording_type, its file_type says enough.
FILE_TYPE_LABELS = {
    "MP4": "Video",
    "M4A": "Audio only",
    "CHAT": "Chat",
    "TRANSCRIPT": "Audio transcript",
    "CC": "Closed captions",
    "CSV": "Poll results",
    "TIMELINE": "Timeline",
    "SUMMARY": "AI summary",
}
TRANSCRIPT_FILE_TYPES = frozenset({"TRANSCRIPT"})
PASSCODE_QUERY_KEY = "pwd"


def file_label(recording_type: str, file_type: str) -> str | None:
    """A reader's name for one recording file, or None for kinds we do not list."""
    return RECORDING_TYPE_LABELS.get(recording_type) or FILE_TYPE_LABELS.get(file_type.upper())


def without_passcode(url: str) -> str:
    """The URL without its ``pwd`` query parameter (the embedded play passcode)."""
    if not url:
        return url
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() != PASSCODE_QUERY_KEY
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def shareable(url: str, *, passcode_allowed: bool) -> str:
    """The link to show: as Zoom gave it where passcodes may be seen, else without ``pwd``."""
    return url if passcode_allowed else without_passcode(url)
