"""Reading a modal's `view.state.values` defensively: anything malformed reads as empty."""

from __future__ import annotations

from datetime import date, time

from handlers.blocks.ids import FieldIds


class ViewState:
    """Defensive reader over `view.state.values`: any malformed part reads as empty."""

    def __init__(self, values: object) -> None:
        self._values = values if isinstance(values, dict) else {}

    def _get(self, f: FieldIds, key: str) -> object:
        block = self._values.get(f.block_id)
        action = block.get(f.action_id) if isinstance(block, dict) else None
        return action.get(key) if isinstance(action, dict) else None

    def text(self, f: FieldIds) -> str | None:
        value = self._get(f, "value")
        return value.strip() or None if isinstance(value, str) else None

    def selected(self, f: FieldIds) -> str | None:
        option = self._get(f, "selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        return value if isinstance(value, str) else None

    def selected_many(self, f: FieldIds) -> set[str]:
        options = self._get(f, "selected_options")
        if not isinstance(options, list):
            return set()
        values = (o.get("value") for o in options if isinstance(o, dict))
        return {v for v in values if isinstance(v, str)}

    def users(self, f: FieldIds) -> list[str]:
        found = self._get(f, "selected_users")
        return [u for u in found if isinstance(u, str) and u] if isinstance(found, list) else []

    def raw(self, f: FieldIds, key: str) -> str | None:
        value = self._get(f, key)
        return value if isinstance(value, str) and value.strip() else None


def as_int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None


def as_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def as_time(text: str | None) -> time | None:
    try:
        return time.fromisoformat(text) if text and len(text) == 5 else None
    except ValueError:
        return None
