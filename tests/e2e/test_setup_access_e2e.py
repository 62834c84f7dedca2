"""The setup page once configured shows nothing to strangers; every echoed input is escaped."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator

import httpx
import pytest

from bot.app import create_app
from bot.settings import Settings
from bot.setup.operator import issue_setup_link
from store.db import Database
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import PUBLIC_URL, Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver
from tests.support.notice_world import rows

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'\"&<>")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def http(served: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        yield client


def _basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()}


def test_a_stranger_sees_only_how_the_operator_signs_in(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200 and "zoombridge setup-link" in page.text
    for leak in ("Acme", "zoombridge.test", "0017", "SLACK_", "xoxb", "manifest", "0.1.0"):
        assert leak not in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # no scripts at all
    assert page.headers["referrer-policy"] == "no-referrer"


def test_a_setup_link_works_once_and_is_stored_hashed(served: Served, http: httpx.Client) -> None:
    async def issue() -> str:
        db = Database.connect(served.settings.database_url)
        try:
            return await issue_setup_link(db, served.url)
        finally:
            await db.close()

    link = asyncio.run(issue())
    token = link.split("token=", 1)[1]
    [stored] = rows(served.settings.database_url, "SELECT token_hash FROM setup_tokens")
    assert token not in stored["token_hash"] and len(stored["token_hash"]) == 64
    signed_in = http.get(link.removeprefix(served.url))
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    cookie = signed_in.cookies["zb_setup"]
    assert token not in cookie
    page = http.get("/", headers={"Cookie": f"zb_setup={cookie}"})
    assert "Set up Zoombridge" in page.text and "workspace Acme" in page.text
    assert http.get(link.removeprefix(served.url)).status_code == 400
    http.cookies.clear()
    assert "Set up" not in http.get("/", headers={"Cookie": f"zb_setup={cookie}x"}).text


def test_basic_auth_with_the_setup_password(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, setup_password=PASSWORD)
    with LoopbackServer(create_app(settings)) as server, httpx.Client(base_url=server.url) as c:
        assert "Set up Zoombridge" in c.get("/", headers=_basic(PASSWORD)).text
        assert "Set up" not in c.get("/", headers=_basic("wrong")).text
        challenge = c.get("/setup/login")
        assert challenge.status_code == 401 and "Basic" in challenge.headers["www-authenticate"]
        login = c.get("/setup/login", headers=_basic(PASSWORD))
        assert login.status_code == 303 and "zb_setup" in login.cookies


def test_unconfigured_page_shows_what_is_missing_without_details(database_url: str) -> None:
    settings = Settings(_env_file=None, database_url=database_url)
    with LoopbackServer(create_app(settings)) as server, httpx.Client(base_url=server.url) as c:
        page = c.get("/")
    assert "Set up Zoombridge" in page.text and "TOKEN_ENCRYPTION_KEY" in page.text
    assert "schema revision" not in page.text  # details are for the operator only


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_query_parameter_comes_back_escaped(
    http: httpx.Client, payload: str, slack_api: SlackStandin
) -> None:
    probes = [
        ("/", {"token": payload, "state": payload}),
        ("/setup/login", {"token": payload}),
        ("/zoom/oauth/start", {"state": payload}),
        ("/zoom/oauth/start", {"state": payload, "again": payload}),
        ("/zoom/oauth/callback", {"state": payload, "code": payload}),
        ("/zoom/oauth/callback", {"state": payload, "error": payload}),
        ("/zoom/oauth/callback", {"error": payload, "error_description": payload}),
    ]
    pages = [(path, http.get(path, params=params)) for path, params in probes]
    for origin in ("https://zoombridge.test", "https://elsewhere.example"):
        form = http.post("/zoom/oauth/start", data={"state": payload}, headers={"Origin": origin})
        pages.append(("POST /zoom/oauth/start", form))
    for path, page in pages:
        assert page.status_code < 500, (path, page.status_code)
        assert payload not in page.text, path
        assert "<script" not in page.text.lower() and "onerror=" not in page.text


def test_a_zoom_name_with_markup_is_escaped_on_the_linked_page(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    from tests.support.linking_flow import link_user

    zoom_api.state.add_user("zu-evil", "e@x.io", "<script>alert(1)</script>", '"><b>')
    pages: list[str] = []
    link_user(served, slack_api, zoom_api, zoom_user="zu-evil", pages=pages)
    [linked] = pages
    assert "<script>alert(1)</script>" not in linked and '"><b>' not in linked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in linked


def test_the_confirmation_page_escapes_names_from_slack(
    served: Served, slack_api: SlackStandin, slack_driver: SlackDriver, http: httpx.Client
) -> None:
    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    slack_api.state.add_user("U0666", name=evil, real_name=evil, email="e@x.io")
    slack_api.state.teams["T0001"] = evil
    sent = slack_driver.command("link", user_id="U0666")
    [reply] = slack_api.state.wait_for_response(sent.response_url)
    [url] = [e["url"] for b in reply["blocks"] for e in b.get("elements", []) if e.get("url")]
    page = http.get(url.removeprefix(PUBLIC_URL))
    assert page.status_code == 200 and "Link your Zoom account" in page.text
    assert "<img" not in page.text and "<script" not in page.text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page.text
