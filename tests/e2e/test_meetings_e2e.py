"""/zoom now and /zoom list over real HTTP: what reaches Zoom, what Slack shows, what is stored."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import (
    action_values,
    block_action,
    linked,
    stored_meetings,
    wait_stored,
)


def _button_urls(body: dict[str, Any]) -> list[str]:
    return [
        str(e["url"])
        for block in body.get("blocks", [])
        for e in block.get("elements", []) + [block.get("accessory") or {}]
        if e.get("url")
    ]


def test_instant_meeting_is_posted_in_the_channel_and_stored(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    sent = slack_driver.command("now Design  sync", channel_id="C0001")
    assert sent.response.status_code == 200

    post = slack_api.state.wait_for("chat.postMessage")[0]
    creates = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert [r.json_body for r in creates] == [{"topic": "Design  sync", "type": 1}]
    meeting = next(iter(zoom_api.state.meetings.values()))
    assert post.params["channel"] == "C0001"
    message = slack_api.state.messages["C0001"][-1]
    assert message["text"].startswith("<@U0001> started a Zoom meeting")
    assert _button_urls(message) == [meeting["join_url"]]
    everything = str([c.params for c in slack_api.state.calls])
    assert "zak=" not in everything and meeting["start_url"] not in everything

    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert row["zoom_meeting_id"] == meeting["id"]
    assert (row["channel_id"], row["message_ts"]) == ("C0001", message["ts"])
    assert (row["host_zoom_user_id"], row["status"], row["recurring"]) == (
        "zu-ada",
        "scheduled",
        False,
    )


def test_bare_zoom_starts_an_instant_meeting_with_a_default_topic(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    slack_driver.command("")
    slack_api.state.wait_for("chat.postMessage")
    [create] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert create.json_body == {"topic": "Zoom meeting", "type": 1}


def test_instant_meeting_where_the_bot_is_not_a_member_replies_privately(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    sent = slack_driver.command("now", channel_id="C0002")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    meeting = next(iter(zoom_api.state.meetings.values()))
    assert reply["response_type"] == "ephemeral"
    assert _button_urls(reply) == [meeting["join_url"]]
    assert "/invite @Zoombridge" in str(reply["blocks"])
    assert "C0002" not in slack_api.state.messages
    [row] = wait_stored(database_url, bool)
    assert row["message_ts"] is None


def test_unlinked_user_gets_the_link_button_and_nothing_reaches_zoom(
    slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    sent = slack_driver.command("now")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert any("/zoom/oauth/start?state=" in url for url in _button_urls(reply))
    assert not zoom_api.state.requests_to("POST", "/v2/users")


def test_zoom_daily_limit_is_explained_and_nothing_is_posted(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    zoom_api.state.daily_create_limit = 0
    sent = slack_driver.command("now")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert "daily limit" in reply["text"] and "<!date^" in reply["text"]
    assert not slack_api.state.calls_to("chat.postMessage")
    assert stored_meetings(database_url) == []


def test_list_follows_every_zoom_page_soonest_first_and_pages_in_slack(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    hours = list(range(1, 306))
    random.Random(4).shuffle(hours)
    for hour in hours:
        zoom_api.state.add_meeting(
            "zu-ada", f"Meeting {hour:03d}", start_time=now + timedelta(hours=hour)
        )
    zoom_api.state.add_meeting("zu-ada", "Long gone", start_time=now - timedelta(days=2))
    zoom_api.state.add_meeting("zu-bob", "Not mine", start_time=now + timedelta(hours=2))

    sent = slack_driver.command("list")
    first = slack_api.state.wait_for_response(sent.response_url)[-1]
    pages = zoom_api.state.requests_to("GET", "/v2/users/me/meetings")
    assert len(pages) == 2 and pages[1].query.get("next_page_token")
    assert all(p.query["type"] == "upcoming" for p in pages)
    text = str(first["blocks"])
    assert [f"Meeting {h:03d}" in text for h in range(1, 12)] == [True] * 10 + [False]
    assert text.index("Meeting 001") < text.index("Meeting 002") < text.index("Meeting 010")
    assert "Page 1 of 31 · 305 meetings" in text and "Long gone" not in text
    assert "Not mine" not in text and "<!date^" in text
    assert len(action_values(first, "cancel_meeting")) == 10

    click = block_action(slack_api, "list_page", "31", response_url=sent.response_url)
    assert slack_driver.interact(click).status_code == 200
    last = slack_api.state.wait_for_response(sent.response_url, 2)[-1]
    assert last["replace_original"] is True
    assert "Meeting 305" in str(last["blocks"]) and "Meeting 300" not in str(last["blocks"])
    assert action_values(last, "list_page") == ["30"]


def test_list_empty_state(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api, "U0002", "zu-bob")
    sent = slack_driver.command("list", user_id="U0002")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert "You have no upcoming Zoom meetings" in str(reply["blocks"])


def test_url_buttons_are_acknowledged(slack_api: SlackStandin, slack_driver: SlackDriver) -> None:
    for action_id in ("join_meeting", "link_zoom", "open_recording"):
        click = block_action(slack_api, action_id, "", response_url=None)
        assert slack_driver.interact(click).status_code == 200
    assert [c.method for c in slack_api.state.calls if c.method != "auth.test"] == []


def test_an_overlong_instant_topic_is_refused_before_zoom(
    slack_driver: SlackDriver, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    sent = slack_driver.command("now " + "x" * 250)
    (reply,) = slack_api.state.wait_for_response(sent.response_url)
    assert "200 characters (250 now)" in reply["text"]
    assert zoom_api.state.requests_to("POST", "/v2/users") == []
    assert slack_api.state.calls_to("chat.postMessage") == []
