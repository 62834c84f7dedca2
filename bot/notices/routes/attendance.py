"""meeting.participant_joined: remember who attended, for the after-meeting facts.

Names are stored only when a channel subscribed to the host asked to see them.
"""

from __future__ import annotations

from bot.notices.after_payload import attendee
from bot.notices.aftermath_targets import names_wanted
from bot.notices.payload import ZoomEvent
from bot.notices.routes.route_context import RouteContext
from store.repos.aftermath import add_attendee
from store.types import utcnow


async def participant_joined(event: ZoomEvent, ctx: RouteContext) -> None:
    """Add the participant to the meeting instance's attendees (once)."""
    person = attendee(event)
    if not (person.uuid and person.key and person.name):
        return
    if not await names_wanted(ctx, person.host_id):
        return
    await add_attendee(
        session=ctx.session,
        meeting_uuid=person.uuid,
        host_zoom_user_id=person.host_id,
        participant_key=person.key,
        name=person.name,
        joined_at=utcnow(),  # when we first saw them: pruning counts from here
    )
