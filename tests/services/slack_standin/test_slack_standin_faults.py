"""The Slack stand-in's OAuth, injected faults, rate limits, response URLs and helpers."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from tests.standins.loopback import LoopbackServer
from tests.standins.slack.records import DEFAULT_TOKEN
from tests.standins.slack.state import SlackState
from tests.support.signing import slack_headers, slash_command_body, zoom_webhook_headers
from tests.support.slack_calls import slack_error, web_client


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
