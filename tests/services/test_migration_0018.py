"""Migration 0018 (request ids, worker heartbeats) upgrades and downgrades with the outbox kept."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from store.db import sync_url
from store.migrate import alembic_config, upgrade
from tests.support.notice_world import rows


def _schema(database_url: str) -> dict[str, set[str]]:
    engine = create_engine(sync_url(database_url))
    try:
        inspector = inspect(engine)
        return {
            t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def _execute(database_url: str, sql: str) -> None:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def test_upgrade_keeps_outbox_rows_and_downgrade_removes_only_the_new_parts(
    database_url: str,
) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), "0015")
    schema = _schema(database_url)
    assert "worker_heartbeats" not in schema and "request_id" not in schema["outbox"]
    _execute(
        database_url,
        "INSERT INTO outbox (team_id, channel_id, action, payload, status, attempts, "
        "next_attempt_at, created_at) VALUES ('T1', 'C1', 'post', '{}', 'pending', 0, "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    )

    upgrade(database_url, "0018")
    schema = _schema(database_url)
    assert {"process", "beat_at"} <= schema["worker_heartbeats"]
    assert "request_id" in schema["outbox"] and "request_id" in schema["webhook_events"]
    [row] = rows(database_url, "SELECT channel_id, request_id FROM outbox")
    assert row == {"channel_id": "C1", "request_id": None}

    command.downgrade(alembic_config(database_url), "0015")
    assert "request_id" not in _schema(database_url)["outbox"]
    assert [r["channel_id"] for r in rows(database_url, "SELECT * FROM outbox")] == ["C1"]
    upgrade(database_url)
