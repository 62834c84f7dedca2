"""Migration 0016 (status sync, workflow step runs) adds its tables and removes only them."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from store.db import sync_url
from store.migrate import alembic_config, upgrade

NEW_TABLES = {"status_sync", "status_presence", "status_grant_states", "workflow_step_runs"}


def _tables(database_url: str) -> set[str]:
    engine = create_engine(sync_url(database_url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_downgrade_removes_the_new_tables_and_upgrade_restores_them(database_url: str) -> None:
    from alembic import command

    assert NEW_TABLES <= _tables(database_url)
    command.downgrade(alembic_config(database_url), "0002")
    remaining = _tables(database_url)
    assert not NEW_TABLES & remaining and {"meetings", "outbox", "zoom_links"} <= remaining
    upgrade(database_url)
    assert NEW_TABLES <= _tables(database_url)
