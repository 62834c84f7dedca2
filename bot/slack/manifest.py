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
    "links:read",
    "links:write",
)
# Asked of each person who turns status sync on (dnd:write only when they pause notifications).
USER_SCOPES = ("users.profile:read", "users.profile:write", "dnd:write")
BOT_EVENTS = (
    "app_home_opened",
    "app_uninstalled",
    "tokens_revoked",
    "link_shared",
    "function_executed",
)
UNFURL_DOMAINS = ("zoom.us", "zoomgov.com")  # subdomains (acme.zoom.us) unfurl with their parent
WORKFLOW_STEP_ID = "create_zoom_meeting"
LONG_DESCRIPTION = (
    "Zoombridge connects Slack and Zoom. Link your own Zoom account once, then start an "
    "instant meeting with /zoom, schedule one-off or recurring meetings from a form, list "
    "and cancel your upcoming meetings, and get live notices in the channels that care: "
    "when a meeting starts, when it ends and when its cloud recording is ready, and after "
    "the meeting its AI summary, recording and transcript in the announcement's thread. "
    "Announcements update in place, and every reader sees times in their own time zone. "
    "Shared Zoom links unfurl, your status can show when you are in a meeting, and a "
    "Workflow Builder step creates meetings. Channels can get reminders before meetings and "
    "see who is in the room while they run, and meetings scheduled in Zoom itself reach "
    "subscribed channels too."
)


WORKFLOW_STEP = {
    "title": "Create a Zoom meeting",
    "description": "Schedule a Zoom meeting hosted by a linked Slack user",
    "input_parameters": {
        "properties": {
            "topic": {"type": "string", "title": "Topic", "description": "The meeting's topic"},
            "start": {
                "type": "slack#/types/timestamp",
                "title": "Start",
                "description": "When the meeting starts",
            },
            "duration": {
                "type": "integer",
                "title": "Duration (minutes)",
                "description": "How long it is scheduled for (default 30)",
            },
            "host": {
                "type": "slack#/types/user_id",
                "title": "Host",
                "description": "Who hosts it (they must have linked Zoom with /zoom link)",
            },
        },
        "required": ["topic", "start", "host"],
    },
    "output_parameters": {
        "properties": {
            "join_url": {"type": "string", "title": "Join link"},
            "meeting_id": {"type": "string", "title": "Meeting ID"},
        },
        "required": ["join_url", "meeting_id"],
    },
}


def build_manifest(url: str = PLACEHOLDER_URL) -> dict[str, Any]:
    """The manifest as a dict, every URL under `url`."""
    base = url.rstrip("/")
    events_url = f"{base}/slack/events"
    return {
        "_metadata": {"major_version": 2, "minor_version": 0},
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
                    "usage_hint": "[now | new | list | cancel | subscribe | link | status | help]",
                    "should_escape": False,
                }
            ],
            "unfurl_domains": list(UNFURL_DOMAINS),
        },
        "oauth_config": {
            "redirect_urls": [
                f"{base}/slack/oauth_redirect",
                f"{base}/slack/status/oauth_redirect",
            ],
            "scopes": {"bot": list(BOT_SCOPES), "user": list(USER_SCOPES)},
        },
        "settings": {
            "event_subscriptions": {"request_url": events_url, "bot_events": list(BOT_EVENTS)},
            "interactivity": {"is_enabled": True, "request_url": events_url},
            "org_deploy_enabled": True,  # Workflow Builder steps need an org-ready app
            "socket_mode_enabled": False,
            "token_rotation_enabled": False,
            "function_runtime": "remote",
        },
        "functions": {WORKFLOW_STEP_ID: WORKFLOW_STEP},
    }


def render_manifest(url: str = PLACEHOLDER_URL, *, socket_mode: bool = False) -> str:
    """The manifest as YAML, as `zoombridge manifest --url` prints it."""
    manifest = build_manifest(url)
    if socket_mode:
        manifest["settings"]["socket_mode_enabled"] = True
    header = "# Slack app manifest for Zoombridge. Regenerate: zoombridge manifest --url URL\n"
    return header + yaml.safe_dump(manifest, sort_keys=False, width=100)
