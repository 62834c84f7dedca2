"""The setup page and every OAuth result page, looked at in real headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.app import create_app
from bot.cli import main
from bot.settings import Settings
from tests.standins.loopback import LoopbackServer
from tests.support.browser import chromium, screenshot
from tests.support.deployment import (
    TOKEN_KEY,
    Served,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.drivers import SlackDriver

if TYPE_CHECKING:  # Playwright is imported lazily, so the module loads without it
    from playwright.sync_api import Browser, Page, ViewportSize

VIEWPORT: ViewportSize = {"width": 1000, "height": 800}
CHECKS = ("database", "slack", "zoom", "webhook-secret", "encryption-key")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Iterator[Served]:
    """The app with PUBLIC_URL set to where it is served, so the browser can follow redirects."""
    port = _free_port()
    public = f"http://127.0.0.1:{port}"
    settings = make_settings(database_url, slack_api, zoom_api, public_url=public)
    with LoopbackServer(create_app(settings), name="zoombridge", port=port) as server:
        yield Served(url=server.url, settings=settings)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # The pages must work without JavaScript: the browser runs none.
    context = browser.new_context(
        viewport={"width": 1000, "height": 800}, java_script_enabled=False
    )
    opened = context.new_page()
    yield opened
    context.close()


def _checks(page: Page) -> dict[str, str]:
    return {name: page.get_attribute(f"#check-{name}", "class") or "" for name in CHECKS}


def _manifest_from_button(page: Page) -> str:
    href = page.get_attribute("#create-slack-app", "href") or ""
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "api.slack.com", "/apps")
    query = parse_qs(parts.query)
    assert query["new_app"] == ["1"]
    [manifest] = query["manifest_yaml"]
    return manifest


def test_unconfigured_setup_page_is_all_red_with_fixes_and_the_prefilled_slack_link(
    browser: Browser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/no-dir/x.db")
    with LoopbackServer(create_app(settings)) as server:
        page = browser.new_page(viewport=VIEWPORT, java_script_enabled=False)
        response = page.goto(server.url + "/")
        assert response is not None and response.status == 200
        assert set(_checks(page).values()) == {"fail"}
        for name in CHECKS:
            item = page.locator(f"#check-{name}")
            assert "Needs fixing" in item.inner_text() and "Fix:" in item.inner_text()
        assert "TOKEN_ENCRYPTION_KEY" in page.inner_text("#missing")
        manifest = _manifest_from_button(page)
        screenshot(page, "setup-unconfigured", tmp_path)
        page.close()
    assert main(["manifest", "--url", server.url]) == 0
    assert manifest == capsys.readouterr().out


def test_configured_setup_page_is_locked_until_the_operator_signs_in(
    page: Page,
    served: Served,
    tmp_path: Path,
) -> None:
    page.goto(served.url + "/")
    locked = page.inner_text("main")
    assert "zoombridge setup-link" in locked
    for secret in ("Acme", "xoxb", "revision", "SLACK_", "/slack/events", "Set up"):
        assert secret not in page.content()
    screenshot(page, "setup-locked", tmp_path)

    # A separate process, as the operator runs it on the server.
    env = {
        **os.environ,
        "DATABASE_URL": served.settings.database_url,
        "PUBLIC_URL": served.url,
        "TOKEN_ENCRYPTION_KEY": TOKEN_KEY,
    }
    printed = subprocess.run(
        [sys.executable, "-m", "bot.cli", "setup-link"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    link = printed.stdout.splitlines()[0]
    assert link.startswith(f"{served.url}/setup/login?token=")
    page.goto(link)
    assert urlsplit(page.url).path == "/"
    assert set(_checks(page).values()) == {"ok"}
    assert "bot token works for workspace Acme" in page.inner_text("#check-slack")
    assert re.fullmatch(r"(\d+) of \1 checks pass\.", page.inner_text("#summary").strip())
    assert _manifest_from_button(page).count(f"{served.url}/slack/events") == 3
    assert f"{served.url}/zoom/oauth/callback" in page.inner_text("#zoom-values")
    assert "meeting:write:meeting" in page.inner_text("#zoom-scopes")
    assert "meeting.started" in page.inner_text("#zoom-events")
    screenshot(page, "setup-configured", tmp_path)
    again = page.goto(link)  # the link works once
    assert again is not None and again.status == 400


def _link_button(driver: SlackDriver, slack_api: SlackStandin, user: str = "U0001") -> str:
    sent = driver.command("link", user_id=user)
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    for block in reply["blocks"]:
        for element in block.get("elements", []):
            if element.get("url"):
                return str(element["url"])
    raise AssertionError(reply)


CONFIRM = "I am this Slack user: continue to Zoom"


def _result(
    page: Page, url: str, name: str, tmp_path: Path, *, confirm: bool = True
) -> tuple[int, str, str]:
    """Open a link, confirm on our confirmation page when it shows, and read the result."""
    response = page.goto(url)
    assert response is not None
    if confirm and page.inner_text("h1") == "Link your Zoom account":
        with page.expect_navigation() as navigation:
            page.click(f"text={CONFIRM}")
        response = navigation.value
        assert response is not None
    title = page.inner_text("h1")
    next_step = page.inner_text(".result .next, .result .button")
    screenshot(page, name, tmp_path)
    return response.status, title, next_step


def test_every_oauth_result_page(
    browser: Browser,
    page: Page,
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    tmp_path: Path,
) -> None:
    page.goto(_link_button(slack_driver, slack_api))
    assert page.inner_text("h1") == "Link your Zoom account"
    who = page.inner_text("main")
    assert "Ada Lovelace (U0001)" in who or "ada (U0001)" in who
    assert "Acme" in who
    screenshot(page, "oauth-confirm", tmp_path)
    status, title, step = _result(
        page, _link_button(slack_driver, slack_api), "oauth-linked", tmp_path
    )
    assert (status, title) == (200, "Zoom account linked") and "Slack" in step
    assert "Ada Lovelace (ada@example.com)" in page.inner_text("main")

    status, title, step = _result(
        page, _link_button(slack_driver, slack_api), "oauth-already-linked", tmp_path
    )
    assert (status, title) == (200, "Already linked")
    assert step == "Link a different Zoom account instead"
    page.click("text=Link a different Zoom account instead")  # confirm, on to Zoom, back linked
    assert page.inner_text("h1") == "Link your Zoom account"
    with page.expect_navigation():
        page.click(f"text={CONFIRM}")
    assert page.inner_text("h1") == "Zoom account linked"

    status, title, step = _result(
        page, served.url + "/zoom/oauth/start?state=gone", "oauth-expired", tmp_path
    )
    assert (status, title) == (400, "This link has expired") and "/zoom link" in step

    stranger = browser.new_context(java_script_enabled=False)
    other = stranger.new_page()
    state = parse_qs(urlsplit(_link_button(slack_driver, slack_api)).query)["state"][0]
    callback = f"{served.url}/zoom/oauth/callback?state={state}&code=stolen"
    status, title, step = _result(other, callback, "oauth-not-yours", tmp_path)
    assert (status, title) == (403, "This link is not yours") and "/zoom link" in step
    stranger.close()

    zoom_api.state.consenting_user = None
    status, title, step = _result(
        page, _link_button(slack_driver, slack_api, "U0002"), "oauth-zoom-said-no", tmp_path
    )
    assert (status, title) == (400, "Zoom said no") and "/zoom link" in step
