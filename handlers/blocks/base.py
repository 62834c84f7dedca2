"""Text helpers for mrkdwn: escaping user input and staying inside Slack's limits."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` so user text can't form mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def code(text: str, limit: int = 60) -> str:
    """Show user text as inline code, safely."""
    return "`" + escape(clip(text, limit)).replace("`", "'") + "`"
