"""Linking is bound to the Slack user who asked: a forwarded start link only shows whose it is.

Attack: Bob sends Ada his `/zoom link` URL; if opening it led straight to Zoom, Ada's approval
would link Ada's Zoom account to Bob's Slack user.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx

from handlers.blocks import ids
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.linking_flow import COOKIE, _button_url, _local, confirm_in_browser, link_user
from tests.support.meeting_world import block_action
from tests.support.notice_world import rows


def _start_url(served: Served, slack_api: SlackStandin, user_id: str) -> str:
    driver = SlackDriver(served.url, slack_api)
    try:
        sent = driver.command("link", user_id=user_id)
        reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    finally:
        driver.close()
    return _local(_button_url(reply), served.url)


def test_opening_someone_elses_link_names_them_and_goes_nowhere_without_a_click(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    bobs_link = _start_url(served, slack_api, "U0002")
    state = parse_qs(urlsplit(bobs_link).query)["state"][0]
    with httpx.Client(timeout=30) as ada:
        page = ada.get(bobs_link)
        assert page.status_code == 200
        assert "Bob Builder (U0002)" in page.text and "Acme" in page.text
        assert COOKIE not in page.cookies and "location" not in page.headers
        forged = ada.post(  # another site auto-submitting the form
            f"{served.url}/zoom/oauth/start",
            data={"state": state},
            headers={"Origin": "https://evil.example"},
        )
        assert forged.status_code == 403 and COOKIE not in forged.cookies
        # Declining at Zoom from a browser that never clicked does not use Bob's state up.
        denied = ada.get(
            f"{served.url}/zoom/oauth/callback", params={"error": "access_denied", "state": state}
        )
        assert denied.status_code == 400
    assert zoom_api.state.requests_to("GET", "/oauth/authorize") == []
    assert rows(database_url, "SELECT count(*) AS n FROM zoom_oauth_states")[0]["n"] == 1
    with httpx.Client(timeout=30) as bob:  # Bob's own click still works, twice over
        first = confirm_in_browser(bob, bobs_link, served.url).cookies[COOKIE]
        second = confirm_in_browser(bob, bobs_link, served.url).cookies[COOKIE]
    assert first != second  # random per click
    assert hashlib.sha256(state.encode()).hexdigest() not in (first, second)


def test_the_linked_dm_names_the_zoom_account_and_not_me_unlinks(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    link_user(served, slack_api, zoom_api, "U0001", "zu-ada")
    dm = slack_api.state.wait_for("chat.postMessage")[-1]
    assert dm.params["channel"] == "U0001"
    assert "Ada Lovelace (ada@example.com)" in dm.params["text"]
    buttons = [
        element
        for block in dm.params["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == ids.NOT_ME_UNLINK
    ]
    assert [b["text"]["text"] for b in buttons] == ["Not me: unlink"]
    driver = SlackDriver(served.url, slack_api)
    try:
        response_url = slack_api.state.new_response_url(slack_api.url)
        payload = block_action(slack_api, ids.NOT_ME_UNLINK, "unlink", response_url=response_url)
        assert driver.interact(payload).status_code == 200
        answer = slack_api.state.wait_for_response(response_url)[-1]
    finally:
        driver.close()
    assert "Unlinked" in answer["text"]
    assert rows(database_url, "SELECT count(*) AS n FROM zoom_links")[0]["n"] == 0
    assert len(zoom_api.state.requests_to("POST", "/oauth/revoke")) == 1
