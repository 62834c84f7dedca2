"""The Slack stand-in answers the real slack_sdk client like Slack does, over real HTTP."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.standins.loopback import LoopbackServer
from tests.standins.slack.records import DEFAULT_TOKEN
from tests.standins.slack.state import SlackState
from tests.support.slack_calls import MODAL, slack_error, web_client


async def test_auth_test_describes_the_bot(slack: AsyncWebClient, state: SlackState):
    response = await slack.auth_test()
    assert response.data == {
        "ok": True,
        "url": "https://acme.slack.com/",
        "team": "Acme",
        "user": "zoombridge",
        "team_id": "T0001",
        "user_id": "U0BOT",
        "bot_id": "B0BOT",
        "is_enterprise_install": False,
    }
    (call,) = state.calls_to("auth.test")
    assert call.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"


async def test_bad_missing_and_revoked_tokens(server: LoopbackServer, state: SlackState):
    async with web_client(server, token="xoxb-nope") as client:
        assert (await slack_error(client.auth_test())).response["error"] == "invalid_auth"
    async with web_client(server, token=None) as client:
        assert (await slack_error(client.auth_test())).response["error"] == "not_authed"
    state.revoke_token(DEFAULT_TOKEN)
    async with web_client(server) as client:
        assert (await slack_error(client.auth_test())).response["error"] == "token_revoked"


async def test_post_message_is_stored_with_increasing_ts(slack: AsyncWebClient, state: SlackState):
    first = await slack.chat_postMessage(channel="C0001", text="hello")
    second = await slack.chat_postMessage(channel="#general", text="again")
    assert first["channel"] == "C0001"
    assert first["message"]["text"] == "hello"
    assert float(first["ts"]) < float(second["ts"])
    assert [m["text"] for m in state.messages["C0001"]] == ["hello", "again"]
    assert state.wait_for("chat.postMessage", count=2)[0].params["channel"] == "C0001"


@pytest.mark.parametrize(
    ("channel", "error"),
    [("C9999", "channel_not_found"), ("C0002", "not_in_channel"), ("G0001", "channel_not_found")],
)
async def test_post_message_refusals(slack: AsyncWebClient, channel: str, error: str):
    failure = await slack_error(slack.chat_postMessage(channel=channel, text="hi"))
    assert failure.response.status_code == 200
    assert failure.response["error"] == error


async def test_post_message_checks_content_and_channel_state(
    slack: AsyncWebClient, state: SlackState
):
    no_text = slack.api_call("chat.postMessage", json={"channel": "C0001"})
    assert (await slack_error(no_text)).response["error"] == "no_text"
    blocks = [{"type": "divider"}] * 51
    failure = await slack_error(slack.chat_postMessage(channel="C0001", text="x", blocks=blocks))
    assert failure.response["error"] == "invalid_blocks"
    state.add_channel("C0003", name="old", is_archived=True)
    failure = await slack_error(slack.chat_postMessage(channel="C0003", text="hi"))
    assert failure.response["error"] == "is_archived"
    state.chat_write_public = True
    assert (await slack.chat_postMessage(channel="C0002", text="hi"))["ok"]


async def test_post_to_a_user_lands_in_the_dm(slack: AsyncWebClient, state: SlackState):
    response = await slack.chat_postMessage(channel="U0002", text="psst")
    assert response["channel"] == "DU0002"
    assert state.messages["DU0002"][0]["text"] == "psst"


async def test_thread_replies(slack: AsyncWebClient, state: SlackState):
    parent = await slack.chat_postMessage(channel="C0001", text="parent")
    reply = await slack.chat_postMessage(channel="C0001", text="reply", thread_ts=parent["ts"])
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert state.message("C0001", parent["ts"])["reply_count"] == 1


async def test_chat_update_keeps_history(slack: AsyncWebClient, state: SlackState):
    posted = await slack.chat_postMessage(channel="C0001", text="v1")
    updated = await slack.chat_update(channel="C0001", ts=posted["ts"], text="v2")
    assert updated["ts"] == posted["ts"]
    assert state.message("C0001", posted["ts"])["text"] == "v2"
    assert [old["text"] for old in state.edits[("C0001", posted["ts"])]] == ["v1"]
    failure = await slack_error(slack.chat_update(channel="C0001", ts="1.000000", text="x"))
    assert failure.response["error"] == "message_not_found"


async def test_ephemeral_and_delete(slack: AsyncWebClient, state: SlackState):
    ephemeral = await slack.chat_postEphemeral(channel="C0001", user="U0001", text="only you")
    assert state.ephemerals[0]["message_ts"] == ephemeral["message_ts"]
    posted = await slack.chat_postMessage(channel="C0001", text="bye")
    await slack.chat_delete(channel="C0001", ts=posted["ts"])
    assert state.messages["C0001"] == []


async def test_views_open_needs_a_fresh_unused_trigger(slack: AsyncWebClient, state: SlackState):
    trigger = state.issue_trigger()
    opened = await slack.views_open(trigger_id=trigger, view=MODAL)
    assert opened["view"]["id"].startswith("V")
    assert opened["view"]["state"] == {"values": {}}
    again = await slack_error(slack.views_open(trigger_id=trigger, view=MODAL))
    assert again.response["error"] == "exchanged_trigger_id"
    unknown = await slack_error(slack.views_open(trigger_id="1.2.3", view=MODAL))
    assert unknown.response["error"] == "invalid_trigger_id"
    state.trigger_ttl = 0.05
    stale = state.issue_trigger()
    await asyncio.sleep(0.1)
    expired = await slack_error(slack.views_open(trigger_id=stale, view=MODAL))
    assert expired.response["error"] == "expired_trigger_id"


async def test_views_are_validated_and_updated(slack: AsyncWebClient, state: SlackState):
    too_long = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    failure = await slack_error(slack.views_open(trigger_id=state.issue_trigger(), view=too_long))
    assert failure.response["error"] == "invalid_arguments"
    assert "/view/title/text" in failure.response["response_metadata"]["messages"][0]
    opened = (await slack.views_open(trigger_id=state.issue_trigger(), view=MODAL))["view"]
    updated = await slack.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)
    assert updated["view"]["id"] == opened["id"]
    stale = await slack_error(slack.views_update(view_id=opened["id"], hash="0.x", view=MODAL))
    assert stale.response["error"] == "hash_conflict"
    missing = await slack_error(slack.views_update(view_id="V404", view=MODAL))
    assert missing.response["error"] == "not_found"
    home = {"type": "home", "blocks": []}
    await slack.views_publish(user_id="U0001", view=home)
    assert state.home_views["U0001"]["type"] == "home"


async def test_users_info(slack: AsyncWebClient):
    user = (await slack.users_info(user="U0001"))["user"]
    assert user["tz"] == "Europe/London"
    assert user["profile"]["email"] == "ada@example.com"
    assert user["real_name"] == "Ada Lovelace"
    failure = await slack_error(slack.users_info(user="U9999"))
    assert failure.response["error"] == "user_not_found"


async def test_conversations_open_and_info(slack: AsyncWebClient):
    opened = await slack.conversations_open(users="U0001")
    assert opened["channel"]["id"] == "DU0001"
    assert (await slack.conversations_open(users="U0001"))["already_open"] is True
    info = await slack.conversations_info(channel="C0002")
    assert info["channel"]["name"] == "random"
    assert info["channel"]["is_member"] is False
    hidden = await slack_error(slack.conversations_info(channel="G0001"))
    assert hidden.response["error"] == "channel_not_found"
