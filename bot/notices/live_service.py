"""Live meetings as the rest of the app sees them: reminders asked for in Slack, and the
background jobs (participant counts, reminder horizon, the silence check) started with the
delivery worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.accounts.tokens import ZoomAccounts
from bot.loops import Heartbeat
from bot.notices.live_jobs import LiveJobs
from bot.notices.live_render import LiveRenderer
from bot.notices.periodic import Periodic
from bot.notices.reminders import ensure
from bot.notices.routes.route_context import store_notices
from bot.notices.silence import SilenceWatch
from bot.settings import Settings
from bot.zoom.client import ZoomClient
from store.db import Database
from store.models import Meeting

HORIZON_EVERY = 3600.0
SILENCE_CHECK_MAX = 60.0


class LiveService:
    """Channel reminders for meetings made in Slack, and the live-meeting jobs."""

    def __init__(
        self,
        *,
        db: Database,
        renderer: LiveRenderer,
        settings: Settings,
        accounts: ZoomAccounts | None,
        client: ZoomClient,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._renderer = renderer
        self._on_queued = on_queued
        self.jobs = LiveJobs(db=db, renderer=renderer)
        window = timedelta(minutes=settings.meeting_silence_minutes)
        self.silence = (
            SilenceWatch(db=db, accounts=accounts, client=client, renderer=renderer, window=window)
            if accounts is not None
            else None
        )
        self._loops = [
            Periodic("participant-counts", settings.participant_update_seconds, self._counts),
            Periodic("reminder-horizon", HORIZON_EVERY, self._horizon),
        ]
        if self.silence is not None:
            every = min(SILENCE_CHECK_MAX, max(0.5, window.total_seconds() / 4))
            self._loops.append(Periodic("silence-check", every, self.silence.check))

    async def _counts(self) -> int:
        drawn = await self.jobs.redraw_counts()
        if drawn:
            self._on_queued()
        return drawn

    async def _horizon(self) -> int:
        written = await self.jobs.schedule_due_reminders()
        if written:
            self._on_queued()
        return written

    async def remind_meeting(
        self,
        record_id: int,
        channel_id: str,
        minutes: int,
        occurrences: Iterable[datetime] = (),
    ) -> None:
        """Remind `channel_id` N minutes before the meeting (its next occurrence)."""
        async with self._db.transaction() as session:
            meeting = await session.get(Meeting, record_id)
            if meeting is None:
                return
            notices = await ensure(
                session=session,
                meeting=meeting,
                channel_id=channel_id,
                minutes=minutes,
                renderer=self._renderer,
                occurrences=occurrences,
            )
            written = await store_notices(session=session, notices=notices)
        if written:
            self._on_queued()

    @property
    def heartbeats(self) -> list[Heartbeat]:
        """One per job, for readiness."""
        return [loop.heartbeat for loop in self._loops]

    def start(self) -> None:
        """Start the jobs in the background."""
        for loop in self._loops:
            loop.start()

    async def stop(self) -> None:
        """Stop the jobs."""
        for loop in self._loops:
            await loop.stop()
