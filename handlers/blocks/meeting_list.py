"""`/zoom list`: a page of upcoming meetings with Join and Cancel buttons, and the cancel choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    LinkButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.meetings.refs import MeetingRef, format_meeting_id
from bot.timefmt import format_duration, slack_date
from handlers.blocks import ids as action_ids
from handlers.blocks.base import clip, escape

MAX_PAGE_SIZE = 15  # 3 blocks a row + 4 around them stays within 50 blocks


@dataclass(frozen=True)
class MeetingRow:
    """One meeting (or occurrence) as the list shows it."""

    meeting_id: int
    topic: str
    start_utc: datetime | None
    duration: int
    join_url: str
    recurring: bool = False
    occurrence_id: str | None = None
    host_user_id: str | None = None  # set when the caller scheduled it for someone else


def _row_text(row: MeetingRow) -> str:
    when = slack_date(row.start_utc) if row.start_utc else "No fixed time"
    repeat = " · :repeat: Recurring" if row.recurring else ""
    host = f" · For <@{row.host_user_id}>" if row.host_user_id else ""
    return (
        f"*{escape(clip(row.topic, 200))}*\n{when} · {format_duration(row.duration)}{repeat}\n"
        f"Meeting ID: {format_meeting_id(row.meeting_id)}{host}"
    )


def _cancel_confirm(topic: str, whole_series: bool) -> ConfirmObject:
    what = "every meeting in this series" if whole_series else "this meeting"
    return ConfirmObject(
        title="Cancel the meeting?",
        text=clip(f"This cancels {what} (*{escape(clip(topic, 80))}*) at Zoom for everyone.", 300),
        confirm="Cancel meeting",
        deny="Keep it",
        style="danger",
    )


def _row_blocks(row: MeetingRow) -> list[Block]:
    ref = MeetingRef(row.meeting_id, row.occurrence_id)
    # A whole series asks "this occurrence or the whole series?" next, with its own confirms.
    series = row.recurring and not row.occurrence_id
    cancel = ButtonElement(
        text="Cancel",
        action_id=action_ids.CANCEL_MEETING,
        value=ref.to_action_value(),
        style="danger",
        confirm=None if series else _cancel_confirm(row.topic, whole_series=False),
    )
    join = LinkButtonElement(text="Join", url=row.join_url, action_id=action_ids.JOIN_MEETING)
    return [
        SectionBlock(text=MarkdownTextObject(text=_row_text(row))),
        ActionsBlock(elements=[join, cancel]),
    ]


def _pager(page: int, pages: int, suffix: str) -> list[Block]:
    # Each button sits in its own block so both can carry the action id "list_page".
    blocks: list[Block] = []
    if page > 1:
        prev = ButtonElement(
            text="Previous page", action_id=action_ids.LIST_PAGE, value=f"{page - 1}{suffix}"
        )
        blocks.append(ActionsBlock(block_id=action_ids.LIST_PAGE_PREV_BLOCK, elements=[prev]))
    if page < pages:
        value = f"{page + 1}{suffix}"
        nxt = ButtonElement(text="Next page", action_id=action_ids.LIST_PAGE, value=value)
        blocks.append(ActionsBlock(block_id=action_ids.LIST_PAGE_NEXT_BLOCK, elements=[nxt]))
    return blocks


def meeting_list(
    meetings: list[MeetingRow], *, page: int, page_size: int = 10, total: int, suffix: str = ""
) -> list[Block]:
    """Blocks for one page (1-based) of meetings; `suffix` rides on the page buttons' values."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    if not meetings:
        empty = "You have no upcoming Zoom meetings. Schedule one with `/zoom new`."
        return [SectionBlock(text=MarkdownTextObject(text=empty))]
    total = max(total, len(meetings))
    pages = -(-total // page_size)
    page = max(1, min(page, pages))
    blocks: list[Block] = [HeaderBlock(text="Your upcoming Zoom meetings")]
    for row in meetings[:page_size]:
        blocks += [*_row_blocks(row), DividerBlock()]
    if pages > 1:
        summary = f"Page {page} of {pages} · {total} meetings"
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=summary)]))
    return blocks + _pager(page, pages, suffix)


def cancel_choice(meeting_id: int, topic: str, occurrence_id: str | None) -> list[Block]:
    """Ask whether to cancel one occurrence or the whole recurring series."""
    name = escape(clip(topic, 200))
    buttons: list[ButtonElement] = []
    if occurrence_id:
        buttons.append(
            ButtonElement(
                text="This occurrence",
                action_id=action_ids.CANCEL_OCCURRENCE,
                value=MeetingRef(meeting_id, occurrence_id).to_action_value(),
                confirm=_cancel_confirm(topic, whole_series=False),
            )
        )
    buttons += [
        ButtonElement(
            text="Whole series",
            action_id=action_ids.CANCEL_SERIES,
            value=str(meeting_id),
            style="danger",
            confirm=_cancel_confirm(topic, whole_series=True),
        ),
        ButtonElement(text="Keep it", action_id=action_ids.CANCEL_DISMISS, value=str(meeting_id)),
    ]
    question = f"*{name}* repeats. Cancel just this occurrence, or the whole series?"
    if not occurrence_id:
        question = f"*{name}* repeats. Cancel the whole series?"
    return [SectionBlock(text=MarkdownTextObject(text=question)), ActionsBlock(elements=buttons)]
