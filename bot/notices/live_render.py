"""What live-meeting notices need drawn: cards in every state, reminders, waiting alerts.

An extension of `NoticeRenderer`; the assembly hands one object that draws both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from bot.notices.render import AnnouncementFacts, NoticeRenderer, Rendered
from bot.notices.routes.route_context import RouteContext

CardState = Literal["scheduled", "live", "ended", "cancelled"]


@dataclass(frozen=True)
class InRoom:
    """Who is in a live meeting: the count, and names when the channel opted in."""

    count: int
    names: tuple[str, ...] = ()


@runtime_checkable
class LiveRenderer(NoticeRenderer, Protocol):
    """Draws the live-meeting notices."""

    def card(
        self,
        facts: AnnouncementFacts,
        *,
        status: CardState,
        lasted_minutes: int | None = None,
        in_room: InRoom | None = None,
    ) -> Rendered:
        """The meeting's channel card; Join only while scheduled or live."""
        ...

    def reminder(self, *, topic: str, start_utc: datetime, minutes: int, join_url: str) -> Rendered:
        """A reminder N minutes before a meeting, with Join and the time as a date token."""
        ...

    def waiting_for_host(self, *, topic: str, host_user_id: str) -> Rendered:
        """People are waiting for the host, who has not started the meeting."""
        ...


def live_renderer(ctx: RouteContext) -> LiveRenderer:
    """The route context's renderer, which the assembly builds as a LiveRenderer."""
    renderer = ctx.renderer
    if not isinstance(renderer, LiveRenderer):
        raise TypeError("the notice renderer does not draw live-meeting notices")
    return renderer
