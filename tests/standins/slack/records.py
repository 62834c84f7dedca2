"""The Slack stand-in's records: tokens, conversations, calls, queued faults and errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.slack.manifest import BOT_SCOPES

DEFAULT_TEAM_ID = "T0001"
DEFAULT_TOKEN = "xoxb-test-token"
# What a workspace grants an app installed from our manifest.
DEFAULT_SCOPES = ",".join(BOT_SCOPES)


class SlackError(Exception):
    """An `ok: false` answer with Slack's error code."""

    def __init__(
        self, error: str, *, messages: list[str] | None = None, needed: str | None = None
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.needed = needed


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
    is_mpim: bool = False

    @property
    def read_scope(self) -> str:
        """The scope conversations.info needs for this kind of conversation."""
        if self.dm_user is not None:
            return "im:read"
        if self.is_mpim:
            return "mpim:read"
        return "groups:read" if self.is_private else "channels:read"

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
            "is_mpim": self.is_mpim,
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
    page: str | None = None  # answer this text/html or text/plain page instead of Slack's JSON
    page_type: str = "text/html"


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
