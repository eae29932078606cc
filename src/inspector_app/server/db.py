"""The server's tables (SQLAlchemy Core), engine set-up and migrations.

Works on SQLite (the no-setup default) and PostgreSQL (production). Writers are serialised:
SQLite by BEGIN IMMEDIATE, PostgreSQL by one transaction-scoped advisory lock. That makes the
order in which `seq` values are handed out the order in which they commit, so a client that
pulled up to seq N can never later miss an entry with a smaller seq that was still in flight.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    text,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.store.db import configure_sqlite, json_compact

HEAD_REVISION = "0010"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0009")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Arbitrary constant naming the one advisory lock every PostgreSQL writer takes.
WRITE_LOCK_KEY = 0x1A5EC7
MIGRATE_LOCK_KEY = 0x1A5EC8  # held while one process migrates (session-level)
Seq = BigInteger().with_variant(Integer, "sqlite")  # SQLite AUTOINCREMENT needs INTEGER

metadata = MetaData()

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),  # inspector | reviewer | admin
    Column("created_at", Text, nullable=False),
    # The console (schema 0003): argon2id hash (NULL: no console sign-in), the name shown,
    # disabled_at, and lock-out state shared by every worker.
    Column("password_hash", Text),
    Column("display_name", Text, nullable=False, default=""),
    Column("disabled_at", Text),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", Text),
)

# Console sessions (schema 0003): only the SHA-256 of the cookie value is stored.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", Text, primary_key=True),
    Column("user_name", Text, ForeignKey("users.name"), nullable=False, index=True),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("last_seen_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
)

# The last report number issued per year (schema 0003), taken in the issuing transaction.
report_numbers = Table(
    "report_numbers",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last", Integer, nullable=False),
)

# The review list's summary (schema 0004), derived from `winners` by server/console/summary.py.
console_summary = Table(
    "console_summary",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("team", Text),
    Column("company", Text, nullable=False),
    Column("inspection_type", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("planned_start", Text),
    Column("planned_end", Text),
    Column("actual_start", Text),
    Column("actual_end", Text),
    Column("deleted", Boolean, nullable=False),
    Column("n_critical", Integer, nullable=False),
    Column("n_major", Integer, nullable=False),
    Column("n_general", Integer, nullable=False),
    Column("n_total", Integer, nullable=False),
    Column("people", Text, nullable=False),  # team members' and defect authors' names
    Column("clauses", Text, nullable=False),  # the defects' clause_refs
    Column("facts", Text, nullable=False),  # the live defects' facts
    Index("ix_console_summary_planned", "planned_start"),
)

teams = Table("teams", metadata, Column("name", Text, primary_key=True))

memberships = Table(
    "memberships",
    metadata,
    Column("user_name", Text, ForeignKey("users.name"), primary_key=True),
    Column("team", Text, ForeignKey("teams.name"), primary_key=True),
    # Order the user joined the teams: a new inspection goes to the first one.
    Column("position", Integer, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", Text, primary_key=True),
    Column("user_name", Text, ForeignKey("users.name"), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),  # SHA-256 of the bearer token
    Column("enrolled_at", Text, nullable=False),
    Column("revoked_at", Text),
    # Ed25519 public key (base64, sync/signing.py) registered at enrolment; NULL for devices
    # enrolled before schema 0002: their entries are refused until the laptop re-enrols.
    Column("public_key", Text),
)

enroll_codes = Table(
    "enroll_codes",
    metadata,
    Column("code_hash", Text, primary_key=True),
    Column("user_name", Text, ForeignKey("users.name"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("used_at", Text),
    Column("used_by_device", Text),
)

# Which team owns an inspection: the team of the user who first pushed it.
inspections = Table(
    "inspections",
    metadata,
    Column("id", Text, primary_key=True),
    Column("team", Text, ForeignKey("teams.name"), nullable=False, index=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# Every entry ever accepted, in arrival order: the pull cursor is `seq`.
changes = Table(
    "changes",
    metadata,
    Column("seq", Seq, Identity(), primary_key=True),
    Column("change_id", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", JSON),
    Column("hlc", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("base_hlc", Text),
    Column("user_name", Text, nullable=False),  # the author device's user
    Column("received_at", Text, nullable=False),
    # The author device's signature (sync/signing.py), verified on arrival and passed on in
    # pulls so laptops can check it too. NULL only for entries stored before schema 0002.
    Column("signature", Text),
    Index("ix_changes_inspection_seq", "inspection_id", "seq"),
    Index("ix_changes_record", "kind", "record_id"),
    sqlite_autoincrement=True,  # never reuse a seq, even after the newest row is gone
)

# The materialised state: the winning entry of every field (domain.merge rule).
winners = Table(
    "winners",
    metadata,
    Column("kind", Text, primary_key=True),
    Column("record_id", Text, primary_key=True),
    Column("field", Text, primary_key=True),
    Column("inspection_id", Text, nullable=False, index=True),
    Column("value", JSON),
    Column("hlc", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("change_id", Text, nullable=False),
    Column("base_hlc", Text),
)

# A value that lost to a concurrent one; id = the losing change id (one row per replica).
conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Text, primary_key=True),
    Column("seq", Seq, nullable=False, index=True),  # the entry whose arrival revealed it
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False, index=True),
    Column("field", Text, nullable=False),
    Column("losing_value", JSON),
    Column("losing_hlc", Text, nullable=False),
    Column("losing_device_id", Text, nullable=False),
    Column("winning_value", JSON),
    Column("winning_hlc", Text, nullable=False),
    Column("winning_device_id", Text, nullable=False),
    Column("detected_at", Text, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("created_at", Text, nullable=False),
)

# Which inspections reference a blob (photo.sha256, signature.image_sha256): who may GET it.
blob_refs = Table(
    "blob_refs",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("inspection_id", Text, primary_key=True),
)

# Which devices proved they hold a blob's bytes (sent the upload's last chunk, hash checked):
# a device may GET a blob only if a device of the referencing inspection's team uploaded it,
# so knowing a hash is not enough (server/uploads.py may_download).
blob_uploaders = Table(
    "blob_uploaders",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("device_id", Text, primary_key=True),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Text, primary_key=True),
    Column("sha256", Text, nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("temp_path", Text, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

# Immutable per (id, version). `seq` comes from the change sequence so checklists reach
# laptops through the same pull cursor.
checklists = Table(
    "checklists",
    metadata,
    Column("id", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("sha256", Text, nullable=False),
    Column("yaml", Text, nullable=False),
    Column("seq", Seq, nullable=False, unique=True),
    Column("added_at", Text, nullable=False),
)


class ServerDbError(InspectorError, RuntimeError):
    """The database cannot be used; the message says why."""


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(
            url, json_serializer=json_compact, pool_size=20, max_overflow=40, pool_pre_ping=True
        )
    engine = create_engine(
        url, json_serializer=json_compact, pool_size=8, max_overflow=16, pool_timeout=60
    )
    configure_sqlite(engine, busy_timeout_ms=30_000)
    return engine


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One serialised writer transaction; commits when the block ends without an exception."""
    if is_sqlite(engine):
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
            yield conn
    else:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read transaction whose statements all see one snapshot."""
    if is_sqlite(engine):
        with engine.connect() as conn, conn.begin():
            yield conn
    else:
        options = {"isolation_level": "REPEATABLE READ"}
        with engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn


def allocate_seq(conn: Connection) -> int:
    """Take one value of the change sequence (for a checklist). Call inside a writer."""
    if is_sqlite(conn):
        row = conn.execute(
            text(
                "INSERT INTO changes (change_id, kind, record_id, inspection_id, field, hlc,"
                " device_id, user_name, received_at) VALUES ('-', '-', '-', '-', '-', '-',"
                " '-', '-', '-') RETURNING seq"
            )
        ).scalar_one()
        conn.execute(text("DELETE FROM changes WHERE seq = :seq"), {"seq": row})
        return int(row)
    return int(
        conn.execute(text("SELECT nextval(pg_get_serial_sequence('changes', 'seq'))")).scalar_one()
    )


# ---- migrations --------------------------------------------------------------------------


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to HEAD; refuse a database written by a newer server."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise ServerDbError(
            f"the database has schema {revision}, newer than this server understands "
            f"({HEAD_REVISION}); install the newer inspector-server. Nothing was changed."
        )
    # Imported here: Alembic is needed only when the schema actually changes.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        if not is_sqlite(engine):
            # Several workers starting together on an older schema: one migrates, the others
            # wait here and then find the schema current (Alembic skips applied revisions).
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, HEAD_REVISION)
            conn.commit()
        finally:
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATE_LOCK_KEY})
                conn.commit()
