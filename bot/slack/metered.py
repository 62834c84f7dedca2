"""A Slack Web API client that counts and logs every call by method and outcome.

A 429 (or `ratelimited`) is counted apart from other errors, so operators can alert on it.
The log line carries the current request id, so a notice's delivery shows up in a search
for the webhook that caused it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.observability import observe

logger = logging.getLogger(__name__)


def _failure(error: SlackApiError) -> tuple[str, str]:
    response = error.response
    status = getattr(response, "status_code", 200)
    code = str(response.get("error", "") or "") if response is not None else ""
    limited = status == 429 or code == "ratelimited"
    return ("ratelimited" if limited else "error"), code or f"http_{status}"


class MeteredWebClient(AsyncWebClient):
    """AsyncWebClient whose every call is counted and logged (never its arguments)."""

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        """Make the call; count and log its outcome."""
        started = time.perf_counter()
        outcome, error = "ok", ""
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as failure:
            outcome, error = _failure(failure)
            raise
        except (aiohttp.ClientError, TimeoutError, OSError) as failure:
            outcome, error = "unreachable", type(failure).__name__
            raise
        finally:
            observe.slack_call(api_method, outcome)
            ms = round((time.perf_counter() - started) * 1000)
            extra = {"method": api_method, "outcome": outcome, "error": error, "ms": ms}
            logger.info("slack.call", extra=extra)


def metered(client: AsyncWebClient) -> MeteredWebClient:
    """The same client (token, URL, session, headers, retries), counted and logged."""
    copy = MeteredWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        session=client.session,
        trust_env_in_session=client.trust_env_in_session,
        headers=dict(client.headers),
        retry_handlers=list(client.retry_handlers),
    )
    copy.default_params = dict(client.default_params)
    return copy
