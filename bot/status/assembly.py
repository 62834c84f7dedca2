"""Wiring status sync: the service, its "turned off" notifier, its outbox call kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from bot.container import Services
from bot.crypto import TokenCipher
from bot.notices.delivery import Call
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.status.deliver import StatusDelivery
from bot.status.facts import STATUS_ACTION
from bot.status.grant import StatusGrantFlow
from bot.status.sync import StatusSyncService
from store.db import Database


def build_status_sync(
    settings: Settings, db: Database, slack: SlackGateway, cipher: TokenCipher | None
) -> StatusSyncService | None:
    """The service, when user tokens can be granted: Slack client id/secret, URL and a key."""
    secret = settings.slack_client_secret
    if cipher is None or not settings.slack_client_id or secret is None:
        return None
    if not settings.public_url:
        return None
    flow = StatusGrantFlow(
        db=db,
        cipher=cipher,
        slack=slack,
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value(),
        public_url=settings.public_url,
        # Slack's authorize page sits beside the Web API the deployment is configured with.
        authorize_url=settings.slack_api_url.removesuffix("api/") + "oauth/v2/authorize",
    )
    return StatusSyncService(db=db, cipher=cipher, slack=slack, flow=flow)


Notify = Callable[[Services, str, str], Awaitable[None]]


def status_calls(services: Services, notify: Notify | None) -> dict[str, Call]:
    """The outbox call kind for status rows, wired to tell people when their token is gone."""
    status = services.status
    if status is None or services.cipher is None:
        return {}
    if notify is not None:
        status.on_revoked = partial(notify, services)

    async def token_gone(team_id: str, user_id: str) -> None:
        await status.revoked(team_id, [user_id])

    delivery = StatusDelivery(
        db=services.db, cipher=services.cipher, slack=services.slack, token_gone=token_gone
    )
    return {STATUS_ACTION: delivery}
