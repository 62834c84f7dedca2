"""meeting delegation and pmi: who scheduled a meeting for its host, and the host's PMI

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite rebuilds the table, PostgreSQL alters it in place.
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduled_by_slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('host_pmi', sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meetings_host_pmi'), ['host_pmi'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_scheduled_by_slack_user_id'), ['scheduled_by_slack_user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_scheduled_by_slack_user_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_host_pmi'))
        batch_op.drop_column('host_pmi')
        batch_op.drop_column('scheduled_by_slack_user_id')
