"""notice pipeline at scale: raw events routed after ingest, per-channel heads of the outbox

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types


revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('routed_at', store.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('route_error', sa.Text(), nullable=True))
    # Events stored before this revision were routed when they were received.
    op.execute("UPDATE webhook_events SET routed_at = received_at")
    op.create_index(
        'ix_webhook_events_unrouted', 'webhook_events', ['id'],
        sqlite_where=sa.text('routed_at IS NULL'), postgresql_where=sa.text('routed_at IS NULL'),
    )
    op.create_table('outbox_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ready_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('tat', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('touched_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'channel_id', name='uq_outbox_channel')
    )
    op.create_index(op.f('ix_outbox_channels_ready_at'), 'outbox_channels', ['ready_at'], unique=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_channel_id'))
        batch_op.create_index('ix_outbox_channel_head', ['team_id', 'channel_id', 'status', 'id'], unique=False)
    # Every channel that still owes notices gets its head row.
    op.execute(
        "INSERT INTO outbox_channels (team_id, channel_id, ready_at, tat, touched_at) "
        "SELECT team_id, channel_id, min(created_at), min(created_at), max(created_at) "
        "FROM outbox WHERE status = 'pending' GROUP BY team_id, channel_id"
    )


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_channel_head')
        batch_op.create_index(batch_op.f('ix_outbox_channel_id'), ['channel_id'], unique=False)
    op.drop_index(op.f('ix_outbox_channels_ready_at'), table_name='outbox_channels')
    op.drop_table('outbox_channels')
    op.drop_index('ix_webhook_events_unrouted', table_name='webhook_events')
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_column('route_error')
        batch_op.drop_column('routed_at')
        batch_op.drop_column('body')
