"""Reviews from the center, and the base clock of each change (for conflict detection).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("base_hlc", sa.Text))
    op.create_table(
        "review",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("inspection_id", sa.Text, sa.ForeignKey("inspection.id"), nullable=False),
        sa.Column("defect_id", sa.Text),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("adjusted_severity", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_review_inspection_id", "review", ["inspection_id"])


def downgrade() -> None:
    op.drop_table("review")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("base_hlc")
