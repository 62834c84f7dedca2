"""Live-meeting notices as Block Kit: cards with who is in the room, reminders, waiting alerts.

`BlockKitLive` is the renderer the assembly hands the notice service and the live jobs.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Block

from bot.notices.live_render import CardState, InRoom
from bot.notices.render import AnnouncementFacts, Rendered
from bot.timefmt import slack_date
from handlers.blocks import to_dicts
from handlers.blocks.base import clip, context, escape, join_button, section
from handlers.blocks.messages import facts_card
from handlers.blocks.notice_cards import BlockKitNotices

NAMES_SHOWN = 20


def _topic(topic: str) -> str:
    return escape(clip(topic or "Zoom meeting", 200))


def in_room_line(room: InRoom) -> str:
    """ ":busts_in_silhouette: 3 in the room: Ada, Grace and 1 more"."""
    people = "1 person" if room.count == 1 else f"{room.count} people"
    line = f":busts_in_silhouette: {people} in the meeting"
    if room.names and room.count:
        shown = [escape(clip(n, 80)) for n in room.names[:NAMES_SHOWN]]
        more = room.count - len(shown)
        line += ": " + ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    return line


class BlockKitLive(BlockKitNotices):
    """Every notice, live-meeting ones included."""

    def card(
        self,
        facts: AnnouncementFacts,
        *,
        status: CardState,
        lasted_minutes: int | None = None,
        in_room: InRoom | None = None,
    ) -> Rendered:
        """The meeting's card in this state; Join only while scheduled or live."""
        text, blocks = facts_card(facts, status, lasted_minutes)
        if in_room is not None and status == "live":
            line = in_room_line(in_room)
            blocks.insert(1, context(line))
        return text, to_dicts(blocks)

    def reminder(self, *, topic: str, start_utc: datetime, minutes: int, join_url: str) -> Rendered:
        """A reminder with the start as a date token (each reader's own time) and Join."""
        when = slack_date(start_utc, "{date_pretty} at {time}")
        text = f"Reminder: {_topic(topic)} starts {when} (in {minutes} min)."
        blocks: list[Block] = [section(f":alarm_clock: {text}")]
        if join_url:
            blocks.append(join_button(join_url))
        return text, to_dicts(blocks)

    def waiting_for_host(self, *, topic: str, host_user_id: str) -> Rendered:
        """People are waiting for the host to start the meeting."""
        text = f"People are waiting for <@{host_user_id}> to start {_topic(topic)}."
        return text, to_dicts([section(f":hourglass: {text}")])
