"""app_deauthorized: the user removed the app at Zoom, so everything about them goes."""

from __future__ import annotations

import logging

from bot.notices.payload import ZoomEvent
from bot.notices.routes.route_context import Notice, RouteContext
from store.repos.links import links_for_zoom_user
from store.repos.zoom_user import delete_zoom_user_data

logger = logging.getLogger(__name__)

DEAUTHORIZED_TEXT = (
    ":electric_plug: Zoombridge was removed from your Zoom account (in Zoom's App Marketplace), "
    "so your Zoom link, its tokens and your channel subscriptions were deleted here. "
    "To use Zoom from Slack again, run `/zoom link`."
)


async def app_deauthorized(event: ZoomEvent, ctx: RouteContext) -> None:
    """The user removed the app at Zoom: forget their links, subscriptions, pending notices."""
    user_id = event.payload.get("user_id")
    if not isinstance(user_id, str) or not user_id:
        logger.warning("zoom.deauthorized_without_user", extra={"zoom_event": event.event})
        return
    for link in await links_for_zoom_user(session=ctx.session, zoom_user_id=user_id):
        # Queued after the deletion below and naming no Zoom user, so the deletion keeps it.
        notice = Notice(link.team_id, link.slack_user_id, "dm", {"text": DEAUTHORIZED_TEXT})
        ctx.notices.append(notice)
    counts = await delete_zoom_user_data(session=ctx.session, zoom_user_id=user_id)
    logger.info("zoom.deauthorized", extra={"zoom_user_id": user_id, **counts})
