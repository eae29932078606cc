"""A defect's 直接影响产品质量 flag (affects_quality) is a real field: set on creation, changed
with an audit row (a revision reason once the record is locked), kept by the JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector_app.domain.errors import DomainError
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.interchange import export_inspection, import_inspection

from .test_inspections import new_inspection, sign_both

FIXTURES = Path(__file__).parent / "fixtures"


def flag_rows(app, iid, defect_id):
    return [
        (r["action"], r["old"], r["new"], r["reason"])
        for r in ops.audit_trail(app, iid)
        if r["record_id"] == defect_id and r["field"] == "affects_quality"
    ]


def test_flag_defaults_to_false_and_is_set_on_creation(app):
    insp = new_inspection(app)
    plain = ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    flagged = ops.add_defect(
        app, insp.id, severity="general", facts="灭菌参数未验证", affects_quality=True
    )
    stored = {d.id: d for d in ops.load_inspection(app, insp.id).defects}
    assert stored[plain.id].affects_quality is False
    assert stored[flagged.id].affects_quality is True
    assert stored[flagged.id].falsification is False  # the two flags are independent


def test_changing_the_flag_is_audited_and_needs_a_reason_once_locked(app):
    insp = new_inspection(app)
    ops.start_on_site(app, insp.id)
    defect = ops.add_defect(app, insp.id, severity="general", facts="灭菌参数未验证")
    ops.update_defect(app, defect.id, {"affects_quality": True})
    assert flag_rows(app, insp.id, defect.id) == [("update", False, True, "")]

    sign_both(app, insp.id)
    ops.close_on_site(app, insp.id)
    with pytest.raises(DomainError, match="revision reason"):
        ops.update_defect(app, defect.id, {"affects_quality": False})
    assert app.store.get("defect", defect.id).affects_quality is True
    ops.update_defect(app, defect.id, {"affects_quality": False}, revision_reason="复核后更正")
    assert flag_rows(app, insp.id, defect.id)[-1] == ("update", True, False, "复核后更正")
    assert app.store.get("defect", defect.id).affects_quality is False


def test_export_and_import_keep_the_flag(app, tmp_path):
    insp = new_inspection(app)
    defect = ops.add_defect(
        app, insp.id, severity="general", facts="灭菌参数未验证", affects_quality=True
    )
    data = export_inspection(app, insp.id)
    [exported] = json.loads(data)["defects"]
    assert exported["affects_quality"] is True
    with App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[FIXTURES]) as other:
        import_inspection(other, data, "flag.json")
        assert other.store.get("defect", defect.id).affects_quality is True


def test_a_file_written_before_schema_0007_imports_with_the_flag_false(app, tmp_path):
    insp = new_inspection(app)
    defect = ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    doc = json.loads(export_inspection(app, insp.id))
    for record in doc["defects"]:
        del record["affects_quality"]  # what an older app wrote
    old = json.dumps(doc, ensure_ascii=False).encode()
    with App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[FIXTURES]) as other:
        import_inspection(other, old, "old.json")
        assert other.store.get("defect", defect.id).affects_quality is False
