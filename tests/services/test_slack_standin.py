"""The Slack stand-in answers the real slack_sdk client like Slack does, over real HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import aiohttp
import httpx
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from tests.standins.loopback import LoopbackServer
from tests.standins.slack.api import build_slack_api
from tests.standins.slack.records import DEFAULT_TOKEN
from tests.standins.slack.state import SlackState
from tests.support.signing import slack_headers, slash_command_body, zoom_webhook_headers

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Schedule a Zoom meeting"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
}


@pytest.fixture
def state() -> SlackState:
    return SlackState()


@pytest.fixture
def server(state: SlackState) -> Iterator[LoopbackServer]:
    with LoopbackServer(build_slack_api(state), name="slack") as running:
        yield running


@asynccontextmanager
async def web_client(server: LoopbackServer, token: str | None = DEFAULT_TOKEN, **options):
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token=token, base_url=server.url + "/api/", session=session, **options)


@pytest.fixture
async def slack(server: LoopbackServer) -> AsyncIterator[AsyncWebClient]:
    async with web_client(server, retry_handlers=[]) as client:
        yield client


async def slack_error(call) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        await call
    return caught.value


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


# slack_sdk sends client credentials with aiohttp.BasicAuth, which aiohttp 3.14 deprecates.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_v2_access_code_is_single_use(server: LoopbackServer, state: SlackState):
    code = state.issue_oauth_code(team_id="T0002", team_name="Beta")
    async with web_client(server, token=None) as client:
        granted = await client.oauth_v2_access(
            client_id="111.222", client_secret="slack-client-secret", code=code
        )
        reused = await slack_error(
            client.oauth_v2_access(
                client_id="111.222", client_secret="slack-client-secret", code=code
            )
        )
        bad_secret = await slack_error(
            client.oauth_v2_access(
                client_id="111.222", client_secret="wrong", code=state.issue_oauth_code()
            )
        )
    assert granted["team"] == {"id": "T0002", "name": "Beta"}
    assert granted["token_type"] == "bot"
    assert granted["bot_user_id"] == "U0BOT2"
    assert reused.response["error"] == "invalid_code"
    assert bad_secret.response["error"] == "bad_client_secret"
    async with web_client(server, token=granted["access_token"]) as client:
        identity = await client.auth_test()
    assert (identity["team_id"], identity["team"]) == ("T0002", "Beta")


async def test_oauth_v2_access_takes_form_credentials(server: LoopbackServer, state: SlackState):
    form = {"client_id": "111.222", "client_secret": "slack-client-secret"}
    async with httpx.AsyncClient(base_url=server.url) as http:
        granted = await http.post(
            "/api/oauth.v2.access", data={**form, "code": state.issue_oauth_code()}
        )
        unknown_client = await http.post(
            "/api/oauth.v2.access", data={**form, "client_id": "9", "code": "x"}
        )
    assert granted.json()["access_token"] in state.bots
    assert unknown_client.json() == {"ok": False, "error": "invalid_client_id"}


async def test_injected_429_carries_retry_after(slack: AsyncWebClient, state: SlackState):
    state.fail("chat.postMessage", status=429, retry_after=7)
    failure = await slack_error(slack.chat_postMessage(channel="C0001", text="hi"))
    assert failure.response.status_code == 429
    assert failure.response.headers["Retry-After"] == "7"
    assert failure.response["error"] == "ratelimited"
    assert (await slack.chat_postMessage(channel="C0001", text="hi"))["ok"]
    assert [c.failed for c in state.calls_to("chat.postMessage")] == [True, False]


async def test_injected_500_and_ok_false(slack: AsyncWebClient, state: SlackState):
    state.fail("auth.test", status=500, times=2)
    for _ in range(2):
        assert (await slack_error(slack.auth_test())).response.status_code == 500
    state.fail("auth.test", status=200, error="team_is_restricted")
    failure = await slack_error(slack.auth_test())
    assert (failure.response.status_code, failure.response["error"]) == (200, "team_is_restricted")
    assert (await slack.auth_test())["ok"]


async def test_post_message_rate_limit_allows_a_burst(slack: AsyncWebClient, state: SlackState):
    state.rate_limit_post_message = True
    for n in range(5):
        await slack.chat_postMessage(channel="C0001", text=str(n))
    failure = await slack_error(slack.chat_postMessage(channel="C0001", text="too many"))
    assert failure.response.status_code == 429
    assert failure.response.headers["Retry-After"] == "1"
    assert (await slack.chat_postMessage(channel="U0001", text="other channel"))["ok"]


async def test_unknown_method_and_form_bodies(server: LoopbackServer, slack: AsyncWebClient):
    failure = await slack_error(slack.api_call("foo.bar"))
    assert failure.response["error"] == "unknown_method"
    async with httpx.AsyncClient(base_url=server.url) as http:
        answer = await http.post(
            "/api/chat.postMessage",
            data={"token": DEFAULT_TOKEN, "channel": "C0001", "blocks": '[{"type":"divider"}]'},
        )
        broken = await http.post(
            "/api/auth.test", content=b"{", headers={"Content-Type": "application/json"}
        )
    assert answer.status_code == 200
    assert answer.json()["message"]["blocks"] == [{"type": "divider"}]
    assert broken.json() == {"ok": False, "error": "invalid_json"}


async def test_response_url_records_bodies(server: LoopbackServer, state: SlackState):
    url = state.new_response_url(server.url)
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, json={"text": "done", "response_type": "ephemeral"})
        unknown = await http.post(server.url + "/response/nope", json={"text": "x"})
    assert (answer.status_code, answer.text) == (200, "ok")
    assert unknown.status_code == 404
    assert state.wait_for_response(url) == [{"text": "done", "response_type": "ephemeral"}]
    assert (await state.wait_for_response_async(url))[0]["text"] == "done"
    assert state.calls_to("response_url")[0].params["body"]["text"] == "done"


def test_wait_for_reports_what_arrived(state: SlackState):
    state.record("auth.test", {}, {})
    with pytest.raises(AssertionError, match=r"1 x chat.postMessage.*auth.test"):
        state.wait_for("chat.postMessage", timeout=0.05)


def test_loopback_server_start_failure_and_idempotent_stop():
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("boom")
        yield

    broken = LoopbackServer(Starlette(lifespan=asynccontextmanager(lifespan)), name="broken")
    with pytest.raises(RuntimeError, match="broken failed to start"):
        broken.start()
    broken.stop()
    working = LoopbackServer(Starlette(), name="ok").start()
    assert httpx.get(working.url + "/nothing").status_code == 404
    working.stop()
    working.stop()


def test_signing_helpers():
    body = slash_command_body("list", response_url="http://x/response/R1")
    headers = slack_headers(body, secret="s3cret", timestamp=1_700_000_000)
    verifier = SignatureVerifier("s3cret", clock=_FixedClock(1_700_000_010))
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    zoom = zoom_webhook_headers(b'{"event":"x"}', secret="z", timestamp=1)
    expected = hmac.new(b"z", b'v0:1:{"event":"x"}', hashlib.sha256).hexdigest()
    assert zoom["x-zm-signature"] == f"v0={expected}"


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now
