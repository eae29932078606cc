"""Issue 15: the rectification report (整改情况报告) and the final conclusion (综合评定) the
center issued for an inspection, one per inspection (server/assessment.py, D37).

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
    op.create_table(
        "rect_reports",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("number", sa.Text, nullable=False, unique=True),
        sa.Column("report_number", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("profile_id", sa.Text, nullable=False),
        sa.Column("profile_version", sa.Integer, nullable=False),
        sa.Column("first_outcome", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("assessment", sa.JSON, nullable=False),
        sa.Column("pdf_sha256", sa.Text, nullable=False),
        sa.Column("issued_by", sa.Text, nullable=False),
        sa.Column("issued_by_name", sa.Text, nullable=False),
        sa.Column("issued_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rect_reports")
