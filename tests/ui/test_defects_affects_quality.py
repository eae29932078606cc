"""直接影响产品质量 in the defect editor: asked only where the inspection's rule profile reads
it (the 2015 device rule), saved at once like 真实性问题, marked in the defect list and shown
in the audit trail as old → new. Real widgets; assertions on the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tests.ui.test_defects import open_panel, type_text

from inspector_app.domain.model import Defect
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.audit_view import FIELD_LABELS, AuditTrailDialog, display_value
from inspector_app.ui.defects.editor import QUALITY_METRIC, DefectEditor
from inspector_app.ui.defects.panel import DefectPanel
from inspector_app.ui.session import InspectionSession

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"

# No 2015 device checklist ships (only its rule profile, for old records): a small one here.
DEVICE_2015 = """\
format: 1
id: device-mini-2015
version: 1
title: 医疗器械GMP（2015年）测试检查表
kind: device-gmp
regulation:
  name: 医疗器械生产质量管理规范
  issuer: 国家食品药品监督管理总局
  version: 2014年
  effective_date: 2015-03-01
tiers: [key, general]
rule_profile: device-gmp-2015
sections:
  - id: ch1
    code: 第一章
    title: 机构与人员
    items:
      - {id: m-1, code: "*1.1.1", refs: [5], requirement: 建立生产质量管理机构。, tier: key}
      - {id: m-2, code: "1.2.1", refs: [6], requirement: 管理者代表职责明确。, tier: general}
"""


@pytest.fixture
def device_app(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "device-mini-2015.v1.yaml").write_text(DEVICE_2015, encoding="utf-8")
    application = App(tmp_path / "data", actor="测试员", checklist_dirs=[FIXTURES, folder])
    yield application
    application.close()


def session_on(app: App, checklist_id: str) -> InspectionSession:
    insp = ops.create_inspection(
        app,
        company_name="质量影响测试",
        inspection_type="gmp_compliance",
        checklist_id=checklist_id,
    )
    ops.start_on_site(app, insp.id)
    return InspectionSession(app, insp.id)


def new_editor(qtbot, session: InspectionSession) -> tuple[DefectPanel, DefectEditor]:
    panel, opened = open_panel(session, qtbot)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    [editor] = opened
    return panel, editor


def test_the_2015_device_rule_reads_the_flag_and_the_drug_rule_does_not(device_app):
    # What the editor's visibility rests on: the profiles themselves, not a list in the UI.
    assert device_app.profiles["device-gmp-2015"].uses_metric(QUALITY_METRIC)
    assert not device_app.profiles["drug-inspection-2023"].uses_metric(QUALITY_METRIC)


def test_device_2015_editor_asks_saves_audits_and_marks_the_flag(qtbot, device_app):
    session = session_on(device_app, "device-mini-2015")
    panel, editor = new_editor(qtbot, session)
    check = editor.findChild(type(editor.falsification_check), "affectsQualityCheck")
    assert check is editor.affects_quality_check
    assert check.isVisible() and check.text() == "直接影响产品质量"
    # The tooltip names the rule that reads it and what it can lead to.
    tip = check.toolTip()
    profile = device_app.profiles["device-gmp-2015"]
    assert profile.title in tip and profile.regulation.title in tip
    assert "未通过检查" in tip

    type_text(editor.facts_edit, "灭菌柜温度探头未校准，已用于放行批次。")
    assert editor.save_now(explicit=False)
    [before] = ops.load_inspection(device_app, session.inspection_id).defects
    assert before.affects_quality is False

    check.click()  # a choice saves at once
    [after] = ops.load_inspection(device_app, session.inspection_id).defects
    assert after.id == before.id and after.affects_quality is True
    assert after.falsification is False

    trail = AuditTrailDialog(session)
    qtbot.addWidget(trail)
    table = trail.table
    assert (table.item(0, 3).text(), table.item(0, 4).text()) == ("直接影响产品质量", "否 → 是")
    assert table.item(0, 1).text() == "测试员"

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    # The list marks it the way it marks 真实性问题.
    panel.set_show_all(True)
    tree = panel.tree
    texts = [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]
    assert texts == ["【直接影响产品质量】灭菌柜温度探头未校准，已用于放行批次。"]

    # Reopened, the editor shows the stored flag; unticking saves False.
    again = DefectEditor(session, defect_id=after.id)
    qtbot.addWidget(again)
    again.show()
    assert again.affects_quality_check.isChecked()
    again.affects_quality_check.click()
    assert device_app.store.get("defect", after.id).affects_quality is False


def test_drug_gmp_editor_does_not_ask_and_never_clears_the_flag(qtbot, app):
    session = session_on(app, "mini-gmp")
    _, editor = new_editor(qtbot, session)
    assert not editor.affects_quality_check.isVisibleTo(editor)
    assert editor.falsification_check.isVisibleTo(editor)
    type_text(editor.facts_edit, "压差记录缺失")
    assert editor.save_now(explicit=False)
    assert "affects_quality" not in editor.values()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [defect] = ops.load_inspection(app, session.inspection_id).defects
    assert defect.affects_quality is False

    # Set elsewhere (another tool, a file): editing here leaves it alone.
    ops.update_defect(app, defect.id, {"affects_quality": True})
    session.reload()
    other = DefectEditor(session, defect_id=defect.id)
    qtbot.addWidget(other)
    other.show()
    other.location_edit.setText("灌装间")
    other.location_edit.editingFinished.emit()
    stored = app.store.get("defect", defect.id)
    assert stored.location == "灌装间" and stored.affects_quality is True


def test_every_editable_defect_field_has_an_audit_label():
    not_edited = {"id", "inspection_id", "author", "created_at"}
    assert sorted(set(Defect.model_fields) - not_edited - set(FIELD_LABELS)) == []
    assert FIELD_LABELS["affects_quality"] == "直接影响产品质量"
    assert display_value("defect", "affects_quality", False) == "否"
