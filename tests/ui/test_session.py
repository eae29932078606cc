"""The UI session: every verb saves at once, undo/redo go through operations, locked records
ask for a revision reason."""

from __future__ import annotations

import io

from PIL import Image

from inspector_app.domain.model import ResultValue, SignatureRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.session import InspectionSession


def make(app):
    insp = ops.create_inspection(
        app, company_name="会话测试药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    return InspectionSession(app, insp.id)


def stored_result(app, session, item_id):
    r = ops.load_inspection(app, session.inspection_id).result_for(item_id)
    return r.result if r else None


def test_result_undo_redo_round_trip(qtbot, app):
    session = make(app)
    with qtbot.waitSignal(session.saved):
        session.set_result("t-048", ResultValue.CONFORMING)
    session.set_result("t-048", ResultValue.NON_CONFORMING, note="压差 3 Pa")
    assert stored_result(app, session, "t-048") is ResultValue.NON_CONFORMING
    session.undo_stack.undo()
    assert stored_result(app, session, "t-048") is ResultValue.CONFORMING
    session.undo_stack.undo()
    assert stored_result(app, session, "t-048") is ResultValue.NOT_CHECKED
    session.undo_stack.redo()
    session.undo_stack.redo()
    record = ops.load_inspection(app, session.inspection_id)
    assert record.result_for("t-048").note == "压差 3 Pa"


def test_defect_add_delete_undo(qtbot, app):
    session = make(app)
    defect = session.add_defect(severity="major", facts="偏差未调查")
    session.update_defect(defect.id, {"severity": "critical"})
    session.delete_defect(defect.id)
    assert ops.load_inspection(app, session.inspection_id).defects == []
    session.undo_stack.undo()  # undelete
    session.undo_stack.undo()  # back to major
    [d] = ops.load_inspection(app, session.inspection_id).defects
    assert d.severity.value == "major"
    session.undo_stack.undo()  # the add itself
    assert ops.load_inspection(app, session.inspection_id).defects == []


def test_refusal_reports_and_saves_nothing(qtbot, app):
    session = make(app)
    with qtbot.waitSignal(session.failed) as blocker:
        assert session.set_result("t-278", ResultValue.NOT_APPLICABLE) is None
    assert "reason is required" in blocker.args[0]
    assert session.undo_stack.count() == 0


def lock(app, session):
    png = io.BytesIO()
    Image.new("RGB", (50, 20), "white").save(png, "PNG")
    ops.sign(app, session.inspection_id, SignatureRole.INSPECTOR, "组长", png.getvalue())
    ops.sign(app, session.inspection_id, SignatureRole.COMPANY, "企业代表", png.getvalue())
    ops.close_on_site(app, session.inspection_id)
    session.reload()


def test_locked_record_asks_for_a_reason(qtbot, app):
    session = make(app)
    defect = session.add_defect(severity="general", facts="标识不清")
    lock(app, session)
    asked = []
    session.revision_reason_provider = lambda prompt: asked.append(prompt) or "企业补充证据后复核"
    assert session.update_defect(defect.id, {"severity": "major"}) is not None
    assert asked == ["修改缺陷"]
    trail = ops.audit_trail(app, session.inspection_id)
    assert trail[-1]["reason"] == "企业补充证据后复核"


def test_cancelled_reason_changes_nothing(qtbot, app):
    session = make(app)
    defect = session.add_defect(severity="general", facts="标识不清")
    lock(app, session)
    session.revision_reason_provider = lambda prompt: None
    with qtbot.waitSignal(session.failed):
        assert session.update_defect(defect.id, {"severity": "major"}) is None
    [d] = ops.load_inspection(app, session.inspection_id).defects
    assert d.severity.value == "general"
