"""Migration 0014 (reminders, live cards, participants, subscription options) with data."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from store.db import sync_url
from store.migrate import alembic_config, current_revision, upgrade
from tests.support.notice_world import rows

BEFORE = "0017"  # the revision 0014 follows
NEW_TABLES = {"meeting_reminders", "live_meetings", "meeting_participants", "live_notices"}


def _schema(database_url: str) -> tuple[set[str], set[str]]:
    engine = create_engine(sync_url(database_url))
    try:
        found = inspect(engine)
        columns = {c["name"] for c in found.get_columns("channel_subscriptions")}
        return set(found.get_table_names()), columns
    finally:
        engine.dispose()


def test_existing_subscriptions_gain_the_options_and_downgrade_drops_only_the_new(
    database_url: str,
) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), BEFORE)
    tables, columns = _schema(database_url)
    assert not NEW_TABLES & tables and "remind_minutes" not in columns
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO channel_subscriptions (team_id, channel_id, slack_user_id, "
                    "zoom_user_id, events, include_passcodes, created_at) VALUES ('T1', 'C1', "
                    "'U1', 'zu', 'started', false, '2026-01-01 00:00:00')"
                )
            )
    finally:
        engine.dispose()

    upgrade(database_url, "0014")
    assert current_revision(database_url) == "0014"
    tables, columns = _schema(database_url)
    assert NEW_TABLES <= tables and {"remind_minutes", "show_names"} <= columns
    [old] = rows(database_url, "SELECT * FROM channel_subscriptions")
    assert (old["events"], old["remind_minutes"], bool(old["show_names"])) == (
        "started",
        None,
        False,
    )

    command.downgrade(alembic_config(database_url), BEFORE)
    tables, columns = _schema(database_url)
    assert not NEW_TABLES & tables and "show_names" not in columns
    assert [r["events"] for r in rows(database_url, "SELECT * FROM channel_subscriptions")] == [
        "started"
    ]
    upgrade(database_url)
