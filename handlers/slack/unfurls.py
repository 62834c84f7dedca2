"""link_shared: unfurl Zoom meeting links (zoom.us, *.zoom.us, zoomgov.com) with chat.unfurl."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.meetings.preview import Preview, PreviewService
from bot.meetings.refs import MeetingRef
from handlers.blocks import to_dicts
from handlers.blocks.unfurl_cards import unfurl_card
from handlers.slack.ref_parser import parse_zoom_link

logger = logging.getLogger(__name__)

MAX_LINKS = 5  # Slack sends at most a handful per message; never fan out further


def _urls(event: dict[str, Any]) -> list[str]:
    links = event.get("links")
    if not isinstance(links, list):
        return []
    found = [str(link.get("url")) for link in links if isinstance(link, dict) and link.get("url")]
    return list(dict.fromkeys(found))[:MAX_LINKS]


async def _preview(service: PreviewService, team: str, user: str, url: str) -> Preview | None:
    target = parse_zoom_link(url)
    if isinstance(target, MeetingRef):
        return await service.meeting(team, user, target.meeting_id)
    if isinstance(target, str):
        return await service.personal_room(team, user, target)
    return None


async def unfurl(
    services: Services, client: AsyncWebClient, team: str, event: dict[str, Any]
) -> None:
    """Build a card per Zoom link and attach them to the message in one chat.unfurl."""
    service = services.previews()
    user = str(event.get("user") or "")
    cards: dict[str, dict[str, Any]] = {}
    for url in _urls(event):
        preview = await _preview(service, team, user, url)
        if preview is not None:
            cards[url] = {"blocks": to_dicts(unfurl_card(preview))}
    if not cards:
        return
    where: dict[str, Any] = {"channel": event.get("channel"), "ts": event.get("message_ts")}
    if event.get("unfurl_id") and event.get("source"):
        where = {"unfurl_id": event["unfurl_id"], "source": event["source"]}
    await client.chat_unfurl(unfurls=cards, **where)
    logger.info("unfurl.sent", extra={"links": len(cards)})


def register(app: AsyncApp) -> None:
    """Register the link_shared listener."""

    @app.event("link_shared")
    async def on_link_shared(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        try:
            await unfurl(context["services"], client, str(context.team_id or ""), event)
        except Exception as error:  # the link stays as posted; nobody is waiting on an answer
            logger.warning("unfurl.failed", extra={"error": type(error).__name__})
