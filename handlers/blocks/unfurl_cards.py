"""Unfurl cards for shared Zoom links: the full card, or the meeting number only."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.meetings.preview import Preview
from bot.meetings.refs import format_meeting_id
from bot.timefmt import slack_date
from handlers.blocks.base import clip, context, escape, join_button, section

STATE_LINES = {
    "live": ":red_circle: Live now",
    "ended": ":white_circle: Ended",
    "scheduled": ":calendar: Scheduled",
}


def unfurl_card(preview: Preview) -> list[Block]:
    """The blocks chat.unfurl attaches under a shared Zoom link."""
    number = format_meeting_id(preview.meeting_id) if preview.meeting_id else None
    if not preview.readable:
        text = f"Zoom meeting {number}" if number else "Zoom personal meeting room"
        return [section(f":video_camera: {text}")]
    if preview.personal_room_of is not None:
        owner = escape(clip(preview.personal_room_of, 150))
        lines = [f":video_camera: *Personal meeting room of {owner}*"]
    else:
        lines = [f":video_camera: *{escape(clip(preview.topic or 'Zoom meeting', 200))}*"]
        details = []
        if preview.start_utc is not None:
            details.append(slack_date(preview.start_utc))
        if preview.state is not None:
            details.append(STATE_LINES[preview.state])
        if details:
            lines.append(" · ".join(details))
    blocks: list[Block] = [section("\n".join(lines))]
    if preview.join_url and preview.state != "ended":
        blocks.append(join_button(preview.join_url))
    if number:
        blocks.append(context(f"Meeting ID: {number}"))
    return blocks
