"""A flood in a text field is refused before the write lock, quickly, and nothing is written:
no record, no change-log row, no audit row (issue 10: a 20 MB defect text held the lock 12 s)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import MAX_FACTS, MAX_NOTE, ResultValue, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.interchange import (
    InterchangeError,
    export_inspection,
    import_inspection,
)
from inspector_app.store import tables

FIXTURES = Path(__file__).parent / "fixtures"

FLOOD = "缺" * (20 * 1024 * 1024 // 3)  # 20 MB of UTF-8


def new_inspection(app):
    return ops.create_inspection(
        app,
        company_name="某某制药有限公司",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        planned_start=date(2026, 11, 24),
        planned_end=date(2026, 11, 25),
        team=[ops.TeamMemberInput("王组长", TeamRole.LEAD)],
    )


def counts(app) -> dict[str, int]:
    with app.store.read() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("defect", tables.ENTITY_TABLES["defect"]),
                ("change_log", tables.change_log),
                ("audit_log", tables.audit_log),
            )
        }


def test_a_20_mb_defect_text_is_refused_quickly_and_nothing_is_written(app):
    insp = new_inspection(app)
    before = counts(app)
    started = time.perf_counter()
    with pytest.raises(DomainError) as caught:
        ops.add_defect(app, insp.id, severity="major", facts=FLOOD)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert caught.value.field == "facts"
    assert f"at most {MAX_FACTS} characters" in str(caught.value)
    assert counts(app) == before
    assert len(str(caught.value)) < 200  # the message does not echo the flood


def test_an_update_over_the_limit_is_refused_and_the_defect_kept(app):
    insp = new_inspection(app)
    defect = ops.add_defect(app, insp.id, severity="major", facts="未按规定进行清洁验证。")
    before = counts(app)
    started = time.perf_counter()
    with pytest.raises(DomainError, match=f"facts: at most {MAX_FACTS} characters"):
        ops.update_defect(app, defect.id, {"facts": FLOOD})
    assert time.perf_counter() - started < 1.0
    assert counts(app) == before
    assert app.store.get("defect", defect.id).facts == "未按规定进行清洁验证。"
    at_limit = ops.update_defect(app, defect.id, {"facts": "实" * MAX_FACTS})
    assert len(at_limit.facts) == MAX_FACTS


def test_an_item_note_over_the_limit_is_refused(app):
    insp = new_inspection(app)
    before = counts(app)
    with pytest.raises(DomainError, match=f"note: at most {MAX_NOTE} characters"):
        ops.record_result(
            app, insp.id, "t-048", ResultValue.NON_CONFORMING, note="注" * (MAX_NOTE + 1)
        )
    assert counts(app) == before
    ops.record_result(app, insp.id, "t-048", ResultValue.NON_CONFORMING, note="注" * MAX_NOTE)


def test_an_interchange_file_with_a_text_over_the_limit_is_refused_whole(app, tmp_path):
    insp = new_inspection(app)
    ops.add_defect(app, insp.id, severity="major", facts="未按规定进行清洁验证。")
    doc = json.loads(export_inspection(app, insp.id))
    doc["defects"][0]["facts"] = "实" * (MAX_FACTS + 1)
    other = App(tmp_path / "other", actor="李检查", checklist_dirs=[FIXTURES])
    try:
        with pytest.raises(InterchangeError) as caught:
            import_inspection(other, json.dumps(doc).encode(), "crafted.json")
        assert str(caught.value) == (
            f"crafted.json: defects.0.facts: at most {MAX_FACTS} characters"
        )
        assert ops.list_inspections(other) == []
    finally:
        other.close()
