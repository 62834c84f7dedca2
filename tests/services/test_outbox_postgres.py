"""Two server processes draining one PostgreSQL outbox deliver each notice exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.deployment import SlackStandin, requires_postgres
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture
from tests.support.processes import ServerProcess, free_port, server_env

pytestmark = [requires_postgres, pytest.mark.postgres, pytest.mark.slow]

CHANNELS = ("C0001", "C0003", "C0004", "C0005", "C0006")
TOPICS = [f"Review {n}" for n in range(1, 13)]


def test_two_processes_deliver_each_notice_exactly_once(
    tmp_path: Path, database_url: str, slack_api: SlackStandin
) -> None:
    for channel in CHANNELS[1:]:
        slack_api.state.add_channel(channel, name=channel.lower())
    add(
        database_url,
        *(subscription(c, slack_user_id=f"U{n:04d}") for n, c in enumerate(CHANNELS)),
    )
    slack_api.state.delay("chat.postMessage", 0.02)
    one = server_env(database_url, slack_api, free_port())
    two = {**one, "PORT": str(free_port())}
    with (
        ServerProcess(one, tmp_path / "one.log") as first,
        ServerProcess(two, tmp_path / "two.log") as second,
    ):
        drivers = [ZoomWebhookDriver(first.url), ZoomWebhookDriver(second.url)]
        for n, topic in enumerate(TOPICS):
            payload = zoom_fixture("meeting.started", topic=topic, id=str(920_000_000 + n))
            assert drivers[n % 2].post(payload).json() == {"status": "accepted"}
            if n % 3 == 0:  # a retry that lands on the other process is still one event
                assert drivers[(n + 1) % 2].post(payload).json() == {"status": "duplicate"}
        for driver in drivers:
            driver.close()
        outbox = wait_settled(database_url, timeout=30)
    assert len(outbox) == len(TOPICS) * len(CHANNELS)
    assert {r["status"] for r in outbox} == {"delivered"}
    expected = [f"{topic} has started." for topic in TOPICS]
    for channel in CHANNELS:
        assert [str(m["text"]) for m in slack_api.state.messages[channel]] == expected
    calls = slack_api.state.calls_to("chat.postMessage")
    assert len(calls) == len(TOPICS) * len(CHANNELS) and not any(c.failed for c in calls)
    for log in ("one.log", "two.log"):  # both workers took part
        assert "outbox.delivered" in (tmp_path / log).read_text()
