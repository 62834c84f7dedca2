"""`zoombridge check` reaches the database and both APIs, and says what is wrong."""

from __future__ import annotations

from bot.checks import run_checks
from bot.settings import Settings
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings


async def test_everything_reachable(settings: Settings) -> None:
    results = {r.name: r for r in await run_checks(settings)}
    assert results["database"].ok and "revision" in results["database"].detail
    assert results["slack"].ok and "Acme" in results["slack"].detail
    assert results["zoom"].ok
    assert "settings" not in results


async def test_bad_credentials_are_reported(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_bot_token="xoxb-wrong",
        zoom_client_secret="wrong-secret",
    )
    results = {r.name: r for r in await run_checks(settings)}
    assert not results["slack"].ok and "invalid_auth" in results["slack"].detail
    assert not results["zoom"].ok and "ZOOM_CLIENT_SECRET" in results["zoom"].detail


async def test_server_to_server_token(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    results = {r.name: r for r in await run_checks(settings)}
    assert results["zoom"].ok and "Server-to-Server" in results["zoom"].detail


async def test_unmigrated_database(
    tmp_path, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(f"sqlite:///{tmp_path}/empty.db", slack_api, zoom_api)
    results = {r.name: r for r in await run_checks(settings)}
    assert not results["database"].ok and "zoombridge migrate" in results["database"].detail


async def test_status_sync_is_optional_and_its_credentials_are_checked(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    off = make_settings(database_url, slack_api, zoom_api)
    results = {r.name: r for r in await run_checks(off)}
    assert results["status sync"].ok and "SLACK_CLIENT_ID" in results["status sync"].detail

    state = slack_api.state
    good = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_client_id=state.client_id,
        slack_client_secret=state.client_secret,
    )
    results = {r.name: r for r in await run_checks(good)}
    assert results["status sync"].ok and "accepted" in results["status sync"].detail
    assert results["slack"].ok and "Acme" in results["slack"].detail  # still one workspace

    wrong = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_client_id=state.client_id,
        slack_client_secret="not-the-secret",
    )
    results = {r.name: r for r in await run_checks(wrong)}
    assert not results["status sync"].ok and "bad_client_secret" in results["status sync"].detail


async def test_webhook_secret_and_encryption_key_red_and_green(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    good = {r.name: r for r in await run_checks(make_settings(database_url, slack_api, zoom_api))}
    assert good["webhook secret"].ok and good["encryption key"].ok
    bare = make_settings(
        database_url,
        slack_api,
        zoom_api,
        zoom_webhook_secret_token=None,
        token_encryption_key=None,
    )
    bad = {r.name: r for r in await run_checks(bare)}
    assert not bad["webhook secret"].ok and "ZOOM_WEBHOOK_SECRET_TOKEN" in bad["webhook secret"].fix
    assert not bad["encryption key"].ok and "zoombridge keygen" in bad["encryption key"].fix


async def test_a_key_that_no_longer_opens_stored_tokens_is_red(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    from bot.crypto import TokenCipher, new_key
    from tests.support.notice_world import add, link

    old_key = new_key()
    row = link("T0001", "U0001")
    row.access_token_enc = TokenCipher([old_key]).encrypt("zoom-access")
    add(database_url, row)
    rotated_badly = make_settings(database_url, slack_api, zoom_api, token_encryption_key=new_key())
    result = {r.name: r for r in await run_checks(rotated_badly)}["encryption key"]
    assert not result.ok and "new,old" in result.fix
    both = make_settings(
        database_url, slack_api, zoom_api, token_encryption_key=f"{new_key()},{old_key}"
    )
    assert {r.name: r for r in await run_checks(both)}["encryption key"].ok


def test_the_cli_prints_the_fix_for_each_failure(database_url: str, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "FAIL webhook secret" in out and "fix: Copy the Secret Token" in out
    assert "FAIL encryption key" in out and "fix: Run `zoombridge keygen`" in out
