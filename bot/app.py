"""Assembly: `create_app(settings)` builds the Starlette app, its lifespan and the Bolt app."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import aiohttp
import httpx
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from bot.container import Services
from bot.crypto import TokenCipher
from bot.logging_setup import bolt_base_logger
from bot.notices.aftermath_runner import AftermathConfig
from bot.notices.worker import WorkerConfig
from bot.observability.correlation import bound_request_id, current_request_id, new_request_id
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.slack.installations import EncryptedInstallationStore
from bot.slack.manifest import BOT_SCOPES
from bot.slack.metered import metered
from bot.wiring import Adapters, build_services, notices_running
from handlers.blocks.live_cards import BlockKitLive
from handlers.blocks.meeting_cards import BlockKitCards
from handlers.slack import link_commands, status_commands
from handlers.slack import listeners as slack_listeners
from handlers.web import (
    health,
    metrics,
    setup,
    slack_http,
    slack_status_oauth,
    zoom_oauth,
    zoom_webhook,
)
from handlers.web.request_ids import RequestIdMiddleware
from store.db import Database
from store.models import SLACK_OAUTH_STATES_TABLE

logger = logging.getLogger(__name__)

SLACK_OAUTH_STATE_SECONDS = 600
ZOOM_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
ADAPTERS = Adapters(
    cards=BlockKitCards(),
    notices=BlockKitLive(),
    notify_link_broken=link_commands.notify_link_broken,
    notify_status_off=status_commands.notify_turned_off,
)


def build_bolt_app(
    services: Services,
    session: aiohttp.ClientSession,
    installation_store: EncryptedInstallationStore | None,
) -> AsyncApp:
    """The Bolt app for single-workspace (bot token) or multi-workspace (OAuth) mode."""
    bolt_logger = bolt_base_logger()
    settings, db = services.settings, services.db
    assert settings.slack_signing_secret is not None
    signing_secret = settings.slack_signing_secret.get_secret_value()
    client = AsyncWebClient(base_url=settings.slack_api_url, session=session)
    if settings.slack_mode == "multi":
        assert settings.slack_client_secret is not None and installation_store is not None
        redirect = f"{settings.public_url}/slack/oauth_redirect" if settings.public_url else None
        oauth_settings = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=list(BOT_SCOPES),
            redirect_uri=redirect,
            installation_store=installation_store,
            installation_store_bot_only=True,
            state_store=AsyncSQLAlchemyOAuthStateStore(
                expiration_seconds=SLACK_OAUTH_STATE_SECONDS,
                engine=db.engine,
                table_name=SLACK_OAUTH_STATES_TABLE,
            ),
        )
        app = AsyncApp(
            name="zoombridge",
            signing_secret=signing_secret,
            oauth_settings=oauth_settings,
            client=client,
            logger=bolt_logger,
        )
    else:
        assert settings.slack_bot_token is not None
        client.token = settings.slack_bot_token.get_secret_value()
        app = AsyncApp(
            name="zoombridge", signing_secret=signing_secret, client=client, logger=bolt_logger
        )

    @app.middleware
    async def provide_services(
        context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]
    ) -> Any:
        context["services"] = services
        context["client"] = metered(context.client)  # Slack calls of listeners are counted too
        with bound_request_id(current_request_id() or new_request_id()):  # Socket Mode has none
            return await next()

    slack_listeners.register(app)
    return app


@asynccontextmanager
async def _socket_mode(bolt: AsyncApp, settings: Settings) -> AsyncIterator[None]:
    assert settings.slack_app_token is not None
    handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    logger.info("socket_mode.connected")
    try:
        yield
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


def create_app(
    settings: Settings,
    *,
    socket_mode: bool = False,
    worker_config: WorkerConfig | None = None,
    aftermath_config: AftermathConfig | None = None,
) -> Starlette:
    """Build the app; the lifespan opens the database and HTTP clients and closes them."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            db = Database.connect(settings.database_url)
            stack.push_async_callback(db.close)
            zoom_http = await stack.enter_async_context(httpx.AsyncClient(timeout=ZOOM_TIMEOUT))
            session = await stack.enter_async_context(aiohttp.ClientSession())
            keys = settings.encryption_keys
            cipher = TokenCipher(keys) if keys else None
            installations = None
            if settings.slack_mode == "multi" and cipher is not None:
                assert settings.slack_client_id is not None
                installations = EncryptedInstallationStore(
                    client_id=settings.slack_client_id, engine=db.engine, cipher=cipher
                )
            bot_token = settings.slack_bot_token
            slack = SlackGateway(
                api_url=settings.slack_api_url,
                session=session,
                bot_token=bot_token.get_secret_value() if bot_token else None,
                installation_store=installations,
            )
            services = build_services(settings, db, zoom_http, slack, cipher, ADAPTERS)
            await stack.enter_async_context(
                notices_running(services, worker_config, ADAPTERS, aftermath_config)
            )
            app.state.db = db
            app.state.services = services
            app.state.slack_handler = None
            if settings.slack_ready:
                bolt = build_bolt_app(services, session, installations)
                app.state.slack_handler = AsyncSlackRequestHandler(bolt)
                if socket_mode:
                    await stack.enter_async_context(_socket_mode(bolt, settings))
            logger.info(
                "app.started", extra={"slack": settings.slack_mode, "zoom": settings.zoom_mode}
            )
            # What start-up built lives as long as the process: out of the collector's sight,
            # a full collection no longer walks it (shorter pauses on the request path).
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                gc.unfreeze()  # shutting down: all of it may be collected again
        logger.info("app.stopped")

    routes: list[Any] = [  # the two busiest first: Starlette tries routes in order
        Route("/zoom/webhook", zoom_webhook.zoom_webhook, methods=["POST"]),
        Route("/slack/events", slack_http.slack_endpoint, methods=["POST"]),
        Route("/", setup.setup_page, methods=["GET"]),
        Route("/setup/login", setup.setup_login, methods=["GET"]),
        Route("/healthz", health.healthz, methods=["GET"]),
        Route("/readyz", health.readyz, methods=["GET"]),
        Route("/metrics", metrics.metrics, methods=["GET"]),
        Route("/slack/install", slack_http.slack_endpoint, methods=["GET"]),
        Route("/slack/oauth_redirect", slack_http.slack_endpoint, methods=["GET"]),
        Route("/zoom/oauth/start", zoom_oauth.oauth_start, methods=["GET", "POST"]),
        Route("/zoom/oauth/callback", zoom_oauth.oauth_callback, methods=["GET"]),
        Route("/slack/status/start", slack_status_oauth.grant_start, methods=["GET"]),
        Route("/slack/status/oauth_redirect", slack_status_oauth.grant_callback, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(RequestIdMiddleware)])
    app.state.settings = settings
    return app
