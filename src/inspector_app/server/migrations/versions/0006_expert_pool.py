"""Issue 14: the expert pool — experts and third-party firms, their scanned confidentiality
agreements, declared conflicts of interest and the history of console changes
(server/expert_db.py).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("specialties", sa.JSON, nullable=False),
        sa.Column("employer", sa.Text, nullable=False),
        sa.Column("teams", sa.JSON, nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("agreement_date", sa.Text),
        sa.Column("agreement_sha256", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_table(
        "expert_files",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_at", sa.Text, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
    )
    op.create_table(
        "expert_conflicts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("expert_id", sa.Text, sa.ForeignKey("experts.id"), nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("declared_on", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("withdrawn_at", sa.Text),
        sa.Column("withdrawn_by", sa.Text),
    )
    op.create_index("ix_expert_conflicts_expert", "expert_conflicts", ["expert_id"])
    op.create_table(
        "expert_history",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("expert_id", sa.Text, sa.ForeignKey("experts.id"), nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_expert_history_expert", "expert_history", ["expert_id"])


def downgrade() -> None:
    for name in ("expert_history", "expert_conflicts", "expert_files", "experts"):
        op.drop_table(name)
