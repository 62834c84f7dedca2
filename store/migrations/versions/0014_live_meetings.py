"""live meetings: channel reminders, participants, live cards, subscription options

Revision ID: 0014
Revises: 0017
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.types import UTCDateTime

revision: str = '0014'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('channel_subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remind_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('show_names', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        'meeting_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('occurrences', sa.JSON(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('post_at', UTCDateTime(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_id', 'channel_id', name='uq_reminder_channel'),
    )
    op.create_index('ix_meeting_reminders_meeting_id', 'meeting_reminders', ['meeting_id'])
    op.create_index('ix_meeting_reminders_state', 'meeting_reminders', ['state'])
    op.create_index('ix_meeting_reminders_post_at', 'meeting_reminders', ['post_at'])
    op.create_table(
        'live_meetings',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('started_at', UTCDateTime(), nullable=False),
        sa.Column('last_heard_at', UTCDateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('shown_version', sa.Integer(), nullable=False),
        sa.Column('waiting_alerted', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id'),
    )
    op.create_index('ix_live_meetings_last_heard_at', 'live_meetings', ['last_heard_at'])
    op.create_table(
        'meeting_participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('zoom_meeting_id', sa.BigInteger(), nullable=False),
        sa.Column('instance_uuid', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('participant_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('present', sa.Boolean(), nullable=False),
        sa.Column('last_event_ts', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'zoom_meeting_id', 'instance_uuid', 'participant_key', name='uq_participant'
        ),
    )
    op.create_table(
        'live_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('zoom_meeting_id', sa.BigInteger(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_live_notices_zoom_meeting_id', 'live_notices', ['zoom_meeting_id'])
    op.create_index(
        'ix_participants_instance',
        'meeting_participants',
        ['zoom_meeting_id', 'instance_uuid', 'present'],
    )


def downgrade() -> None:
    op.drop_index('ix_live_notices_zoom_meeting_id', table_name='live_notices')
    op.drop_table('live_notices')
    op.drop_index('ix_participants_instance', table_name='meeting_participants')
    op.drop_table('meeting_participants')
    op.drop_index('ix_live_meetings_last_heard_at', table_name='live_meetings')
    op.drop_table('live_meetings')
    op.drop_index('ix_meeting_reminders_post_at', table_name='meeting_reminders')
    op.drop_index('ix_meeting_reminders_state', table_name='meeting_reminders')
    op.drop_index('ix_meeting_reminders_meeting_id', table_name='meeting_reminders')
    op.drop_table('meeting_reminders')
    with op.batch_alter_table('channel_subscriptions', schema=None) as batch_op:
        batch_op.drop_column('show_names')
        batch_op.drop_column('remind_minutes')
