"""app_deauthorized: the user removed the app at Zoom, so everything about them goes."""

from __future__ import annotations

import logging

from bot.notices.payload import ZoomEvent
from bot.notices.routes.route_context import RouteContext
from store.repos.zoom_user import delete_zoom_user_data

logger = logging.getLogger(__name__)


async def app_deauthorized(event: ZoomEvent, ctx: RouteContext) -> None:
    """The user removed the app at Zoom: forget their links, subscriptions, pending notices."""
    user_id = event.payload.get("user_id")
    if not isinstance(user_id, str) or not user_id:
        logger.warning("zoom.deauthorized_without_user", extra={"zoom_event": event.event})
        return
    counts = await delete_zoom_user_data(session=ctx.session, zoom_user_id=user_id)
    logger.info("zoom.deauthorized", extra={"zoom_user_id": user_id, **counts})
