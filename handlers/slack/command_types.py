"""What a `/zoom` command can be: one value type per subcommand, and the help that lists them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from bot.meetings.refs import MeetingRef


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
        "/zoom subscribe [started] [ended] [recordings] [passcodes]",
        "Post your meetings' notices in this channel (all events if none given)",
    ),
    CommandHelp("/zoom unsubscribe", "Stop posting your notices in this channel"),
    CommandHelp("/zoom subscriptions", "Show what this channel is subscribed to"),
    CommandHelp("/zoom help", "Show this help"),
)

VERBS: tuple[str, ...] = (
    "now", "new", "schedule", "list", "cancel", "link", "unlink", "status", "help",
    "subscribe", "unsubscribe", "subscriptions", "join",
)  # fmt: skip
