"""State behind the Slack Web API stand-in: what tests arrange, and what they assert on."""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.standins.slack.expectations import SlackExpectations
from tests.standins.slack.records import (
    DEFAULT_SCOPES,
    DEFAULT_TEAM_ID,
    DEFAULT_TOKEN,
    Bot,
    Channel,
    Fault,
    SlackCall,
    _OAuthCode,
    _Trigger,
)

_TZ_LABELS = {
    "Europe/London": "Greenwich Mean Time",
    "America/New_York": "Eastern Standard Time",
    "America/Los_Angeles": "Pacific Standard Time",
    "UTC": "Coordinated Universal Time",
}


@dataclass
class SlackState(SlackExpectations):
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
        is_mpim: bool = False,
    ) -> None:
        """Register a channel (`is_mpim`: a group DM, private, the bot a member)."""
        with self.lock:
            self.channels[channel_id] = Channel(
                channel_id, name, is_private or is_mpim, is_archived, bot_member, is_mpim=is_mpim
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
        page: str | None = None,
        page_type: str = "text/html",
    ) -> None:
        """Make the next `times` calls of `method` fail (5xx, 429, 200 with ok:false, or a page
        that is not Slack's JSON, as a proxy in front of Slack would answer)."""
        fault = Fault(times, status, retry_after, error, page, page_type)
        with self.lock:
            self.faults.setdefault(method, []).append(fault)

    def delay(self, method: str, seconds: float) -> None:
        """Make every call of `method` wait before answering (0 removes the delay)."""
        with self.lock:
            self.delays[method] = seconds
