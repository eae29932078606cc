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
    # Nullable, no backfill: every existing inspection is a first inspection.
    with op.batch_alter_table("inspection") as batch:
        batch.add_column(sa.Column("follows_inspection_id", sa.Text, nullable=True))
    with op.batch_alter_table("defect") as batch:
        batch.add_column(sa.Column("origin_defect_id", sa.Text, nullable=True))
        batch.add_column(sa.Column("origin_answer", sa.JSON, nullable=True))
        batch.add_column(sa.Column("followup", sa.Text, nullable=True))
        batch.add_column(
            sa.Column("followup_note", sa.Text, nullable=False, server_default=sa.text("''"))
        )


def downgrade() -> None:
    with op.batch_alter_table("defect") as batch:
        batch.drop_column("followup_note")
        batch.drop_column("followup")
        batch.drop_column("origin_answer")
        batch.drop_column("origin_defect_id")
    # Not a batch (copy-and-replace) operation: other tables' foreign keys name `inspection`,
    # so it cannot be dropped and recreated with foreign keys on; SQLite ≥ 3.35 drops a
    # column in place.
    op.execute("ALTER TABLE inspection DROP COLUMN follows_inspection_id")
