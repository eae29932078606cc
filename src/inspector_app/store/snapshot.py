"""One inspection's rows read with the standard library alone, for commands that only read.

A report is one read of one inspection, yet opening the store proper imports SQLAlchemy
(≈ 0.16 s, a fifth of the `report` command's wall time). This module reads the same rows
with `sqlite3` in one read transaction — the inspection, its child records (tombstones
included: the report's digest covers them) and its audit trail — and decodes them exactly as
the store does (JSON columns parsed, booleans as bool), so `model_validate(row,
context=STORED)` gives the same entity either way (tests/store/test_snapshot.py holds them
equal, and these column lists equal to store/tables.py).

Like store/quick.py it gives up (None) rather than guess: no file yet, a schema older or
newer than this build's newest migration (the store proper migrates or refuses it with its
message), a busy or damaged file, an encrypted folder without its key (D36).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector_app.store.quick import connect_read_only

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"

# Children of an inspection, in the order the record and the interchange format list them.
CHILD_KINDS = (
    "team_member",
    "item_result",
    "defect",
    "photo",
    "signature",
    "review",
    "review_response",
    "issued_report",
)
# Columns stored as JSON text and as 0/1, per table (store/tables.py; a test compares).
JSON_COLUMNS = {
    "inspection": ("products", "scope_sections", "scope_tags"),
    "defect": ("clause_refs", "origin_answer"),
    "photo": ("annotations",),
    "audit_log": ("old", "new"),
}
BOOL_COLUMNS = {
    "inspection": ("deleted", "archived"),
    "defect": ("deleted", "falsification", "affects_quality"),
    "audit_log": ("legacy",),
}
_DEFAULT_BOOLS = ("deleted",)


@cache
def head_revision() -> str:
    """The newest migration this build carries: the schema these reads were written for."""
    return max(p.name[:4] for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


@dataclass(frozen=True)
class RecordRows:
    """Stored rows, decoded: `inspection`, `children[kind]` (tombstones included, by id) and
    `audit` (in the trail's (time, id) order)."""

    inspection: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    audit: list[dict[str, Any]]


def _decode(table: str, row: dict[str, Any]) -> dict[str, Any]:
    values = dict(row)
    for name in JSON_COLUMNS.get(table, ()):
        if values.get(name) is not None:
            values[name] = json.loads(values[name])
    for name in BOOL_COLUMNS.get(table, _DEFAULT_BOOLS):
        if values.get(name) is not None:
            values[name] = bool(values[name])
    return values


def _dict_row(cursor: Any, row: tuple) -> dict[str, Any]:
    # Not sqlite3.Row: SQLCipher's connections have their own Row class.
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def read_record(
    data_dir: Path, inspection_id: str, key: DataKey | None = None
) -> RecordRows | None:
    """The inspection's rows, or None when only the store proper can answer (see module
    docstring) — including when there is no such inspection, so the store's message names it.
    `key`: an encrypted folder's data key (without it such a folder gives None)."""
    conn = connect_read_only(data_dir, key, timeout=2.0)
    if conn is None:
        return None
    try:
        conn.row_factory = _dict_row
        conn.isolation_level = None
        conn.execute("BEGIN")  # one snapshot for every table (WAL readers see one commit)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version["version_num"] != head_revision():
            return None
        row = conn.execute("SELECT * FROM inspection WHERE id = ?", (inspection_id,)).fetchone()
        if row is None:
            return None
        children = {
            kind: [
                _decode(kind, r)
                for r in conn.execute(
                    f"SELECT * FROM {kind} WHERE inspection_id = ? ORDER BY id",
                    (inspection_id,),
                )
            ]
            for kind in CHILD_KINDS
        }
        audit = [
            _decode("audit_log", r)
            for r in conn.execute(
                "SELECT * FROM audit_log WHERE inspection_id = ? ORDER BY at, id",
                (inspection_id,),
            )
        ]
        conn.execute("COMMIT")
        return RecordRows(_decode("inspection", row), children, audit)
    except Exception:  # a schema this build does not know, a damaged or busy file
        return None
    finally:
        conn.close()
