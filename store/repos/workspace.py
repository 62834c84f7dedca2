"""Whole-workspace data removal (app uninstalled, tokens revoked)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import (
    ChannelSubscription,
    Meeting,
    OutboxMessage,
    OutboxStatus,
    ZoomLink,
    ZoomOAuthState,
)
from store.status_models import StatusGrantState, StatusSync, WorkflowStepRun


async def delete_workspace_data(*, session: AsyncSession, team_id: str) -> dict[str, int]:
    """Delete every link, state, meeting, subscription and pending notice of a workspace."""
    statements = {
        "outbox": delete(OutboxMessage).where(
            col(OutboxMessage.team_id) == team_id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        ),
        "subscriptions": delete(ChannelSubscription).where(
            col(ChannelSubscription.team_id) == team_id
        ),
        "meetings": delete(Meeting).where(col(Meeting.team_id) == team_id),
        "oauth_states": delete(ZoomOAuthState).where(col(ZoomOAuthState.team_id) == team_id),
        "links": delete(ZoomLink).where(col(ZoomLink.team_id) == team_id),
        # Presence rows go with their status_sync row (ON DELETE CASCADE).
        "status_sync": delete(StatusSync).where(col(StatusSync.team_id) == team_id),
        "status_grants": delete(StatusGrantState).where(col(StatusGrantState.team_id) == team_id),
        "workflow_steps": delete(WorkflowStepRun).where(col(WorkflowStepRun.team_id) == team_id),
    }
    counts: dict[str, int] = {}
    for name, statement in statements.items():
        result = await session.exec(statement)
        counts[name] = result.rowcount
    return counts
