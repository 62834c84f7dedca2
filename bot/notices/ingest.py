"""Accepting Zoom webhooks: verify the raw bytes, parse, then record the event and its notices.

The event record and every outbox row it causes are written in one transaction, so a
crash either loses nothing that was acknowledged or acknowledges nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.notices.payload import MalformedEvent, ZoomEvent, parse_event
from bot.notices.render import NoticeRenderer
from bot.notices.routes.route_context import RouteContext
from bot.notices.routes.table import ROUTES
from bot.observability import observe
from bot.observability.correlation import current_request_id
from bot.zoom.signature import url_validation_response, verify_zoom_signature
from store.db import Database, bounded
from store.repos.outbox import add_message
from store.repos.webhook_events import record_event

logger = logging.getLogger(__name__)

URL_VALIDATION = "endpoint.url_validation"
# Zoom waits 3 s; past this the database counts as away and Zoom is told to retry.
RECORD_DEADLINE = 5.0
OUTAGES = (OperationalError, InterfaceError, PoolTimeout, TimeoutError, OSError)


class WebhookNotConfigured(Exception):
    """ZOOM_WEBHOOK_SECRET_TOKEN is not set, so nothing can be verified."""


class StoreUnavailable(Exception):
    """The database is away or stuck: nothing was recorded, the sender should retry."""


@dataclass(frozen=True)
class Accepted:
    """What became of a webhook: recorded, a retry of one already recorded, or ignored."""

    status: Literal["accepted", "duplicate", "ignored"]
    notices: int = 0


@dataclass(frozen=True)
class Challenge:
    """The answer to Zoom's URL validation."""

    body: dict[str, str]


class NoticeService:
    """Turns verified Zoom webhooks into durable outbox rows."""

    def __init__(
        self,
        *,
        db: Database,
        secret: str | None,
        renderer: NoticeRenderer,
        on_accepted: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._secret = secret
        self._renderer = renderer
        self._on_accepted = on_accepted

    async def accept(self, body: bytes, headers: Mapping[str, str]) -> Accepted | Challenge:
        """Verify, parse, record; raises InvalidSignature, MalformedEvent or StoreUnavailable."""
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
        route = ROUTES.get(event.event)
        if route is None:
            logger.info("zoom.event_ignored", extra={"zoom_event": event.event})
            observe.webhook(event.event, "ignored")
            return Accepted("ignored")
        try:
            outcome = await bounded(self._record(event), RECORD_DEADLINE)
        except DataError:  # a value the database cannot hold: the sender's fault
            raise MalformedEvent("a value is out of range") from None
        except OUTAGES as error:
            raise StoreUnavailable(type(error).__name__) from error
        logger.info(
            "zoom.event_received",
            extra={"zoom_event": event.event, "status": outcome.status, "notices": outcome.notices},
        )
        observe.webhook(event.event, outcome.status)
        if outcome.notices:
            self._on_accepted()
        return outcome

    def _challenge(self, event: ZoomEvent) -> dict[str, str]:
        plain = event.payload.get("plainToken")
        if not isinstance(plain, str) or not plain or len(plain) > 256:
            raise MalformedEvent("url_validation without plainToken")
        assert self._secret is not None
        return url_validation_response(self._secret, plain)

    async def _record(self, event: ZoomEvent) -> Accepted:
        route = ROUTES[event.event]
        async with self._db.transaction() as session:
            event_id = await record_event(
                session=session,
                event_key=event.key,
                event=event.event,
                event_ts=event.event_ts,
                zoom_account_id=event.account_id,
                request_id=current_request_id(),
            )
            if event_id is None:
                return Accepted("duplicate")
            ctx = RouteContext(session=session, renderer=self._renderer)
            await route(event, ctx)
            queued = []
            for notice in ctx.notices:
                row = await add_message(
                    session=session,
                    webhook_event_id=event_id,
                    team_id=notice.team_id,
                    channel_id=notice.channel_id,
                    action=notice.action,
                    payload=notice.payload,
                    meeting_id=notice.meeting_id,
                    request_id=current_request_id(),
                )
                queued.append(row.id)
            logger.info("notices.routed", extra={"zoom_event": event.event, "outbox_ids": queued})
        return Accepted("accepted", notices=len(ctx.notices))
