"""After-meeting jobs (summary fetches, facts posts) and the attendees the bridge saw.

Jobs are claimed like outbox rows: a compare-and-set of ``claimed_until``, so two workers
never run one job at once; on PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.aftermath_models import AftermathJob, AftermathStatus, MeetingAttendee
from store.types import utcnow


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def add_job(
    *,
    session: AsyncSession,
    kind: str,
    meeting_uuid: str,
    zoom_meeting_id: int | None,
    host_zoom_user_id: str,
    topic: str,
    due_at: datetime,
    lasted_minutes: int | None = None,
) -> bool:
    """Queue a job unless one of this kind exists for the meeting; whether it was added."""
    statement = (
        _insert(session)(AftermathJob)
        .values(
            kind=kind,
            meeting_uuid=meeting_uuid,
            zoom_meeting_id=zoom_meeting_id,
            host_zoom_user_id=host_zoom_user_id,
            topic=topic,
            lasted_minutes=lasted_minutes,
            status=AftermathStatus.PENDING,
            attempts=0,
            due_at=due_at,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["kind", "meeting_uuid"])
        .returning(col(AftermathJob.id))
    )
    return (await session.exec(statement)).scalar_one_or_none() is not None


async def find_job(*, session: AsyncSession, kind: str, meeting_uuid: str) -> AftermathJob | None:
    """The job of this kind for one meeting instance, if any."""
    query = select(AftermathJob).where(
        col(AftermathJob.kind) == kind, col(AftermathJob.meeting_uuid) == meeting_uuid
    )
    return (await session.exec(query)).first()


async def claim_due_jobs(
    *, session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[AftermathJob]:
    """Claim up to `limit` due pending jobs until `lease_until` (detached copies)."""
    free = or_(col(AftermathJob.claimed_until).is_(None), col(AftermathJob.claimed_until) < now)
    query = (
        select(AftermathJob)
        .where(col(AftermathJob.status) == AftermathStatus.PENDING, col(AftermathJob.due_at) <= now)
        .where(free)
        .order_by(col(AftermathJob.due_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    candidates = list((await session.exec(query)).all())
    if not candidates:
        return []
    taken = await session.exec(
        update(AftermathJob)
        .where(col(AftermathJob.id).in_([job.id for job in candidates]), free)
        .values(claimed_until=lease_until, attempts=col(AftermathJob.attempts) + 1)
        .returning(col(AftermathJob.id))
        .execution_options(synchronize_session=False)
    )
    ours = set(taken.scalars().all())
    claimed = []
    for job in candidates:
        if job.id in ours:
            copy = AftermathJob.model_validate(job.model_dump())
            copy.attempts += 1
            claimed.append(copy)
    return claimed


async def finish_job(
    *, session: AsyncSession, job_id: int, status: AftermathStatus, error: str | None = None
) -> bool:
    """Close a pending job: done, or given up (with the reason); False if it was closed already."""
    result = await session.exec(
        update(AftermathJob)
        .where(col(AftermathJob.id) == job_id, col(AftermathJob.status) == AftermathStatus.PENDING)
        .values(status=status, claimed_until=None, last_error=error[:500] if error else None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


async def retry_job(*, session: AsyncSession, job_id: int, at: datetime, error: str) -> None:
    """Run a job again at `at`; keep the reason."""
    await session.exec(
        update(AftermathJob)
        .where(col(AftermathJob.id) == job_id)
        .values(due_at=at, claimed_until=None, last_error=error[:500])
        .execution_options(synchronize_session=False)
    )


async def next_job_due(*, session: AsyncSession) -> datetime | None:
    """When the earliest pending job becomes due."""
    query = (
        select(AftermathJob.due_at)
        .where(col(AftermathJob.status) == AftermathStatus.PENDING)
        .order_by(col(AftermathJob.due_at))
        .limit(1)
    )
    found: datetime | None = (await session.exec(query)).first()
    return found


async def add_attendee(
    *,
    session: AsyncSession,
    meeting_uuid: str,
    host_zoom_user_id: str,
    participant_key: str,
    name: str,
    joined_at: datetime,
) -> None:
    """Remember that someone joined a meeting instance (once per participant)."""
    statement = (
        _insert(session)(MeetingAttendee)
        .values(
            meeting_uuid=meeting_uuid,
            host_zoom_user_id=host_zoom_user_id,
            participant_key=participant_key,
            name=name,
            joined_at=joined_at,
        )
        .on_conflict_do_nothing(index_elements=["meeting_uuid", "participant_key"])
    )
    await session.exec(statement)


async def attendee_names(*, session: AsyncSession, meeting_uuid: str) -> list[str]:
    """The names of everyone seen in a meeting instance, in the order they first joined."""
    query = (
        select(MeetingAttendee.name)
        .where(col(MeetingAttendee.meeting_uuid) == meeting_uuid)
        .order_by(col(MeetingAttendee.joined_at), col(MeetingAttendee.id))
    )
    return [name for name in (await session.exec(query)).all() if name]


async def prune_aftermath(*, session: AsyncSession, before: datetime) -> int:
    """Delete finished jobs and attendee lists older than `before`."""
    jobs = delete(AftermathJob).where(
        col(AftermathJob.status) != AftermathStatus.PENDING, col(AftermathJob.created_at) < before
    )
    people = delete(MeetingAttendee).where(col(MeetingAttendee.joined_at) < before)
    return int((await session.exec(jobs)).rowcount) + int((await session.exec(people)).rowcount)
