"""Which Slack calls an accepted event owes: a table of event name -> route.

A route runs inside the ingest transaction: it reads meetings and subscriptions, stores
meeting status changes, and returns the notices to queue. Every notice is addressed to the
workspace that owns the meeting or subscription it came from, never to another. One module
per event family; an event with no route is acknowledged and ignored.
"""

from __future__ import annotations

from bot.notices.routes import status_sync
from bot.notices.routes.attendance import participant_joined
from bot.notices.routes.deauthorization import app_deauthorized
from bot.notices.routes.live_watch import live_routes
from bot.notices.routes.meeting_lifecycle import meeting_ended, meeting_started
from bot.notices.routes.recording_card import recording_ready
from bot.notices.routes.route_context import Route, chain
from bot.notices.routes.summaries import summary_completed
from bot.notices.routes.transcripts import transcript_completed

ROUTES: dict[str, Route] = {
    "meeting.started": meeting_started,
    "meeting.ended": meeting_ended,
    "recording.completed": recording_ready,
    "recording.transcript_completed": transcript_completed,
    "meeting.summary_completed": summary_completed,
    "meeting.participant_joined": participant_joined,
    "app_deauthorized": app_deauthorized,
}
ROUTES.update(live_routes(ROUTES))


for _event, _route in status_sync.ROUTES.items():
    ROUTES[_event] = chain(ROUTES[_event], _route) if _event in ROUTES else _route
