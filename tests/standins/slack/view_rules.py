"""Slack's checks on a view (modal or App Home), as views.open/update/publish apply them."""

from __future__ import annotations

from typing import Any

from tests.standins.slack.records import SlackError


def _check_text(view: dict[str, Any], key: str, problems: list[str]) -> None:
    value = view.get(key)
    if value is None:
        return
    if not isinstance(value, dict) or value.get("type") != "plain_text":
        problems.append(f"[ERROR] must be a plain_text object [json-pointer:/view/{key}]")
    elif not 0 < len(str(value.get("text", ""))) <= 24:
        problems.append(f"[ERROR] must be less than 25 characters [json-pointer:/view/{key}/text]")


def validate_view(view: Any, kinds: tuple[str, ...]) -> dict[str, Any]:
    """Check a view the way Slack does; `invalid_arguments` lists every problem."""
    if not isinstance(view, dict):
        raise SlackError(
            "invalid_arguments", messages=["[ERROR] invalid view [json-pointer:/view]"]
        )
    problems: list[str] = []
    if view.get("type") not in kinds:
        problems.append(f"[ERROR] must be one of {list(kinds)} [json-pointer:/view/type]")
    if view.get("type") == "modal" and view.get("title") is None:
        problems.append("[ERROR] missing required field: title [json-pointer:/view]")
    for key in ("title", "submit", "close"):
        _check_text(view, key, problems)
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or len(blocks) > 100:
        problems.append("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]")
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append(
            "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
        )
    for key in ("callback_id", "external_id"):
        if len(str(view.get(key, ""))) > 255:
            problems.append(f"[ERROR] must be less than 256 characters [json-pointer:/view/{key}]")
    if problems:
        raise SlackError("invalid_arguments", messages=problems)
    return view
