"""status sync and workflow steps: opted-in people, their meetings, grant states, step runs

Revision ID: 0016
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types


revision: str = '0016'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_zoom_links_email_lower', 'zoom_links', [sa.text('lower(zoom_email)')], unique=False)
    op.create_table('status_grant_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('pause_notifications', sa.Boolean(), nullable=False),
    sa.Column('expires_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('state_hash')
    )
    with op.batch_alter_table('status_grant_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_grant_states_expires_at'), ['expires_at'], unique=False)

    op.create_table('status_sync',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('user_token_enc', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('pause_notifications', sa.Boolean(), nullable=False),
    sa.Column('saved_status', sa.JSON(), nullable=True),
    sa.Column('shown_status', sa.JSON(), nullable=True),
    sa.Column('snoozed', sa.Boolean(), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'slack_user_id', name='uq_status_sync_user')
    )
    with op.batch_alter_table('status_sync', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_sync_email'), ['email'], unique=False)

    op.create_table('workflow_step_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('execution_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('zoom_meeting_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('execution_id')
    )
    with op.batch_alter_table('workflow_step_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workflow_step_runs_created_at'), ['created_at'], unique=False)

    op.create_table('status_presence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sync_id', sa.Integer(), nullable=False),
    sa.Column('meeting_key', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ends_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sync_id'], ['status_sync.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sync_id', 'meeting_key', name='uq_status_presence')
    )
    with op.batch_alter_table('status_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_presence_meeting_key'), ['meeting_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_presence_sync_id'), ['sync_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('status_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_presence_sync_id'))
        batch_op.drop_index(batch_op.f('ix_status_presence_meeting_key'))

    op.drop_table('status_presence')
    with op.batch_alter_table('workflow_step_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workflow_step_runs_created_at'))

    op.drop_table('workflow_step_runs')
    with op.batch_alter_table('status_sync', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_sync_email'))

    op.drop_table('status_sync')
    with op.batch_alter_table('status_grant_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_grant_states_expires_at'))

    op.drop_table('status_grant_states')
    op.drop_index('ix_zoom_links_email_lower', table_name='zoom_links')
