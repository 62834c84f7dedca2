"""The status sync toggle in App Home: Turn off, and the grant link buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from handlers.blocks.status_cards import GRANT_STATUS, GRANT_STATUS_PAUSE, TURN_OFF
from handlers.slack.home import publish_home
from handlers.slack.interaction import InteractionContext, acked


async def _turn_off(ctx: InteractionContext, _body: dict[str, Any]) -> None:
    if ctx.services.status is not None:
        await ctx.services.status.turn_off(ctx.team_id, ctx.user_id)
    await publish_home(ctx)


def register(app: AsyncApp) -> None:
    """Register the toggle (the grant buttons are links: they only need acknowledging)."""
    app.action(TURN_OFF)(acked(_turn_off))

    for action_id in (GRANT_STATUS, GRANT_STATUS_PAUSE):

        @app.action(action_id)
        async def on_grant_link(ack: AsyncAck) -> None:
            await ack()
