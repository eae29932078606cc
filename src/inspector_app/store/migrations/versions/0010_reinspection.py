"""Re-inspection (复查, issue 15): an inspection names the issued one it follows
(`inspection.follows_inspection_id`); a defect names the original defect it re-checks, keeps
a snapshot of the company's answer and the center's verification, and the on-site outcome
(`defect.origin_defect_id`, `origin_answer`, `followup`, `followup_note`).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no backfill: every existing inspection is a first inspection. Plain ALTER
    # TABLE ADD COLUMN, not a batch (copy-and-replace): photos' and others' foreign keys name
    # `defect` and `inspection`, so with foreign keys on they cannot be dropped and recreated
    # (a laptop with a photo on a defect could not upgrade).
    op.add_column("inspection", sa.Column("follows_inspection_id", sa.Text, nullable=True))
    op.add_column("defect", sa.Column("origin_defect_id", sa.Text, nullable=True))
    op.add_column("defect", sa.Column("origin_answer", sa.JSON, nullable=True))
    op.add_column("defect", sa.Column("followup", sa.Text, nullable=True))
    op.add_column(
        "defect",
        sa.Column("followup_note", sa.Text, nullable=False, server_default=sa.text("''")),
    )


def downgrade() -> None:
    # In place (SQLite ≥ 3.35), for the same reason as upgrade.
    for column in ("followup_note", "followup", "origin_answer", "origin_defect_id"):
        op.execute(f"ALTER TABLE defect DROP COLUMN {column}")
    op.execute("ALTER TABLE inspection DROP COLUMN follows_inspection_id")
