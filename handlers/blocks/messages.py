"""Messages the app posts: meeting cards, notices, linking prompts and errors.

Each builder returns `(text, blocks)`: `text` is the notification fallback.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.meetings.refs import format_meeting_id
from bot.notices.render import AnnouncementFacts
from bot.timefmt import format_duration, slack_date
from handlers.blocks import ids as action_ids
from handlers.blocks.base import Message, context, escape, section, topic_text, url_button
from handlers.blocks.meeting_list import MeetingRow, cancel_choice, meeting_list

__all__ = [
    "MeetingRow",
    "announcement",
    "MeetingStatus",
    "facts_card",
    "cancel_choice",
    "error_message",
    "info_message",
    "instant_meeting_message",
    "link_prompt",
    "linked_message",
    "live_notice",
    "meeting_list",
    "recording_ready",
    "relink_prompt",
    "status_message",
]

MeetingStatus = Literal["scheduled", "live", "ended", "cancelled"]


def instant_meeting_message(
    user_id: str, meeting_topic: str | None, join_url: str, meeting_id: int
) -> Message:
    """ "<@U> started a Zoom meeting" with a Join button."""
    text = f"<@{user_id}> started a Zoom meeting: {topic_text(meeting_topic)}"
    blocks: list[Block] = [
        section(f"<@{user_id}> started a Zoom meeting\n*{topic_text(meeting_topic)}*"),
        url_button("Join", join_url, action_ids.JOIN_MEETING),
        context(f"Meeting ID: {format_meeting_id(meeting_id)}"),
    ]
    return text, blocks


def _status_line(status: MeetingStatus, lasted_minutes: int | None) -> str:
    if status == "live":
        return ":red_circle: *Live now*"
    if status == "cancelled":
        return ":no_entry_sign: *Cancelled*"
    if status == "ended":
        lasted = f", lasted {format_duration(lasted_minutes)}" if lasted_minutes else ""
        return f"*Ended{lasted}*"
    return ""


def announcement(
    *,
    host_user_id: str,
    topic: str | None,
    start_utc: datetime | None,
    duration: int,
    join_url: str,
    meeting_id: int,
    recurring: bool,
    status: MeetingStatus,
    lasted_minutes: int | None = None,
    scheduled_by: str | None = None,
) -> Message:
    """A channel card for a meeting; update it in place as the status changes."""
    name = f"~{topic_text(topic)}~" if status == "cancelled" else f"*{topic_text(topic)}*"
    when = slack_date(start_utc) if start_utc else "No fixed time"
    details = f"{when} · {format_duration(duration)}" + (
        " · :repeat: Recurring" if recurring else ""
    )
    lines = [name, details, f"Host: <@{host_user_id}>", _status_line(status, lasted_minutes)]
    blocks: list[Block] = [section("\n".join(line for line in lines if line))]
    if status in ("scheduled", "live"):
        blocks.append(
            url_button("Join", join_url, action_ids.JOIN_MEETING, primary=status == "live")
        )
    delegated = bool(scheduled_by and scheduled_by != host_user_id)
    credit = f"Scheduled by <@{scheduled_by}> for <@{host_user_id}>" if delegated else ""
    meeting_line = f"Meeting ID: {format_meeting_id(meeting_id)}"
    blocks.append(context(f"{meeting_line} · {credit}" if credit else meeting_line))
    verb = {
        "scheduled": "scheduled",
        "live": "is live",
        "ended": "ended",
        "cancelled": "was cancelled",
    }
    text = f"Zoom meeting {topic_text(topic)} {verb[status]}"
    if delegated:
        by = f"by <@{scheduled_by}> for <@{host_user_id}>"
        text += f" {by}" if status == "scheduled" else f" (scheduled {by})"
    return text, blocks


def link_prompt(authorize_url: str) -> Message:
    """Ask the user to link their Zoom account."""
    text = "Link your Zoom account to create and manage meetings from Slack."
    blocks: list[Block] = [
        section(text),
        url_button("Link your Zoom account", authorize_url, action_ids.LINK_ZOOM),
        context("The link works once and expires in 10 minutes."),
    ]
    return text, blocks


def relink_prompt(url: str) -> Message:
    """Zoom no longer accepts the stored authorisation: ask to link again."""
    text = "Your Zoom connection has expired or was removed. Link your Zoom account again."
    return text, [section(text), url_button("Link Zoom again", url, action_ids.LINK_ZOOM)]


def info_message(text: str, *details: str) -> Message:
    """A plain answer: one line of text and optional smaller details."""
    return text, [section(text), *(context(detail) for detail in details)]


def error_message(text: str) -> Message:
    """A short error the user can act on."""
    return text, [section(f":warning: {escape(text)}")]


def linked_message(name: str | None, email: str | None) -> Message:
    """Confirm which Zoom account is now linked, with a way out if it is not the person's."""
    who = (
        " ".join(escape(p) for p in (name, f"({email})" if email else None) if p) or "your account"
    )
    text = f"Your Slack account is now linked to the Zoom account {who}."
    not_me = ButtonElement(
        text="Not me: unlink",
        action_id=action_ids.NOT_ME_UNLINK,
        style="danger",
        value="unlink",
    )
    return text, [
        section(f":white_check_mark: {text} Try `/zoom new` to schedule a meeting."),
        context("If you did not link this Zoom account, unlink it now."),
        ActionsBlock(elements=[not_me]),
    ]


