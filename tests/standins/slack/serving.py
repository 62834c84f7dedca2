"""How the Slack stand-in serves the app: recording calls, faults, limits, triggers, lookups."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from tests.standins.slack.records import Channel, Fault, SlackCall, SlackError, _OAuthCode, _Trigger


class SlackServing:
    """The stand-in's side of each call (mixed into `SlackState`)."""

    lock: threading.RLock
    calls: list[SlackCall]
    users: dict[str, dict[str, Any]]
    channels: dict[str, Channel]
    messages: dict[str, list[dict[str, Any]]]
    faults: dict[str, list[Fault]]
    rate_limit_post_message: bool
    chat_write_public: bool
    trigger_ttl: float
    _triggers: dict[str, _Trigger]
    _codes: dict[str, _OAuthCode]
    _buckets: dict[str, tuple[float, float]]
    _counter: itertools.count[int]

    def record(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> SlackCall:
        """Append a received call."""
        call = SlackCall(method, params, headers, at=time.time())
        with self.lock:
            self.calls.append(call)
        return call

    def take_fault(self, method: str) -> Fault | None:
        """Consume one queued failure for `method`, if any."""
        with self.lock:
            queue = self.faults.get(method, [])
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def take_post_token(self, channel: str, *, burst: float = 5.0, rate: float = 1.0) -> bool:
        """Token bucket per channel for chat.postMessage; False means rate limited."""
        if not self.rate_limit_post_message:
            return True
        now = time.monotonic()
        with self.lock:
            tokens, last = self._buckets.get(channel, (burst, now))
            tokens = min(burst, tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            self._buckets[channel] = (tokens - 1.0 if allowed else tokens, now)
        return allowed

    def use_trigger(self, trigger_id: str) -> None:
        """Exchange a trigger id once, within its time to live."""
        with self.lock:
            trigger = self._triggers.get(trigger_id)
            if trigger is None:
                raise SlackError("invalid_trigger_id")
            if trigger.used:
                raise SlackError("exchanged_trigger_id")
            if time.monotonic() - trigger.issued_at > self.trigger_ttl:
                raise SlackError("expired_trigger_id")
            trigger.used = True

    def use_code(self, code: str) -> _OAuthCode:
        """Exchange an OAuth code once."""
        with self.lock:
            grant = self._codes.pop(code, None)
        if grant is None:
            raise SlackError("invalid_code")
        return grant

    def channel(self, ref: Any, *, open_dm: bool = False) -> Channel:
        """Resolve a channel id or name (or, with `open_dm`, a user id) as the bot sees it."""
        ref = str(ref or "")
        if open_dm and ref.startswith("U") and ref in self.users:
            return self.open_dm(ref)
        channel = self.channels.get(ref)
        if channel is None:
            name = ref.removeprefix("#")
            channel = next((c for c in self.channels.values() if c.name == name and name), None)
        if channel is None or (channel.is_private and not channel.bot_member):
            raise SlackError("channel_not_found")
        return channel

    def check_writable(self, channel: Channel) -> None:
        """Raise what Slack answers when the bot may not post in `channel`."""
        if channel.is_archived:
            raise SlackError("is_archived")
        if not channel.bot_member and not self.chat_write_public:
            raise SlackError("not_in_channel")

    def open_dm(self, user_id: str) -> Channel:
        """The bot's DM with a user, created on first use."""
        channel_id = f"D{user_id}"
        with self.lock:
            if channel_id not in self.channels:
                self.channels[channel_id] = Channel(channel_id, channel_id, True, dm_user=user_id)
            return self.channels[channel_id]

    def find_message(self, channel_id: str, ts: Any) -> dict[str, Any]:
        """The stored message at (channel, ts), or `message_not_found`."""
        with self.lock:
            for message in self.messages.get(channel_id, []):
                if message["ts"] == ts:
                    return message
        raise SlackError("message_not_found")

    def next_ts(self) -> str:
        """A unique, increasing message timestamp like "1700000000.000100"."""
        micros = 100 * next(self._counter)
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def next_id(self, prefix: str) -> str:
        """A unique id such as V0000042."""
        return f"{prefix}{next(self._counter):07d}"
