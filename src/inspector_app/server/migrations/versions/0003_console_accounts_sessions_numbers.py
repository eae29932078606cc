"""The review console (issue 11): people's accounts, sessions in the database, report numbers.

- users: an argon2id password hash (NULL: no console sign-in, e.g. an inspector who only
  uses a laptop), a display name, disabled_at, and the lock-out state (failed_logins,
  locked_until) — in the database so every server worker sees the same.
- web_sessions: server-side sessions (only the SHA-256 of the cookie value is stored) with
  their CSRF token.
- report_numbers: the last number issued per year: numbers are taken in the issuing
  transaction, so they are unique and without gaps.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite too): rebuilding `users` would break the foreign keys to it.
    op.add_column("users", sa.Column("password_hash", sa.Text))
    op.add_column(
        "users", sa.Column("display_name", sa.Text, nullable=False, server_default=sa.text("''"))
    )
    op.add_column("users", sa.Column("disabled_at", sa.Text))
    op.add_column(
        "users",
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.add_column("users", sa.Column("locked_until", sa.Text))
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.Text, primary_key=True),
        sa.Column("user_name", sa.Text, sa.ForeignKey("users.name"), nullable=False, index=True),
        sa.Column("csrf_token", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_seen_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
    )
    op.create_table(
        "report_numbers",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_numbers")
    op.drop_table("web_sessions")
    with op.batch_alter_table("users") as batch:
        for name in ("locked_until", "failed_logins", "disabled_at", "display_name"):
            batch.drop_column(name)
        batch.drop_column("password_hash")
