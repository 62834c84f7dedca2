"""setup tokens and link health: one-time operator sign-ins, the stale-link warning time

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types


revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'setup_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('expires_at', store.types.UTCDateTime(), nullable=False),
        sa.Column('created_at', store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_setup_tokens_expires_at'), 'setup_tokens', ['expires_at'], unique=False)
    # A plain ADD/DROP COLUMN on both databases: a batch rebuild on SQLite would silently drop
    # 0016's expression index on lower(zoom_email), which SQLAlchemy cannot reflect.
    op.add_column('zoom_links', sa.Column('stale_notified_at', store.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('zoom_links', 'stale_notified_at')
    op.drop_index(op.f('ix_setup_tokens_expires_at'), table_name='setup_tokens')
    op.drop_table('setup_tokens')
