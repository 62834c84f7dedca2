"""Which Slack calls an accepted event owes: a table of event name -> route.

A route runs inside the ingest transaction: it reads meetings and subscriptions, stores
meeting status changes, and returns the notices to queue. Every notice is addressed to the
workspace that owns the meeting or subscription it came from, never to another. One module
per event family; an event with no route is acknowledged and ignored.
"""

from __future__ import annotations

from bot.notices.routes.deauthorization import app_deauthorized
from bot.notices.routes.meeting_lifecycle import meeting_ended, meeting_started
from bot.notices.routes.recordings import recording_completed
from bot.notices.routes.route_context import Route

ROUTES: dict[str, Route] = {
    "meeting.started": meeting_started,
    "meeting.ended": meeting_ended,
    "recording.completed": recording_completed,
    "app_deauthorized": app_deauthorized,
}
