"""Unfurl cards for shared Zoom links: the full card, or the meeting number only."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    LinkButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.meetings.preview import Preview
from bot.meetings.refs import format_meeting_id
from bot.timefmt import slack_date
from handlers.blocks import ids as action_ids
from handlers.blocks.base import clip, escape

STATE_LINES = {
    "live": ":red_circle: Live now",
    "ended": ":white_circle: Ended",
    "scheduled": ":calendar: Scheduled",
}


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def unfurl_card(preview: Preview) -> list[Block]:
    """The blocks chat.unfurl attaches under a shared Zoom link."""
    number = format_meeting_id(preview.meeting_id) if preview.meeting_id else None
    if not preview.readable:
        text = f"Zoom meeting {number}" if number else "Zoom personal meeting room"
        return [SectionBlock(text=MarkdownTextObject(text=f":video_camera: {text}"))]
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
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    if preview.join_url and preview.state != "ended":
        button = LinkButtonElement(
            text="Join", url=preview.join_url, action_id=action_ids.JOIN_MEETING, style="primary"
        )
        blocks.append(ActionsBlock(elements=[button]))
    if number:
        blocks.append(_context(f"Meeting ID: {number}"))
    return blocks
