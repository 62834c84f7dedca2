"""`/zoom subscribe`, `unsubscribe` and `subscriptions` over real HTTP, then notices arriving."""

from __future__ import annotations

import json

import pytest

from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import add, count, link, rows, wait_settled, zoom_fixture


def _reply(slack_driver: SlackDriver, slack_api: SlackStandin, text: str, channel: str) -> str:
    sent = slack_driver.command(text, channel_id=channel)
    assert sent.response.status_code == 200
    (reply,) = slack_api.state.wait_for_response(sent.response_url)
    assert reply["response_type"] == "ephemeral"
    return json.dumps(reply)


def test_subscribe_list_notice_and_unsubscribe(
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    slack_api: SlackStandin,
    database_url: str,
) -> None:
    add(database_url, link("T0001", "U0001"))
    reply = _reply(slack_driver, slack_api, "subscribe started recordings passcodes", "C0001")
    assert "when they start and when recordings are ready" in reply
    assert "passcodes are shown here" in reply
    (stored,) = rows(database_url, "SELECT * FROM channel_subscriptions")
    assert (stored["team_id"], stored["channel_id"], stored["slack_user_id"]) == (
        "T0001",
        "C0001",
        "U0001",
    )
    assert stored["zoom_user_id"] == "zoomHostAda" and stored["events"] == "recordings,started"
    assert stored["include_passcodes"]

    listing = _reply(slack_driver, slack_api, "subscriptions", "C0001")
    assert "<@U0001>" in listing and "with recording passcodes" in listing

    assert zoom_webhooks.post(zoom_fixture("meeting.started")).json()["status"] == "accepted"
    assert zoom_webhooks.post(zoom_fixture("meeting.ended")).json()["status"] == "accepted"
    wait_settled(database_url)
    (posted,) = slack_api.state.calls_to("chat.postMessage")  # started yes, ended not asked for
    assert posted.params["channel"] == "C0001" and "has started" in str(posted.params["text"])

    assert "no longer get notices" in _reply(slack_driver, slack_api, "unsubscribe", "C0001")
    assert count(database_url, "channel_subscriptions") == 0
    assert "nothing changed" in _reply(slack_driver, slack_api, "unsubscribe", "C0001")
    assert "has no Zoom notices" in _reply(slack_driver, slack_api, "subscriptions", "C0001")


def test_subscribing_again_replaces_the_choice(
    slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, link("T0001", "U0001"))
    _reply(slack_driver, slack_api, "subscribe", "C0001")
    _reply(slack_driver, slack_api, "subscribe ended", "C0001")
    (stored,) = rows(database_url, "SELECT events, include_passcodes FROM channel_subscriptions")
    assert stored["events"] == "ended" and not stored["include_passcodes"]


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("G0001", "Invite me with `/invite @Zoombridge`"),  # private, the bot is not in it
        ("C0002", "Invite me with `/invite @Zoombridge`"),  # public, the bot is not a member
        ("DU0001", "not in direct messages"),
        ("C0009", "archived"),
    ],
)
def test_channels_that_cannot_hear_notices_are_refused(
    channel: str,
    expected: str,
    slack_driver: SlackDriver,
    slack_api: SlackStandin,
    database_url: str,
) -> None:
    slack_api.state.add_channel("C0009", name="old", is_archived=True)
    add(database_url, link("T0001", "U0001"))
    assert expected in _reply(slack_driver, slack_api, "subscribe", channel)
    assert count(database_url, "channel_subscriptions") == 0


def test_unlinked_callers_get_the_link_button(
    slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    reply = _reply(slack_driver, slack_api, "subscribe", "C0001")
    assert "Link your Zoom account" in reply
    assert count(database_url, "channel_subscriptions") == 0


def test_unknown_event_words_are_explained(
    slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, link("T0001", "U0001"))
    reply = _reply(slack_driver, slack_api, "subscribe strated", "C0001")
    assert "Did you mean" in reply and "started" in reply
    assert count(database_url, "channel_subscriptions") == 0
