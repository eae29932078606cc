"""The audit-trail view: newest first, Chinese labels for codes, filter by record kind."""

from __future__ import annotations

from inspector_app.domain.model import ResultValue
from inspector_app.operations import inspections as ops
from inspector_app.ui.audit_view import AuditTrailDialog, display_value
from inspector_app.ui.session import InspectionSession


def test_values_read_as_people_say_them():
    assert display_value("defect", "severity", "critical") == "严重缺陷"
    assert display_value("item_result", "result", "not_applicable") == "不适用"
    assert display_value("signature", "role", "company") == "企业代表"
    assert display_value("defect", "falsification", True) == "是"
    assert display_value("defect", "clause_refs", ["第十条", "第十一条"]) == "第十条；第十一条"
    assert display_value("defect", "location", "") == "—"


def test_newest_first_and_filter_by_kind(qtbot, app):
    insp = ops.create_inspection(
        app, company_name="审计药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    session = InspectionSession(app, insp.id)
    session.set_result("t-048", ResultValue.NON_CONFORMING)
    defect = session.add_defect(severity="general", facts="压差记录缺失", item_id="t-048")
    session.update_defect(defect.id, {"severity": "major"})
    dialog = AuditTrailDialog(session)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.item(0, 4).text() == "一般缺陷 → 主要缺陷"  # the latest change on top
    assert table.item(0, 1).text() == "测试员"
    assert table.item(0, 2).text() == "缺陷：压差记录缺失"
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("item_result"))
    assert table.rowCount() == 1
    assert table.item(0, 2).text() == "检查结果：第四十八条"
    # A new change shows up while the dialog is open.
    dialog.kind_filter.setCurrentIndex(0)
    before = table.rowCount()
    session.update_defect(defect.id, {"location": "灌装间"})
    assert table.rowCount() == before + 1
    assert table.item(0, 3).text() == "位置"
