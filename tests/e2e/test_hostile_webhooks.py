"""Faults from the other side, through the stand-ins: Slack's non-JSON error pages, hostile
webhook bodies, and recording links that carry their passcode."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.app import create_app
from bot.notices.worker import WorkerConfig
from bot.settings import Settings
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture
from tests.support.signing import zoom_webhook_headers

FAST = WorkerConfig(poll_interval=0.05, lease=30.0, backoff_base=0.05, backoff_cap=0.2)


@pytest.fixture
def fast_webhooks(settings: Settings) -> Iterator[ZoomWebhookDriver]:
    """The app with a worker that backs off in tenths of seconds (and a long lease)."""
    with LoopbackServer(create_app(settings, worker_config=FAST)) as server:
        driver = ZoomWebhookDriver(server.url)
        yield driver
        driver.close()


def test_slack_error_pages_that_are_not_json_are_retried_not_lost(
    fast_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    add(database_url, subscription("C0001"))
    state = slack_api.state
    state.fail(
        "chat.postMessage", status=503, retry_after=0, page="upstream down", page_type="text/plain"
    )
    state.fail("chat.postMessage", status=200, retry_after=None, page="<html>maintenance</html>")
    assert fast_webhooks.post(zoom_fixture("meeting.started")).json() == {"status": "accepted"}
    outbox = wait_settled(database_url, timeout=15)  # the 60 s lease would outlast this
    assert [(r["status"], r["attempts"]) for r in outbox] == [("delivered", 3)]
    calls = state.calls_to("chat.postMessage")
    assert [c.failed for c in calls] == [True, True, False]
    assert [m["text"] for m in state.messages["C0001"]] == ["Weekly sync has started."]


def _signed(body: bytes) -> dict[str, str]:
    return zoom_webhook_headers(body, secret="zoom-webhook-secret-token")


def _deep(levels: int) -> bytes:
    return (
        b'{"event":"meeting.started","event_ts":1,"payload":' + b"[" * levels + b"]" * levels + b"}"
    )


def _event(name: str = "meeting.started", **top: object) -> bytes:
    payload = zoom_fixture(name)
    payload.update(top)
    return json.dumps(payload).encode()


HOSTILE = {
    "deep nesting": _deep(100_000),
    "event_ts past year 9999": _event("recording.completed", event_ts=10**18),
    "event_ts beyond int64": _event(event_ts=2**70),
    "meeting id beyond int64": json.dumps(zoom_fixture("meeting.started", id=str(2**80))).encode(),
    "huge integer": b'{"event":"meeting.started","event_ts":' + b"9" * 5000 + b',"payload":{}}',
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_signed_webhooks_are_the_senders_fault_not_an_outage(
    served: Served, zoom_webhooks: ZoomWebhookDriver, body: bytes
) -> None:
    answer = zoom_webhooks.http.post("/zoom/webhook", content=body, headers=_signed(body))
    assert 200 <= answer.status_code < 500, answer.text  # 503 would make Zoom retry forever
    assert answer.status_code != 200 or answer.json()["status"] in ("accepted", "ignored")


def test_an_overlong_timestamp_is_refused_as_unsigned(zoom_webhooks: ZoomWebhookDriver) -> None:
    body = json.dumps(zoom_fixture("meeting.started")).encode()
    headers = {"x-zm-request-timestamp": "9" * 400, "x-zm-signature": "v0=00"}
    answer = zoom_webhooks.http.post("/zoom/webhook", content=body, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["reason"] == "timestamp is not a number of seconds"


def test_recording_links_lose_their_pwd_where_passcodes_are_not_wanted(
    fast_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="secure")
    add(
        database_url,
        subscription("C0001"),
        subscription("C0003", slack_user_id="U0002", include_passcodes=True),
    )
    share = "https://example.zoom.us/rec/share/Link-123?pwd=SecretPwd77&startTime=1"
    payload = zoom_fixture("recording.completed", share_url=share)
    assert fast_webhooks.post(payload).json()["status"] == "accepted"
    wait_settled(database_url, timeout=10)
    public = json.dumps(slack_api.state.messages["C0001"])
    opted_in = json.dumps(slack_api.state.messages["C0003"])
    assert "SecretPwd77" not in public and "Link-123?startTime=1" in public
    assert "SecretPwd77" in opted_in
