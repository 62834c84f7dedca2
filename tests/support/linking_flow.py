"""Link a Slack user to a Zoom user through the real flow, over HTTP, for end-to-end tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.support.deployment import PUBLIC_URL, Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver

COOKIE = "zb_zoom_link"


def _local(url: str, base: str) -> str:
    """The same path and query on the served app (PUBLIC_URL is not reachable in tests)."""
    parts = urlsplit(url)
    return f"{base.rstrip('/')}{parts.path}?{parts.query}"


def _button_url(body: dict[str, Any]) -> str:
    for block in body.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("type") == "button" and element.get("url"):
                return str(element["url"])
    raise AssertionError(f"no link button in {body}")


def confirm_in_browser(browser: httpx.Client, start_url: str, app_url: str) -> httpx.Response:
    """Open the start page, check it asks for a click, click: the redirect to Zoom."""
    start = browser.get(_local(start_url, app_url))
    assert start.status_code == 200, start.text
    assert "<form method='post' action='/zoom/oauth/start'>" in start.text
    assert not start.cookies.get(COOKIE), "opening the link alone must not bind the browser"
    state = parse_qs(urlsplit(start_url).query)["state"][0]
    origin = f"{urlsplit(PUBLIC_URL).scheme}://{urlsplit(PUBLIC_URL).netloc}"
    clicked = browser.post(
        f"{app_url.rstrip('/')}/zoom/oauth/start", data={"state": state}, headers={"Origin": origin}
    )
    assert clicked.status_code == 303, clicked.text
    return clicked


def link_user(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    user_id: str = "U0001",
    zoom_user: str = "zu-ada",
    *,
    team_id: str = "T0001",
) -> None:
    """`/zoom link` -> our start page -> Zoom's authorize -> our callback, as a browser would."""
    driver = SlackDriver(served.url, slack_api, team_id=team_id)
    try:
        sent = driver.command("link", user_id=user_id)
        assert sent.response.status_code == 200, sent.response.text
        reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    finally:
        driver.close()
    previous = zoom_api.state.consenting_user
    zoom_api.state.consenting_user = zoom_user
    try:
        with httpx.Client(timeout=30) as browser:
            start = confirm_in_browser(browser, _button_url(reply), served.url)
            cookie = start.cookies.get(COOKIE)
            assert cookie, "the start page set no state cookie"
            authorize = browser.get(start.headers["location"])
            assert authorize.status_code == 302, authorize.text
            callback = browser.get(
                _local(authorize.headers["location"], served.url),
                headers={"Cookie": f"{COOKIE}={cookie}"},
            )
            assert callback.status_code == 200, callback.text
    finally:
        zoom_api.state.consenting_user = previous
