"""Issue 14: the statistics tables (server/stats_db.py) — one row per inspection, one per
defect and one per (defect, cited clause), plus per-day counts of grades/chapters and clauses,
derived from `winners` and kept current from the change sequence (cursor
`server_meta['stats_seq']`), so a period's figures are SQL aggregates and a restart keeps
them. Derived data: nothing is backfilled here; the first statistics request after the
upgrade builds the rows.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stats_inspections",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("inspection_type", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("checklist", sa.Text, nullable=False),
        sa.Column("conclusion", sa.Text, nullable=False),
        sa.Column("conclusion_label", sa.Text, nullable=False),
        sa.Column("issued_at", sa.Text, nullable=False),
        sa.Column("n_defects", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_stats_inspections_day", "stats_inspections", ["day"])
    op.create_index("ix_stats_inspections_checklist", "stats_inspections", ["checklist"])
    op.create_table(
        "stats_defects",
        sa.Column("defect_id", sa.Text, primary_key=True),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("grade", sa.Text, nullable=False),
        sa.Column("chapter", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("clauses", sa.Text, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
    )
    op.create_index("ix_stats_defects_inspection", "stats_defects", ["inspection_id"])
    op.create_index("ix_stats_defects_day", "stats_defects", ["day", "inspection_id", "defect_id"])
    op.create_table(
        "stats_clauses",
        sa.Column("defect_id", sa.Text, primary_key=True),
        sa.Column("clause", sa.Text, primary_key=True),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("day", sa.Text, nullable=False),
    )
    op.create_index("ix_stats_clauses_inspection", "stats_clauses", ["inspection_id"])
    op.create_index("ix_stats_clauses_day", "stats_clauses", ["day"])
    op.create_table(
        "stats_day_defects",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("grade", sa.Text, primary_key=True),
        sa.Column("chapter", sa.Text, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_table(
        "stats_day_clauses",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("clause", sa.Text, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "stats_day_clauses",
        "stats_day_defects",
        "stats_clauses",
        "stats_defects",
        "stats_inspections",
    ):
        op.drop_table(name)
    op.execute("DELETE FROM server_meta WHERE key = 'stats_seq'")
