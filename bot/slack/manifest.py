"""The Slack app manifest, filled in with this deployment's public URL."""

from __future__ import annotations

from typing import Any

import yaml

PLACEHOLDER_URL = "https://zoombridge.example.com"
SLASH_COMMAND = "/zoom"
SCHEDULE_SHORTCUT_ID = "schedule_meeting_shortcut"
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "users:read",
    "users:read.email",
    "im:write",
    "channels:read",
    "groups:read",
    "mpim:read",  # conversations.info on a group DM, so /zoom subscribe can say it is one
)
BOT_EVENTS = ("app_home_opened", "app_uninstalled", "tokens_revoked")
LONG_DESCRIPTION = (
    "Zoombridge connects Slack and Zoom. Link your own Zoom account once, then start an "
    "instant meeting with /zoom, schedule one-off or recurring meetings from a form, list "
    "and cancel your upcoming meetings, and get live notices in the channels that care: "
    "when a meeting starts, when it ends and when its cloud recording is ready. "
    "Announcements update in place, and every reader sees times in their own time zone."
)


def build_manifest(url: str = PLACEHOLDER_URL) -> dict[str, Any]:
    """The manifest as a dict, every URL under `url`."""
    base = url.rstrip("/")
    events_url = f"{base}/slack/events"
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "Zoombridge",
            "description": "Start, schedule and follow Zoom meetings without leaving Slack.",
            "background_color": "#1d4ed8",
            "long_description": LONG_DESCRIPTION,
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": "Zoombridge", "always_online": True},
            "shortcuts": [
                {
                    "name": "Schedule a Zoom meeting",
                    "type": "global",
                    "callback_id": SCHEDULE_SHORTCUT_ID,
                    "description": "Open the form to schedule a Zoom meeting",
                }
            ],
            "slash_commands": [
                {
                    "command": SLASH_COMMAND,
                    "url": events_url,
                    "description": "Start, schedule, list and cancel Zoom meetings",
                    "usage_hint": "[now | new | list | cancel | link | status | help]",
                    "should_escape": False,
                }
            ],
        },
        "oauth_config": {
            "redirect_urls": [f"{base}/slack/oauth_redirect"],
            "scopes": {"bot": list(BOT_SCOPES)},
        },
        "settings": {
            "event_subscriptions": {"request_url": events_url, "bot_events": list(BOT_EVENTS)},
            "interactivity": {"is_enabled": True, "request_url": events_url},
            "org_deploy_enabled": False,
            "socket_mode_enabled": False,
            "token_rotation_enabled": False,
        },
    }


def render_manifest(url: str = PLACEHOLDER_URL, *, socket_mode: bool = False) -> str:
    """The manifest as YAML, as `zoombridge manifest --url` prints it."""
    manifest = build_manifest(url)
    if socket_mode:
        manifest["settings"]["socket_mode_enabled"] = True
    header = "# Slack app manifest for Zoombridge. Regenerate: zoombridge manifest --url URL\n"
    return header + yaml.safe_dump(manifest, sort_keys=False, width=100)
