"""The center's review reaches the laptop: reworded facts, the team's answers, issued reports.

- review.adjusted_facts: the reviewer's wording of a defect's facts.
- review_response: the team's answer to a review that returned something for correction.
- issued_report: a report the center issued (number, revision, PDF by hash, issuer, time).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _entity(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column(
            "inspection_id", sa.Text, sa.ForeignKey("inspection.id"), nullable=False, index=True
        ),
        *columns,
        sa.Column("deleted", sa.Boolean, nullable=False),
    )


def upgrade() -> None:
    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("adjusted_facts", sa.Text))
    _entity(
        "review_response",
        sa.Column("review_id", sa.Text, nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    _entity(
        "issued_report",
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("replaces_id", sa.Text),
        sa.Column("template", sa.Text, nullable=False),
        sa.Column("pdf_sha256", sa.Text, nullable=False),
        sa.Column("issued_by", sa.Text, nullable=False),
        sa.Column("issued_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("issued_report")
    op.drop_table("review_response")
    with op.batch_alter_table("review") as batch:
        batch.drop_column("adjusted_facts")
