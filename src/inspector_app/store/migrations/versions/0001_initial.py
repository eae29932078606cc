"""Initial schema: entities, audit trail, change log, meta.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _entity(name: str, *columns: sa.Column, parent: bool = True) -> None:
    cols: list = [sa.Column("id", sa.Text, primary_key=True)]
    if parent:
        cols.append(
            sa.Column("inspection_id", sa.Text, sa.ForeignKey("inspection.id"), nullable=False)
        )
    cols.extend(columns)
    cols.append(sa.Column("deleted", sa.Boolean, nullable=False))
    op.create_table(name, *cols)
    if parent:
        op.create_index(f"ix_{name}_inspection_id", name, ["inspection_id"])


def upgrade() -> None:
    _entity(
        "inspection",
        sa.Column("company_name", sa.Text, nullable=False),
        sa.Column("site_address", sa.Text, nullable=False),
        sa.Column("products", sa.JSON, nullable=False),
        sa.Column("inspection_type", sa.Text, nullable=False),
        sa.Column("checklist_id", sa.Text, nullable=False),
        sa.Column("checklist_version", sa.Integer, nullable=False),
        sa.Column("scope_sections", sa.JSON, nullable=False),
        sa.Column("scope_tags", sa.JSON, nullable=False),
        sa.Column("planned_start", sa.Text),
        sa.Column("planned_end", sa.Text),
        sa.Column("actual_start", sa.Text),
        sa.Column("actual_end", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("document_no", sa.Text, nullable=False),
        sa.Column("conclusion_override", sa.Text),
        sa.Column("conclusion_override_reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        parent=False,
    )
    _entity(
        "team_member",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("declaration_signed_at", sa.Text),
    )
    _entity(
        "item_result",
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("declared_value", sa.Text, nullable=False),
        sa.Column("observed_value", sa.Text, nullable=False),
    )
    _entity(
        "defect",
        sa.Column("item_id", sa.Text),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("clause_refs", sa.JSON, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("suggested_rectification", sa.Text, nullable=False),
        sa.Column("falsification", sa.Boolean, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    _entity(
        "photo",
        sa.Column("defect_id", sa.Text, sa.ForeignKey("defect.id")),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("original_name", sa.Text, nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("taken_at", sa.Text),
    )
    op.create_index("ix_photo_defect_id", "photo", ["defect_id"])
    _entity(
        "signature",
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("image_sha256", sa.Text),
        sa.Column("signed_at", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old", sa.JSON),
        sa.Column("new", sa.JSON),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_inspection", "audit_log", ["inspection_id", "at"])
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("change_id", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
    )
    op.create_index("ix_change_field", "change_log", ["kind", "record_id", "field", "hlc"])
    op.create_index("ix_change_inspection", "change_log", ["inspection_id", "seq"])
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "meta",
        "change_log",
        "audit_log",
        "signature",
        "photo",
        "defect",
        "item_result",
        "team_member",
        "inspection",
    ):
        op.drop_table(name)
