"""The `/zoom` command grammar: text in, a `Command` value out, never an exception."""

from __future__ import annotations

import difflib

from bot.meetings.refs import MeetingRef
from handlers.slack.command_types import (
    HELP_ENTRIES,
    VERBS,
    Cancel,
    Command,
    CommandHelp,
    Help,
    InstantMeeting,
    Join,
    Link,
    ListMeetings,
    Schedule,
    Status,
    Subscribe,
    Subscriptions,
    Unknown,
    Unlink,
    Unsubscribe,
)
from handlers.slack.ref_parser import (
    MeetingRefError,
    parse_action_value,
    parse_meeting_ref,
    unescape_slack,
)

__all__ = [
    "InstantMeeting",
    "Schedule",
    "ListMeetings",
    "Cancel",
    "Link",
    "Unlink",
    "Status",
    "Help",
    "Subscribe",
    "Unsubscribe",
    "Subscriptions",
    "Join",
    "Unknown",
    "Command",
    "CommandHelp",
    "HELP_ENTRIES",
    "VERBS",
    "MeetingRefError",
    "unescape_slack",
    "parse_meeting_ref",
    "parse_action_value",
    "SUBSCRIBE_EVENTS",
    "parse_command",
]

SUBSCRIBE_EVENTS = frozenset({"started", "ended", "recordings"})

_EVENT_WORDS = {
    "started": "started",
    "start": "started",
    "ended": "ended",
    "end": "ended",
    "recordings": "recordings",
    "recording": "recordings",
}
_PASSCODE_WORDS = frozenset({"passcodes", "passcode", "passwords", "password"})


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
            close = difflib.get_close_matches(word, [*SUBSCRIBE_EVENTS, "passcodes"], n=1)
            hint = f" Did you mean “{close[0]}”?" if close else ""
            choices = "started, ended, recordings, passcodes"
            problem = f"I don't know the event “{word[:40]}”. Use: {choices}.{hint}"
            return Subscribe(frozenset(events) or SUBSCRIBE_EVENTS, passcodes, problem)
    return Subscribe(frozenset(events) or SUBSCRIBE_EVENTS, passcodes)


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