def status_message(
    *,
    zoom_name: str | None,
    zoom_email: str | None,
    needs_relink: bool = False,
    channel_events: Iterable[str] = (),
) -> Message:
    """Which Zoom account is linked, and what this channel is subscribed to."""
    if zoom_name is None and zoom_email is None:
        first = "No Zoom account is linked. Use `/zoom link` to connect one."
    elif needs_relink:
        first = "Your Zoom link needs renewing. Use `/zoom link` to connect again."
    else:
        who = " ".join(
            escape(p) for p in (zoom_name, f"({zoom_email})" if zoom_email else None) if p
        )
        first = f"Linked to Zoom as {who}."
    events = sorted(channel_events)
    second = (
        f"This channel gets notices for: {', '.join(escape(e) for e in events)}."
        if events
        else "This channel has no Zoom notices. Use `/zoom subscribe` to add them."
    )
    return f"{first} {second}", [section(first), context(second)]


def recording_ready(topic: str | None, share_url: str, passcode: str | None) -> Message:
    """A recording is ready to watch, optionally with its passcode."""
    text = f"The recording of {topic_text(topic)} is ready."
    blocks: list[Block] = [
        section(f":film_frames: The recording of *{topic_text(topic)}* is ready."),
        url_button("Watch the recording", share_url, action_ids.OPEN_RECORDING, primary=False),
    ]
    if passcode:
        blocks.append(context(f"Passcode: `{escape(passcode)}`"))
    return text, blocks


def live_notice(topic: str | None, join_url: str) -> Message:
    """A meeting has started; offer the Join button."""
    text = f"{topic_text(topic)} has started."
    return text, [
        section(f":red_circle: *{topic_text(topic)}* has started."),
        url_button("Join", join_url, action_ids.JOIN_MEETING),
    ]


def facts_card(
    facts: AnnouncementFacts, status: MeetingStatus, lasted_minutes: int | None = None
) -> Message:
    """A channel card for a meeting the app recorded, in the given state."""
    return announcement(
        host_user_id=facts.host_user_id,
        topic=facts.topic,
        start_utc=facts.start_utc,
        duration=facts.duration,
        join_url=facts.join_url,
        meeting_id=facts.meeting_id,
        recurring=facts.recurring,
        status=status,
        lasted_minutes=lasted_minutes,
        scheduled_by=facts.scheduled_by,
    )
