"""The inspections list read with the standard library alone, for the window's first paint.

Opening the store proper imports SQLAlchemy and pydantic (most of a start's time); the list a
user sees first is one read of a few columns. This module answers it with `sqlite3`, through
a read-only connection that never creates, migrates or locks anything, and gives up (None)
whenever the file is not what it expects: no file yet, a schema it does not know, a busy or
damaged database. The store proper then opens as always and replaces these rows within a
second, so a wrong guess here is never what the user acts on. Same query as the store's
`inspection_rows` (tests/store/test_quick.py holds them equal).

An encrypted folder (store/crypto.py's marker) is read with SQLCipher and the data key when
one is given, and not at all without it (None): never a guess at what the bytes are.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector_app.store.crypto import MIGRATION_DIR, is_encrypted

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

DB_FILENAME = "inspector.sqlite"  # store.store imports it from here
# The request deadlines the last sync kept (sync/deadlines.py writes it, the list reads it).
DEADLINES_META_KEY = "deadlines"

_ROWS = """
SELECT i.id, i.company_name, i.inspection_type, i.status, i.checklist_id,
       i.checklist_version, i.planned_start, i.planned_end, i.actual_start, i.actual_end,
       i.archived,
       (SELECT r.number FROM issued_report r
         WHERE r.inspection_id = i.id AND r.deleted = 0
         ORDER BY r.revision DESC, r.issued_at DESC, r.id DESC LIMIT 1) AS issued_number,
       COALESCE(d.critical, 0) AS critical, COALESCE(d.major, 0) AS major,
       COALESCE(d.general, 0) AS general,
       (SELECT COUNT(DISTINCT c.record_id || '@' || c.hlc) FROM change_log c
         WHERE c.inspection_id = i.id AND c.acked_at IS NULL AND c.kind != 'audit')
         AS pending_sync
  FROM inspection i
  LEFT JOIN (SELECT inspection_id,
                    SUM(severity = 'critical') AS critical,
                    SUM(severity = 'major') AS major,
                    SUM(severity = 'general') AS general
               FROM defect WHERE deleted = 0 GROUP BY inspection_id) d
    ON d.inspection_id = i.id
 WHERE i.deleted = 0 AND i.archived = 0
 ORDER BY i.id DESC
"""


def inspection_rows(data_dir: Path, key: DataKey | None = None) -> list[dict[str, Any]] | None:
    """The list's rows (not archived, newest first), or None when only the store can say."""
    conn = connect_read_only(data_dir, key)
    if conn is None:
        return None
    try:
        return [
            dict(zip([d[0] for d in cur.description], row, strict=True))
            for cur in [conn.execute(_ROWS)]
            for row in cur
        ]
    except Exception:  # an older or newer schema, a damaged file: the store will say
        return None
    finally:
        conn.close()


def meta_value(data_dir: Path, key: str, data_key: DataKey | None = None) -> str | None:
    """One value of the store's meta table (None: absent, or the file cannot be read)."""
    conn = connect_read_only(data_dir, data_key)
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
    except Exception:  # sqlite3's or SQLCipher's error classes alike
        return None
    finally:
        conn.close()


def connect_read_only(
    data_dir: Path, key: DataKey | None = None, timeout: float = 0.2
) -> sqlite3.Connection | None:
    """A read-only connection to the store's file, or None when only the store proper may open
    it: no file yet, an encryption under way, an encrypted file without (or with the wrong)
    key, a busy or unreadable file. Never creates the file or its -wal. The first paint's short
    default timeout: a writer elsewhere (sync in another process) must not hold it up."""
    path = Path(data_dir) / DB_FILENAME
    if not path.is_file():
        return None
    if (Path(data_dir) / MIGRATION_DIR).is_dir():
        return None  # being encrypted: the store refuses it too, and says why
    if is_encrypted(data_dir):
        return None if key is None else connect_keyed(path, key, timeout=timeout)
    try:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error:
        return None


def connect_keyed(path: Path, key: DataKey, timeout: float) -> sqlite3.Connection | None:
    """A read-only SQLCipher connection, or None (wrong key, busy, damaged)."""
    try:
        import sqlcipher3  # lazily: a plain folder's first paint never loads it

        conn = sqlcipher3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=timeout)
    except Exception:
        return None
    try:
        conn.execute(key.sqlcipher_pragma())
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:
        conn.close()
        return None
    return conn
