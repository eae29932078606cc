"""The review list's summary (issue 11): one row per inspection with the fields the console
filters and sorts on, its defect counts by grade and its searchable text, kept up to date
from the change sequence (server/console/summary.py). Derived data: dropping the table and
its `server_meta` cursor rebuilds it on the next list.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_summary",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("team", sa.Text),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("inspection_type", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("planned_start", sa.Text),
        sa.Column("planned_end", sa.Text),
        sa.Column("actual_start", sa.Text),
        sa.Column("actual_end", sa.Text),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("n_critical", sa.Integer, nullable=False),
        sa.Column("n_major", sa.Integer, nullable=False),
        sa.Column("n_general", sa.Integer, nullable=False),
        sa.Column("n_total", sa.Integer, nullable=False),
        sa.Column("people", sa.Text, nullable=False),
        sa.Column("clauses", sa.Text, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
    )
    op.create_index("ix_console_summary_planned", "console_summary", ["planned_start"])


def downgrade() -> None:
    op.drop_table("console_summary")
    op.execute("DELETE FROM server_meta WHERE key = 'console_summary_seq'")
