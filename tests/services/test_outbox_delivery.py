"""The delivery worker against a misbehaving Slack: retries, Retry-After, order, dead rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.app import create_app
from bot.notices.retention import prune
from bot.notices.worker import WorkerConfig
from bot.settings import Settings
from store.db import Database
from store.repos.outbox import add_message, claim_due
from store.repos.webhook_events import record_event
from store.types import utcnow
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, rows, subscription, wait_settled, zoom_fixture

FAST = WorkerConfig(poll_interval=0.05, lease=5.0, backoff_base=0.05, backoff_cap=0.2)


@pytest.fixture
def fast_webhooks(settings: Settings) -> Iterator[ZoomWebhookDriver]:
    """The app with a worker that backs off in tenths of seconds."""
    with LoopbackServer(create_app(settings, worker_config=FAST)) as server:
        driver = ZoomWebhookDriver(server.url)
        yield driver
        driver.close()


def _texts(slack: SlackStandin, channel: str) -> list[str]:
    return [str(m["text"]) for m in slack.state.messages.get(channel, [])]


def test_failing_slack_still_gets_every_notice_once_in_order(
    fast_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    add(database_url, subscription("C0001"), subscription("C0003", slack_user_id="U0002"))
    slack_api.state.fail("chat.postMessage", times=4, status=500)
    slack_api.state.fail("chat.postMessage", times=3, status=429, retry_after=1)
    topics = [f"Meeting {n}" for n in range(1, 7)]
    for n, topic in enumerate(topics):
        payload = zoom_fixture("meeting.started", topic=topic, id=str(900_000_000 + n))
        assert fast_webhooks.post(payload).json() == {"status": "accepted"}
    outbox = wait_settled(database_url, timeout=20)
    assert [r["status"] for r in outbox] == ["delivered"] * 12
    expected = [f"{topic} has started." for topic in topics]
    assert _texts(slack_api, "C0001") == expected
    assert _texts(slack_api, "C0003") == expected
    failed = [c for c in slack_api.state.calls_to("chat.postMessage") if c.failed]
    assert len(failed) == 7
    assert max(r["attempts"] for r in outbox) >= 2


def test_retry_after_is_honoured(
    fast_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    add(database_url, subscription("C0001"))
    slack_api.state.fail("chat.postMessage", times=1, status=429, retry_after=1)
    fast_webhooks.post(zoom_fixture("meeting.started"))
    wait_settled(database_url, timeout=10)
    limited, delivered = slack_api.state.calls_to("chat.postMessage")
    assert limited.failed and not delivered.failed
    assert delivered.at - limited.at >= 0.95  # not the 0.05 s backoff: Slack's one second


def test_permanent_errors_mark_rows_dead_without_blocking_the_channel(
    fast_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0009", name="old", is_archived=True)
    add(
        database_url,
        subscription("C0001"),
        subscription("C0002", slack_user_id="U0002"),  # the bot is not a member
        subscription("C0009", slack_user_id="U0003"),  # archived
    )
    slack_api.state.fail("chat.postMessage", times=1, status=200, error="account_inactive")
    first = zoom_fixture("meeting.started", topic="First")
    assert fast_webhooks.post(first).json() == {"status": "accepted"}
    wait_settled(database_url)
    assert fast_webhooks.post(zoom_fixture("meeting.started", topic="Second")).status_code == 200
    outbox = wait_settled(database_url)
    by_channel = {(r["channel_id"], r["id"]): (r["status"], r["last_error"]) for r in outbox}
    dead = {k[0]: v[1] for k, v in by_channel.items() if v[0] == "dead"}
    assert dead.pop("C0002") == "not_in_channel"
    assert dead.pop("C0009") == "is_archived"
    assert set(dead.values()) <= {"account_inactive", "not_in_channel", "is_archived"}
    assert "Second has started." in _texts(slack_api, "C0001")


async def test_claims_lease_rows_and_keep_channel_order(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.transaction() as session:
            event_id = await record_event(
                session=session, event_key="k1", event="meeting.started", event_ts=1,
                zoom_account_id="",
            )  # fmt: skip
            for channel in ("C1", "C1", "C2"):
                await add_message(
                    session=session, webhook_event_id=event_id, team_id="T1",
                    channel_id=channel, action="post", payload={"text": channel},
                )  # fmt: skip
        now = utcnow()
        lease = now + timedelta(seconds=30)
        async with db.transaction() as session:
            first = await claim_due(session=session, now=now, lease_until=lease, limit=10)
        assert [(c.channel_id, c.attempts) for c in first] == [("C1", 1), ("C2", 1)]
        async with db.transaction() as session:
            again = await claim_due(session=session, now=now, lease_until=lease, limit=10)
        assert again == []  # leased, and C1's second row waits behind its first
        later = now + timedelta(seconds=31)  # the claimer died: the lease ran out
        async with db.transaction() as session:
            retaken = await claim_due(
                session=session, now=later, lease_until=later + timedelta(seconds=30), limit=10
            )
        assert [(c.id, c.attempts) for c in retaken] == [(c.id, 2) for c in first]
    finally:
        await db.close()


async def test_prune_forgets_finished_rows_and_old_event_keys(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.transaction() as session:
            for n, status in enumerate(("delivered", "dead", "pending")):
                event_id = await record_event(
                    session=session, event_key=f"k{n}", event="meeting.started", event_ts=n,
                    zoom_account_id="",
                )  # fmt: skip
                row = await add_message(
                    session=session, webhook_event_id=event_id, team_id="T1",
                    channel_id=f"C{n}", action="post", payload={},
                )  # fmt: skip
                row.status = status
                session.add(row)
        assert await prune(db, now=utcnow() + timedelta(days=1)) == {"outbox": 0, "events": 0}
        assert await prune(db, now=utcnow() + timedelta(days=8)) == {"outbox": 2, "events": 2}
    finally:
        await db.close()
    (left,) = rows(database_url, "SELECT status, payload FROM outbox")
    assert left["status"] == "pending" and json.loads(str(left["payload"])) == {}
    assert [r["event_key"] for r in rows(database_url, "SELECT event_key FROM webhook_events")] == [
        "k2"
    ]
