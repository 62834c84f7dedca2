"""/readyz over real HTTP tells the truth: a stalled or stopped worker, an old pending notice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.app import create_app
from bot.notices.worker import WorkerConfig
from tests.standins.loopback import LoopbackServer
from tests.support.db_faults import writes_blocked
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture

LOOP = "outbox-delivery"
FAST = WorkerConfig(
    poll_interval=0.05, lease=5.0, backoff_base=0.05, backoff_cap=0.2, heartbeat_every=0.05
)


@pytest.fixture
def app(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Starlette:
    """The app with tight readiness thresholds and a fast worker."""
    settings = make_settings(
        database_url,
        slack_api,
        zoom_api,
        ready_worker_stale_after=0.5,
        ready_max_pending_age=0.5,
    )
    return create_app(settings, worker_config=FAST)


@pytest.fixture
def url(app: Starlette) -> Iterator[str]:
    with LoopbackServer(app) as server:
        yield server.url


def _readyz_until(
    url: str, status: int, timeout: float = 15.0, loop_state: str | None = None
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        answer = httpx.get(f"{url}/readyz")
        settled = loop_state is None or answer.json().get(LOOP) == loop_state
        if answer.status_code == status and settled:
            body: dict[str, Any] = answer.json()
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"/readyz never answered {status}: {answer.text}")
        time.sleep(0.05)


def test_a_worker_stalled_by_the_database_is_not_ready_until_it_recovers(
    url: str, database_url: str
) -> None:
    assert _readyz_until(url, 200, loop_state="ok")["ready"] is True
    with writes_blocked(database_url):
        stalled = _readyz_until(url, 503)
        assert LOOP in stalled["failing"]  # the other background jobs are stuck too
        assert stalled[LOOP] == "stale"  # no turn completed for READY_WORKER_STALE_AFTER
        assert stalled["database"] == "ok"  # reads still work: only the worker is stuck
    recovered = _readyz_until(url, 200, loop_state="ok")
    assert (recovered["ready"], recovered["database"], recovered["outbox"]) == (True, "ok", "ok")
    assert recovered.get("failing", []) == []


def test_a_stopped_worker_task_is_not_ready(app: Starlette, url: str) -> None:
    _readyz_until(url, 200)
    worker = app.state.services.worker
    loop = worker._task.get_loop()  # the served app's event loop, in the server's thread
    asyncio.run_coroutine_threadsafe(worker.stop(), loop).result(timeout=10)
    stopped = _readyz_until(url, 503)
    assert stopped[LOOP] == "stopped" and stopped["failing"] == [LOOP]


def test_an_old_pending_notice_is_not_ready_until_delivered(
    url: str, database_url: str, slack_api: SlackStandin
) -> None:
    add(database_url, subscription("C0001"))
    slack_api.state.fail("chat.postMessage", times=10_000, status=503)
    webhooks = ZoomWebhookDriver(url)
    try:
        assert webhooks.post(zoom_fixture("meeting.started")).status_code == 200
    finally:
        webhooks.close()
    waiting = _readyz_until(url, 503)
    assert waiting["failing"] == ["outbox"]
    assert waiting["outbox"].startswith("oldest pending notice is")
    assert "xoxb" not in str(waiting) and "secret" not in str(waiting)
    with slack_api.state.lock:
        slack_api.state.faults.clear()
    wait_settled(database_url)
    assert _readyz_until(url, 200)["outbox"] == "ok"
