"""Device public keys, change signatures and who uploaded each blob (issue 10).

- devices.public_key: the Ed25519 key registered at enrolment. Devices enrolled before stay
  NULL: their entries are refused as unsigned until the laptop re-enrols.
- changes.signature: the author device's signature of each accepted entry (NULL for entries
  accepted before this revision).
- blob_uploaders: the devices that sent a blob's bytes. Filled from the completed uploads
  this server already recorded (their device started or finished the upload, or asked for a
  blob the server already had — what the old server believed), so existing photos stay
  downloadable by their teams.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("public_key", sa.Text))
    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("signature", sa.Text))
    op.create_table(
        "blob_uploaders",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("device_id", sa.Text, primary_key=True),
    )
    op.execute(
        "INSERT INTO blob_uploaders (sha256, device_id) "
        "SELECT DISTINCT sha256, device_id FROM uploads WHERE complete"
    )


def downgrade() -> None:
    op.drop_table("blob_uploaders")
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("signature")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("public_key")
