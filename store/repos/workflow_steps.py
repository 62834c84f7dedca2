"""Workflow Builder step executions we acted on: one meeting per execution, ever."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.status_models import WorkflowStepRun


async def add_run(*, session: AsyncSession, execution_id: str, team_id: str) -> None:
    """Claim an execution; a second claim of the same id fails its transaction (unique key)."""
    session.add(WorkflowStepRun(execution_id=execution_id, team_id=team_id))
    await session.flush()


async def set_run_meeting(
    *, session: AsyncSession, execution_id: str, zoom_meeting_id: int
) -> None:
    """Remember which meeting an execution created."""
    await session.exec(
        update(WorkflowStepRun)
        .where(col(WorkflowStepRun.execution_id) == execution_id)
        .values(zoom_meeting_id=zoom_meeting_id)
    )
