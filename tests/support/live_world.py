"""Arranging live-meeting tests: Zoom events with fresh times, scheduled messages, waiting."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tests.support.deployment import SlackStandin
from tests.support.notice_world import FIXTURES, rows, zoom_fixture

T = TypeVar("T")
CREATED_ID = 85746065999


def zoom_time(moment: datetime) -> str:
    """Zoom's UTC timestamp format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def soon(days: float = 3, minutes: int = 0) -> datetime:
    """A whole-minute UTC time `days` ahead."""
    moment = datetime.now(UTC) + timedelta(days=days, minutes=minutes)
    return moment.replace(second=0, microsecond=0)


def event(name: str, *, payload: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A fixture event with a fresh event_ts, `fields` set on its object, `payload` merged.

    The live-meeting variants (`zoom/live/`, ids and hosts of these tests) come first.
    """
    if (FIXTURES / "live" / f"{name}.json").exists():
        name = f"live/{name}"
    body = zoom_fixture(name, **fields)
    body["payload"].update(payload or {})
    return body


def scheduled(slack: SlackStandin, channel: str = "C0001") -> list[dict[str, Any]]:
    """The channel's pending scheduled messages at the Slack stand-in, soonest first."""
    with slack.state.lock:
        return [dict(m) for m in slack.state.scheduled.in_channel(channel)]


def wait_until(check: Callable[[], T | None], what: str, timeout: float = 15.0) -> T:
    """Poll until `check()` gives something other than None or False; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def outbox_settled(database_url: str) -> list[dict[str, Any]] | None:
    """The outbox once every stored event is routed and no row is pending (else None)."""
    unrouted = "SELECT count(*) AS n FROM webhook_events WHERE routed_at IS NULL"
    if rows(database_url, unrouted)[0]["n"]:  # first: routing writes both at once
        return None
    outbox = rows(database_url, "SELECT * FROM outbox ORDER BY id")
    return outbox if all(r["status"] != "pending" for r in outbox) else None


def reminder_rows(database_url: str) -> list[dict[str, Any]]:
    """The stored reminders, oldest first."""
    return rows(database_url, "SELECT * FROM meeting_reminders ORDER BY id")
