"""`zoombridge check` knows the live-meeting events and scopes, classic and granular."""

from __future__ import annotations

from bot.checks import run_checks
from bot.settings import Settings
from bot.zoom.app_setup import GRANULAR_SCOPES, missing_scopes
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.notice_world import add, link

ALL_GRANULAR = " ".join(GRANULAR_SCOPES)


def _linked(scope: str, user: str) -> object:
    row = link("T0001", user)
    row.scope = scope
    return row


def test_either_scheme_is_enough_and_gaps_name_the_nearer_one() -> None:
    assert missing_scopes("meeting:read meeting:write user:read", "user") == []
    assert missing_scopes(ALL_GRANULAR, "user") == []
    partial = ALL_GRANULAR.replace("meeting:read:participant", "")
    assert missing_scopes(partial, "user") == ["meeting:read:participant"]
    assert missing_scopes("meeting:read:admin meeting:write:admin user:read:admin", "s2s") == []


async def test_linked_users_without_the_new_scopes_are_reported(
    settings: Settings, database_url: str
) -> None:
    add(database_url, _linked("meeting:read meeting:write user:read", "U0001"))
    results = {r.name: r for r in await run_checks(settings)}
    assert results["zoom scopes"].ok
    assert "meeting.participant_joined" in results["zoom events"].detail
    assert "meeting.deleted" in results["zoom events"].detail
    add(database_url, _linked(ALL_GRANULAR.replace("meeting:read:past_meeting", ""), "U0002"))
    results = {r.name: r for r in await run_checks(settings)}
    scopes = results["zoom scopes"]
    assert not scopes.ok and "meeting:read:past_meeting" in scopes.detail
    assert "1 user(s) must /zoom link again" in scopes.detail


async def test_the_account_token_scopes_are_checked(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    results = {r.name: r for r in await run_checks(settings)}
    assert results["zoom scopes"].ok and "account token" in results["zoom scopes"].detail
