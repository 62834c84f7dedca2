"""What a /zoom subcommand runner gets: who asked, where, and how to answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from handlers.blocks import to_dicts

Message = tuple[str, list[Block]]


@dataclass
class CommandContext:
    """One /zoom invocation: the caller, the channel, and ways to reply."""

    services: Services
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    respond: AsyncRespond
    client: AsyncWebClient

    async def reply(self, message: Message, *, replace: bool = False) -> None:
        """Answer the caller only (ephemeral)."""
        text, blocks = message
        await self.respond(
            text=text,
            blocks=to_dicts(blocks),
            response_type="ephemeral",
            replace_original=replace,
        )


Runner = Callable[[Any, CommandContext], Awaitable[None]]
