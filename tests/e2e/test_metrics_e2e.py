"""GET /metrics over real HTTP: refused without the token; counters and gauges follow notices."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from bot.app import create_app
from bot.notices.worker import WorkerConfig
from bot.observability.observe import REGISTRY, process_name
from bot.settings import Settings
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.meeting_world import schedule
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture
from tests.support.scrape import METRICS_TOKEN, scrape, scrape_until

FAST = WorkerConfig(
    poll_interval=0.05, lease=5.0, backoff_base=0.05, backoff_cap=0.2, heartbeat_every=0.05
)
POSTED = {"method": "chat.postMessage"}


@pytest.fixture
def metered(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> Iterator[tuple[str, ZoomWebhookDriver]]:
    """The app with METRICS_TOKEN set and a fast worker; its URL and a webhook driver."""
    settings = make_settings(database_url, slack_api, zoom_api, metrics_token=METRICS_TOKEN)
    with LoopbackServer(create_app(settings, worker_config=FAST)) as server:
        driver = ZoomWebhookDriver(server.url)
        yield server.url, driver
        driver.close()


def test_metrics_is_404_without_the_setting(served_url_without_token: str) -> None:
    answer = httpx.get(f"{served_url_without_token}/metrics")
    assert answer.status_code == 404
    with_token = httpx.get(
        f"{served_url_without_token}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    )
    assert with_token.status_code == 404 and "zoombridge" not in with_token.text


@pytest.fixture
def served_url_without_token(settings: Settings) -> Iterator[str]:
    with LoopbackServer(create_app(settings)) as server:
        yield server.url


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {METRICS_TOKEN}", f"Bearer {METRICS_TOKEN}x", "Bearer"],
)
def test_metrics_refuses_a_missing_or_wrong_token(
    authorization: str | None, metered: tuple[str, ZoomWebhookDriver]
) -> None:
    url, _ = metered
    headers = {"Authorization": authorization} if authorization else {}
    answer = httpx.get(f"{url}/metrics", headers=headers)
    assert answer.status_code == 401
    assert answer.text == "Unauthorized"  # nothing about the deployment
    assert scrape(url).has("zoombridge_database_up")


def test_counters_and_gauges_follow_webhooks_and_deliveries(
    metered: tuple[str, ZoomWebhookDriver], database_url: str, slack_api: SlackStandin
) -> None:
    url, webhooks = metered
    add(database_url, subscription("C0001"))
    before = scrape(url)
    started = {"event": "meeting.started"}

    first = zoom_fixture("meeting.started", topic="First")
    assert webhooks.post(first).json() == {"status": "accepted"}
    wait_settled(database_url)
    assert webhooks.post(first).json() == {"status": "duplicate"}
    assert httpx.post(f"{url}/zoom/webhook", json=first).status_code == 401

    slack_api.state.fail("chat.postMessage", times=1, status=429, retry_after=1)
    assert webhooks.post(zoom_fixture("meeting.started", topic="Limited")).status_code == 200
    wait_settled(database_url)
    slack_api.state.fail("chat.postMessage", times=1, status=200, error="account_inactive")
    assert webhooks.post(zoom_fixture("meeting.started", topic="Dies")).status_code == 200
    wait_settled(database_url)

    after = scrape_until(url, lambda s: s.value("zoombridge_workers_claiming") >= 1)

    def moved(name: str, **labels: str) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    assert moved("zoombridge_webhooks_total", **started, outcome="accepted") == 3
    assert moved("zoombridge_webhooks_total", **started, outcome="duplicate") == 1
    assert moved("zoombridge_webhooks_total", outcome="refused", reason="invalid_signature") == 1
    assert moved("zoombridge_webhook_ingest_seconds_count") == 5
    assert moved("zoombridge_deliveries_total", outcome="delivered") == 2
    assert moved("zoombridge_deliveries_total", outcome="retry") == 1
    assert moved("zoombridge_deliveries_total", outcome="dead") == 1
    assert moved("zoombridge_delivery_latency_seconds_count") == 2
    assert moved("zoombridge_slack_calls_total", **POSTED, outcome="ok") == 2
    assert moved("zoombridge_slack_calls_total", **POSTED, outcome="ratelimited") == 1
    assert moved("zoombridge_slack_calls_total", **POSTED, outcome="error") == 1
    # Read from the database at scrape time, whichever process answers.
    assert after.value("zoombridge_outbox_rows", status="delivered") == 2
    assert after.value("zoombridge_outbox_rows", status="dead") == 1
    assert after.value("zoombridge_outbox_rows", status="pending") == 0
    assert after.value("zoombridge_outbox_dead_rows", reason="account_inactive") == 1
    assert after.value("zoombridge_outbox_oldest_pending_age_seconds") == 0
    assert after.value("zoombridge_zoom_links_broken") == 0
    assert after.value("zoombridge_last_webhook_timestamp_seconds") > 0
    assert after.value("zoombridge_database_up") == 1
    loops = [s for s in after.samples if s[0] == "zoombridge_worker_last_loop_timestamp_seconds"]
    assert loops and all(labels["process"] for _, labels, _ in loops)


def test_oldest_pending_grows_while_slack_is_down(
    metered: tuple[str, ZoomWebhookDriver], database_url: str, slack_api: SlackStandin
) -> None:
    url, webhooks = metered
    add(database_url, subscription("C0001"))
    slack_api.state.fail("chat.postMessage", times=10_000, status=503)
    assert webhooks.post(zoom_fixture("meeting.started")).status_code == 200
    # Both facts in one scrape: on SQLite the scrape's two reads are not one snapshot, so the
    # row may be committed between them (see the closing note); the count must still be 1.
    first = scrape_until(
        url,
        lambda s: (
            s.value("zoombridge_outbox_oldest_pending_age_seconds") > 0
            and s.value("zoombridge_outbox_rows", status="pending") > 0
        ),
    )
    assert first.value("zoombridge_outbox_rows", status="pending") == 1
    age = first.value("zoombridge_outbox_oldest_pending_age_seconds")
    later = scrape_until(
        url, lambda s: s.value("zoombridge_outbox_oldest_pending_age_seconds") > age + 0.5
    )
    assert later.value("zoombridge_slack_calls_total", **POSTED, outcome="error") > 0
    with slack_api.state.lock:
        slack_api.state.faults.clear()
    wait_settled(database_url)
    assert scrape(url).value("zoombridge_outbox_oldest_pending_age_seconds") == 0


def test_slack_calls_made_by_listeners_are_counted(
    slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver, linked_user: str
) -> None:
    def opened() -> float:
        labels = {"process": process_name(), "method": "views.open", "outcome": "ok"}
        return REGISTRY.get_sample_value("zoombridge_slack_calls_total", labels) or 0.0

    before = opened()
    schedule(slack_driver, slack_api, zoom_api)  # /zoom new opens the modal with views.open
    assert len(slack_api.state.calls_to("views.open")) == 1
    deadline = time.monotonic() + 5.0  # the listener counts once Slack's answer is read
    while opened() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert opened() - before == 1
