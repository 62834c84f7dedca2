"""State behind the Slack Web API stand-in: what tests arrange, and what they assert on."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")

DEFAULT_TEAM_ID = "T0001"
DEFAULT_TOKEN = "xoxb-test-token"
DEFAULT_SCOPES = "commands,chat:write,im:write,users:read,users:read.email,channels:read"
_TZ_LABELS = {
    "Europe/London": "Greenwich Mean Time",
    "America/New_York": "Eastern Standard Time",
    "America/Los_Angeles": "Pacific Standard Time",
    "UTC": "Coordinated Universal Time",
}


class SlackError(Exception):
    """An `ok: false` answer with Slack's error code."""

    def __init__(self, error: str, *, messages: list[str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []


@dataclass
class SlackCall:
    """One request the stand-in received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float
    failed: bool = False


@dataclass
class Bot:
    """A bot token and the installation it belongs to."""

    token: str
    team_id: str
    user_id: str = "U0BOT"
    bot_id: str = "B0BOT"
    scope: str = DEFAULT_SCOPES
    revoked: bool = False


@dataclass
class Channel:
    """A conversation: public or private channel, or a DM with the bot."""

    id: str
    name: str
    is_private: bool = False
    is_archived: bool = False
    bot_member: bool = True
    dm_user: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The conversation object as conversations.info shows it to the bot."""
        if self.dm_user is not None:
            return {"id": self.id, "created": 1_700_000_000, "is_im": True, "user": self.dm_user}
        blank = {"value": "", "creator": "", "last_set": 0}
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_general": self.name == "general",
            "is_member": self.bot_member,
            "created": 1_700_000_000,
            "creator": "U0001",
            "topic": blank,
            "purpose": blank,
        }


@dataclass
class Fault:
    """A failure queued for the next calls of one method."""

    times: int
    status: int
    retry_after: int | None
    error: str | None


@dataclass
class _Trigger:
    issued_at: float
    used: bool = False


@dataclass
class _OAuthCode:
    team_id: str
    team_name: str
    user_id: str
    bot_user_id: str
    redirect_uri: str | None


@dataclass
class SlackState:
    """Everything the Slack stand-in knows; safe to use from the test thread and the server."""

    client_id: str = "111.222"
    client_secret: str = "slack-client-secret"
    chat_write_public: bool = False
    rate_limit_post_message: bool = False
    trigger_ttl: float = 3.0
    response_url_max_uses: int = 5
    teams: dict[str, str] = field(default_factory=lambda: {DEFAULT_TEAM_ID: "Acme"})
    bots: dict[str, Bot] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    edits: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[SlackCall] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _triggers: dict[str, _Trigger] = field(default_factory=dict, repr=False)
    _codes: dict[str, _OAuthCode] = field(default_factory=dict, repr=False)
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def __post_init__(self) -> None:
        self.add_token(DEFAULT_TOKEN)
        self.add_user(
            "U0001",
            name="ada",
            real_name="Ada Lovelace",
            email="ada@example.com",
            tz="Europe/London",
        )
        self.add_user(
            "U0002",
            name="bob",
            real_name="Bob Builder",
            email="bob@example.com",
            tz="America/Los_Angeles",
        )
        self.add_channel("C0001", name="general")
        self.add_channel("C0002", name="random", bot_member=False)
        self.add_channel("G0001", name="secret", is_private=True, bot_member=False)

    def secrets(self) -> set[str]:
        """Every bot token and credential this stand-in knows (for leak checks)."""
        with self.lock:
            return set(self.bots) | {self.client_secret}

    # -- arranging ------------------------------------------------------------------------

    def add_token(
        self,
        token: str,
        *,
        team_id: str = DEFAULT_TEAM_ID,
        user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        scope: str = DEFAULT_SCOPES,
    ) -> None:
        """Register a valid bot token for a team."""
        with self.lock:
            self.teams.setdefault(team_id, team_id)
            self.bots[token] = Bot(token, team_id, user_id, bot_id, scope)

    def revoke_token(self, token: str) -> None:
        """Make a token answer `token_revoked` from now on."""
        with self.lock:
            self.bots[token].revoked = True

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str,
        email: str,
        tz: str = "America/New_York",
        tz_offset: int | None = None,
        team_id: str = DEFAULT_TEAM_ID,
        is_admin: bool = False,
        is_owner: bool = False,
    ) -> None:
        """Register a workspace member; `tz_offset` defaults to the zone's current offset."""
        if tz_offset is None:
            offset = datetime.now(ZoneInfo(tz)).utcoffset()
            tz_offset = int(offset.total_seconds()) if offset is not None else 0
        profile = {"email": email, "real_name": real_name, "display_name": name}
        user = {
            "id": user_id,
            "team_id": team_id,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "is_bot": False,
            "is_admin": is_admin or is_owner,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "tz": tz,
            "tz_label": _TZ_LABELS.get(tz, tz),
            "tz_offset": tz_offset,
            "profile": profile,
        }
        with self.lock:
            self.users[user_id] = user

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        is_private: bool = False,
        is_archived: bool = False,
        bot_member: bool = True,
    ) -> None:
        """Register a channel."""
        with self.lock:
            self.channels[channel_id] = Channel(
                channel_id, name, is_private, is_archived, bot_member
            )

    def issue_trigger(self) -> str:
        """Hand out a fresh trigger id, as an interaction payload would carry."""
        with self.lock:
            trigger_id = f"{next(self._counter)}.1700000000.{secrets.token_hex(8)}"
            self._triggers[trigger_id] = _Trigger(issued_at=time.monotonic())
        return trigger_id

    def issue_oauth_code(
        self,
        team_id: str = "T0002",
        team_name: str = "Beta",
        *,
        user_id: str = "U0001",
        bot_user_id: str = "U0BOT2",
        redirect_uri: str | None = None,
    ) -> str:
        """Hand out a single-use code, as Slack's redirect after an install would carry."""
        code = f"{next(self._counter)}.{secrets.token_hex(8)}"
        with self.lock:
            self._codes[code] = _OAuthCode(team_id, team_name, user_id, bot_user_id, redirect_uri)
        return code

    def new_response_url(self, base_url: str) -> str:
        """A response_url served by this stand-in at `base_url`; its key is the last segment."""
        key = f"R{next(self._counter)}{secrets.token_hex(4)}"
        with self.lock:
            self.responses[key] = []
        return f"{base_url.rstrip('/')}/response/{key}"

    def fail(
        self,
        method: str,
        *,
        times: int = 1,
        status: int = 500,
        retry_after: int | None = 1,
        error: str | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail (5xx, 429, or 200 with ok:false)."""
        with self.lock:
            self.faults.setdefault(method, []).append(Fault(times, status, retry_after, error))

    def delay(self, method: str, seconds: float) -> None:
        """Make every call of `method` wait before answering (0 removes the delay)."""
        with self.lock:
            self.delays[method] = seconds

    # -- asserting ------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[SlackCall]:
        """The calls received for one method, oldest first."""
        with self.lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[SlackCall]:
        """Block until `count` calls of `method` arrived; AssertionError on timeout."""
        missing = partial(self._missing, f"{count} x {method}")
        return _poll(partial(self._enough, method, count), timeout, missing)

    async def wait_for_async(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[SlackCall]:
        """Like `wait_for`, without blocking the running event loop."""
        missing = partial(self._missing, f"{count} x {method}")
        return await _poll_async(partial(self._enough, method, count), timeout, missing)

    def wait_for_response(
        self, key: str, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Block until `count` bodies were posted to a response_url (key or full URL)."""
        key = key.rstrip("/").rsplit("/", 1)[-1]
        missing = partial(self._missing, f"{count} x response_url {key}")
        return _poll(partial(self._enough_responses, key, count), timeout, missing)

    async def wait_for_response_async(
        self, key: str, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Like `wait_for_response`, without blocking the running event loop."""
        key = key.rstrip("/").rsplit("/", 1)[-1]
        missing = partial(self._missing, f"{count} x response_url {key}")
        return await _poll_async(partial(self._enough_responses, key, count), timeout, missing)

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """The stored message at (channel, ts); KeyError if absent."""
        try:
            return self.find_message(channel, ts)
        except SlackError:
            raise KeyError((channel, ts)) from None

    def clear(self) -> None:
        """Forget the recorded calls."""
        with self.lock:
            self.calls.clear()

    # -- used by the app --------------------------------------------------------------------

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

    def _enough(self, method: str, count: int) -> list[SlackCall] | None:
        calls = self.calls_to(method)
        return calls if len(calls) >= count else None

    def _enough_responses(self, key: str, count: int) -> list[dict[str, Any]] | None:
        with self.lock:
            bodies = list(self.responses.get(key, []))
        return bodies if len(bodies) >= count else None

    def _missing(self, wanted: str) -> str:
        with self.lock:
            seen = [f"{c.method}{' (failed)' if c.failed else ''}" for c in self.calls]
        return f"timed out waiting for {wanted}; received: {seen or 'nothing'}"


def _poll(check: Callable[[], T | None], timeout: float, describe: Callable[[], str]) -> T:
    deadline = time.monotonic() + timeout
    while (found := check()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(describe())
        time.sleep(0.01)
    return found


async def _poll_async(
    check: Callable[[], T | None], timeout: float, describe: Callable[[], str]
) -> T:
    deadline = time.monotonic() + timeout
    while (found := check()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(describe())
        await asyncio.sleep(0.01)
    return found


def _check_text(view: dict[str, Any], key: str, problems: list[str]) -> None:
    value = view.get(key)
    if value is None:
        return
    if not isinstance(value, dict) or value.get("type") != "plain_text":
        problems.append(f"[ERROR] must be a plain_text object [json-pointer:/view/{key}]")
    elif not 0 < len(str(value.get("text", ""))) <= 24:
        problems.append(f"[ERROR] must be less than 25 characters [json-pointer:/view/{key}/text]")


def validate_view(view: Any, kinds: tuple[str, ...]) -> dict[str, Any]:
    """Check a view the way Slack does; `invalid_arguments` lists every problem."""
    if not isinstance(view, dict):
        raise SlackError(
            "invalid_arguments", messages=["[ERROR] invalid view [json-pointer:/view]"]
        )
    problems: list[str] = []
    if view.get("type") not in kinds:
        problems.append(f"[ERROR] must be one of {list(kinds)} [json-pointer:/view/type]")
    if view.get("type") == "modal" and view.get("title") is None:
        problems.append("[ERROR] missing required field: title [json-pointer:/view]")
    for key in ("title", "submit", "close"):
        _check_text(view, key, problems)
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or len(blocks) > 100:
        problems.append("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]")
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append(
            "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
        )
    for key in ("callback_id", "external_id"):
        if len(str(view.get(key, ""))) > 255:
            problems.append(f"[ERROR] must be less than 256 characters [json-pointer:/view/{key}]")
    if problems:
        raise SlackError("invalid_arguments", messages=problems)
    return view
