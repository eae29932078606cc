"""Initial server schema: users, teams, devices, enrolment codes, change log, materialised
winners, conflicts, blobs and uploads, checklists.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "server_meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table("teams", sa.Column("name", sa.Text, primary_key=True))
    op.create_table(
        "memberships",
        sa.Column("user_name", sa.Text, sa.ForeignKey("users.name"), primary_key=True),
        sa.Column("team", sa.Text, sa.ForeignKey("teams.name"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("device_id", sa.Text, primary_key=True),
        sa.Column("user_name", sa.Text, sa.ForeignKey("users.name"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("enrolled_at", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text),
    )
    op.create_table(
        "enroll_codes",
        sa.Column("code_hash", sa.Text, primary_key=True),
        sa.Column("user_name", sa.Text, sa.ForeignKey("users.name"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
        sa.Column("used_at", sa.Text),
        sa.Column("used_by_device", sa.Text),
    )
    op.create_table(
        "inspections",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("team", sa.Text, sa.ForeignKey("teams.name"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_inspections_team", "inspections", ["team"])
    op.create_table(
        "changes",
        sa.Column("seq", SEQ, sa.Identity(), primary_key=True),
        sa.Column("change_id", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("base_hlc", sa.Text),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_inspection_seq", "changes", ["inspection_id", "seq"])
    op.create_index("ix_changes_record", "changes", ["kind", "record_id"])
    op.create_table(
        "winners",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("record_id", sa.Text, primary_key=True),
        sa.Column("field", sa.Text, primary_key=True),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("hlc", sa.Text, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("change_id", sa.Text, nullable=False),
        sa.Column("base_hlc", sa.Text),
    )
    op.create_index("ix_winners_inspection_id", "winners", ["inspection_id"])
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("losing_value", sa.JSON),
        sa.Column("losing_hlc", sa.Text, nullable=False),
        sa.Column("losing_device_id", sa.Text, nullable=False),
        sa.Column("winning_value", sa.JSON),
        sa.Column("winning_hlc", sa.Text, nullable=False),
        sa.Column("winning_device_id", sa.Text, nullable=False),
        sa.Column("detected_at", sa.Text, nullable=False),
    )
    op.create_index("ix_conflicts_seq", "conflicts", ["seq"])
    op.create_index("ix_conflicts_inspection_id", "conflicts", ["inspection_id"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "blob_refs",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("inspection_id", sa.Text, primary_key=True),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("sha256", sa.Text, nullable=False, unique=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("temp_path", sa.Text, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "checklists",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("seq", SEQ, nullable=False, unique=True),
        sa.Column("added_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "checklists",
        "uploads",
        "blob_refs",
        "blobs",
        "conflicts",
        "winners",
        "changes",
        "inspections",
        "enroll_codes",
        "devices",
        "memberships",
        "teams",
        "users",
        "server_meta",
    ):
        op.drop_table(name)
