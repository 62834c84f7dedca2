"""The App Home tab: link status, a Schedule button and the upcoming meetings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    LinkButtonElement,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.zoom.models import MeetingSummary
from handlers.blocks import ids as action_ids
from handlers.blocks.base import clip, escape
from handlers.blocks.meeting_cards import list_message

LinkKind = Literal["unconfigured", "unlinked", "broken", "linked", "account"]


@dataclass(frozen=True)
class LinkState:
    """How the user stands with Zoom, as App Home shows it."""

    kind: LinkKind
    who: str = ""
    link_url: str | None = None


def _status(state: LinkState) -> SectionBlock:
    who = escape(clip(state.who, 200))
    texts = {
        "unconfigured": "Zoom is not configured on this server yet; ask whoever runs Zoombridge.",
        "unlinked": "Your Zoom account is not linked yet. Link it to create meetings from Slack.",
        "broken": "Your Zoom connection has expired or was removed. Link your Zoom account again.",
        "linked": f":white_check_mark: Linked to Zoom as {who}.",
        "account": f"This workspace uses an account-level Zoom app: you act in Zoom as {who}.",
    }
    accessory: ButtonElement | LinkButtonElement | None = None
    if state.kind in ("unlinked", "broken") and state.link_url:
        label = "Link Zoom" if state.kind == "unlinked" else "Link Zoom again"
        accessory = LinkButtonElement(
            text=label, url=state.link_url, action_id=action_ids.LINK_ZOOM, style="primary"
        )
    elif state.kind == "linked":
        accessory = ButtonElement(
            text="Unlink",
            action_id=action_ids.UNLINK_ZOOM,
            value="unlink",
            confirm=ConfirmObject(
                title="Unlink Zoom?",
                text="Zoombridge will no longer be able to create or cancel your meetings.",
                confirm="Unlink",
                deny="Keep it",
                style="danger",
            ),
        )
    return SectionBlock(text=MarkdownTextObject(text=texts[state.kind]), accessory=accessory)


def home_view(
    state: LinkState,
    meetings: list[MeetingSummary] | None,
    *,
    page: int = 1,
    problem: str | None = None,
) -> View:
    """The Home tab for one user."""
    schedule = ButtonElement(
        text="Schedule a meeting", action_id=action_ids.SCHEDULE_OPEN, value="home", style="primary"
    )
    blocks: list[Block] = [HeaderBlock(text="Zoombridge"), _status(state)]
    if state.kind in ("linked", "account"):
        blocks.append(ActionsBlock(elements=[schedule]))
    blocks.append(DividerBlock())
    if problem is not None:
        text = f":warning: I couldn't load your meetings: {escape(problem)}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, 3000))))
    elif meetings is not None:
        (_text, listed), _page = list_message(meetings, page)
        blocks += listed
    view = View(type="home", blocks=blocks)
    view.validate_json()
    return view
