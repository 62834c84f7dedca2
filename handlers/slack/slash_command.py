"""The /zoom slash command: ack at once, parse, then run the subcommand's runner."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from handlers.blocks.help import help_blocks, help_text
from handlers.slack import join_command as join
from handlers.slack import link_commands as linking
from handlers.slack import meeting_commands as meetings
from handlers.slack import subscription_commands as subscriptions
from handlers.slack.context import CommandContext, Runner
from handlers.slack.error_replies import describe
from handlers.slack.grammar import Command, Help, Unknown, parse_command
from handlers.slack.interaction import InteractionContext, acked

logger = logging.getLogger(__name__)


async def run_help(command: Help | Unknown, ctx: CommandContext) -> None:
    """Show what /zoom can do, with a "did you mean" for an unknown word."""
    unknown = command.word if isinstance(command, Unknown) else None
    suggestion = command.suggestion if isinstance(command, Unknown) else None
    await ctx.reply((help_text(suggestion, unknown), help_blocks(suggestion, unknown)))


RUNNERS: dict[type[Any], Runner] = {Help: run_help, Unknown: run_help}
RUNNERS.update(linking.RUNNERS)
RUNNERS.update(subscriptions.RUNNERS)
RUNNERS.update(meetings.RUNNERS)
RUNNERS.update(join.RUNNERS)


async def run_command(command: Command, ctx: CommandContext) -> None:
    """Run one parsed command; every failure becomes a message the user can act on."""
    runner = RUNNERS.get(type(command), run_help)
    try:
        await runner(command, ctx)
    except Exception as error:  # the user gets a human message, never "dispatch_failed"
        link_url = await linking.link_url_for(ctx, error)
        await ctx.reply(describe(error, link_url=link_url))


async def _on_slash_command(ctx: InteractionContext, body: dict[str, Any]) -> None:
    command = parse_command(str(body.get("text", "")))
    logger.info("command.received", extra={"command": type(command).__name__})
    await run_command(command, ctx)


def register(app: AsyncApp) -> None:
    """Register the /zoom command listener: ack at once, then parse and run."""
    app.command("/zoom")(acked(_on_slash_command))
