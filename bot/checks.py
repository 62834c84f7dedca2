"""Live checks shared by `zoombridge check` and the setup page: each says what works or the fix."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.crypto import TokenCipher, TokenDecryptError
from bot.settings import Settings
from bot.setup.status_sync_check import check_status_sync
from bot.setup.summaries_check import summaries_verdict
from bot.setup.zoom_app_check import check_zoom_app
from bot.slack.gateway import slack_error_code
from bot.wiring import zoom_oauth
from bot.zoom.errors import LinkBroken, ZoomError
from store.db import Database
from store.repos.admin import sample_token

CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
SLACK_TOKEN_FIX = (
    "Copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page "
    "into SLACK_BOT_TOKEN, after installing the app to your workspace."
)
ZOOM_CREDENTIALS_FIX = (
    "Copy the Client ID and Client Secret from your Zoom app's App Credentials page into "
    "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (and ZOOM_ACCOUNT_ID for a Server-to-Server app)."
)


@dataclass(frozen=True)
class CheckResult:
    """One line of the report: what was checked, whether it works, and how to fix it if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


async def check_database(settings: Settings) -> CheckResult:
    """The database answers and is migrated."""
    db = Database.connect(settings.database_url)
    try:
        await db.ping()
    except Exception as error:  # any driver error is a failed check
        return CheckResult(
            "database",
            False,
            f"unreachable ({type(error).__name__})",
            "Check DATABASE_URL and that the database server is running and reachable.",
        )
    finally:
        await db.close()
    from store.migrate import current_revision  # alembic loads only when checks run

    revision = current_revision(settings.database_url)
    if revision is None:
        return CheckResult(
            "database",
            False,
            "reachable but not migrated: run zoombridge migrate",
            "Run `zoombridge migrate` (Heroku runs it as the release phase).",
        )
    return CheckResult("database", True, f"reachable, schema revision {revision}")


async def check_slack(settings: Settings) -> CheckResult:
    """The bot token works (single-workspace) or OAuth credentials are present (multi)."""
    if settings.slack_signing_secret is None:
        return CheckResult(
            "slack",
            False,
            "not configured: SLACK_SIGNING_SECRET is not set",
            "Copy the Signing Secret from your Slack app's Basic Information page into "
            "SLACK_SIGNING_SECRET.",
        )
    if settings.slack_mode is None:
        return CheckResult("slack", False, "not configured: no bot token", SLACK_TOKEN_FIX)
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
            return CheckResult("slack", False, f"auth.test failed: {code}", SLACK_TOKEN_FIX)
        except aiohttp.ClientError as error:
            return CheckResult(
                "slack",
                False,
                f"unreachable ({type(error).__name__})",
                "Check that this server can reach SLACK_API_URL over HTTPS.",
            )
    return CheckResult("slack", True, f"bot token works for workspace {answer.get('team')}")


async def check_zoom(settings: Settings) -> CheckResult:
    """The Zoom app's credentials are accepted."""
    if settings.zoom_client_id is None or settings.zoom_client_secret is None:
        return CheckResult(
            "zoom",
            False,
            "not configured: set ZOOM_CLIENT_ID/ZOOM_CLIENT_SECRET",
            ZOOM_CREDENTIALS_FIX,
        )
    async with httpx.AsyncClient(timeout=CHECK_TIMEOUT) as http:
        oauth = zoom_oauth(http, settings)
        try:
            if settings.zoom_account_id:
                await oauth.account_token(settings.zoom_account_id)
                return CheckResult("zoom", True, "Server-to-Server token issued")
            # A made-up refresh token: Zoom answers invalid_grant only to valid client credentials.
            await oauth.refresh("zoombridge-check")
        except LinkBroken:
            return CheckResult("zoom", True, "OAuth client credentials accepted")
        except ZoomError as error:
            return CheckResult("zoom", False, error.message, ZOOM_CREDENTIALS_FIX)
    return CheckResult("zoom", True, "OAuth client credentials accepted")


def check_webhook_secret(settings: Settings) -> CheckResult:
    """ZOOM_WEBHOOK_SECRET_TOKEN is set, so Zoom's webhooks can be verified."""
    if settings.zoom_webhook_secret_token is None:
        return CheckResult(
            "webhook secret",
            False,
            "ZOOM_WEBHOOK_SECRET_TOKEN is not set: Zoom's webhooks are refused",
            "Copy the Secret Token from your Zoom app's Access page (Event Subscriptions) "
            "into ZOOM_WEBHOOK_SECRET_TOKEN.",
        )
    return CheckResult("webhook secret", True, "set; Zoom's webhooks are verified with it")


async def check_encryption_key(settings: Settings) -> CheckResult:
    """TOKEN_ENCRYPTION_KEY is set and opens the tokens already stored."""
    keys = settings.encryption_keys
    if not keys:
        return CheckResult(
            "encryption key",
            False,
            "TOKEN_ENCRYPTION_KEY is not set: tokens cannot be stored",
            "Run `zoombridge keygen` and put its output in TOKEN_ENCRYPTION_KEY.",
        )
    cipher = TokenCipher(keys)
    db = Database.connect(settings.database_url)
    try:
        async with db.sessions() as session:
            stored = await sample_token(session=session)
        if stored is not None:
            cipher.decrypt(stored)
    except TokenDecryptError:
        return CheckResult(
            "encryption key",
            False,
            "stored Zoom tokens were encrypted with a key that is not in TOKEN_ENCRYPTION_KEY",
            "Put the previous key after the new one: TOKEN_ENCRYPTION_KEY=new,old.",
        )
    except Exception:  # no database or no table yet: the database check says so
        pass
    finally:
        await db.close()
    return CheckResult("encryption key", True, f"{len(keys)} key(s), stored tokens readable")


async def run_checks(settings: Settings) -> list[CheckResult]:
    """Every check, in order."""
    results = [await check_database(settings), await check_slack(settings)]
    results.append(await check_zoom(settings))
    results += [CheckResult(*finding) for finding in await check_zoom_app(settings)]
    results.append(CheckResult("summaries", *await summaries_verdict(settings)))
    results.append(CheckResult("status sync", *await check_status_sync(settings)))
    results.append(check_webhook_secret(settings))
    results.append(await check_encryption_key(settings))
    missing = settings.missing()
    if missing:
        results.append(
            CheckResult(
                "settings",
                False,
                "missing: " + ", ".join(missing),
                "Set them in the environment (or .env) and restart.",
            )
        )
    return results
