"""Issue 15: company accounts, rectification per defect with evidence files, objections, the
center's verifications and answers, their audit rows and the company's rating of the service
(server/rectification_db.py); and the service items' rectification working days
(service_items.rectification_days, NULL: as the item's earlier version, else the center's
placeholder).

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

Seq = sa.BigInteger().with_variant(sa.Integer, "sqlite")
TABLES = (
    "rect_satisfaction",
    "rect_audit",
    "rect_evidence",
    "rect_objections",
    "rect_responses",
    "company_accounts",
)


def upgrade() -> None:
    with op.batch_alter_table("service_items") as batch:
        batch.add_column(sa.Column("rectification_days", sa.Integer))
    op.create_table(
        "company_accounts",
        sa.Column("user_name", sa.Text, sa.ForeignKey("users.name"), primary_key=True),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    op.create_index("ix_company_accounts_company", "company_accounts", ["company"])
    op.create_table(
        "rect_responses",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("defect_id", sa.Text, primary_key=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("actions", sa.Text, nullable=False),
        sa.Column("completed_on", sa.Text),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.Text),
        sa.Column("submitted_by", sa.Text),
        sa.Column("verification", sa.Text),
        sa.Column("verification_comment", sa.Text),
        sa.Column("verified_by", sa.Text),
        sa.Column("verified_at", sa.Text),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_table(
        "rect_objections",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("defect_id", sa.Text, primary_key=True),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.Text, nullable=False),
        sa.Column("submitted_by", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("answer", sa.Text),
        sa.Column("answered_by", sa.Text),
        sa.Column("answered_at", sa.Text),
    )
    op.create_table(
        "rect_evidence",
        sa.Column("id", Seq, sa.Identity(), primary_key=True),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("defect_id", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("removed_at", sa.Text),
        sa.Column("removed_by", sa.Text),
    )
    op.create_index("ix_rect_evidence_defect", "rect_evidence", ["inspection_id", "defect_id"])
    op.create_table(
        "rect_audit",
        sa.Column("id", Seq, sa.Identity(), primary_key=True),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("defect_id", sa.Text),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("old", sa.JSON),
        sa.Column("new", sa.JSON),
    )
    op.create_index("ix_rect_audit_inspection_id", "rect_audit", ["inspection_id"])
    op.create_table(
        "rect_satisfaction",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("rated_at", sa.Text, nullable=False),
        sa.Column("rated_day", sa.Text, nullable=False),
        sa.Column("rated_by", sa.Text, nullable=False),
    )
    op.create_index("ix_rect_satisfaction_rated_at", "rect_satisfaction", ["rated_at"])
    op.create_index("ix_rect_satisfaction_rated_day", "rect_satisfaction", ["rated_day"])


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
    with op.batch_alter_table("service_items") as batch:
        batch.drop_column("rectification_days")
