"""Slack's per-block text limits, checked the way chat.postMessage refuses them (invalid_blocks)."""

from __future__ import annotations

from typing import Any

SECTION_TEXT_MAX = 3000
SECTION_FIELD_MAX = 2000
HEADER_TEXT_MAX = 150
CONTEXT_ELEMENTS_MAX = 10


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def block_problems(blocks: list[dict[str, Any]]) -> list[str]:
    """Slack's messages for blocks whose text is over its limits (empty when all fit)."""
    problems: list[str] = []
    for index, block in enumerate(blocks):
        kind = block.get("type")
        where = f"[json-pointer:/blocks/{index}"
        if kind == "section":
            if len(_text(block.get("text"))) > SECTION_TEXT_MAX:
                problems.append(
                    f"must be less than {SECTION_TEXT_MAX + 1} characters {where}/text]"
                )
            for n, item in enumerate(block.get("fields") or []):
                if len(_text(item)) > SECTION_FIELD_MAX:
                    limit = SECTION_FIELD_MAX + 1
                    problems.append(f"must be less than {limit} characters {where}/fields/{n}]")
        elif kind == "header" and len(_text(block.get("text"))) > HEADER_TEXT_MAX:
            problems.append(f"must be less than {HEADER_TEXT_MAX + 1} characters {where}/text]")
        elif kind == "context" and len(block.get("elements") or []) > CONTEXT_ELEMENTS_MAX:
            problems.append(f"must have at most {CONTEXT_ELEMENTS_MAX} items {where}/elements]")
    return problems
