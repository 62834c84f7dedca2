"""Helpers for calling the Zoom client in tests: a recording sleep and a valid one-off meeting."""

from __future__ import annotations

from datetime import datetime

from bot.zoom.models import NewMeeting


class RecordingSleep:
    """An injected sleep that records delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def one_off(**changes: object) -> NewMeeting:
    fields: dict[str, object] = {
        "topic": "Design review",
        "start_time": datetime(2031, 5, 6, 14, 30),
        "timezone": "Europe/Paris",
        "duration": 45,
        "password": "abc123",
    }
    return NewMeeting.model_validate({**fields, **changes})
