"""After-meeting job rows: one per kind and meeting instance, claimed under a lease, closed once."""

from __future__ import annotations

from datetime import timedelta

from store.aftermath_models import AftermathStatus
from store.db import Database
from store.repos.aftermath import add_job, claim_due_jobs, finish_job
from store.types import utcnow


async def test_jobs_are_unique_leased_and_closed_once(database_url: str) -> None:
    db = Database.connect(database_url)
    now = utcnow()
    try:
        async with db.transaction() as session:
            for added in (True, False):  # the second is the same job: ignored
                found = await add_job(
                    session=session,
                    kind="summary",
                    meeting_uuid="u==",
                    zoom_meeting_id=1,
                    host_zoom_user_id="zu",
                    topic="T",
                    due_at=now,
                )
                assert found is added
        lease = now + timedelta(minutes=2)
        async with db.transaction() as session:
            (job,) = await claim_due_jobs(session=session, now=now, lease_until=lease, limit=5)
        async with db.transaction() as session:  # leased: nobody else gets it meanwhile
            assert await claim_due_jobs(session=session, now=now, lease_until=lease, limit=5) == []
        later = lease + timedelta(seconds=1)
        async with db.transaction() as session:  # the lease ran out: claimable again
            (again,) = await claim_due_jobs(
                session=session, now=later, lease_until=later + timedelta(minutes=2), limit=5
            )
        assert again.id == job.id and again.attempts == 2
        assert job.id is not None
        async with db.transaction() as session:
            assert await finish_job(session=session, job_id=job.id, status=AftermathStatus.DONE)
        async with db.transaction() as session:  # the slow first holder cannot close it again
            assert not await finish_job(session=session, job_id=job.id, status=AftermathStatus.DONE)
    finally:
        await db.close()
