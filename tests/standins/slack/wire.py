"""What every method handler of the Slack stand-in shares: the call it is handed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.standins.slack.records import Bot, SlackError
from tests.standins.slack.state import SlackState

APP_ID = "A0APP"


@dataclass
class Ctx:
    """One authenticated call, as a method handler sees it."""

    params: dict[str, Any]
    bot: Bot
    headers: dict[str, str]

    def require(self, name: str) -> Any:
        """A required argument, or Slack's `invalid_arguments`."""
        value = self.params.get(name)
        if value in (None, ""):
            raise SlackError(
                "invalid_arguments", messages=[f"[ERROR] missing required field: {name}"]
            )
        return value


Handler = Callable[[SlackState, Ctx], dict[str, Any]]
