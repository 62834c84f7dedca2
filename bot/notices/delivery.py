"""Delivering one claimed outbox row: the Slack call, then its outcome stored with the pace.

`record_outcome` is the one place a delivery's outcome (delivered, retry, dead) is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Literal

import aiohttp
from slack_sdk.errors import SlackApiError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.delivered import record_delivered
from bot.notices.pacing import CHANNEL_METHODS, ChannelPace, MethodPauses
from bot.notices.send import Verdict, judge, method_of, send
from bot.notices.threads import resolve_thread
from bot.observability import observe
from bot.slack.gateway import SlackGateway, WorkspaceNotInstalled
from store.db import Database
from store.repos.outbox import Claimed, mark_dead, schedule_retry
from store.types import utcnow

logger = logging.getLogger(__name__)

Record = Callable[[Callable[[AsyncSession], Awaitable[object]]], Awaitable[None]]
Status = Literal["delivered", "retry", "dead"]
Call = Callable[[Claimed], Awaitable[str | None]]  # makes one row's Slack calls itself


def record_outcome(row: Claimed, status: Status, *, reason: str = "", delay: float = 0) -> None:
    """The one place a delivery's outcome is reported (logs and metrics)."""
    observe.delivery(status, accepted_at=row.created_at if status == "delivered" else None)
    extra = {"outbox_id": row.id, "action": row.action, "tries": row.attempts}
    if status == "delivered":
        logger.info("outbox.delivered", extra=extra)
    elif status == "retry":
        logger.info("outbox.retry", extra={**extra, "reason": reason, "delay": round(delay, 3)})
    else:
        logger.warning("outbox.dead", extra={**extra, "reason": reason})


async def deliver_one(
    row: Claimed,
    *,
    db: Database,
    slack: SlackGateway,
    calls: Mapping[str, Call],
    pauses: MethodPauses,
    pace: ChannelPace | None,
    backoff: Callable[[int], float],
    give_up_after: float,
    record: Record,
) -> None:
    """Send one row (unless its workspace is paused for that method) and store the outcome."""
    method = "conversations.open" if row.action == "dm" else method_of(row.action)
    paused = pauses.remaining(row.team_id, method)
    if paused > 0:
        await _retry(row, Verdict(True, "paused", paused), record, None)
        return
    try:
        row = await resolve_thread(db, row)  # a thread reply waits for its parent's ts
        call = calls.get(row.action)
        if call is not None:
            ts = await call(row)
        else:
            ts = await send(await slack.client_for(row.team_id), row)
    except WorkspaceNotInstalled:
        verdict = Verdict(False, "workspace_not_installed")
    except SlackApiError as error:
        verdict = judge(error)
        if verdict.retry_after is not None:
            limited = method_of_error(error) or method
            if limited not in CHANNEL_METHODS:
                pauses.pause(row.team_id, limited, verdict.retry_after)
    except (aiohttp.ClientError, TimeoutError, OSError) as error:  # worth another try
        verdict = Verdict(True, type(error).__name__)
    except Exception as error:  # a bug or a surprise: keep the row, say so loudly
        logger.exception("outbox.unexpected_error", extra={"outbox_id": row.id})
        verdict = Verdict(True, type(error).__name__)
    else:
        now = utcnow()
        tat, ready = pace.after_send(row.tat, now) if pace else (None, now)
        await record(
            lambda s: record_delivered(s, row=row, ts=ts, now=now, ready_at=ready, tat=tat)
        )
        record_outcome(row, "delivered")
        return
    age = (utcnow() - row.created_at).total_seconds()
    if not verdict.retry or age > give_up_after:
        reason = verdict.reason if not verdict.retry else f"gave up: {verdict.reason}"
        await record(lambda s: mark_dead(session=s, row=row, reason=reason))
        record_outcome(row, "dead", reason=reason)
        return
    if verdict.retry_after is None:
        verdict = Verdict(True, verdict.reason, backoff(row.attempts))
        pace = None
    await _retry(row, verdict, record, pace)


async def _retry(row: Claimed, verdict: Verdict, record: Record, pace: ChannelPace | None) -> None:
    delay = verdict.retry_after or 0.0
    now = utcnow()
    tat: datetime | None = None
    at = now + timedelta(seconds=delay)
    if pace is not None:  # Slack said wait: after the pause, the steady pace without a burst
        tat, at = pace.after_limit(now, delay)
    await record(lambda s: schedule_retry(session=s, row=row, at=at, error=verdict.reason, tat=tat))
    record_outcome(row, "retry", reason=verdict.reason, delay=delay)


def method_of_error(error: SlackApiError) -> str | None:
    """The Web API method a failed call was made to (from its URL)."""
    url = str(getattr(error.response, "api_url", "") or "")
    return url.rstrip("/").rsplit("/", 1)[-1] or None
