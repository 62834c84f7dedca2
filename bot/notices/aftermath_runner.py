"""The after-meeting runner: fetches AI summaries with backoff and posts the facts otherwise.

Jobs are rows (store.repos.aftermath), so a summary that Zoom has not written yet is asked
for again after a restart too. Zoom's answer is sometimes empty right after
`meeting.summary_completed`: the job retries on a schedule and only then says the summary
is not available, with the facts the bridge saw.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.loops import finish
from bot.notices.after_render import AiSummary
from bot.notices.aftermath_posts import post_facts, post_summary
from bot.notices.aftermath_targets import Target, summary_targets
from bot.notices.render import NoticeRenderer
from bot.zoom.client import ZoomClient
from bot.zoom.errors import MeetingNotFound, RateLimited, ZoomError, ZoomUnavailable
from bot.zoom.summary import MeetingAiSummary
from store.aftermath_models import AftermathJob, AftermathStatus
from store.db import Database
from store.models import LinkStatus
from store.repos.aftermath import (
    claim_due_jobs,
    find_job,
    finish_job,
    next_job_due,
    prune_aftermath,
    retry_job,
)
from store.repos.links import links_for_zoom_user
from store.types import utcnow

logger = logging.getLogger(__name__)

RETRYABLE = (MeetingNotFound, RateLimited, ZoomUnavailable)


@dataclass(frozen=True)
class AftermathConfig:
    """Timing of the runner, in seconds (tests shorten them)."""

    poll_interval: float = 5.0
    lease: float = 120.0  # longer than one summary fetch with its own read retries
    batch_size: int = 10
    # Waits before asking Zoom again for a summary that is not there yet; then give up.
    summary_retry_delays: tuple[float, ...] = (30.0, 60.0, 120.0, 300.0, 600.0, 1200.0)
    keep: timedelta = timedelta(days=7)


class Retry(Exception):
    """Ask again later; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class AftermathRunner:
    """Runs due after-meeting jobs until stopped."""

    def __init__(
        self,
        *,
        db: Database,
        renderer: NoticeRenderer,
        client: ZoomClient,
        accounts: ZoomAccounts | None,
        on_notices: Callable[[], None] = lambda: None,
        config: AftermathConfig | None = None,
    ) -> None:
        self._db = db
        self._renderer = renderer
        self._client = client
        self._accounts = accounts
        self._on_notices = on_notices
        self.config = config or AftermathConfig()
        self._stopping = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run in the background of the current event loop."""
        self._task = asyncio.create_task(self.run(), name="aftermath")

    async def stop(self, timeout: float = 5.0) -> None:
        """Finish the job in flight (briefly), then stop."""
        self._stopping = True
        self._wake.set()
        await finish(self._task, timeout)

    async def run(self) -> None:
        """Run due jobs, sleep until the next one is due or the poll interval passes."""
        while not self._stopping:
            self._wake.clear()
            handled = 0
            try:
                handled = await self.run_once()
            except Exception:  # the database may be briefly away; keep the runner alive
                logger.exception("aftermath.runner_error")
            if handled and not self._stopping:
                continue
            idle = await self._idle_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), idle)

    async def run_once(self) -> int:
        """Claim due jobs and run them one by one."""
        now = utcnow()
        async with self._db.transaction() as session:
            jobs = await claim_due_jobs(
                session=session,
                now=now,
                lease_until=now + timedelta(seconds=self.config.lease),
                limit=self.config.batch_size,
            )
        for job in jobs:
            await self._run_job(job)
        if jobs:
            async with self._db.transaction() as session:
                await prune_aftermath(session=session, before=utcnow() - self.config.keep)
        return len(jobs)

    async def _run_job(self, job: AftermathJob) -> None:
        assert job.id is not None
        extra = {"job_id": job.id, "kind": job.kind, "tries": job.attempts}
        summary: MeetingAiSummary | None = None
        gave_up: str | None = None
        if job.kind == "summary":
            retry: str | None = None
            try:
                summary = await self._fetch(job)
            except Retry as wait:
                retry = wait.reason
            except ZoomError as error:
                gave_up = type(error).__name__
            except Exception as error:  # Slack or a surprise: keep to the schedule, then give up
                logger.exception("aftermath.fetch_failed", extra=extra)
                retry = type(error).__name__
            if retry is not None:
                delays = self.config.summary_retry_delays
                if job.attempts <= len(delays):
                    at = utcnow() + timedelta(seconds=delays[job.attempts - 1])
                    async with self._db.transaction() as session:
                        await retry_job(session=session, job_id=job.id, at=at, error=retry)
                    logger.info("aftermath.retry", extra={**extra, "reason": retry})
                    return
                gave_up = retry
        queued = await self._finish(job, summary, gave_up)
        logger.info("aftermath.done", extra={**extra, "notices": queued, "gave_up": gave_up})
        if queued:
            self._on_notices()

    async def _finish(
        self, job: AftermathJob, summary: MeetingAiSummary | None, gave_up: str | None
    ) -> int:
        assert job.id is not None
        renderer = self._renderer
        async with self._db.transaction() as session:
            targets = await summary_targets(
                session, host_id=job.host_zoom_user_id, zoom_meeting_id=job.zoom_meeting_id
            )
            status = AftermathStatus.GAVE_UP if gave_up else AftermathStatus.DONE
            if not await finish_job(session=session, job_id=job.id, status=status, error=gave_up):
                return 0  # a worker whose lease ran out finished it meanwhile: never post twice
            if summary is not None:
                content = AiSummary(
                    topic=job.topic or summary.meeting_topic,
                    overview=summary.overview,
                    next_steps=tuple(summary.next_steps),
                    full_url=summary.summary_doc_url,
                )
                return await post_summary(session, renderer, job, targets, content)
            if job.kind == "facts":
                found = await find_job(
                    session=session, kind="summary", meeting_uuid=job.meeting_uuid
                )
                if found is not None:  # the summary job posts instead (or says it is missing)
                    return 0
            missing = job.kind == "summary"
            return await post_facts(session, renderer, job, targets, summary_missing=missing)

    async def _fetch(self, job: AftermathJob) -> MeetingAiSummary:
        """Zoom's summary as the host (user-level) or the account (S2S); Retry if not there yet."""
        async with self._db.sessions() as session:
            targets = await summary_targets(
                session, host_id=job.host_zoom_user_id, zoom_meeting_id=job.zoom_meeting_id
            )
        if not targets:
            raise ZoomError("no channel asked for this summary any more")
        team_id, slack_user_id = await self._fetcher(job, targets)
        assert self._accounts is not None

        async def fetch(token: str, _who: ZoomIdentity) -> MeetingAiSummary:
            return await self._client.get_meeting_summary(
                token=token, meeting_uuid=job.meeting_uuid
            )

        try:
            summary = await self._accounts.call(team_id, slack_user_id, fetch)
        except RETRYABLE as error:
            raise Retry(type(error).__name__) from error
        if summary.is_empty:
            raise Retry("summary_empty")
        return summary

    async def _fetcher(self, job: AftermathJob, targets: list[Target]) -> tuple[str, str]:
        """Whose credentials fetch the summary: any subscriber (S2S) or the host's own link."""
        if self._accounts is None:
            raise ZoomError("Zoom is not configured")
        if self._accounts.mode == "s2s":
            return targets[0].team_id, targets[0].slack_user_id
        async with self._db.sessions() as session:
            links = await links_for_zoom_user(session=session, zoom_user_id=job.host_zoom_user_id)
        active = [link for link in links if link.status == LinkStatus.ACTIVE]
        if not active:
            raise ZoomError("the meeting's host has not linked Zoom")
        return active[0].team_id, active[0].slack_user_id

    async def _idle_seconds(self) -> float:
        try:
            async with self._db.sessions() as session:
                due = await next_job_due(session=session)
        except Exception:  # the database is away: look again after the usual interval
            logger.warning("aftermath.idle_check_failed", exc_info=True)
            return self.config.poll_interval
        wait = self.config.poll_interval
        if due is not None:
            wait = min(wait, max(0.0, (due - utcnow()).total_seconds()))
        return max(wait, 0.01)
