"""The AI meeting summaries the Zoom stand-in serves, by meeting UUID."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

# What Zoom answers before the summary is written: the meeting's facts, no summary text.
SUMMARY_TEXT_FIELDS = ("summary_overview", "summary_details", "next_steps", "summary_content")


@dataclass
class SummaryStore:
    """Summaries by UUID; each answers empty `empty_calls` times before its text appears."""

    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    empty_left: dict[str, int] = field(default_factory=dict)
    served: list[str] = field(default_factory=list)  # UUIDs asked for, in order
    lock: threading.RLock = field(default_factory=threading.RLock)

    def put(self, uuid: str, body: dict[str, Any], *, empty_calls: int = 1) -> None:
        """Serve `body` for `uuid`, after `empty_calls` answers without the summary text."""
        with self.lock:
            self.bodies[uuid] = dict(body)
            self.empty_left[uuid] = empty_calls

    def answer(self, uuid: str) -> dict[str, Any] | None:
        """The body to serve now (maybe still empty), or None when Zoom has no such summary."""
        with self.lock:
            self.served.append(uuid)
            body = self.bodies.get(uuid)
            if body is None:
                return None
            if self.empty_left.get(uuid, 0) > 0:
                self.empty_left[uuid] -= 1
                return {k: v for k, v in body.items() if k not in SUMMARY_TEXT_FIELDS}
            return dict(body)
