"""Linking over real HTTP: the OAuth dance, refused states, unlink, broken links, no plaintext."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import create_engine, inspect, text

from store.db import sync_url
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.linking_flow import COOKIE, _button_url, _local, confirm_in_browser, link_user


def _query(database_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _dump(database_url: str) -> str:
    """Every row of every table, as text: what a database dump would hold."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return "\n".join(
                repr(tuple(row))
                for t in tables
                for row in conn.execute(text(f'SELECT * FROM "{t}"'))
            )
    finally:
        engine.dispose()


def _start_link(served: Served, slack_api: SlackStandin, user_id: str = "U0001") -> str:
    driver = SlackDriver(served.url, slack_api)
    try:
        sent = driver.command("link", user_id=user_id)
        reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    finally:
        driver.close()
    return _local(_button_url(reply), served.url)


def _state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


def test_link_stores_encrypted_tokens_and_confirms_in_slack(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    link_user(served, slack_api, zoom_api, "U0001", "zu-ada")

    rows = _query(
        database_url,
        "SELECT team_id, slack_user_id, zoom_user_id, zoom_email, status FROM zoom_links",
    )
    assert rows == [("T0001", "U0001", "zu-ada", "ada@example.com", "active")]
    dm = slack_api.state.wait_for("chat.postMessage")[-1]
    assert dm.params["channel"] == "U0001" and "linked to the Zoom account" in dm.params["text"]
    assert "ada@example.com" in dm.params["text"]
    exchange = zoom_api.state.requests_to("POST", "/oauth/token")[0]
    assert exchange.form["grant_type"] == "authorization_code" and exchange.form["code_verifier"]
    dump = _dump(database_url)
    for secret in zoom_api.state.secrets():
        assert secret not in dump


def test_callback_refuses_reused_foreign_expired_and_denied_states(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    ada_start = _start_link(served, slack_api, "U0001")
    bob_start = _start_link(served, slack_api, "U0002")
    with httpx.Client(timeout=30) as ada, httpx.Client(timeout=30) as bob:
        ada_redirect = confirm_in_browser(ada, ada_start, served.url)
        bob_redirect = confirm_in_browser(bob, bob_start, served.url)
        ada_cookie = ada_redirect.cookies[COOKIE]
        bob_cookie = bob_redirect.cookies[COOKIE]
        ada_back = ada.get(ada_redirect.headers["location"]).headers["location"]

        # Bob's browser carrying Ada's state (e.g. a forwarded link): refused, nothing stored.
        foreign = bob.get(
            _local(ada_back, served.url), headers={"Cookie": f"{COOKIE}={bob_cookie}"}
        )
        assert foreign.status_code == 403 and "not yours" in foreign.text
        assert _query(database_url, "SELECT 1 FROM zoom_links") == []

        done = ada.get(_local(ada_back, served.url), headers={"Cookie": f"{COOKIE}={ada_cookie}"})
        assert done.status_code == 200
        reused = ada.get(_local(ada_back, served.url), headers={"Cookie": f"{COOKIE}={ada_cookie}"})
        assert reused.status_code == 400 and "already used" in reused.text

        denied = bob.get(
            f"{served.url}/zoom/oauth/callback",
            params={"error": "access_denied", "state": _state_of(bob_start)},
            headers={"Cookie": f"{COOKIE}={bob_cookie}"},
        )
        assert denied.status_code == 400 and "not granted" in denied.text
        # The declined state is used up: starting with it again fails.
        assert bob.get(bob_start).status_code == 400

    carol_start = _start_link(served, slack_api, "U0002")
    _query(
        database_url,
        "UPDATE zoom_oauth_states SET expires_at = :past",
        past=datetime.now(UTC) - timedelta(minutes=1),
    )
    with httpx.Client(timeout=30) as carol:
        expired = carol.get(carol_start)
        assert expired.status_code == 400 and "expired" in expired.text
    assert [r[0] for r in _query(database_url, "SELECT slack_user_id FROM zoom_links")] == ["U0001"]


def test_status_and_unlink_revokes_and_deletes(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    link_user(served, slack_api, zoom_api)
    driver = SlackDriver(served.url, slack_api)
    try:
        status = driver.command("status")
        (reply,) = slack_api.state.wait_for_response(status.response_url)
        assert "Linked to Zoom as" in reply["text"] and "ada@example.com" in str(reply["blocks"])
        assert "healthy" in str(reply["blocks"])

        subscribe = driver.command("subscribe started")
        slack_api.state.wait_for_response(subscribe.response_url)
        assert len(_query(database_url, "SELECT 1 FROM channel_subscriptions")) == 1

        unlink = driver.command("unlink")
        (reply,) = slack_api.state.wait_for_response(unlink.response_url)
        assert reply["text"].startswith("Unlinked")
        revoke = zoom_api.state.requests_to("POST", "/oauth/revoke")
        assert len(revoke) == 1 and revoke[0].form["token"].startswith("zat_")
        assert _query(database_url, "SELECT 1 FROM zoom_links") == []
        assert _query(database_url, "SELECT 1 FROM channel_subscriptions") == []

        again = driver.command("status")
        (reply,) = slack_api.state.wait_for_response(again.response_url)
        assert "Link your Zoom account" in str(reply["blocks"])  # the link button, not an error
    finally:
        driver.close()


def test_dead_refresh_token_marks_link_broken_and_offers_relink(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    link_user(served, slack_api, zoom_api)
    zoom_api.state.grant_user("zu-ada")  # a re-authorisation elsewhere kills our tokens
    _query(
        database_url,
        "UPDATE zoom_links SET expires_at = :past",
        past=datetime.now(UTC) - timedelta(minutes=5),
    )
    driver = SlackDriver(served.url, slack_api)
    try:
        sent = driver.command("status")
        (reply,) = slack_api.state.wait_for_response(sent.response_url)
        assert "Link Zoom again" in str(reply["blocks"])
        assert _query(database_url, "SELECT status FROM zoom_links") == [("broken",)]
        dms = [
            c
            for c in slack_api.state.calls_to("chat.postMessage")
            if c.params["channel"] == "U0001"
        ]
        assert any("Link Zoom again" in str(c.params.get("blocks")) for c in dms)

        status = driver.command("status")
        (reply,) = slack_api.state.wait_for_response(status.response_url)
        assert "Link Zoom again" in str(reply["blocks"])
        assert zoom_api.state.refresh_calls == 1  # a broken link is not retried
    finally:
        driver.close()


@pytest.mark.parametrize("command", ["link", "unlink", "status"])
def test_server_to_server_mode_explains(
    command: str, database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    from bot.app import create_app
    from tests.standins.loopback import LoopbackServer
    from tests.support.deployment import make_settings

    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    with LoopbackServer(create_app(settings)) as server:
        driver = SlackDriver(server.url, slack_api)
        try:
            sent = driver.command(command)
            (reply,) = slack_api.state.wait_for_response(sent.response_url)
        finally:
            driver.close()
    body = str(reply)
    assert "account-level" in body
    if command != "unlink":
        assert "ada@example.com" in body
        token_request = zoom_api.state.requests_to("POST", "/oauth/token")[0]
        assert token_request.query["grant_type"] == "account_credentials"
