"""Every failure a user can meet, as a message they can act on."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.container import NotConfigured
from bot.meetings.delegation import DelegationRefused
from bot.slack.gateway import WorkspaceNotInstalled
from bot.timefmt import slack_date
from bot.zoom.errors import (
    AccessDenied,
    LinkBroken,
    MeetingInProgress,
    MeetingNotFound,
    NotLinked,
    NotMeetingHost,
    RateLimited,
    ZoomError,
    ZoomValidationError,
)
from handlers.blocks.delegation_advice import delegation_refused
from handlers.blocks.messages import error_message, link_prompt, relink_prompt
from handlers.slack.context import Message

logger = logging.getLogger(__name__)

SLACK_ERRORS = {
    "not_in_channel": "I'm not in that channel yet. Invite me with `/invite @Zoombridge`, "
    "then try again.",
    "channel_not_found": "I can't see that channel. If it is private, invite me with "
    "`/invite @Zoombridge` first.",
    "is_archived": "That channel is archived, so I can't post there.",
    "expired_trigger_id": "Slack took too long to open the form. Please run the command again.",
    "ratelimited": "Slack is asking me to slow down. Please try again in a minute.",
}


def slack_error_text(error: SlackApiError) -> str:
    """A human sentence for a Slack Web API error."""
    code = str(error.response.get("error", "")) if error.response is not None else ""
    return SLACK_ERRORS.get(code, f"Slack refused the request ({code or 'unknown error'}).")


def _rate_limited(error: RateLimited) -> str:
    when = slack_date(error.retry_at, "{date_short_pretty} at {time}")
    if error.daily:
        return (
            "You have reached Zoom's daily limit of 100 meetings created or changed per host. "
            f"It resets {when}."
        )
    return f"Zoom is busy right now. Please try again after {when}."


def _zoom_text(error: ZoomError) -> str:
    if isinstance(error, RateLimited):
        return _rate_limited(error)
    if isinstance(error, MeetingNotFound):
        return "That meeting was not found at Zoom: it may have ended or been deleted."
    if isinstance(error, NotMeetingHost):
        return "Only the host, or whoever scheduled it for them, can cancel this meeting."
    if isinstance(error, MeetingInProgress):
        return "That meeting is in progress right now; end it in Zoom first."
    if isinstance(error, AccessDenied | ZoomValidationError):
        return f"Zoom refused: {error.message}"
    return error.message


def describe(error: BaseException, *, link_url: str | None = None) -> Message:
    """The message for a failure; link prompts when the Zoom link is missing or broken."""
    if isinstance(error, NotLinked) and link_url:
        return link_prompt(link_url)
    if isinstance(error, LinkBroken) and link_url:
        return relink_prompt(link_url)
    if isinstance(error, DelegationRefused):
        return delegation_refused(error.reason, error.host_user_id, error.host_email)
    if isinstance(error, ZoomError):
        return error_message(_zoom_text(error))
    if isinstance(error, SlackApiError):
        return error_message(slack_error_text(error))
    if isinstance(error, NotConfigured):
        return error_message(str(error))
    if isinstance(error, WorkspaceNotInstalled):
        return error_message("Zoombridge is not installed in this workspace any more.")
    logger.exception("command.failed", exc_info=error)
    return error_message("Something went wrong on our side. Please try again.")
