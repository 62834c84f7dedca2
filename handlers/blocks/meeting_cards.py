"""Replies about one meeting: confirmations, the list page, cancel outcomes, channel cards."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
)

from bot.meetings.refs import format_meeting_id
from bot.meetings.results import Announced, Cancelled, NeedsChoice
from bot.meetings.service import is_recurring
from bot.notices.render import Rendered
from bot.timefmt import format_duration, slack_date
from bot.zoom.models import Meeting, MeetingSummary
from handlers.blocks import to_dicts
from handlers.blocks.base import Message, context, escape, join_button, section, topic_text
from handlers.blocks.meeting_list import MeetingRow, cancel_choice, meeting_list
from handlers.blocks.messages import MeetingStatus, announcement, facts_card

PAGE_SIZE = 10
ALL_SUFFIX = ":all"  # page buttons of `/zoom list all` keep the toggle
INVITE_HINT = "Invite me with `/invite @Zoombridge` in that channel to get announcements there."


def row_of(meeting: MeetingSummary, host_user_id: str | None = None) -> MeetingRow:
    """A list row for one of Zoom's meeting summaries."""
    return MeetingRow(
        host_user_id=host_user_id,
        meeting_id=meeting.id,
        topic=meeting.topic or "Zoom meeting",
        start_utc=meeting.start_time,
        duration=meeting.duration or 0,
        join_url=meeting.join_url,
        recurring=is_recurring(meeting.type),
    )


def page_count(total: int) -> int:
    """How many list pages `total` meetings fill (at least one)."""
    return max(1, -(-total // PAGE_SIZE))


def list_message(
    meetings: list[MeetingSummary],
    page: int,
    notice: str | None = None,
    hosts: dict[int, str] | None = None,
) -> tuple[Message, int]:
    """One page (clamped, 1-based); `hosts` (with `/zoom list all`) names others' meetings."""
    page = max(1, min(page, page_count(len(meetings))))
    shown = meetings[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [row_of(m, (hosts or {}).get(m.id)) for m in shown]
    suffix = ALL_SUFFIX if hosts is not None else ""
    blocks = meeting_list(rows, page=page, page_size=PAGE_SIZE, total=len(meetings), suffix=suffix)
    count = len(meetings)
    text = f"You have {count} upcoming Zoom meeting{'s' if count != 1 else ''}."
    if notice:
        blocks = [section(notice), *blocks]
        text = f"{notice} {text}"
    return (text, blocks), page


def scheduled_card(user_id: str, meeting: Meeting, scheduled_by: str | None = None) -> Message:
    """The channel announcement of a newly scheduled meeting ("scheduled by X for Y")."""
    return announcement(
        host_user_id=user_id,
        scheduled_by=scheduled_by,
        topic=meeting.topic,
        start_utc=meeting.start_time,
        duration=meeting.duration or 0,
        join_url=meeting.join_url,
        meeting_id=meeting.id,
        recurring=is_recurring(meeting.type),
        status="scheduled",
    )


def scheduled_confirmation(
    meeting: Meeting,
    channel_id: str | None,
    channel_problem: str | None,
    host_user_id: str | None = None,
) -> Message:
    """Tell the scheduler the meeting exists, where it was announced, and any problem posting."""
    when = slack_date(meeting.start_time) if meeting.start_time else "no fixed time"
    repeat = " (recurring)" if is_recurring(meeting.type) else ""
    host = f" on behalf of <@{host_user_id}>" if host_user_id else ""
    text = f"Scheduled {topic_text(meeting.topic)} for {when}{repeat}{host}."
    lines = [
        f":white_check_mark: Scheduled *{topic_text(meeting.topic)}* for {when}{repeat}{host}."
    ]
    if channel_id and channel_problem is None:
        lines.append(f"Announced in <#{channel_id}>.")
    details = [f"Meeting ID: {format_meeting_id(meeting.id)}"]
    if meeting.duration:
        details.append(format_duration(meeting.duration))
    if meeting.password:
        details.append(f"Passcode: `{escape(meeting.password)}`")
    blocks: list[Block] = [section("\n".join(lines)), join_button(meeting.join_url)]
    blocks.append(context(" · ".join(details)))
    if channel_id and channel_problem is not None:
        warning = f":warning: I couldn't announce it in <#{channel_id}>: {channel_problem}"
        blocks.append(section(warning))
        text += f" I couldn't announce it in <#{channel_id}>."
    return text, blocks


def instant_unposted(meeting: Meeting, problem: str) -> Message:
    """An instant meeting the bot could not post in the channel: give the link privately."""
    text = f"Your Zoom meeting is ready, but I couldn't post it in this channel: {problem}"
    blocks: list[Block] = [
        section(f"Your Zoom meeting *{topic_text(meeting.topic)}* is ready."),
        join_button(meeting.join_url),
        context(f"I couldn't post it in this channel: {problem} {INVITE_HINT}"),
    ]
    return text, blocks


def choice_message(choice: NeedsChoice) -> Message:
    """Ask whether to cancel one occurrence or the whole series."""
    text = f"{topic_text(choice.topic)} repeats. Cancel one occurrence or the whole series?"
    return text, cancel_choice(choice.meeting_id, choice.topic, choice.next_occurrence_id)


def cancelled_text(cancelled: Cancelled) -> str:
    """One line saying what was cancelled."""
    if cancelled.scope == "occurrence" and cancelled.occurrence_start is not None:
        return (
            f":no_entry_sign: Cancelled the {slack_date(cancelled.occurrence_start)} meeting "
            f"of *{topic_text(cancelled.topic)}*. The rest of the series stays."
        )
    what = "the whole series" if cancelled.recurring else "the meeting"
    return f":no_entry_sign: Cancelled {what} *{topic_text(cancelled.topic)}* at Zoom."


def cancelled_message(cancelled: Cancelled) -> Message:
    """The cancel outcome as a reply."""
    line = cancelled_text(cancelled)
    return line, [section(line)]


def updated_card(card: Announced, occurrence_start: datetime | None) -> Message:
    """The channel announcement after a cancel: "Cancelled", or a note about one occurrence."""
    status: MeetingStatus = "scheduled" if occurrence_start else "cancelled"
    text, blocks = facts_card(card.facts, status)
    if occurrence_start is not None:
        blocks.append(
            context(f":no_entry_sign: The {slack_date(occurrence_start)} meeting is cancelled.")
        )
    return text, blocks


class BlockKitCards:
    """The card renderer the meeting service is given by the assembly."""

    def cancelled_card(self, card: Announced, occurrence_start: datetime | None) -> Rendered:
        """The channel card after a cancel, as text and Block Kit dicts."""
        text, blocks = updated_card(card, occurrence_start)
        return text, to_dicts(blocks)
