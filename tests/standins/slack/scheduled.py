"""Slack's scheduled messages for the stand-in: chat.scheduleMessage, chat.deleteScheduledMessage
and chat.scheduledMessages.list, with Slack's limits.

As documented: `post_at` in the past -> `time_in_past`; more than 120 days ahead ->
`time_too_far`; more than 30 messages set to post within 5 minutes in one channel ->
`restricted_too_many`; an unknown or already posted id -> `invalid_scheduled_message_id`.
A scheduled message whose time has come is posted into the channel like Slack would.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HORIZON_SECONDS = 120 * 24 * 3600
WINDOW_SECONDS = 5 * 60
PER_WINDOW = 30


class ScheduledError(Exception):
    """A Slack error code (the API module turns it into ok:false)."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__(error)


@dataclass
class ScheduledStore:
    """The scheduled messages of every channel, and the knobs tests turn."""

    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Store the next N messages but answer `internal_error` (an answer lost on the way back).
    lose_answers: int = 0
    clock: Callable[[], float] = time.time
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def in_channel(self, channel: str) -> list[dict[str, Any]]:
        """The channel's pending scheduled messages, soonest first."""
        found = [m for m in self.messages.values() if m["channel_id"] == channel]
        return sorted(found, key=lambda m: (m["post_at"], m["id"]))

    def schedule(self, channel: str, post_at: Any, content: dict[str, Any]) -> dict[str, Any]:
        """Store one message for `post_at`, as chat.scheduleMessage does."""
        try:
            when = int(post_at)
        except (TypeError, ValueError):
            raise ScheduledError("invalid_time") from None
        now = self.clock()
        if when <= now:
            raise ScheduledError("time_in_past")
        if when > now + HORIZON_SECONDS:
            raise ScheduledError("time_too_far")
        near = [m for m in self.in_channel(channel) if abs(m["post_at"] - when) < WINDOW_SECONDS]
        if len(near) >= PER_WINDOW:
            raise ScheduledError("restricted_too_many")
        message_id = f"Q{next(self._ids):08d}"
        message = {"id": message_id, "channel_id": channel, "post_at": when, **content}
        message["date_created"] = int(now)
        self.messages[message_id] = message
        if self.lose_answers > 0:
            self.lose_answers -= 1
            raise ScheduledError("internal_error")
        return message

    def delete(self, channel: str, message_id: Any) -> None:
        """Remove one, as chat.deleteScheduledMessage does."""
        message = self.messages.get(str(message_id))
        if message is None or message["channel_id"] != channel:
            raise ScheduledError("invalid_scheduled_message_id")
        del self.messages[str(message_id)]

    def due(self) -> list[dict[str, Any]]:
        """Take the messages whose time has come (they get posted)."""
        now = self.clock()
        ready = [m for m in self.messages.values() if m["post_at"] <= now]
        for message in ready:
            del self.messages[message["id"]]
        return ready

    def listing(self, channel: str | None, oldest: Any, latest: Any) -> list[dict[str, Any]]:
        """chat.scheduledMessages.list's items (text only: Slack leaves blocks out)."""
        low = float(oldest) if oldest not in (None, "") else float("-inf")
        high = float(latest) if latest not in (None, "") else float("inf")
        items = [
            {k: m[k] for k in ("id", "channel_id", "post_at", "date_created", "text")}
            for m in sorted(self.messages.values(), key=lambda m: (m["post_at"], m["id"]))
            if (channel is None or m["channel_id"] == channel) and low <= m["post_at"] <= high
        ]
        return items
