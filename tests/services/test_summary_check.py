"""`zoombridge check` says whether AI summaries can be read, and what to add if not."""

from __future__ import annotations

from bot.checks import run_checks
from bot.settings import Settings
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.notice_world import add, link


async def test_server_to_server_scopes_are_read_from_the_account_token(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    results = {r.name: r for r in await run_checks(settings)}
    assert results["summaries"].ok

    zoom_api.state.account_scopes = "meeting:read:admin user:read:admin"
    results = {r.name: r for r in await run_checks(settings)}
    assert not results["summaries"].ok
    assert "meeting_summary:read" in results["summaries"].detail


async def test_user_level_links_without_the_scope_must_link_again(
    settings: Settings, database_url: str
) -> None:
    results = {r.name: r for r in await run_checks(settings)}
    assert results["summaries"].ok and "no linked users" in results["summaries"].detail

    old, new = link("T0001", "U0001"), link("T0001", "U0002", "zu-bob")
    old.scope, new.scope = "meeting:read user:read", "meeting:read meeting:read:summary"
    add(database_url, old, new)
    results = {r.name: r for r in await run_checks(settings)}
    assert not results["summaries"].ok
    assert "1 of 2 linked users" in results["summaries"].detail
    assert "/zoom link again" in results["summaries"].detail
