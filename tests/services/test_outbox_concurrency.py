"""Delivery under concurrency and rate limits: order per channel, no stalls, Slack's pace kept."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack

import pytest

from bot.app import create_app
from bot.notices.pacing import ChannelPace
from bot.notices.worker import WorkerConfig
from bot.settings import Settings
from store.db import Database
from store.repos.outbox import NewMessage, add_messages
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin
from tests.support.notice_world import wait_settled

pytestmark = pytest.mark.slow

UNPACED = WorkerConfig(
    poll_interval=0.05, lease=10.0, backoff_base=0.05, backoff_cap=0.2, pace=None
)


def _queue(database_url: str, plan: list[tuple[str, int]]) -> None:
    """Queue `count` numbered notices per channel, in plan order, in one transaction."""

    async def fill() -> None:
        db = Database.connect(database_url)
        try:
            messages = [
                NewMessage("T0001", channel, "post", {"text": f"{channel} #{n}", "blocks": None})
                for channel, count in plan
                for n in range(count)
            ]
            async with db.transaction() as session:
                await add_messages(session=session, webhook_event_id=None, messages=messages)
        finally:
            await db.close()

    asyncio.run(fill())


def _posted(slack: SlackStandin, *, failed: bool = False) -> list[str]:
    calls = slack.state.calls_to("chat.postMessage")
    return [str(c.params["text"]) for c in calls if c.failed == failed]


def test_three_workers_keep_each_channel_in_order_and_post_each_notice_once(
    settings: Settings, database_url: str, slack_api: SlackStandin
) -> None:
    channels = [f"C1{n:03d}" for n in range(6)]
    for channel in channels:
        slack_api.state.add_channel(channel, name=channel.lower())
    slack_api.state.delay("chat.postMessage", 0.005)  # calls overlap across the workers
    with ExitStack() as stack:
        for _ in range(3):
            stack.enter_context(LoopbackServer(create_app(settings, worker_config=UNPACED)))
        _queue(database_url, [(c, 25) for c in channels])
        outbox = wait_settled(database_url, timeout=60)
    assert [r["status"] for r in outbox] == ["delivered"] * 150
    assert {r["attempts"] for r in outbox} == {1}
    posted = _posted(slack_api)
    assert len(posted) == len(set(posted)) == 150  # nothing posted twice
    for channel in channels:
        texts = [str(m["text"]) for m in slack_api.state.messages[channel]]
        assert texts == [f"{channel} #{n}" for n in range(25)]


def test_a_rate_limited_channel_does_not_stall_the_others(
    settings: Settings, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C2000", name="busy")
    slack_api.state.add_channel("C2001", name="quiet")
    slack_api.state.rate_limit_post_message = True  # 5 at once, then 1/s, else 429 Retry-After
    with LoopbackServer(create_app(settings, worker_config=UNPACED)):
        _queue(database_url, [("C2000", 10), ("C2001", 3)])  # the quiet ones queued last
        outbox = wait_settled(database_url, timeout=60)
    assert {r["status"] for r in outbox} == {"delivered"}
    assert any(t.startswith("C2000") for t in _posted(slack_api, failed=True))  # it was limited
    posted = _posted(slack_api)
    assert [t for t in posted if t.startswith("C2000")] == [f"C2000 #{n}" for n in range(10)]
    last_busy = max(i for i, t in enumerate(posted) if t.startswith("C2000"))
    quiet = [i for i, t in enumerate(posted) if t.startswith("C2001")]
    assert len(quiet) == 3 and max(quiet) < last_busy  # not held behind the busy channel's wait


def test_the_channel_pace_never_trips_slacks_per_channel_limit(
    settings: Settings, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C3000", name="paced")
    slack_api.state.rate_limit_post_message = True
    paced = WorkerConfig(poll_interval=0.05, lease=10.0, pace=ChannelPace(interval=1.0, burst=4))
    with LoopbackServer(create_app(settings, worker_config=paced)):
        _queue(database_url, [("C3000", 8)])
        outbox = wait_settled(database_url, timeout=60)
    assert {r["status"] for r in outbox} == {"delivered"}
    assert _posted(slack_api, failed=True) == []  # paced below the limit: never a 429
    assert _posted(slack_api) == [f"C3000 #{n}" for n in range(8)]
