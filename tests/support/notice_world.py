"""Arranging and inspecting notice tests: fixtures, seeded rows, the outbox as stored."""

from __future__ import annotations

import copy
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from store.db import sync_url
from store.models import ChannelSubscription, Meeting, OutboxMessage, ZoomLink
from store.outbox_models import OutboxChannel
from tests.support.deployment import SLACK_BOT_TOKEN, SlackStandin
from tests.support.paths import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "zoom"
HOST = "zoomHostAda"
MEETING_ID = 85746065432
_last_event_ts = [0]


def zoom_fixture(name: str, *, fresh: bool = True, **object_fields: Any) -> dict[str, Any]:
    """A fixture payload; `fresh` gives it a new event_ts (so it is a new event)."""
    payload: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    payload = copy.deepcopy(payload)
    if fresh:
        _last_event_ts[0] = max(_last_event_ts[0] + 1, int(time.time() * 1000))
        payload["event_ts"] = _last_event_ts[0]
    payload["payload"].setdefault("object", {}).update(object_fields)
    if not payload["payload"]["object"]:
        del payload["payload"]["object"]
    return payload


def rows(database_url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a query, as dicts."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def count(database_url: str, table: str) -> int:
    """How many rows a table holds."""
    return int(rows(database_url, f"SELECT count(*) AS n FROM {table}")[0]["n"])


def add(database_url: str, *objects: Any) -> list[int]:
    """Insert model objects; their ids."""
    engine = create_engine(sync_url(database_url))
    try:
        with Session(engine) as session:
            session.add_all(objects)
            session.commit()
            _touch_channels(session, objects)
            return [obj.id for obj in objects]
    finally:
        engine.dispose()


def _touch_channels(session: Session, objects: tuple[Any, ...]) -> None:
    """Give outbox rows added here their channel row, as queueing through the repo does."""
    ready: dict[tuple[str, str], datetime] = {}
    for row in objects:
        if isinstance(row, OutboxMessage):
            key, due = (row.team_id, row.channel_id), row.next_attempt_at
            ready[key] = min(ready.get(key, due), due)
    for (team_id, channel_id), ready_at in ready.items():
        known = select(OutboxChannel).where(
            OutboxChannel.team_id == team_id, OutboxChannel.channel_id == channel_id
        )
        if session.exec(known).first() is None:
            session.add(OutboxChannel(team_id=team_id, channel_id=channel_id, ready_at=ready_at))
    session.commit()


def link(team_id: str, slack_user_id: str, zoom_user_id: str = HOST) -> ZoomLink:
    """A link row (the token columns hold placeholders, never read here)."""
    return ZoomLink(
        team_id=team_id,
        slack_user_id=slack_user_id,
        zoom_user_id=zoom_user_id,
        access_token_enc="not-a-token",
        refresh_token_enc="not-a-token",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )


def subscription(
    channel_id: str,
    *,
    team_id: str = "T0001",
    slack_user_id: str = "U0001",
    zoom_user_id: str = HOST,
    events: str = "started,ended,recordings",
    include_passcodes: bool = False,
) -> ChannelSubscription:
    """A subscription row."""
    return ChannelSubscription(
        team_id=team_id,
        channel_id=channel_id,
        slack_user_id=slack_user_id,
        zoom_user_id=zoom_user_id,
        events=events,
        include_passcodes=include_passcodes,
    )


def announce(slack: SlackStandin, channel_id: str, text_: str = "Weekly sync scheduled") -> str:
    """Post an announcement card at the Slack stand-in; its ts."""
    answer = httpx.post(
        f"{slack.api_url}chat.postMessage",
        json={"channel": channel_id, "text": text_},
        headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"},
    ).json()
    assert answer["ok"], answer
    slack.state.clear()
    return str(answer["ts"])


def meeting(channel_id: str | None, message_ts: str | None, **fields: Any) -> Meeting:
    """A meeting the app created and announced."""
    values: dict[str, Any] = {
        "team_id": "T0001",
        "slack_user_id": "U0001",
        "zoom_meeting_id": MEETING_ID,
        "host_zoom_user_id": HOST,
        "topic": "Weekly sync",
        "start_time": datetime(2024, 5, 1, 10, tzinfo=UTC),
        "duration": 60,
        "join_url": f"https://example.zoom.us/j/{MEETING_ID}?pwd=abc",
        "channel_id": channel_id,
        "message_ts": message_ts,
    }
    values.update(fields)
    return Meeting(**values)


def pending_row(team_id: str, channel_id: str, zoom_user_id: str) -> OutboxMessage:
    """A pending outbox row that is not due for an hour (the worker leaves it alone)."""
    return OutboxMessage(
        team_id=team_id,
        channel_id=channel_id,
        action="post",
        payload={"text": "later", "zoom_user_id": zoom_user_id},
        next_attempt_at=datetime.now(UTC) + timedelta(hours=1),
    )


def wait_routed(database_url: str, timeout: float = 10.0) -> None:
    """Wait until the worker has routed every stored webhook event."""
    deadline = time.monotonic() + timeout
    unrouted = "SELECT count(*) AS n FROM webhook_events WHERE routed_at IS NULL"
    while rows(database_url, unrouted)[0]["n"]:
        if time.monotonic() > deadline:
            raise AssertionError("webhook events still unrouted")
        time.sleep(0.02)


def wait_settled(database_url: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Wait until every stored event is routed and no outbox row is pending; the outbox."""
    deadline = time.monotonic() + timeout
    unrouted = "SELECT count(*) AS n FROM webhook_events WHERE routed_at IS NULL"
    while True:
        routed = rows(database_url, unrouted)[0]["n"] == 0  # first: routing writes both at once
        outbox = rows(database_url, "SELECT * FROM outbox ORDER BY id")
        if routed and all(r["status"] != "pending" for r in outbox):
            return outbox
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox still pending: {outbox}")
        time.sleep(0.02)


def payloads(outbox: list[dict[str, Any]]) -> list[Any]:
    """Outbox payloads, decoded."""
    return [
        json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"] for r in outbox
    ]


SLACK_WRITES = ("chat.postMessage", "chat.update", "conversations.open")


def slack_writes(slack: SlackStandin) -> list[tuple[str, dict[str, object]]]:
    return [(c.method, c.params) for c in slack.state.calls if c.method in SLACK_WRITES]


def no_rows(database_url: str) -> None:
    assert count(database_url, "webhook_events") == 0
    assert count(database_url, "outbox") == 0
