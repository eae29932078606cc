"""One read of one inspection (operations/records.py over store/snapshot.py): the standard
library's read gives exactly what the store proper gives, gives up rather than guesses, and
the report command reaches it without importing SQLAlchemy."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.operations import inspections as ops
from inspector_app.operations import records
from inspector_app.operations.demo import seed_demo
from inspector_app.operations.photos import save_annotations
from inspector_app.store import db, snapshot, tables
from inspector_app.store.quick import DB_FILENAME

from .test_interchange import populated


def test_column_lists_match_the_tables() -> None:
    from sqlalchemy import JSON, Boolean

    def typed(kind: type) -> dict[str, tuple[str, ...]]:
        found = {}
        for table in tables.metadata.sorted_tables:
            names = tuple(c.name for c in table.columns if isinstance(c.type, kind))
            if names:
                found[table.name] = names
        return found

    json_columns = {
        t: c
        for t, c in typed(JSON).items()
        if t in snapshot.JSON_COLUMNS or t in tables.ENTITY_TABLES or t == "audit_log"
    }
    assert {t: set(c) for t, c in json_columns.items()} == {
        t: set(c) for t, c in snapshot.JSON_COLUMNS.items()
    }
    bools = {
        t: c for t, c in typed(Boolean).items() if t in tables.ENTITY_TABLES or t == "audit_log"
    }
    for table, names in bools.items():
        assert set(names) == set(snapshot.BOOL_COLUMNS.get(table, ("deleted",))), table
    assert set(snapshot.CHILD_KINDS) == set(tables.ENTITY_TABLES) - {"inspection"}


def test_head_revision_is_the_stores() -> None:
    assert snapshot.head_revision() == db.HEAD_REVISION


def test_the_fast_read_equals_the_stores(app, tmp_path: Path) -> None:
    iid = populated(app, tmp_path)
    photo = ops.load_inspection(app, iid).photos[0]
    save_annotations(
        app,
        photo.id,
        [{"type": "arrow", "x1": 0.1, "y1": 0.1, "x2": 0.5, "y2": 0.5}],
        revision_reason="补充标注",
    )
    fast = records.read_snapshot(app, iid)
    slow = records._read_through_store(app, iid)
    assert fast == slow
    assert fast.document() == slow.document()
    # Tombstones are in the snapshot (the digest covers them), not in the working record.
    assert any(d.deleted for d in fast.children["defect"])
    assert all(not d.deleted for d in fast.record().defects)
    assert fast.record() == ops.load_inspection(app, iid)


def _revision(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (value,))
    conn.close()


def test_it_gives_up_rather_than_guesses(app, tmp_path: Path) -> None:
    iid = populated(app, tmp_path)
    assert snapshot.read_record(app.data_dir, iid) is not None
    assert snapshot.read_record(tmp_path / "nowhere", iid) is None
    assert snapshot.read_record(app.data_dir, "no-such-id") is None
    path = app.data_dir / DB_FILENAME
    _revision(path, "0001")  # a schema the store would migrate first
    assert snapshot.read_record(app.data_dir, iid) is None
    _revision(path, db.HEAD_REVISION)
    # And through operations, the store proper answers with its own message.
    with pytest.raises(Exception, match="no inspection with id no-such-id"):
        records.read_snapshot(app, "no-such-id")


def test_the_report_command_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    from inspector_app.operations import App

    data = tmp_path / "data"
    with App(data, actor="王建国") as demo_app:
        iid = seed_demo(demo_app)
    out = tmp_path / "list.pdf"
    probe = (
        "import sys, gc\n"
        "from inspector_app.cli import main\n"
        f"rc = main(['--data-dir', {str(data)!r}, 'report', {iid!r}, "
        f"'--template', 'defect-list', '-o', {str(out)!r}])\n"
        "print(rc, 'sqlalchemy' in sys.modules, gc.isenabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    # Rendered, without SQLAlchemy, and the collector is back on for an in-process caller.
    assert done.stdout.split()[-3:] == ["0", "False", "True"], done.stderr
    assert out.read_bytes().startswith(b"%PDF")
