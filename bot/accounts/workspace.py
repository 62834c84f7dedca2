"""Workspace lifecycle: forget everything about a workspace when it uninstalls the app."""

from __future__ import annotations

import logging

from store.db import Database
from store.repos.workspace import delete_workspace_data

logger = logging.getLogger(__name__)


async def forget_workspace(db: Database, team_id: str) -> dict[str, int]:
    """Delete a workspace's links, meetings, subscriptions and pending notices."""
    async with db.transaction() as session:
        counts = await delete_workspace_data(session=session, team_id=team_id)
    logger.info("workspace.forgotten", extra={"team_id": team_id, **counts})
    return counts
