"""A bad day for the database, through a TCP proxy in front of PostgreSQL: refused, hung.

The served app reaches PostgreSQL only through the proxy; the tests arrange and inspect the
database directly. SQLite has no network to fail, so these run on PostgreSQL only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from bot.app import create_app
from bot.notices.worker import WorkerConfig
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import ON_POSTGRES, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import ZoomWebhookDriver
from tests.support.faultproxy import FaultProxy
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite is a file, not a network peer: the TCP fault proxy has nothing to refuse "
    "or hang (run with DATABASE_URL=postgresql://...)",
)

FAST = WorkerConfig(
    poll_interval=0.05,
    lease=30.0,
    backoff_base=0.05,
    backoff_cap=0.2,
    db_deadline=2.0,
    error_backoff_cap=0.5,
)


@pytest.fixture
def pg_proxy(database_url: str) -> Iterator[FaultProxy]:
    """A fault proxy in front of the test database."""
    with FaultProxy.for_url(database_url, name="postgres", default_port=5432) as proxy:
        yield proxy


@pytest.fixture
def app_url(
    database_url: str, pg_proxy: FaultProxy, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> Iterator[str]:
    """The app, reaching its database through the proxy, with a fast worker."""
    add(database_url, subscription("C0001"))
    settings = make_settings(pg_proxy.url_through(database_url), slack_api, zoom_api)
    with LoopbackServer(create_app(settings, worker_config=FAST)) as server:
        yield server.url


@pytest.fixture
def webhooks(app_url: str) -> Iterator[ZoomWebhookDriver]:
    """Signed Zoom webhooks to that app."""
    driver = ZoomWebhookDriver(app_url)
    yield driver
    driver.close()


def _until(check: Callable[[], bool], timeout: float = 20.0, what: object = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"condition never held {what}"
        time.sleep(0.05)


def _ready(url: str) -> httpx.Response:
    return httpx.get(f"{url}/readyz", timeout=30)


def _texts(slack: SlackStandin) -> list[str]:
    return [str(m["text"]) for m in slack.state.messages.get("C0001", [])]


def test_the_worker_outlives_a_refused_database_and_readyz_says_so(
    database_url: str,
    app_url: str,
    pg_proxy: FaultProxy,
    slack_api: SlackStandin,
    webhooks: ZoomWebhookDriver,
) -> None:
    assert webhooks.post(zoom_fixture("meeting.started", topic="Before")).status_code == 200
    wait_settled(database_url)
    pg_proxy.refuse()
    _until(lambda: _ready(app_url).json().get("outbox-delivery") == "failing")
    assert _ready(app_url).status_code == 503
    pg_proxy.heal()
    _until(lambda: _ready(app_url).status_code == 200)
    assert webhooks.post(zoom_fixture("meeting.started", topic="After")).status_code == 200
    slack_api.state.wait_for("chat.postMessage", 2, timeout=15)
    assert _texts(slack_api) == ["Before has started.", "After has started."]


def test_a_hung_database_gets_a_503_not_a_hung_request_and_recovers(
    app_url: str, pg_proxy: FaultProxy, slack_api: SlackStandin, webhooks: ZoomWebhookDriver
) -> None:
    webhooks.http.timeout = httpx.Timeout(20.0)  # a hang past this fails the test
    pg_proxy.hang()
    try:
        answer = webhooks.post(zoom_fixture("meeting.started", topic="Hung"))
        assert answer.status_code == 503 and answer.json()["error"] == "unavailable"
        assert _ready(app_url).status_code == 503
    finally:
        pg_proxy.heal()
    assert webhooks.post(zoom_fixture("meeting.started", topic="Healed")).status_code == 200
    deadline = time.monotonic() + 30  # a write caught in the hang may land first (then Zoom's
    while "Healed has started." not in _texts(slack_api) and time.monotonic() < deadline:
        time.sleep(0.05)  # retry of it is a duplicate): wait for the healed one itself
    assert "Healed has started." in _texts(slack_api)


def test_every_accepted_webhook_is_delivered_once_in_order_through_outage_and_hang(
    app_url: str, pg_proxy: FaultProxy, slack_api: SlackStandin, webhooks: ZoomWebhookDriver
) -> None:
    sent: list[tuple[str, dict[str, object]]] = []
    accepted: list[str] = []
    refused: list[dict[str, object]] = []
    stop = threading.Event()

    def zoom() -> None:  # one webhook after another, as Zoom sends them
        n = 0
        while not stop.is_set():
            n += 1
            topic = f"Event {n:03d}"
            payload = zoom_fixture("meeting.started", topic=topic, id=str(910_000_000 + n))
            sent.append((topic, payload))
            try:
                answer = webhooks.post(payload)
            except httpx.HTTPError:
                refused.append(payload)
                continue
            (accepted.append(topic) if answer.status_code == 200 else refused.append(payload))
            time.sleep(0.2)

    sender = threading.Thread(target=zoom, daemon=True)
    sender.start()
    try:
        time.sleep(1)
        pg_proxy.refuse()  # a 5 s outage
        time.sleep(5)
        pg_proxy.heal()
        time.sleep(1)
        pg_proxy.hang()  # then a 10 s hang
        time.sleep(10)
        pg_proxy.heal()
        time.sleep(1)
    finally:
        stop.set()
        sender.join(60)
    assert accepted and refused, "the faults never showed"
    wanted = {f"{topic} has started." for topic in accepted}
    _until(lambda: wanted <= set(_texts(slack_api)), 60, (accepted, _texts(slack_api)))
    for payload in refused:  # Zoom retries what it was not told was received
        assert webhooks.post(payload).status_code == 200
    everything = [f"{topic} has started." for topic, _ in sent]
    _until(lambda: len(_texts(slack_api)) == len(everything), 60, (everything, _texts(slack_api)))
    delivered = _texts(slack_api)
    assert sorted(delivered) == sorted(everything)  # each exactly once
    in_order = [t for t in delivered if t.removesuffix(" has started.") in accepted]
    assert in_order == [f"{topic} has started." for topic in accepted]
