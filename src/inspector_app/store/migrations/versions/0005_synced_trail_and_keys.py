"""A synced, attributable audit trail; signed change entries; the team's device keys.

- audit_log: the person's server account and role, the marks of rows taken from an
  interchange file, and `legacy` for rows written before the trail was synced (they stay on
  this laptop; merges then wrote rows naming "device:<id>").
- change_log.signature: the author device's Ed25519 signature (base64), NULL until signed.
- device_key: the public keys of the team's devices, pulled from the server.
- held_change: bundle entries signed by a device whose key this laptop does not know yet;
  they wait, unapplied and visible, until a sync brings the key.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_EMPTY = sa.text("''")


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        for name in ("account", "role", "imported_from", "imported_by", "imported_at"):
            batch.add_column(sa.Column(name, sa.Text, nullable=False, server_default=_EMPTY))
        batch.add_column(
            sa.Column("legacy", sa.Boolean, nullable=False, server_default=sa.text("0"))
        )
    op.execute("UPDATE audit_log SET legacy = 1")
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("signature", sa.Text))
    op.create_table(
        "device_key",
        sa.Column("device_id", sa.Text, primary_key=True),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text),
        sa.Column("fetched_at", sa.Text, nullable=False),
    )
    op.create_table(
        "held_change",
        sa.Column("change_id", sa.Text, primary_key=True),
        sa.Column("entry", sa.JSON, nullable=False),
        sa.Column("device_id", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.Text, nullable=False, index=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("held_change")
    op.drop_table("device_key")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("signature")
    with op.batch_alter_table("audit_log") as batch:
        for name in ("legacy", "imported_at", "imported_by", "imported_from", "role", "account"):
            batch.drop_column(name)
