"""What every Block Kit builder shares: the message shape, safe mrkdwn text, common blocks."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    LinkButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from handlers.blocks import ids

Message = tuple[str, list[Block]]
"""A message to post: the notification fallback text and its blocks."""

SECTION_MAX = 3000  # Slack's limit on a section's text
CONTEXT_MAX = 2000  # and on a context element's
TOPIC_SHOWN = 200


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` so user text can't form mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def code(text: str, limit: int = 60) -> str:
    """Show user text as inline code, safely."""
    return "`" + escape(clip(text, limit)).replace("`", "'") + "`"


def topic_text(topic: str | None) -> str:
    """A meeting topic as safe mrkdwn ("Zoom meeting" when it has none)."""
    return escape(clip(topic or "Zoom meeting", TOPIC_SHOWN))


def section(text: str) -> SectionBlock:
    """A mrkdwn section, clipped to Slack's limit."""
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_MAX)))


def context(text: str) -> ContextBlock:
    """A one-element mrkdwn context line, clipped to Slack's limit."""
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_MAX))])


def url_button(text: str, url: str, action_id: str, *, primary: bool = True) -> ActionsBlock:
    """An actions block holding one link button."""
    button = LinkButtonElement(
        text=text, url=url, action_id=action_id, style="primary" if primary else None
    )
    return ActionsBlock(elements=[button])


def join_button(url: str) -> ActionsBlock:
    """The primary "Join" button every meeting card carries."""
    return url_button("Join", url, ids.JOIN_MEETING)
