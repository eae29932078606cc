"""Photos record the defect they were deleted together with (`photo.deleted_with`), so a
defect's restore brings back exactly those photos instead of matching audit timestamps.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no backfill: a row must stay what its change entries say (store/merge.py), and
    # a defect is restored by the session's undo, which does not outlive the app that deleted it.
    with op.batch_alter_table("photo") as batch:
        batch.add_column(sa.Column("deleted_with", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("photo") as batch:
        batch.drop_column("deleted_with")
