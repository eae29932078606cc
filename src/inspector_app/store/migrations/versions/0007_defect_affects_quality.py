"""Defects that directly affect product quality (直接影响产品质量), read by the 2015 device rule.

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
    # Existing defects were never assessed for it: false, the model's default.
    with op.batch_alter_table("defect") as batch:
        batch.add_column(
            sa.Column("affects_quality", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("defect") as batch:
        batch.drop_column("affects_quality")
