"""after the meeting: durable summary/facts jobs, attendees seen, whether a meeting records to the cloud

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.types import UTCDateTime

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'aftermath_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('meeting_uuid', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('zoom_meeting_id', sa.BigInteger(), nullable=True),
        sa.Column('host_zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('lasted_minutes', sa.Integer(), nullable=True),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('due_at', UTCDateTime(), nullable=False),
        sa.Column('claimed_until', UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'meeting_uuid', name='uq_aftermath_job'),
    )
    op.create_index('ix_aftermath_due', 'aftermath_jobs', ['status', 'due_at'], unique=False)
    op.create_index(
        op.f('ix_aftermath_jobs_host_zoom_user_id'), 'aftermath_jobs', ['host_zoom_user_id'],
        unique=False,
    )
    op.create_table(
        'meeting_attendees',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_uuid', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('host_zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('participant_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('joined_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_uuid', 'participant_key', name='uq_meeting_attendee'),
    )
    op.create_index(
        op.f('ix_meeting_attendees_host_zoom_user_id'), 'meeting_attendees', ['host_zoom_user_id'],
        unique=False,
    )
    # In place on both backends (a constant default needs no table rebuild on SQLite).
    op.add_column(
        'meetings',
        sa.Column(
            'auto_recording', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
            server_default='',
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('auto_recording')
    op.drop_index(op.f('ix_meeting_attendees_host_zoom_user_id'), table_name='meeting_attendees')
    op.drop_table('meeting_attendees')
    op.drop_index(op.f('ix_aftermath_jobs_host_zoom_user_id'), table_name='aftermath_jobs')
    op.drop_index('ix_aftermath_due', table_name='aftermath_jobs')
    op.drop_table('aftermath_jobs')
