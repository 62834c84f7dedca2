"""`/zoom join` over real HTTP: full and plain cards, personal rooms, channels without the bot."""

from __future__ import annotations

import json

from tests.support.delegation_world import served_s2s
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked


def test_join_posts_topic_time_and_the_zoom_link_when_the_caller_can_read_it(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    meeting = zoom_api.state.add_meeting("zu-ada", "Roadmap review", duration=45)
    slack_driver.command(f"join https://acme.zoom.us/j/{meeting['id']}?pwd=x", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0001"
    assert post.params["text"] == "Join Zoom meeting Roadmap review"
    blocks = json.dumps(post.params["blocks"])
    assert "<@U0001> shared a Zoom meeting" in blocks and "<!date^" in blocks
    assert "45 min" in blocks and meeting["join_url"] in blocks
    [read] = zoom_api.state.requests_to("GET", "/v2/meetings/")
    assert read.path == f"/v2/meetings/{meeting['id']}"


def test_unlinked_or_unreadable_meetings_get_a_plain_card(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    slack_driver.command("join 850 0000 0099", channel_id="C0001")
    [plain] = slack_api.state.wait_for("chat.postMessage")
    assert plain.params["text"] == "Join Zoom meeting 850 0000 0099"
    assert "https://zoom.us/j/85000000099" in json.dumps(plain.params["blocks"])
    assert not zoom_api.state.requests_to("GET", "/v2/meetings/")  # nobody to ask as

    linked(served, slack_api, zoom_api)
    bobs = zoom_api.state.add_meeting("zu-bob", "Bob's secret plans")
    slack_driver.command(f"join {bobs['id']}", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    assert "secret plans" not in json.dumps(post.params)  # Zoom said 3003: not the host
    assert f"https://zoom.us/j/{bobs['id']}" in json.dumps(post.params["blocks"])


def test_join_me_posts_the_personal_room_in_both_modes(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    pmi = zoom_api.state.users["zu-ada"].pmi
    slack_driver.command("join me", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    assert post.params["text"] == "<@U0001> invites you to their personal meeting room"
    assert f"https://zoom.example/j/{pmi}" in json.dumps(post.params["blocks"])
    assert zoom_api.state.requests_to("GET", "/v2/users/me")

    slack_api.state.clear()
    with served_s2s(database_url, slack_api, zoom_api) as s2s:
        s2s.command("join me", user_id="U0002", channel_id="C0001")
        [bobs] = slack_api.state.wait_for("chat.postMessage")
    bob_pmi = zoom_api.state.users["zu-bob"].pmi
    assert f"https://zoom.example/j/{bob_pmi}" in json.dumps(bobs.params["blocks"])
    assert zoom_api.state.requests_to("GET", "/v2/users/bob@example.com")


def test_a_channel_without_the_bot_gets_the_invite_and_the_card_privately(
    slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    sent = slack_driver.command("join 850 0000 0099", channel_id="C0002")
    [reply] = slack_api.state.wait_for_response(sent.response_url)
    assert reply["response_type"] == "ephemeral"
    assert "/invite @Zoombridge" in json.dumps(reply["blocks"])
    assert "https://zoom.us/j/85000000099" in json.dumps(reply["blocks"])
    assert "C0002" not in slack_api.state.messages


def test_join_without_a_meeting_or_with_a_bad_one_explains_and_posts_nothing(
    slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    for text, phrase in [
        ("join", "Give a meeting ID or a Zoom join link"),
        ("join 12", "9 to 11 digits"),
    ]:
        sent = slack_driver.command(text, channel_id="C0001")
        [reply] = slack_api.state.wait_for_response(sent.response_url)
        assert phrase in reply["text"], text
    assert not slack_api.state.calls_to("chat.postMessage")


def test_join_me_without_a_link_offers_the_link_button(
    slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    sent = slack_driver.command("join me", channel_id="C0001")
    [reply] = slack_api.state.wait_for_response(sent.response_url)
    assert "Link your Zoom account" in reply["text"]
    assert not slack_api.state.calls_to("chat.postMessage")
