"""Assembly: `create_app(settings)` builds the Starlette app, its lifespan and the Bolt app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
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
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.accounts.linking import LinkFlow
from bot.accounts.tokens import ZoomAccounts
from bot.container import Services
from bot.crypto import TokenCipher
from bot.meetings.join import JoinService
from bot.meetings.service import MeetingService
from bot.notices.ingest import NoticeService
from bot.notices.subscriptions import SubscriptionService, identify_with
from bot.notices.worker import DeliveryWorker, WorkerConfig
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.slack.installations import EncryptedInstallationStore
from bot.slack.manifest import BOT_SCOPES
from bot.zoom.client import ZoomClient
from bot.zoom.oauth import ZoomOAuth
from handlers import slack as slack_handlers
from handlers.blocks.notice_cards import BlockKitNotices
from handlers.slack import link_commands
from handlers.web import health, setup, zoom_oauth, zoom_webhook
from store.db import Database
from store.models import SLACK_OAUTH_STATES_TABLE

logger = logging.getLogger(__name__)

SLACK_OAUTH_STATE_SECONDS = 600
ZOOM_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class _ClientOwnsToken(logging.Filter):
    """Bolt re-reads SLACK_BOT_TOKEN from the environment and warns that our client wins:
    it is meant to (the client carries that token and our API URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_bolt_app(
    services: Services,
    session: aiohttp.ClientSession,
    installation_store: EncryptedInstallationStore | None,
) -> AsyncApp:
    """The Bolt app for single-workspace (bot token) or multi-workspace (OAuth) mode."""
    bolt_logger = logging.getLogger("slack_bolt.AsyncApp")
    if not any(isinstance(f, _ClientOwnsToken) for f in bolt_logger.filters):
        bolt_logger.addFilter(_ClientOwnsToken())
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
        app = AsyncApp(signing_secret=signing_secret, oauth_settings=oauth_settings, client=client)
    else:
        assert settings.slack_bot_token is not None
        client.token = settings.slack_bot_token.get_secret_value()
        app = AsyncApp(signing_secret=signing_secret, client=client)

    @app.middleware
    async def provide_services(
        context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]
    ) -> Any:
        context["services"] = services
        return await next()

    slack_handlers.register(app)
    return app


def _not_configured(what: str, needs: str) -> Response:
    return PlainTextResponse(f"{what} is not configured on this server: {needs}.", 503)


async def slack_endpoint(request: Request) -> Response:
    """POST /slack/events and the OAuth install routes, through Bolt."""
    handler: AsyncSlackRequestHandler | None = request.app.state.slack_handler
    if handler is None:
        return _not_configured(
            "Slack", "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET)"
        )
    if request.url.path != "/slack/events" and request.app.state.settings.slack_mode != "multi":
        return PlainTextResponse("Install is only available in multi-workspace mode.", 404)
    return await handler.handle(request)


def build_services(
    settings: Settings,
    db: Database,
    zoom_http: httpx.AsyncClient,
    slack: SlackGateway,
    cipher: TokenCipher | None,
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
    )
    services.join = JoinService(client=zoom_client)  # plain join cards need no Zoom setup
    if not settings.zoom_ready or cipher is None:
        return services
    assert settings.zoom_client_id is not None and settings.zoom_client_secret is not None
    oauth = ZoomOAuth(
        zoom_http,
        settings.zoom_oauth_url,
        settings.zoom_client_id,
        settings.zoom_client_secret.get_secret_value(),
    )
    services.accounts = ZoomAccounts(
        db=db,
        cipher=cipher,
        oauth=oauth,
        client=zoom_client,
        slack=slack,
        account_id=settings.zoom_account_id,
    )
    services.accounts.on_link_broken = partial(link_commands.notify_link_broken, services)
    services.meetings = MeetingService(db=db, accounts=services.accounts, client=zoom_client)
    services.join = JoinService(client=zoom_client, accounts=services.accounts)
    if settings.zoom_mode == "user" and settings.public_url:
        services.link_flow = LinkFlow(
            db=db, cipher=cipher, oauth=oauth, client=zoom_client, public_url=settings.public_url
        )
    return services


@asynccontextmanager
async def _notices(services: Services, config: WorkerConfig | None) -> AsyncIterator[None]:
    """Webhook intake and subscriptions; the delivery worker runs while Slack is configured."""
    db, slack, secret = services.db, services.slack, services.settings.zoom_webhook_secret_token
    worker = DeliveryWorker(db=db, slack=slack, renderer=BlockKitNotices(), config=config)
    services.notices = notices = NoticeService(
        db=db, secret=secret.get_secret_value() if secret else None, on_accepted=worker.wake
    )
    worker.yield_to = notices.busy
    services.subscriptions = SubscriptionService(
        db=db, slack=slack, identify=identify_with(services.accounts)
    )
    run_worker = services.settings.slack_mode is not None and (config is None or config.enabled)
    if run_worker:
        worker.start()
    try:
        yield
    finally:
        await notices.close()
        if run_worker:
            await worker.stop()


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
    settings: Settings, *, socket_mode: bool = False, worker_config: WorkerConfig | None = None
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
            services = build_services(settings, db, zoom_http, slack, cipher)
            await stack.enter_async_context(_notices(services, worker_config))
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
            yield
        logger.info("app.stopped")

    routes: list[Any] = [
        Route("/", setup.setup_page, methods=["GET"]),
        Route("/healthz", health.healthz, methods=["GET"]),
        Route("/readyz", health.readyz, methods=["GET"]),
        Route("/slack/events", slack_endpoint, methods=["POST"]),
        Route("/slack/install", slack_endpoint, methods=["GET"]),
        Route("/slack/oauth_redirect", slack_endpoint, methods=["GET"]),
        Route("/zoom/oauth/start", zoom_oauth.oauth_start, methods=["GET"]),
        Route("/zoom/oauth/callback", zoom_oauth.oauth_callback, methods=["GET"]),
        Route("/zoom/webhook", zoom_webhook.zoom_webhook, methods=["POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app
