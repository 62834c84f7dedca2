"""`zoombridge status`: the outbox and its surroundings for a terminal; exit 1 when not ready."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import create_app
from bot.cli import main
from bot.notices.worker import WorkerConfig
from store.models import OutboxMessage
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import (
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, link, subscription, wait_settled, zoom_fixture
from tests.support.scrape import scrape_until

FAST = WorkerConfig(poll_interval=0.05, lease=5.0, heartbeat_every=0.05)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    """The environment `zoombridge status` reads, as an operator's shell would hold it."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SLACK_SIGNING_SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_BOT_TOKEN)
    monkeypatch.setenv("READY_MAX_PENDING_AGE", "60")


def _dead(reason: str) -> OutboxMessage:
    return OutboxMessage(
        team_id="T0001", channel_id="C0009", action="post", status="dead", last_error=reason
    )


def test_status_without_a_worker_shows_dead_rows_and_links_and_fails(
    environment: None, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = link("T0001", "U0007")
    broken.status = "broken"
    old = datetime.now(UTC) - timedelta(minutes=5)
    pending = OutboxMessage(
        team_id="T0001", channel_id="C0001", action="post", created_at=old, next_attempt_at=old
    )
    add(database_url, broken, _dead("is_archived"), _dead("is_archived"), _dead("gave up: x"))
    add(database_url, pending)

    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert "database: ok" in out
    assert "outbox: 3 dead, 1 pending" in out
    assert "dead rows: 3\n  2 x is_archived\n  1 x gave up: x\n" in out
    assert "last webhook: never" in out
    assert "broken Zoom links: 1" in out
    assert "workers claiming work: 0" in out
    assert "worker: no worker completed a loop in the last 90 s" in out
    assert "oldest pending notice is 300 s old (limit 60 s)" in out
    assert out.rstrip().endswith("NOT READY (worker, outbox)")


def test_status_with_a_worker_delivering_is_ready(
    environment: None,
    database_url: str,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, metrics_token="t" * 20)
    add(database_url, subscription("C0001"))
    with LoopbackServer(create_app(settings, worker_config=FAST)) as server:
        webhooks = ZoomWebhookDriver(server.url)
        assert webhooks.post(zoom_fixture("meeting.started")).status_code == 200
        webhooks.close()
        wait_settled(database_url)
        scrape_until(
            server.url, lambda s: s.value("zoombridge_workers_claiming") >= 1, token="t" * 20
        )
        assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "outbox: 1 delivered" in out
    assert "oldest pending: 0 s" in out
    assert "last webhook: never" not in out
    assert "workers claiming work: 1" in out
    assert out.rstrip().endswith("ready")


def test_status_with_the_database_away_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing listens on port 1: the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql://zoombridge@127.0.0.1:1/zoombridge")
    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("database: unreachable")
    assert out.rstrip().endswith("NOT READY (database)")
