"""Sync bookkeeping: acknowledgement of pushed changes and the conflicts list.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("acked_at", sa.Text))
    op.create_table(
        "conflict",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("losing_value", sa.JSON),
        sa.Column("losing_hlc", sa.Text, nullable=False),
        sa.Column("losing_device_id", sa.Text, nullable=False),
        sa.Column("winning_value", sa.JSON),
        sa.Column("winning_hlc", sa.Text, nullable=False),
        sa.Column("winning_device_id", sa.Text, nullable=False),
        sa.Column("detected_at", sa.Text, nullable=False),
        sa.Column("resolved_at", sa.Text),
    )
    op.create_index("ix_conflict_inspection_id", "conflict", ["inspection_id"])


def downgrade() -> None:
    op.drop_table("conflict")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("acked_at")
