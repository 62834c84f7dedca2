"""`zoombridge check`: validate settings and reach the database, Slack and Zoom."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings
from bot.slack.gateway import slack_error_code
from bot.zoom.errors import LinkBroken, ZoomError
from bot.zoom.oauth import ZoomOAuth
from store.db import Database
from store.migrate import current_revision

CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True)
class CheckResult:
    """One line of the report."""

    name: str
    ok: bool
    detail: str


async def check_database(settings: Settings) -> CheckResult:
    """The database answers and is migrated."""
    db = Database.connect(settings.database_url)
    try:
        await db.ping()
    except Exception as error:  # any driver error is a failed check
        return CheckResult("database", False, f"unreachable ({type(error).__name__})")
    finally:
        await db.close()
    revision = current_revision(settings.database_url)
    if revision is None:
        return CheckResult("database", False, "reachable but not migrated: run zoombridge migrate")
    return CheckResult("database", True, f"reachable, schema revision {revision}")


async def check_slack(settings: Settings) -> CheckResult:
    """The bot token works (single-workspace) or OAuth credentials are present (multi)."""
    if settings.slack_mode is None or settings.slack_signing_secret is None:
        return CheckResult("slack", False, "not configured: see the missing settings at /")
    if settings.slack_mode == "multi":
        return CheckResult("slack", True, "multi-workspace OAuth install at /slack/install")
    assert settings.slack_bot_token is not None
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(
            token=settings.slack_bot_token.get_secret_value(),
            base_url=settings.slack_api_url,
            session=session,
        )
        try:
            answer = await client.auth_test()
        except SlackApiError as error:
            code = slack_error_code(error) or f"HTTP {error.response.status_code}"
            return CheckResult("slack", False, f"auth.test failed: {code}")
        except aiohttp.ClientError as error:
            return CheckResult("slack", False, f"unreachable ({type(error).__name__})")
    return CheckResult("slack", True, f"bot token works for workspace {answer.get('team')}")


async def check_zoom(settings: Settings) -> CheckResult:
    """The Zoom app's credentials are accepted."""
    if settings.zoom_client_id is None or settings.zoom_client_secret is None:
        return CheckResult("zoom", False, "not configured: set ZOOM_CLIENT_ID/ZOOM_CLIENT_SECRET")
    async with httpx.AsyncClient(timeout=CHECK_TIMEOUT) as http:
        oauth = ZoomOAuth(
            http,
            settings.zoom_oauth_url,
            settings.zoom_client_id,
            settings.zoom_client_secret.get_secret_value(),
        )
        try:
            if settings.zoom_account_id:
                await oauth.account_token(settings.zoom_account_id)
                return CheckResult("zoom", True, "Server-to-Server token issued")
            # A made-up refresh token: Zoom answers invalid_grant only to valid client credentials.
            await oauth.refresh("zoombridge-check")
        except LinkBroken:
            return CheckResult("zoom", True, "OAuth client credentials accepted")
        except ZoomError as error:
            return CheckResult("zoom", False, error.message)
    return CheckResult("zoom", True, "OAuth client credentials accepted")


async def run_checks(settings: Settings) -> list[CheckResult]:
    """Every check, in order."""
    results = [await check_database(settings), await check_slack(settings)]
    results.append(await check_zoom(settings))
    missing = settings.missing()
    if missing:
        results.append(CheckResult("settings", False, "missing: " + ", ".join(missing)))
    return results
