"""`/zoom help`, also shown (with a suggestion) when a command isn't recognised."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.base import code
from handlers.slack.grammar import HELP_ENTRIES


def _usage_lines() -> str:
    return "\n".join(f"{code(e.usage, 80)}  {e.description}" for e in HELP_ENTRIES)


def help_blocks(suggestion: str | None = None, unknown: str | None = None) -> list[Block]:
    """The command reference, led by a "did you mean" line for an unknown command."""
    blocks: list[Block] = []
    if unknown is not None:
        lead = f"I don't know {code('/zoom ' + unknown)}."
        if suggestion:
            lead += f" Did you mean {code('/zoom ' + suggestion)}?"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lead)))
    blocks += [
        SectionBlock(text=MarkdownTextObject(text="*Zoom in Slack*\n" + _usage_lines())),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Meeting times show in each reader's own time zone. "
                    "Link your Zoom account first with `/zoom link`."
                )
            ]
        ),
    ]
    return blocks


def help_text(suggestion: str | None = None, unknown: str | None = None) -> str:
    """Plain fallback text for the help message."""
    if unknown is None:
        return "Zoom commands: " + ", ".join(e.usage for e in HELP_ENTRIES)
    hint = f" Did you mean /zoom {suggestion}?" if suggestion else ""
    return f"I don't know that /zoom command.{hint} Try /zoom help."
