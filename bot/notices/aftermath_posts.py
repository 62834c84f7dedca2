"""Writing the after-meeting notices to the outbox, in the same transaction as the job's end."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.after_render import AiSummary, MeetingEndFacts
from bot.notices.aftermath_targets import Target
from bot.notices.render import NoticeRenderer, Rendered
from bot.notices.routes.route_context import RouteContext, store_notices
from bot.notices.routes.thread_replies import reply_in_thread
from store.aftermath_models import AftermathJob
from store.repos.aftermath import attendee_names, find_job


def _queue(ctx: RouteContext, job: AftermathJob, target: Target, rendered: Rendered) -> None:
    reply_in_thread(
        ctx,
        team_id=target.team_id,
        channel_id=target.channel_id,
        rendered=rendered,
        zoom_user_id=job.host_zoom_user_id,
        meeting=target.meeting,
    )


async def _write(ctx: RouteContext) -> int:
    return await store_notices(session=ctx.session, notices=ctx.notices)


async def post_summary(
    session: AsyncSession,
    renderer: NoticeRenderer,
    job: AftermathJob,
    targets: list[Target],
    summary: AiSummary,
) -> int:
    """The AI summary in every target's thread; how many Slack calls were queued."""
    ctx = RouteContext(session=session, renderer=renderer)
    parts = renderer.summary(summary)
    for target in targets:
        for rendered in parts:
            _queue(ctx, job, target, rendered)
    return await _write(ctx)


async def post_facts(
    session: AsyncSession,
    renderer: NoticeRenderer,
    job: AftermathJob,
    targets: list[Target],
    *,
    summary_missing: bool,
) -> int:
    """Duration and (where names are allowed) attendees, in every target's thread."""
    ctx = RouteContext(session=session, renderer=renderer)
    lasted = job.lasted_minutes
    if lasted is None:
        ended = await find_job(session=session, kind="facts", meeting_uuid=job.meeting_uuid)
        lasted = ended.lasted_minutes if ended else None
    names = await attendee_names(session=session, meeting_uuid=job.meeting_uuid)
    for target in targets:
        facts = MeetingEndFacts(
            topic=job.topic or (target.meeting.topic if target.meeting else ""),
            lasted_minutes=lasted,
            attendees=names if target.names else None,
            summary_missing=summary_missing,
        )
        _queue(ctx, job, target, renderer.meeting_end_facts(facts))
    return await _write(ctx)
