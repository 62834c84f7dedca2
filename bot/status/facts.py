"""What status sync puts on a profile, and how outbox rows for it are addressed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATUS_ACTION = "status"  # the outbox call kind: users.profile.set (and dnd) with a user token
STATUS_TEXT = "In a Zoom meeting"
STATUS_EMOJI = ":video_camera:"
USER_SCOPES = ("users.profile:read", "users.profile:write")
PAUSE_SCOPE = "dnd:write"
TOKEN_GONE = frozenset({"token_revoked", "invalid_auth", "account_inactive", "not_authed"})


def status_lane(slack_user_id: str) -> str:
    """The outbox "channel" of one person's status calls, so they are made in order."""
    return f"status:{slack_user_id}"


@dataclass(frozen=True)
class Status:
    """A Slack status: text, emoji and when Slack clears it (0 = never)."""

    text: str = ""
    emoji: str = ""
    expiration: int = 0

    @classmethod
    def from_profile(cls, profile: dict[str, Any] | None) -> Status:
        """Read it from a users.profile.get answer, tolerating missing fields."""
        profile = profile or {}
        try:
            expiration = int(profile.get("status_expiration") or 0)
        except (TypeError, ValueError):
            expiration = 0
        text = profile.get("status_text")
        emoji = profile.get("status_emoji")
        return cls(
            text if isinstance(text, str) else "",
            emoji if isinstance(emoji, str) else "",
            expiration,
        )

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Status | None:
        """Read a stored status; None stays None."""
        return None if data is None else cls.from_profile(data)

    def to_profile(self) -> dict[str, Any]:
        """The profile fields users.profile.set takes."""
        return {
            "status_text": self.text,
            "status_emoji": self.emoji,
            "status_expiration": self.expiration,
        }

    def same_as(self, other: Status) -> bool:
        """Whether two statuses show the same thing (expirations aside)."""
        return (self.text, self.emoji) == (other.text, other.emoji)

    @property
    def blank(self) -> bool:
        """No status at all."""
        return not self.text and not self.emoji
