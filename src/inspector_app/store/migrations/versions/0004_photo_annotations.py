"""Photo annotations: a JSON list of shapes drawn over a photo, kept apart from its file.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing photos have no annotations: an empty JSON list, the model's default.
    with op.batch_alter_table("photo") as batch:
        batch.add_column(
            sa.Column("annotations", sa.JSON, nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("photo") as batch:
        batch.drop_column("annotations")
