"""Migration 0002 (who scheduled a meeting, the host's PMI) upgrades and downgrades with data."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from store.db import sync_url
from store.migrate import alembic_config, current_revision
from tests.support.notice_world import rows

NEW_COLUMNS = {"scheduled_by_slack_user_id", "host_pmi"}


def _columns(database_url: str) -> set[str]:
    engine = create_engine(sync_url(database_url))
    try:
        return {c["name"] for c in inspect(engine).get_columns("meetings")}
    finally:
        engine.dispose()


def _head(database_url: str) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert head is not None
    return head


def _downgrade(database_url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


def _upgrade_to_0002(database_url: str) -> None:
    from alembic import command

    # Later revisions may follow; this test is about 0002 alone.
    command.upgrade(alembic_config(database_url), "0002")


def test_upgrade_keeps_meetings_and_downgrade_removes_only_the_new_columns(
    database_url: str,
) -> None:
    _downgrade(database_url, "0001")
    assert current_revision(database_url) == "0001" and not NEW_COLUMNS & _columns(database_url)
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO meetings (team_id, slack_user_id, zoom_meeting_id, zoom_uuid, "
                    "host_zoom_user_id, topic, duration, timezone, recurring, join_url, status, "
                    "created_at, updated_at) VALUES ('T1', 'U1', 98765432101, '', 'zu', 'Old', "
                    "30, 'UTC', false, '', 'scheduled', '2026-01-01 00:00:00', "
                    "'2026-01-01 00:00:00')"
                )
            )
    finally:
        engine.dispose()

    _upgrade_to_0002(database_url)
    assert current_revision(database_url) == "0002" and NEW_COLUMNS <= _columns(database_url)
    [old] = rows(database_url, "SELECT * FROM meetings")
    assert (old["topic"], old["scheduled_by_slack_user_id"], old["host_pmi"]) == ("Old", None, None)
    big_pmi = 9_876_543_210_123  # PMIs and meeting ids are 64-bit
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE meetings SET host_pmi = :p"), {"p": big_pmi})
    finally:
        engine.dispose()
    assert rows(database_url, "SELECT host_pmi FROM meetings") == [{"host_pmi": big_pmi}]

    _downgrade(database_url, "0001")
    assert not NEW_COLUMNS & _columns(database_url)
    assert [r["topic"] for r in rows(database_url, "SELECT * FROM meetings")] == ["Old"]
    _upgrade_to_0002(database_url)
    assert current_revision(database_url) == "0002"
