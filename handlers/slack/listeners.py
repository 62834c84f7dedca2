"""Every Slack listener group, attached to the Bolt app in one call."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack import (
    actions,
    admin_actions,
    app_events,
    home,
    modals,
    slash_command,
    status_home,
    unfurls,
    workflow_function,
)


def register(app: AsyncApp) -> None:
    """Attach every listener group to the Bolt app."""
    slash_command.register(app)
    app_events.register(app)
    modals.register(app)
    actions.register(app)
    home.register(app)
    status_home.register(app)
    unfurls.register(app)
    workflow_function.register(app)
    admin_actions.register(app)
