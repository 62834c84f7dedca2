"""`zoombridge check`: can people grant status sync? (Slack client credentials, URL, key)."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings


async def check_status_sync(settings: Settings) -> tuple[bool, str]:
    """(ok, detail). Optional: off without Slack client credentials; else Slack must accept them."""
    secret = settings.slack_client_secret
    if not settings.slack_client_id or secret is None:
        return True, "off (set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to offer it)"
    missing = [
        name
        for name, present in (
            ("PUBLIC_URL", settings.public_url),
            ("TOKEN_ENCRYPTION_KEY", settings.encryption_keys),
        )
        if not present
    ]
    if missing:
        return False, "needs " + " and ".join(missing)
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(base_url=settings.slack_api_url, session=session)
        try:  # a made-up code: Slack says invalid_code only to valid client credentials
            await client.oauth_v2_access(
                client_id=settings.slack_client_id,
                client_secret=secret.get_secret_value(),
                code="zoombridge-check",
            )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code != "invalid_code":
                return False, f"Slack refused the client credentials: {code}"
        except aiohttp.ClientError as error:
            return False, f"Slack unreachable ({type(error).__name__})"
    return True, "Slack client credentials accepted; people can opt in"
