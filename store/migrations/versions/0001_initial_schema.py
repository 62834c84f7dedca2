"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('channel_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('events', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('include_passcodes', sa.Boolean(), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'channel_id', 'slack_user_id', name='uq_subscription')
    )
    with op.batch_alter_table('channel_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_subscriptions_zoom_user_id'), ['zoom_user_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('zoom_meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('zoom_uuid', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('host_zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('start_time', store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recurring', sa.Boolean(), nullable=False),
    sa.Column('join_url', sa.Text(), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_host_zoom_user_id'), ['host_zoom_user_id'], unique=False)
        batch_op.create_index('ix_meetings_team_zoom_id', ['team_id', 'zoom_meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_zoom_meeting_id'), ['zoom_meeting_id'], unique=False)

    op.create_table('slack_bots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('client_id', sa.String(length=32), nullable=False),
    sa.Column('app_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('enterprise_name', sa.String(length=200), nullable=True),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    sa.Column('bot_token', sa.Text(), nullable=True),
    sa.Column('bot_id', sa.String(length=32), nullable=True),
    sa.Column('bot_user_id', sa.String(length=32), nullable=True),
    sa.Column('bot_scopes', sa.String(length=1000), nullable=True),
    sa.Column('bot_refresh_token', sa.Text(), nullable=True),
    sa.Column('bot_token_expires_at', sa.DateTime(), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('slack_bots', schema=None) as batch_op:
        batch_op.create_index('slack_bots_idx', ['client_id', 'enterprise_id', 'team_id', 'installed_at'], unique=False)

    op.create_table('slack_installations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('client_id', sa.String(length=32), nullable=False),
    sa.Column('app_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('enterprise_name', sa.String(length=200), nullable=True),
    sa.Column('enterprise_url', sa.String(length=200), nullable=True),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    sa.Column('bot_token', sa.Text(), nullable=True),
    sa.Column('bot_id', sa.String(length=32), nullable=True),
    sa.Column('bot_user_id', sa.String(length=32), nullable=True),
    sa.Column('bot_scopes', sa.String(length=1000), nullable=True),
    sa.Column('bot_refresh_token', sa.Text(), nullable=True),
    sa.Column('bot_token_expires_at', sa.DateTime(), nullable=True),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('user_token', sa.Text(), nullable=True),
    sa.Column('user_scopes', sa.String(length=1000), nullable=True),
    sa.Column('user_refresh_token', sa.Text(), nullable=True),
    sa.Column('user_token_expires_at', sa.DateTime(), nullable=True),
    sa.Column('incoming_webhook_url', sa.Text(), nullable=True),
    sa.Column('incoming_webhook_channel', sa.String(length=200), nullable=True),
    sa.Column('incoming_webhook_channel_id', sa.String(length=200), nullable=True),
    sa.Column('incoming_webhook_configuration_url', sa.String(length=200), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('token_type', sa.String(length=32), nullable=True),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.create_index('slack_installations_idx', ['client_id', 'enterprise_id', 'team_id', 'user_id', 'installed_at'], unique=False)

    op.create_table('slack_oauth_states',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('state', sa.String(length=200), nullable=False),
    sa.Column('expire_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('webhook_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_ts', sa.BigInteger(), nullable=False),
    sa.Column('zoom_account_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('received_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_key')
    )
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_events_received_at'), ['received_at'], unique=False)

    op.create_table('zoom_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('zoom_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('zoom_account_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('zoom_email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('zoom_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('access_token_enc', sa.Text(), nullable=False),
    sa.Column('refresh_token_enc', sa.Text(), nullable=False),
    sa.Column('expires_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'slack_user_id', name='uq_zoom_links_user')
    )
    with op.batch_alter_table('zoom_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zoom_links_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zoom_links_zoom_user_id'), ['zoom_user_id'], unique=False)

    op.create_table('zoom_oauth_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('code_verifier_enc', sa.Text(), nullable=False),
    sa.Column('expires_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('state_hash')
    )
    with op.batch_alter_table('zoom_oauth_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zoom_oauth_states_expires_at'), ['expires_at'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('webhook_event_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['webhook_event_id'], ['webhook_events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_channel_id'), ['channel_id'], unique=False)
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_webhook_event_id'), ['webhook_event_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_webhook_event_id'))
        batch_op.drop_index('ix_outbox_due')
        batch_op.drop_index(batch_op.f('ix_outbox_channel_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('zoom_oauth_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zoom_oauth_states_expires_at'))

    op.drop_table('zoom_oauth_states')
    with op.batch_alter_table('zoom_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zoom_links_zoom_user_id'))
        batch_op.drop_index(batch_op.f('ix_zoom_links_team_id'))

    op.drop_table('zoom_links')
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_events_received_at'))

    op.drop_table('webhook_events')
    op.drop_table('slack_oauth_states')
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.drop_index('slack_installations_idx')

    op.drop_table('slack_installations')
    with op.batch_alter_table('slack_bots', schema=None) as batch_op:
        batch_op.drop_index('slack_bots_idx')

    op.drop_table('slack_bots')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_zoom_meeting_id'))
        batch_op.drop_index('ix_meetings_team_zoom_id')
        batch_op.drop_index(batch_op.f('ix_meetings_host_zoom_user_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('channel_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_subscriptions_zoom_user_id'))

    op.drop_table('channel_subscriptions')

