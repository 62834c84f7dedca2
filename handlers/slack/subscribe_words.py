"""`/zoom subscribe` words: which events, summaries, passcodes, participant names, a reminder.

`/zoom subscribe started ended names remind 10` -> notices when meetings start and end, live
cards that list who is in the room, and a reminder 10 minutes before each meeting.
"""

from __future__ import annotations

import difflib
import re

from handlers.slack.command_types import Subscribe

SUBSCRIBE_EVENTS = frozenset({"started", "ended", "recordings"})
# Opt-in only, never part of the default: the AI summary (or the facts) in the meeting's thread.
OPT_IN_EVENTS = frozenset({"summaries"})
REMIND_DEFAULT = 10
REMIND_MAX = 24 * 60

_EVENT_WORDS = {
    "started": "started",
    "start": "started",
    "ended": "ended",
    "end": "ended",
    "recordings": "recordings",
    "recording": "recordings",
    "summaries": "summaries",
    "summary": "summaries",
}
_PASSCODE_WORDS = frozenset({"passcodes", "passcode", "passwords", "password"})
_NAME_WORDS = frozenset({"names", "name", "participants", "who", "attendees"})
_REMIND_WORDS = frozenset({"remind", "reminder", "reminders"})
_MINUTES = re.compile(r"^(\d{1,4})(?:m|min|mins|minute|minutes)?$")
_UNIT_WORDS = frozenset({"m", "min", "mins", "minute", "minutes"})
_CHOICES = "started, ended, recordings, summaries, passcodes, names, remind N"


def _unknown(word: str) -> str:
    close = difflib.get_close_matches(
        word, [*SUBSCRIBE_EVENTS, *OPT_IN_EVENTS, "passcodes", "names", "remind"], n=1
    )
    hint = f" Did you mean “{close[0]}”?" if close else ""
    return f"I don't know the event “{word[:40]}”. Use: {_CHOICES}.{hint}"


def _remind(words: list[str], at: int) -> tuple[int | None, int, str | None]:
    """Minutes after `remind` at `at`, how many words it used, or a problem."""
    if at + 1 >= len(words) or not words[at + 1][:1].isdigit():
        return REMIND_DEFAULT, 1, None
    match = _MINUTES.match(words[at + 1])
    if match is None:
        return None, 2, f"“remind {words[at + 1][:20]}”: give the minutes, e.g. `remind 10`."
    minutes = int(match.group(1))
    if not 1 <= minutes <= REMIND_MAX:
        return None, 2, f"A reminder can be 1 to {REMIND_MAX} minutes before the meeting."
    used = 3 if at + 2 < len(words) and words[at + 2] in _UNIT_WORDS else 2
    return minutes, used, None


def parse_subscribe(rest: str) -> Subscribe:
    """Read the words after `/zoom subscribe`; a problem names the first word not understood."""
    events: set[str] = set()
    passcodes = names = False
    remind: int | None = None
    words = rest.lower().split()
    at = 0
    while at < len(words):
        word, used, problem = words[at], 1, None
        if word in _PASSCODE_WORDS:
            passcodes = True
        elif word in _NAME_WORDS:
            names = True
        elif word in _REMIND_WORDS:
            remind, used, problem = _remind(words, at)
        elif word in _EVENT_WORDS:
            events.add(_EVENT_WORDS[word])
        else:
            problem = _unknown(word)
        if problem:
            return Subscribe(_with_defaults(events), passcodes, problem)
        at += used
    return Subscribe(_with_defaults(events), passcodes, None, names, remind)


def _with_defaults(events: set[str]) -> frozenset[str]:
    """Only opt-ins named (or nothing): the default events come along."""
    if events - OPT_IN_EVENTS:
        return frozenset(events)
    return SUBSCRIBE_EVENTS | events
