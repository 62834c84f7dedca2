"""The card `/zoom join` posts: a meeting's topic and time when known, else its id and link."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
)

from bot.meetings.join import JoinInfo
from bot.meetings.refs import format_meeting_id
from bot.timefmt import format_duration, slack_date
from handlers.blocks.base import Message, clip, context, escape, join_button, section


def _headline(user_id: str, info: JoinInfo) -> tuple[str, str]:
    number = format_meeting_id(info.meeting_id)
    if info.personal_room_of is not None:
        text = f"<@{user_id}> invites you to their personal meeting room"
        return text, f"{text}\nPersonal Meeting ID: {number}"
    if info.topic is None:
        return f"Join Zoom meeting {number}", f"<@{user_id}> shared Zoom meeting *{number}*"
    name = escape(clip(info.topic, 200))
    when = []
    if info.start_utc is not None:
        when.append(slack_date(info.start_utc))
    if info.duration:
        when.append(format_duration(info.duration))
    details = f"\n{' · '.join(when)}" if when else ""
    return f"Join Zoom meeting {name}", f"<@{user_id}> shared a Zoom meeting\n*{name}*{details}"


def join_card(user_id: str, info: JoinInfo) -> Message:
    """A channel message with a Join button for a meeting or a personal room."""
    text, headline = _headline(user_id, info)
    blocks: list[Block] = [
        section(headline),
        join_button(info.join_url),
    ]
    if info.personal_room_of is None:
        number = format_meeting_id(info.meeting_id)
        blocks.append(context(f"Meeting ID: {number}"))
    return text, blocks


def join_unposted(card: Message, problem: str) -> Message:
    """The card for the caller alone, when it could not be posted in the channel."""
    text, blocks = card
    note = ContextBlock(elements=[MarkdownTextObject(text=clip(problem, 2000))])
    return f"I couldn't post this in the channel: {problem}", [*blocks, note]
