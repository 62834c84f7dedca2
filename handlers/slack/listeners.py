"""Every Slack listener group, attached to the Bolt app in one call."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack import actions, app_events, home, modals, slash_command


def register(app: AsyncApp) -> None:
    """Attach every listener group to the Bolt app."""
    slash_command.register(app)
    app_events.register(app)
    modals.register(app)
    actions.register(app)
    home.register(app)
