"""Who is in the room, over real HTTP: a coalesced live count, exact under floods and disorder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.settings import Settings
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import ZoomWebhookDriver
from tests.support.live_world import event, outbox_settled, wait_until
from tests.support.notice_world import add, announce, meeting, rows, subscription

UPDATE_EVERY = 1.0


@pytest.fixture
def settings(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Settings:
    """Counts redrawn at most once a second."""
    return make_settings(database_url, slack_api, zoom_api, participant_update_seconds=UPDATE_EVERY)


@pytest.fixture
def card_ts(
    database_url: str, slack_api: SlackStandin, zoom_webhooks: ZoomWebhookDriver
) -> Iterator[str]:
    """A meeting announced in C0001 that has just started."""
    ts = announce(slack_api, "C0001")
    add(database_url, meeting("C0001", ts))
    assert zoom_webhooks.post(event("meeting.started")).status_code == 200
    wait_until(lambda: outbox_settled(database_url), "the started card")
    yield ts


def _person(n: int, kind: str = "joined", **extra: Any) -> dict[str, Any]:
    body = event(f"meeting.participant_{kind}")
    body["payload"]["object"]["participant"].update(
        {"user_name": f"Person {n}", "id": f"p{n}", "participant_uuid": f"uuid-{n}", **extra}
    )
    return body


def _updates(slack: SlackStandin, ts: str) -> list[dict[str, Any]]:
    return [c.params for c in slack.state.calls_to("chat.update") if c.params.get("ts") == ts]


def _shows(slack: SlackStandin, ts: str, words: str) -> bool:
    return words in str(slack.state.message("C0001", ts).get("blocks"))


def test_two_hundred_joins_make_a_handful_of_updates_and_the_exact_count(
    served: Served, slack_api: SlackStandin, database_url: str, card_ts: str
) -> None:
    before = len(_updates(slack_api, card_ts))
    bodies = [_person(n) for n in range(200)]

    def post(chunk: list[dict[str, Any]]) -> list[int]:
        driver = ZoomWebhookDriver(served.url)
        try:
            return [driver.post(body).status_code for body in chunk]
        finally:
            driver.close()

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = [s for part in pool.map(post, [bodies[i::4] for i in range(4)]) for s in part]
    wait_until(lambda: _shows(slack_api, card_ts, "200 people in the meeting"), "count of 200")
    elapsed = time.monotonic() - began

    assert statuses == [200] * 200
    updates = len(_updates(slack_api, card_ts)) - before
    # One redraw per interval at most, plus the one that lands after the last join.
    assert 1 <= updates <= elapsed / UPDATE_EVERY + 2, (updates, elapsed)
    assert not _shows(slack_api, card_ts, "Person 1"), "names only when the channel opted in"
    present = rows(database_url, "SELECT count(*) AS n FROM meeting_participants WHERE present")
    assert present == [{"n": 200}]


def test_out_of_order_and_repeated_events_keep_the_count_right(
    zoom_webhooks: ZoomWebhookDriver, slack_api: SlackStandin, database_url: str, card_ts: str
) -> None:
    ada_in, bob_in, cy_in = _person(1), _person(2), _person(3)
    ada_out, bob_out = _person(1, "left"), _person(2, "left")
    for body in (ada_out, ada_in, bob_in, cy_in, bob_out, ada_in, ada_out):
        for _ in range(3):  # Zoom's retries repeat a delivery
            assert zoom_webhooks.post(body).status_code == 200
    wait_until(lambda: _shows(slack_api, card_ts, "1 person in the meeting"), "a count of 1")
    wait_until(lambda: outbox_settled(database_url), "the outbox delivered")
    stored = rows(
        database_url, "SELECT participant_key, present FROM meeting_participants ORDER BY id"
    )
    assert {r["participant_key"]: bool(r["present"]) for r in stored} == {
        "participant_uuid:uuid-1": False,
        "participant_uuid:uuid-2": False,
        "participant_uuid:uuid-3": True,
    }
    assert _shows(slack_api, card_ts, "1 person in the meeting")


def test_names_are_listed_when_the_subscription_opted_in(
    zoom_webhooks: ZoomWebhookDriver, slack_api: SlackStandin, database_url: str, card_ts: str
) -> None:
    sub = subscription("C0001")
    sub.show_names = True
    add(database_url, sub)
    zoom_webhooks.post(_person(1, user_name="Grace Hopper"))
    zoom_webhooks.post(_person(2, user_name="Alan Turing"))
    wait_until(lambda: _shows(slack_api, card_ts, "2 people in the meeting"), "a count of 2")
    assert _shows(slack_api, card_ts, "Grace Hopper, Alan Turing")


def test_people_waiting_for_the_host_get_one_alert_in_the_thread(
    zoom_webhooks: ZoomWebhookDriver, slack_api: SlackStandin, database_url: str
) -> None:
    ts = announce(slack_api, "C0001")
    add(database_url, meeting("C0001", ts))
    for n in (1, 2):
        waiting = event("meeting.participant_jbh_waiting")
        waiting["payload"]["object"]["participant"]["id"] = f"waiting-{n}"
        assert zoom_webhooks.post(waiting).status_code == 200
    wait_until(lambda: outbox_settled(database_url), "the outbox delivered")
    [alert] = [c.params for c in slack_api.state.calls_to("chat.postMessage")]
    assert alert["thread_ts"] == ts
    assert "waiting for <@U0001>" in alert["text"]


def test_names_are_kept_only_for_followed_meetings_and_until_they_end(
    zoom_webhooks: ZoomWebhookDriver, slack_api: SlackStandin, database_url: str, card_ts: str
) -> None:
    stranger = _person(7)
    stranger["payload"]["object"]["id"] = "99999999901"
    assert zoom_webhooks.post(stranger).status_code == 200
    assert zoom_webhooks.post(_person(1)).status_code == 200
    stored = rows(database_url, "SELECT zoom_meeting_id FROM meeting_participants")
    assert [int(r["zoom_meeting_id"]) for r in stored] == [85746065432]
    assert zoom_webhooks.post(event("meeting.ended")).status_code == 200
    assert rows(database_url, "SELECT * FROM meeting_participants") == []
    wait_until(lambda: outbox_settled(database_url), "the outbox delivered")
    assert "Ended" in str(slack_api.state.message("C0001", card_ts).get("blocks"))
