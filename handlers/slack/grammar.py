"""The `/zoom` command grammar: text in, a `Command` value out, never an exception."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import parse_qs, urlsplit

from bot.meetings.refs import MeetingRef

SUBSCRIBE_EVENTS = frozenset({"started", "ended", "recordings"})
# Opt-in only, never part of the default: AI summaries (or the facts) in the meeting's
# thread, and attendee names in those facts.
OPT_IN_EVENTS = frozenset({"summaries", "names"})

_ID_DIGITS = re.compile(r"\d{9,11}")
_ID_TEXT = re.compile(r"\d+(?:[ \-]\d+)*")
_URL_ID_PATH = re.compile(r"/(?:j|s|w|wc(?:/join)?)/(\d+)")
_ZOOM_HOSTS = ("zoom.us", "zoomgov.com")
_EVENT_WORDS = {
    "started": "started",
    "start": "started",
    "ended": "ended",
    "end": "ended",
    "recordings": "recordings",
    "recording": "recordings",
    "summaries": "summaries",
    "summary": "summaries",
    "names": "names",
    "attendees": "names",
}
_PASSCODE_WORDS = frozenset({"passcodes", "passcode", "passwords", "password"})


@dataclass(frozen=True)
class InstantMeeting:
    topic: str | None = None
    use_pmi: bool = False


@dataclass(frozen=True)
class Schedule:
    topic: str | None = None


@dataclass(frozen=True)
class ListMeetings:
    include_scheduled_for_others: bool = False


@dataclass(frozen=True)
class Cancel:
    meeting_ref: MeetingRef | None
    problem: str | None = None


@dataclass(frozen=True)
class Link:
    pass


@dataclass(frozen=True)
class Unlink:
    pass


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Subscribe:
    events: frozenset[str]
    include_passcodes: bool = False
    problem: str | None = None


@dataclass(frozen=True)
class Unsubscribe:
    pass


@dataclass(frozen=True)
class Subscriptions:
    pass


@dataclass(frozen=True)
class Join:
    meeting_ref: MeetingRef | None
    personal: bool = False
    problem: str | None = None


@dataclass(frozen=True)
class Unknown:
    word: str
    suggestion: str | None = None


Command: TypeAlias = (
    InstantMeeting | Schedule | ListMeetings | Cancel | Link | Unlink | Status | Help
    | Subscribe | Unsubscribe | Subscriptions | Join | Unknown
)  # fmt: skip


@dataclass(frozen=True)
class CommandHelp:
    """One line of `/zoom help`: how to type it and what it does."""

    usage: str
    description: str


HELP_ENTRIES: tuple[CommandHelp, ...] = (
    CommandHelp("/zoom [now] [topic]", "Start a meeting right now and post its link here"),
    CommandHelp("/zoom now pmi [topic]", "Start it in your Personal Meeting ID instead"),
    CommandHelp("/zoom new [topic]", "Schedule a meeting (opens a form)"),
    CommandHelp("/zoom list [all]", "Your upcoming meetings, with Join and Cancel buttons"),
    CommandHelp("/zoom cancel <meeting ID or link>", "Cancel one of your meetings"),
    CommandHelp("/zoom join <meeting ID or link>", "Get a Join button for a meeting"),
    CommandHelp("/zoom join me", "Get a Join button for your personal meeting room"),
    CommandHelp("/zoom link", "Connect your Zoom account"),
    CommandHelp("/zoom unlink", "Disconnect your Zoom account"),
    CommandHelp("/zoom status", "Show which Zoom account is connected"),
    CommandHelp(
        "/zoom subscribe [started] [ended] [recordings] [summaries] [names] [passcodes]",
        "Post your meetings' notices in this channel (started, ended and recordings if "
        "none given; summaries, names and passcodes only when asked for)",
    ),
    CommandHelp("/zoom unsubscribe", "Stop posting your notices in this channel"),
    CommandHelp("/zoom subscriptions", "Show what this channel is subscribed to"),
    CommandHelp("/zoom help", "Show this help"),
)

VERBS: tuple[str, ...] = (
    "now", "new", "schedule", "list", "cancel", "link", "unlink", "status", "help",
    "subscribe", "unsubscribe", "subscriptions", "join",
)  # fmt: skip


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


def _topic(rest: str) -> str | None:
    topic = unescape_slack(rest).strip()
    return topic or None


def _subscribe(rest: str) -> Subscribe:
    events: set[str] = set()
    passcodes = False
    for word in rest.lower().split():
        if word in _PASSCODE_WORDS:
            passcodes = True
        elif word in _EVENT_WORDS:
            events.add(_EVENT_WORDS[word])
        else:
            words = [*SUBSCRIBE_EVENTS, *OPT_IN_EVENTS, "passcodes"]
            close = difflib.get_close_matches(word, words, n=1)
            hint = f" Did you mean “{close[0]}”?" if close else ""
            choices = "started, ended, recordings, summaries, names, passcodes"
            problem = f"I don't know the event “{word[:40]}”. Use: {choices}.{hint}"
            return Subscribe(_with_defaults(events), passcodes, problem)
    return Subscribe(_with_defaults(events), passcodes)


def _with_defaults(events: set[str]) -> frozenset[str]:
    """Only opt-ins named (or nothing): the default events come along."""
    if events - OPT_IN_EVENTS:
        return frozenset(events)
    return SUBSCRIBE_EVENTS | events


def _with_ref(rest: str) -> tuple[MeetingRef | None, str | None]:
    try:
        return parse_meeting_ref(rest), None
    except MeetingRefError as exc:
        return None, str(exc)


def _join(rest: str) -> Join:
    if rest.strip().lower() in ("me", "my", "pmi"):
        return Join(None, personal=True)
    ref, problem = _with_ref(rest)
    return Join(ref, personal=False, problem=problem)


def _dispatch(verb: str, rest: str) -> Command:
    simple: dict[str, Command] = {
        "link": Link(),
        "unlink": Unlink(),
        "status": Status(),
        "help": Help(),
        "unsubscribe": Unsubscribe(),
        "subscriptions": Subscriptions(),
    }
    if verb in simple:
        return simple[verb]
    if verb == "now":
        head, _, topic = rest.strip().partition(" ")
        if head.lower() == "pmi":  # `/zoom now pmi [topic]`: in the caller's PMI
            return InstantMeeting(_topic(topic), use_pmi=True)
        return InstantMeeting(_topic(rest))
    if verb in ("new", "schedule"):
        return Schedule(_topic(rest))
    if verb == "list":
        return ListMeetings(include_scheduled_for_others=rest.strip().lower() == "all")
    if verb == "cancel":
        return Cancel(*_with_ref(rest))
    if verb == "subscribe":
        return _subscribe(rest)
    return _join(rest)


def parse_command(text: str) -> Command:
    """Parse the text after `/zoom`; never raises."""
    if not isinstance(text, str) or not text.strip():
        return InstantMeeting(None)
    parts = text.strip().split(maxsplit=1)
    word = parts[0]
    rest = parts[1] if len(parts) > 1 else ""
    verb = word.lower()
    if verb == "?":
        return Help()
    if verb not in VERBS:
        close = difflib.get_close_matches(verb, VERBS, n=1)
        return Unknown(word, close[0] if close else None)
    return _dispatch(verb, rest)
