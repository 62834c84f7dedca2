"""POST /zoom/webhook over real HTTP: verification first, one transaction, the right Slack calls."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from bot.app import create_app
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import (
    ZOOM_WEBHOOK_SECRET,
    Served,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import (
    MEETING_ID,
    add,
    announce,
    count,
    meeting,
    no_rows,
    rows,
    slack_writes,
    subscription,
    wait_settled,
    zoom_fixture,
)


def test_url_validation_answers_the_encrypted_token(
    zoom_webhooks: ZoomWebhookDriver, database_url: str
) -> None:
    response = zoom_webhooks.post(zoom_fixture("endpoint.url_validation"))
    assert response.status_code == 200
    plain = "qgg8vlvZRS6UYooatFL8Aw"
    expected = hmac.new(ZOOM_WEBHOOK_SECRET.encode(), plain.encode(), hashlib.sha256).hexdigest()
    assert response.json() == {"plainToken": plain, "encryptedToken": expected}
    no_rows(database_url)


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ("forged", 401),
        ("stale", 401),
        ("unsigned", 401),
        ("tampered", 401),
        ("not-json", 400),
        ("no-event", 400),
        ("oversized", 413),
    ],
)
def test_bad_requests_get_4xx_and_store_nothing(
    fault: str,
    status: int,
    served: Served,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
    slack_api: SlackStandin,
) -> None:
    add(database_url, subscription("C0001"))
    payload = zoom_fixture("meeting.started")
    if fault == "forged":
        forger = ZoomWebhookDriver(served.url, secret="not-the-secret")
        response = forger.post(payload)
        forger.close()
    elif fault == "stale":
        response = zoom_webhooks.post(payload, timestamp=int(time.time()) - 360)
    elif fault == "unsigned":
        response = httpx.post(f"{served.url}/zoom/webhook", json=payload)
    elif fault == "tampered":
        body = json.dumps(payload).encode()
        good = zoom_webhooks.post(b"{}").request.headers  # a valid signature for another body
        response = httpx.post(
            f"{served.url}/zoom/webhook",
            content=body,
            headers={k: good[k] for k in ("x-zm-signature", "x-zm-request-timestamp")},
        )
    elif fault == "not-json":
        response = zoom_webhooks.post(b"event=meeting.started")
    elif fault == "no-event":
        response = zoom_webhooks.post({"payload": payload["payload"], "event_ts": 1})
    else:
        padding = "x" * (1024 * 1024)
        response = zoom_webhooks.post({**payload, "padding": padding})
    assert response.status_code == status, response.text
    assert response.json()["reason"]
    time.sleep(0.1)
    no_rows(database_url)
    assert slack_writes(slack_api) == []


def test_meeting_started_threads_updates_and_notifies_subscribers(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    slack_api.state.add_channel("C0004", name="beta-room")
    ts = announce(slack_api, "C0001")
    add(
        database_url,
        meeting("C0001", ts),
        subscription("C0003"),
        subscription("C0001"),  # the announcement's channel hears it once, in the thread
        subscription("C0004", team_id="T0002", zoom_user_id="zoomHostBob"),
        subscription("C0004", events="ended,recordings", slack_user_id="U0002"),
    )
    response = zoom_webhooks.post(zoom_fixture("meeting.started"))
    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    outbox = wait_settled(database_url)
    assert [r["status"] for r in outbox] == ["delivered"] * 3

    writes = slack_writes(slack_api)
    update, thread = (w for w in writes if w[1]["channel"] == "C0001")  # in this order
    (channel,) = (w for w in writes if w[1]["channel"] != "C0001")
    assert update[0] == "chat.update" and update[1]["channel"] == "C0001" and update[1]["ts"] == ts
    assert "Live now" in json.dumps(update[1]["blocks"])
    assert thread[0] == "chat.postMessage" and thread[1]["thread_ts"] == ts
    assert thread[1]["channel"] == "C0001" and "has started" in str(thread[1]["text"])
    join = f"https://example.zoom.us/j/{MEETING_ID}?pwd=abc"
    assert join in json.dumps(thread[1]["blocks"])
    assert channel[0] == "chat.postMessage" and channel[1]["channel"] == "C0003"
    assert "thread_ts" not in channel[1] and join in json.dumps(channel[1]["blocks"])
    assert all(p["text"] for _, p in slack_writes(slack_api))  # always a text fallback
    (stored,) = rows(database_url, "SELECT status FROM meetings")
    assert stored["status"] == "live"


def test_meeting_id_as_a_number_and_hosts_without_an_announcement(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    add(database_url, meeting(None, None), subscription("C0001"))
    response = zoom_webhooks.post(zoom_fixture("meeting.started", id=MEETING_ID))
    assert response.json() == {"status": "accepted"}
    wait_settled(database_url)
    ((method, params),) = slack_writes(slack_api)
    assert method == "chat.postMessage" and params["channel"] == "C0001"
    assert rows(database_url, "SELECT status FROM meetings")[0]["status"] == "live"


def test_meeting_ended_updates_the_card_with_how_long_it_lasted(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    ts = announce(slack_api, "C0001")
    add(
        database_url,
        meeting("C0001", ts, status="live"),
        subscription("C0003", events="ended"),
        subscription("C0003", events="started", slack_user_id="U0002"),
    )
    assert zoom_webhooks.post(zoom_fixture("meeting.ended")).json() == {"status": "accepted"}
    wait_settled(database_url)
    (update,) = (w for w in slack_writes(slack_api) if w[1]["channel"] == "C0001")
    (notice,) = (w for w in slack_writes(slack_api) if w[1]["channel"] != "C0001")
    assert update[0] == "chat.update" and update[1]["ts"] == ts
    assert "Ended, lasted 47 min" in json.dumps(update[1]["blocks"])
    assert "Join" not in json.dumps(update[1]["blocks"])
    assert slack_api.state.message("C0001", ts)["text"].endswith("ended")
    assert notice[0] == "chat.postMessage" and notice[1]["channel"] == "C0003"
    assert "lasted 47 min" in str(notice[1]["text"])
    assert rows(database_url, "SELECT status FROM meetings")[0]["status"] == "ended"


def test_unknown_events_and_unlinked_hosts_are_acknowledged(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    unknown = zoom_webhooks.post(zoom_fixture("webinar.started"))
    assert unknown.status_code == 200 and unknown.json() == {"status": "ignored"}
    no_rows(database_url)
    nobody = zoom_webhooks.post(zoom_fixture("meeting.started", host_id="zoomNobody"))
    assert nobody.json() == {"status": "accepted"}
    assert count(database_url, "webhook_events") == 1
    assert count(database_url, "outbox") == 0
    time.sleep(0.1)
    assert slack_writes(slack_api) == []


def test_the_same_webhook_three_times_gives_one_notice(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    add(database_url, subscription("C0001"))
    payload = zoom_fixture("meeting.started")
    statuses = [zoom_webhooks.post(payload).json()["status"] for _ in range(3)]
    assert statuses == ["accepted", "duplicate", "duplicate"]
    wait_settled(database_url)
    time.sleep(0.2)
    assert len(slack_api.state.calls_to("chat.postMessage")) == 1
    assert count(database_url, "webhook_events") == 1 and count(database_url, "outbox") == 1


@pytest.fixture
def served_without_secret(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> Iterator[str]:
    settings = make_settings(database_url, slack_api, zoom_api, zoom_webhook_secret_token=None)
    with LoopbackServer(create_app(settings)) as server:
        yield server.url


def test_without_a_webhook_secret_the_endpoint_says_so(
    served_without_secret: str, database_url: str
) -> None:
    driver = ZoomWebhookDriver(served_without_secret)
    response = driver.post(zoom_fixture("meeting.started"))
    driver.close()
    assert response.status_code == 503
    assert "ZOOM_WEBHOOK_SECRET_TOKEN" in response.json()["reason"]
    no_rows(database_url)


def test_a_late_started_retry_does_not_undo_ended(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    ts = announce(slack_api, "C0001")
    add(database_url, meeting("C0001", ts))
    started = zoom_fixture("meeting.started")
    started["event_ts"] -= 10 * 60 * 1000  # sent ten minutes ago; this is Zoom's retry
    assert zoom_webhooks.post(zoom_fixture("meeting.ended")).json()["status"] == "accepted"
    wait_settled(database_url)
    assert zoom_webhooks.post(started).json()["status"] == "accepted"
    wait_settled(database_url)
    (update,) = slack_api.state.calls_to("chat.update")
    assert "Ended, lasted 47 min" in json.dumps(update.params["blocks"])
    assert slack_api.state.calls_to("chat.postMessage") == []
    assert rows(database_url, "SELECT status FROM meetings")[0]["status"] == "ended"
