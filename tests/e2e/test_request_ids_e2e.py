"""One id from webhook to Slack: a log search by a webhook's id finds its whole path."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.observability.correlation import RequestIdFilter
from tests.standins.slack.polling import poll
from tests.support.deployment import SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.meeting_world import block_action, schedule
from tests.support.notice_world import add, rows, subscription, wait_settled, zoom_fixture


class _Records(logging.Handler):
    """Keeps every record, stamped by the same filter `configure_logging` installs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def search(self, request_id: str) -> list[logging.LogRecord]:
        """The records carrying this id (what `grep <id>` over the log would find)."""
        return [r for r in self.records if getattr(r, "request_id", None) == request_id]


@pytest.fixture
def logs() -> Iterator[_Records]:
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def test_one_id_finds_the_webhook_the_routing_and_the_slack_delivery(
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
    slack_api: SlackStandin,
    logs: _Records,
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    add(database_url, subscription("C0001"), subscription("C0003", slack_user_id="U0002"))
    other = zoom_webhooks.post(zoom_fixture("meeting.ended", topic="Someone else's"))
    answer = zoom_webhooks.post(zoom_fixture("meeting.started", topic="Ours"))
    assert answer.json() == {"status": "accepted"}
    request_id = answer.headers["x-request-id"]
    assert request_id and request_id != other.headers["x-request-id"]
    outbox = wait_settled(database_url)

    ours = [r for r in outbox if r["request_id"] == request_id]
    assert {r["channel_id"] for r in ours} == {"C0001", "C0003"}
    [event] = rows(database_url, "SELECT * FROM webhook_events WHERE event = 'meeting.started'")
    assert event["request_id"] == request_id

    found = logs.search(request_id)
    events = [r.getMessage() for r in found]
    assert "zoom.event_received" in events  # the webhook line
    [routed] = [r for r in found if r.getMessage() == "notices.routed"]  # the routing line
    assert sorted(routed.__dict__["outbox_ids"]) == sorted(r["id"] for r in ours)
    calls = [r for r in found if r.getMessage() == "slack.call"]  # the Slack delivery lines
    assert [c.__dict__["method"] for c in calls] == ["chat.postMessage"] * 2
    delivered = [r.__dict__["outbox_id"] for r in found if r.getMessage() == "outbox.delivered"]
    assert sorted(delivered) == sorted(r["id"] for r in ours)
    # Nothing of the other webhook's path carries this id.
    assert not [r for r in found if r.__dict__.get("zoom_event") == "meeting.ended"]


def test_a_slack_click_s_id_follows_its_card_edit_through_the_outbox(
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
    logs: _Records,
) -> None:
    meeting_id = schedule(slack_driver, slack_api, zoom_api)
    click = block_action(slack_api, "cancel_meeting", str(meeting_id))
    answer = slack_driver.interact(click)
    assert answer.status_code == 200
    request_id = answer.headers["x-request-id"]
    slack_api.state.wait_for("chat.update")
    [edit] = [r for r in wait_settled(database_url) if r["action"] == "update"]
    assert edit["request_id"] == request_id and edit["status"] == "delivered"

    # "outbox.delivered" is logged just after the row's commit: wait for that line.
    def delivered_line() -> list[logging.LogRecord] | None:
        hits = logs.search(request_id)
        return hits if edit["id"] in [r.__dict__.get("outbox_id") for r in hits] else None

    found = poll(delivered_line, 5.0, lambda: f"no log line for outbox row {edit['id']}")
    assert ("slack.call", "chat.update") in {
        (r.getMessage(), r.__dict__.get("method")) for r in found
    }
    assert edit["id"] in [r.__dict__.get("outbox_id") for r in found]


def test_each_slack_request_gets_its_own_id(slack_driver: SlackDriver) -> None:
    first = slack_driver.command("help").response
    second = slack_driver.command("help").response
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_a_plain_router_id_is_kept_and_anything_else_replaced(
    zoom_webhooks: ZoomWebhookDriver,
) -> None:
    payload = zoom_fixture("endpoint.url_validation")
    kept = zoom_webhooks.post(payload, headers={"X-Request-ID": "router-id-12345678"})
    assert kept.headers["x-request-id"] == "router-id-12345678"
    for offered in ("with spaces and=signs", "x" * 65, "short"):
        replaced = zoom_webhooks.post(payload, headers={"X-Request-ID": offered})
        assert replaced.headers["x-request-id"] != offered
        assert len(replaced.headers["x-request-id"]) == 32
