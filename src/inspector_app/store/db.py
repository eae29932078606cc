"""Opening the SQLite database: durability pragmas, migrations with a backup first.

Durability: WAL with synchronous=FULL means a commit returns only after the WAL is fsynced,
so "saved" on screen is true even if the laptop loses power the next instant.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from inspector_app.domain.errors import InspectorError

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

# The newest migration this build knows. Checked against the Alembic scripts by a test, and
# used to skip loading Alembic at all on the common path (startup time).
HEAD_REVISION = "0010"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class StoreError(InspectorError, RuntimeError):
    """The database cannot be used; the message says why and what to do."""


class NewerDatabaseError(StoreError):
    pass


def make_engine(path: Path, key: DataKey | None = None) -> Engine:
    """The store's engine; with `key`, over SQLCipher (an encrypted folder, D36)."""
    options: dict = {}
    if key is not None:
        import sqlcipher3  # lazily: only encrypted folders need it

        # SQLAlchemy's pysqlite dialect over SQLCipher's module (same DB-API, its own
        # exception classes, so SQLAlchemy still wraps them), each connection keyed first.
        options = {"module": sqlcipher3.dbapi2, "creator": lambda: connect_encrypted(path, key)}
    engine = create_engine(
        f"sqlite:///{path}",
        # Readable Chinese in the audit trail and change log, and shorter rows.
        json_serializer=json_compact,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        **options,
    )
    configure_sqlite(engine, busy_timeout_ms=10_000)
    return engine


def connect_encrypted(path: Path, key: DataKey, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A SQLCipher connection with the raw key set before anything else; StoreError when the
    key does not open the file (another laptop's key, or a plain file). The read-only readers
    of the first paint and the report use store/quick.py's `connect_read_only` instead."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        conn.execute(key.sqlcipher_pragma())
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"{path}: the data key does not open this database ({exc}); the file was not changed"
        ) from None
    return conn


def json_compact(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Durability pragmas on every connection, and explicit BEGIN so that writers can ask for
    the write lock up front (`execution_options(sqlite_begin="IMMEDIATE")`). Shared by the
    laptop's store and the center's server when it runs on SQLite."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions are unreliable).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front so two writers never deadlock on upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def backup_file(
    db_path: Path, backups_dir: Path, revision: str | None, key: DataKey | None = None
) -> Path:
    """Consistent copy through SQLite's online backup API (includes the WAL's contents);
    encrypted with the same key when the store is (a backup never holds plain text)."""
    from inspector_app.store.crypto import create_private, secure_dir

    secure_dir(backups_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir / f"{db_path.stem}-schema{revision or 'none'}-{stamp}.sqlite"
    create_private(target)  # 0600 before SQLite writes a page
    if key is None:
        src = sqlite3.connect(db_path)
        dst = sqlite3.connect(target)
    else:
        src = connect_encrypted(db_path, key)
        dst = connect_encrypted(target, key)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def migrate(
    engine: Engine, db_path: Path, backups_dir: Path, key: DataKey | None = None
) -> Path | None:
    """Bring the schema to HEAD. Returns the backup made before migrating, if any."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"{db_path}: this database was written by a newer version of inspector_app "
            f"(schema {revision}; this version understands up to {HEAD_REVISION}). "
            "Install the newer version; the file was not changed."
        )
    backup = None
    if revision is not None:
        backup = backup_file(db_path, backups_dir, revision, key)
    elif _has_user_tables(engine):
        raise StoreError(
            f"{db_path}: not an inspector_app database (it has tables but no schema version); "
            "the file was not changed."
        )
    _run_alembic(engine, "upgrade", HEAD_REVISION)
    return backup


def _has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            ).first()
            is not None
        )


def _run_alembic(engine: Engine, verb: str, revision: str) -> None:
    # Imported here: Alembic costs tens of milliseconds and is needed only when migrating.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        getattr(command, verb)(config, revision)
        conn.commit()
