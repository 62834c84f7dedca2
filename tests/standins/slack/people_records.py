"""Records of the Slack stand-in's user-token and platform methods (statuses, unfurls, steps)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class UserCode:
    team_id: str
    user_id: str
    user_scope: str


@dataclass
class PeopleState:
    """Statuses, snoozes and user-scope OAuth codes, keyed by Slack user id."""

    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    snoozed_until: dict[str, float] = field(default_factory=dict)
    user_codes: dict[str, UserCode] = field(default_factory=dict)
    profile_writes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def status(self, user_id: str) -> dict[str, Any]:
        """The status as Slack shows it now (an expired one is cleared)."""
        found = dict(self.statuses.get(user_id) or {})
        expiration = int(found.get("status_expiration") or 0)
        if expiration and expiration <= time.time():
            found = {}
        return {
            "status_text": found.get("status_text", ""),
            "status_emoji": found.get("status_emoji", ""),
            "status_expiration": int(found.get("status_expiration") or 0),
        }

    def set_status(self, user_id: str, text: str, emoji: str, expiration: int = 0) -> None:
        """The person sets their own status in Slack."""
        self.statuses[user_id] = {
            "status_text": text,
            "status_emoji": emoji,
            "status_expiration": expiration,
        }


@dataclass
class PlatformState:
    """Links shared in messages (for link_shared), unfurls made, custom step executions."""

    shared: dict[str, dict[str, Any]] = field(default_factory=dict)  # unfurl_id -> message
    unfurls: list[dict[str, Any]] = field(default_factory=list)
    executions: dict[str, dict[str, Any]] = field(default_factory=dict)
