"""The admin section of App Home: links, dead notices, subscriptions, the last webhook."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.admin.admin_view import Overview
from bot.timefmt import slack_date
from handlers.blocks.base import clip, escape
from handlers.blocks.ids import ADMIN_REMIND_RELINK, ADMIN_RETRY_NOTICE

MAX_ROWS = 10  # per list, so the whole tab stays under Slack's 100 blocks


def _section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, 3000)), accessory=accessory)


def _when(moment: datetime) -> str:
    return slack_date(moment)


def _links(overview: Overview) -> list[Block]:
    broken = [row for row in overview.links if row.broken]
    active = [row for row in overview.links if not row.broken]
    blocks: list[Block] = [
        _section(f"*Zoom links*: {len(active)} working, {len(broken)} broken"),
    ]
    for row in broken[:MAX_ROWS]:
        button = ButtonElement(
            text="Remind to relink", action_id=ADMIN_REMIND_RELINK, value=row.slack_user_id
        )
        who = escape(clip(row.zoom_email or row.zoom_name, 120))
        blocks.append(_section(f":warning: <@{row.slack_user_id}> ({who}): link broken", button))
    if active:
        names = ", ".join(f"<@{row.slack_user_id}>" for row in active[: MAX_ROWS * 5])
        blocks.append(_section(f":white_check_mark: Linked: {names}"))
    return blocks


def _dead(overview: Overview) -> list[Block]:
    if not overview.dead:
        return [_section("*Notices that died*: none")]
    blocks: list[Block] = [_section(f"*Notices that died* (newest {len(overview.dead)})")]
    for notice in overview.dead[:MAX_ROWS]:
        button = ButtonElement(text="Retry", action_id=ADMIN_RETRY_NOTICE, value=str(notice.id))
        what = escape(clip(notice.text or "(no text)", 120))
        reason = escape(clip(notice.reason, 120))
        text = f"<#{notice.channel_id}> {_when(notice.created_at)}: {what}\nReason: `{reason}`"
        blocks.append(_section(text, button))
    return blocks


def _subscriptions(overview: Overview) -> list[Block]:
    if not overview.subscriptions:
        return [_section("*Channel subscriptions*: none")]
    lines = [
        f"<#{channel}>: "
        + ", ".join(f"<@{user}> ({escape(events)})" for user, events in subs[:MAX_ROWS])
        for channel, subs in list(overview.subscriptions.items())[: MAX_ROWS * 2]
    ]
    return [_section("*Channel subscriptions*\n" + "\n".join(lines))]


def admin_blocks(overview: Overview) -> list[Block]:
    """The admin section, appended to an admin's Home tab."""
    last = overview.last_webhook_at
    seen = _when(last) if last is not None else "never"
    return [
        DividerBlock(),
        HeaderBlock(text="Admin: Zoombridge health"),
        *_links(overview),
        *_dead(overview),
        *_subscriptions(overview),
        ContextBlock(elements=[MarkdownTextObject(text=f"Last webhook from Zoom: {seen}")]),
    ]
