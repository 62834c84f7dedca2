"""`/zoom subscribe ... names remind 10` over real HTTP: stored, confirmed, listed, replaced."""

from __future__ import annotations

import json

from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver
from tests.support.notice_world import add, link, rows


def _reply(slack_driver: SlackDriver, slack_api: SlackStandin, text: str) -> str:
    sent = slack_driver.command(text, channel_id="C0001")
    (reply,) = slack_api.state.wait_for_response(sent.response_url)
    return json.dumps(reply)


def test_reminder_and_names_are_stored_and_shown(
    slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, link("T0001", "U0001"))
    reply = _reply(slack_driver, slack_api, "subscribe started names remind 10")
    assert "reminder is posted 10 min before each meeting" in reply
    assert "list who is in the meeting" in reply
    (stored,) = rows(database_url, "SELECT * FROM channel_subscriptions")
    assert (stored["remind_minutes"], bool(stored["show_names"])) == (10, True)
    listing = _reply(slack_driver, slack_api, "subscriptions")
    assert "reminder 10 min before" in listing and "names of who is in the room" in listing

    _reply(slack_driver, slack_api, "subscribe started")
    (stored,) = rows(database_url, "SELECT * FROM channel_subscriptions")
    assert (stored["remind_minutes"], bool(stored["show_names"])) == (None, False)


def test_a_bad_reminder_is_explained_and_nothing_is_stored(
    slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, link("T0001", "U0001"))
    reply = _reply(slack_driver, slack_api, "subscribe remind 0")
    assert "1 to 1440 minutes" in reply
    assert rows(database_url, "SELECT * FROM channel_subscriptions") == []
