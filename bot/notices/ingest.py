"""Accepting Zoom webhooks: verify the raw bytes, store the raw event, answer.

Ingest does the least that keeps the promise: the signature is checked over the raw bytes,
the event is stored under its de-duplication key (concurrent requests share one commit, see
bot.notices.intake) and only then acknowledged. Routing it into outbox rows happens later on
the worker side (bot.notices.router), resuming from stored events after a crash.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.notices.intake import EventWriter
from bot.notices.payload import MalformedEvent, ZoomEvent, parse_event
from bot.notices.routes.table import ROUTES
from bot.observability import observe
from bot.observability.correlation import current_request_id
from bot.zoom.signature import url_validation_response, verify_zoom_signature
from store.db import Database
from store.repos.webhook_events import RawEvent

logger = logging.getLogger(__name__)

URL_VALIDATION = "endpoint.url_validation"
# Zoom waits 3 s; past this the database counts as away and Zoom is told to retry.
RECORD_DEADLINE = 5.0
OUTAGES = (OperationalError, InterfaceError, PoolTimeout, TimeoutError, OSError)

Outcome = Literal["accepted", "duplicate", "ignored", "refused"]


class WebhookNotConfigured(Exception):
    """ZOOM_WEBHOOK_SECRET_TOKEN is not set, so nothing can be verified."""


class StoreUnavailable(Exception):
    """The database is away or stuck: nothing was recorded, the sender should retry."""


@dataclass(frozen=True)
class Accepted:
    """What became of a webhook: stored, a retry of one already stored, or ignored."""

    status: Literal["accepted", "duplicate", "ignored"]


@dataclass(frozen=True)
class Challenge:
    """The answer to Zoom's URL validation."""

    body: dict[str, str]


def webhook_outcome(
    status: Outcome,
    *,
    zoom_event: str = "",
    reason: str = "",
    http_status: int = 200,
    error: str = "",
) -> None:
    """The one place a webhook's fate is recorded: accepted, duplicate, ignored or refused."""
    observe.webhook(zoom_event, status, error if status == "refused" else "")
    if status == "refused":
        logger.warning("zoom.webhook_refused", extra={"status": http_status, "reason": reason})
    elif status == "ignored":
        logger.info("zoom.event_ignored", extra={"zoom_event": zoom_event})
    else:
        logger.info("zoom.event_received", extra={"zoom_event": zoom_event, "status": status})


class NoticeService:
    """Turns verified Zoom webhooks into durably stored raw events."""

    def __init__(
        self,
        *,
        db: Database,
        secret: str | None,
        on_accepted: Callable[[], None] = lambda: None,
        max_batch: int = 256,
    ) -> None:
        self._secret = secret
        self._writer = EventWriter(db, max_batch=max_batch, on_stored=on_accepted)

    async def accept(self, body: bytes, headers: Mapping[str, str]) -> Accepted | Challenge:
        """Verify, then store; raises InvalidSignature, MalformedEvent or StoreUnavailable."""
        if self._secret is None:
            raise WebhookNotConfigured
        verify_zoom_signature(
            secret=self._secret,
            body=body,
            timestamp=headers.get("x-zm-request-timestamp"),
            signature=headers.get("x-zm-signature"),
        )
        event = parse_event(body)
        if event.event == URL_VALIDATION:
            return Challenge(self._challenge(event))
        if event.event not in ROUTES:
            webhook_outcome("ignored", zoom_event=event.event)
            return Accepted("ignored")
        raw = RawEvent(
            event_key=event.key,
            event=event.event,
            event_ts=event.event_ts,
            zoom_account_id=event.account_id,
            body=body.decode("utf-8"),  # parse_event has read it as JSON, so it is UTF-8
            request_id=current_request_id(),
        )
        try:
            # The writer task owns the database call, so giving up here is instant (the
            # request's future is cancelled and the writer skips or finishes it).
            async with asyncio.timeout(RECORD_DEADLINE):
                fresh = await self._writer.submit(raw)
        except DataError:  # a value the database cannot hold: the sender's fault
            raise MalformedEvent("a value is out of range") from None
        except OUTAGES as error:
            raise StoreUnavailable(type(error).__name__) from error
        outcome = Accepted("accepted" if fresh else "duplicate")
        webhook_outcome(outcome.status, zoom_event=event.event)
        return outcome

    def busy(self) -> bool:
        """Whether ingest is saturated right now (routing should wait its turn)."""
        return self._writer.busy()

    async def close(self) -> None:
        """Stop the writer task."""
        await self._writer.close()

    def _challenge(self, event: ZoomEvent) -> dict[str, str]:
        plain = event.payload.get("plainToken")
        if not isinstance(plain, str) or not plain or len(plain) > 256:
            raise MalformedEvent("url_validation without plainToken")
        assert self._secret is not None
        return url_validation_response(self._secret, plain)
