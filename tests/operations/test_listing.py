"""The first paint's list (operations/listing.py over store/quick.py, stdlib sqlite3 only)
equals the store's list, and gives up rather than guess."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from inspector_app.domain.model import Severity
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo
from inspector_app.operations.listing import first_paint_rows
from inspector_app.store.quick import DB_FILENAME


def _as_text(rows) -> list[dict]:
    return [{k: (str(v) if v is not None else None) for k, v in r.as_dict().items()} for r in rows]


def test_first_paint_rows_equal_the_stores(tmp_path):
    with App(tmp_path, actor="测试员") as app:
        demo = seed_demo(app)
        other = ops.create_inspection(
            app,
            company_name="第二家企业",
            inspection_type="licence",
            checklist_id="drug-licence-2020",
        ).id
        ops.add_defect(app, other, severity=Severity.MAJOR, facts="主要缺陷。")
        gone = ops.create_inspection(
            app,
            company_name="已归档企业",
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
        ).id
        ops.update_inspection(app, gone, {"archived": True})
        expected = ops.list_inspections(app)
    got = first_paint_rows(tmp_path)
    assert got is not None
    assert _as_text(got) == _as_text(expected)
    assert {r.id for r in got} == {demo, other}
    assert next(r for r in got if r.id == demo).critical >= 1


def test_no_database_yet_means_wait_for_the_store(tmp_path):
    assert first_paint_rows(tmp_path) is None
    assert not (tmp_path / DB_FILENAME).exists()  # read-only: nothing created


def test_a_file_it_does_not_understand_gives_none(tmp_path):
    (tmp_path / DB_FILENAME).write_bytes(b"not a database at all" * 100)
    assert first_paint_rows(tmp_path) is None
    other = tmp_path / "other"
    other.mkdir()
    con = sqlite3.connect(other / DB_FILENAME)
    con.execute("CREATE TABLE inspection (id TEXT)")  # a schema it does not know
    con.commit()
    con.close()
    assert first_paint_rows(other) is None


def test_the_first_paint_imports_neither_sqlalchemy_nor_pydantic():
    code = (
        "import sys, inspector_app.ui.main_window, inspector_app.operations.listing;"
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'httpx', 'reportlab') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
