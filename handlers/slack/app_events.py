"""Slack events: uninstall and token revocation clean up after the workspace."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.accounts.workspace import forget_workspace
from bot.container import Services
from handlers.slack.status_commands import on_user_tokens_revoked


def register(app: AsyncApp) -> None:
    """Register the event listeners on the Bolt app."""
    has_store = app.installation_store is not None
    builtin_uninstalled = app.default_app_uninstalled_event_listener() if has_store else None
    builtin_revoked = app.default_tokens_revoked_event_listener() if has_store else None

    @app.event("app_uninstalled")
    async def on_app_uninstalled(context: AsyncBoltContext) -> None:
        services: Services = context["services"]
        if context.team_id:
            await forget_workspace(services.db, context.team_id)
        if builtin_uninstalled is not None:
            await builtin_uninstalled(context=context)

    @app.event("tokens_revoked")
    async def on_tokens_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        services: Services = context["services"]
        if context.team_id and event.get("tokens", {}).get("bot"):
            await forget_workspace(services.db, context.team_id)
        elif context.team_id:
            await on_user_tokens_revoked(services, context.team_id, event)
        if builtin_revoked is not None:
            await builtin_revoked(event=event, context=context)
