"""Reading a Zoom meeting from what people type or click: an ID, a join link, a button value."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bot.meetings.refs import MeetingRef

_ID_DIGITS = re.compile(r"\d{9,11}")
_ID_TEXT = re.compile(r"\d+(?:[ \-]\d+)*")
_URL_ID_PATH = re.compile(r"/(?:j|s|w|wc(?:/join)?)/(\d+)")
_ZOOM_HOSTS = ("zoom.us", "zoomgov.com")


class MeetingRefError(ValueError):
    """The text does not name a Zoom meeting."""


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping of `&`, `<` and `>`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _check_id(digits: str) -> MeetingRef:
    if not _ID_DIGITS.fullmatch(digits):
        raise MeetingRefError(f"“{digits}” isn't a Zoom meeting ID: those have 9 to 11 digits.")
    return MeetingRef(int(digits))


def _ref_from_url(text: str) -> MeetingRef:
    url = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise MeetingRefError("That link doesn't look like a Zoom meeting link.") from exc
    if not any(host == h or host.endswith("." + h) for h in _ZOOM_HOSTS):
        raise MeetingRefError("That isn't a Zoom link (zoom.us).")
    found = _URL_ID_PATH.search(parts.path)
    if found:
        return _check_id(found.group(1))
    confno = parse_qs(parts.query).get("confno")
    if confno:
        return _check_id(confno[0])
    raise MeetingRefError(
        "I can't find a meeting ID in that link. Paste the meeting ID or its /j/ link."
    )


def parse_meeting_ref(text: str) -> MeetingRef:
    """Read a meeting ID ("123 4567 8901") or a Zoom join link; raise `MeetingRefError`."""
    text = unescape_slack(text.strip())
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    text = text.strip()
    if not text:
        raise MeetingRefError("Give a meeting ID or a Zoom join link.")
    if _ID_TEXT.fullmatch(text):
        return _check_id(re.sub(r"[ \-]", "", text))
    if "/" in text or "." in text:
        return _ref_from_url(text.split()[0])
    raise MeetingRefError(f"“{text[:40]}” isn't a meeting ID or a Zoom join link.")


def parse_action_value(value: object) -> MeetingRef | None:
    """Decode a button value made by `MeetingRef.to_action_value`; None when malformed."""
    if not isinstance(value, str):
        return None
    head, _, occurrence = value.partition(":")
    if not _ID_DIGITS.fullmatch(head) or (occurrence and not occurrence.isdigit()):
        return None
    return MeetingRef(int(head), occurrence or None)
