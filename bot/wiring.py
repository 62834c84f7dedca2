"""Wiring the service layer: which services this configuration gets, and the delivery worker.

Part of the assembly. Services never import handlers, so what they need drawn or said in
Slack (Block Kit renderers, the relink DM) arrives as `Adapters`, filled in by `bot.app`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import httpx

from bot.accounts.linking import LinkFlow
from bot.accounts.tokens import ZoomAccounts
from bot.admin import link_health
from bot.admin.admin_view import AdminService
from bot.admin.link_health import LinkHealth
from bot.container import Services
from bot.crypto import TokenCipher
from bot.meetings.cancel import CardRenderer, MeetingCanceller
from bot.meetings.join import JoinService
from bot.meetings.service import MeetingService
from bot.notices.aftermath_runner import AftermathConfig, AftermathRunner
from bot.notices.ingest import NoticeService
from bot.notices.live_render import LiveRenderer
from bot.notices.live_service import LiveService
from bot.notices.render import NoticeRenderer
from bot.notices.subscriptions import SubscriptionService, identify_with
from bot.notices.worker import DeliveryWorker, WorkerConfig
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.status.assembly import build_status_sync, status_calls
from bot.work_lane import WorkLane
from bot.zoom.client import ZoomClient
from bot.zoom.oauth import ZoomOAuth
from store.db import Database


@dataclass(frozen=True)
class Adapters:
    """What the Slack side lends the services: renderers and the relink notifier."""

    cards: CardRenderer
    notices: NoticeRenderer
    notify_link_broken: Callable[[Services, str, str], Awaitable[None]]
    notify_status_off: Callable[[Services, str, str], Awaitable[None]] | None = None


def zoom_oauth(http: httpx.AsyncClient, settings: Settings) -> ZoomOAuth:
    """The Zoom OAuth client for this deployment's app credentials."""
    assert settings.zoom_client_id is not None and settings.zoom_client_secret is not None
    secret = settings.zoom_client_secret.get_secret_value()
    return ZoomOAuth(http, settings.zoom_oauth_url, settings.zoom_client_id, secret)


def build_services(
    settings: Settings,
    db: Database,
    zoom_http: httpx.AsyncClient,
    slack: SlackGateway,
    cipher: TokenCipher | None,
    adapters: Adapters,
) -> Services:
    """The service layer for this configuration (Zoom parts only when Zoom is set up)."""
    zoom_client = ZoomClient(zoom_http, settings.zoom_api_url)
    services = Services(
        settings=settings,
        db=db,
        zoom_http=zoom_http,
        slack=slack,
        cipher=cipher,
        zoom_client=zoom_client,
        interactions=WorkLane(
            limit=settings.slack_work_concurrency, backlog=settings.slack_work_backlog
        ),
    )
    services.join = JoinService(client=zoom_client)  # plain join cards need no Zoom setup
    services.status = build_status_sync(settings, db, slack, cipher)
    if not settings.zoom_ready or cipher is None:
        return services
    oauth = zoom_oauth(zoom_http, settings)
    services.accounts = ZoomAccounts(
        db=db,
        cipher=cipher,
        oauth=oauth,
        client=zoom_client,
        slack=slack,
        account_id=settings.zoom_account_id,
        s2s_team_ids=settings.s2s_team_ids,
    )
    services.accounts.on_link_broken = partial(adapters.notify_link_broken, services)
    cancels = MeetingCanceller(
        db=db,
        accounts=services.accounts,
        client=zoom_client,
        cards=adapters.cards,
        on_queued=services.wake_delivery,
    )
    services.meetings = MeetingService(
        db=db, accounts=services.accounts, client=zoom_client, cancels=cancels
    )
    services.join = JoinService(client=zoom_client, accounts=services.accounts)
    if settings.zoom_mode == "user" and settings.public_url:
        services.link_flow = LinkFlow(
            accounts=services.accounts, public_url=settings.public_url, slack=slack
        )
    return services


@asynccontextmanager
async def notices_running(
    services: Services,
    config: WorkerConfig | None,
    adapters: Adapters,
    after: AftermathConfig | None = None,
) -> AsyncIterator[None]:
    """Webhook intake and subscriptions; the notice worker and jobs run with Slack set up."""
    db, slack, secret = services.db, services.slack, services.settings.zoom_webhook_secret_token
    calls = status_calls(services, adapters.notify_status_off)
    worker = DeliveryWorker(
        db=db, slack=slack, renderer=adapters.notices, config=config, calls=calls
    )
    services.delivery_wakers.append(worker.wake)
    services.notices = notices = NoticeService(
        db=db,
        secret=secret.get_secret_value() if secret else None,
        on_accepted=worker.events_stored,
    )
    worker.yield_to = notices.busy  # storing webhooks comes before routing them
    services.subscriptions = SubscriptionService(
        db=db, slack=slack, identify=identify_with(services.accounts)
    )
    live = _live(services, adapters.notices, worker.wake)
    services.admin = AdminService(db=db, slack=slack, wake=services.wake_delivery)
    aftermath = AftermathRunner(
        db=db,
        renderer=adapters.notices,
        client=services.zoom_client,
        accounts=services.accounts,
        on_notices=worker.wake,
        config=after,
    )
    if services.settings.slack_mode is None:
        try:
            yield
        finally:
            await notices.close()
        return
    run_worker = config is None or config.enabled
    if run_worker:
        worker.start()
        for heartbeat in (worker.heartbeat, worker.routing_heartbeat):
            services.heartbeats[heartbeat.name] = heartbeat
    live.start()
    services.heartbeats.update({beat.name: beat for beat in live.heartbeats})
    aftermath.start()
    services.worker = worker
    warn_after = timedelta(days=services.settings.zoom_link_warn_days)
    health = LinkHealth(db=db, warn_after=warn_after, wake=services.wake_delivery)
    try:
        async with link_health.checking(health):
            yield
    finally:
        await live.stop()
        await aftermath.stop()
        await notices.close()
        if run_worker:
            await worker.stop()


def _live(services: Services, renderer: NoticeRenderer, wake: Callable[[], None]) -> LiveService:
    """Reminders and the live-meeting jobs (the renderer must draw live notices too)."""
    if not isinstance(renderer, LiveRenderer):
        raise TypeError("the notice renderer must draw live-meeting notices")
    services.live = LiveService(
        db=services.db,
        renderer=renderer,
        settings=services.settings,
        accounts=services.accounts,
        client=services.zoom_client,
        on_queued=wake,
    )
    return services.live
