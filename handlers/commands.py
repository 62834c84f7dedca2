"""The /zoom slash command."""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond


def register(app: AsyncApp) -> None:
    """Register the /zoom command listener."""

    @app.command("/zoom")
    async def zoom_command(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text="Zoombridge: /zoom help")
