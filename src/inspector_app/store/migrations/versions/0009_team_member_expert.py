"""A team member names the expert pool entry it was picked from (`team_member.expert_id`,
issue 14), so the declaration ticked in the wizard reaches the expert's register entry on the
server through sync.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no backfill: members typed by hand before the pool existed name no entry.
    with op.batch_alter_table("team_member") as batch:
        batch.add_column(sa.Column("expert_id", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team_member") as batch:
        batch.drop_column("expert_id")
