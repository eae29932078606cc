"""A clause the checklist marks `verified: false` carries 〔条号待核实〕 in the item pane and in
the defect editor, with a tooltip for the center; a verified clause does not, and the defect
stores the clause text without the marker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.item_pane import ItemPane

CHECKLIST = """\
format: 1
id: flag-gmp
version: 1
title: 条号标注测试检查表
kind: drug-gmp
regulation:
  name: 药品生产质量管理规范
  issuer: 卫生部
  version: 2010年修订
  effective_date: 2011-03-01
rule_profile: drug-inspection-2023
sections:
  - id: ch3
    code: 第三章
    title: 机构与人员
    articles: [16, 37]
    items:
      - id: f-018
        code: 第十八条
        refs: [18]
        requirement: 人员数量和资质与生产规模相适应。
      - id: f-027
        code: 第二十七条
        refs:
          - {article: 27, verified: false}
          - {article: 44, source: 中华人民共和国药品管理法（2019年修订）, verified: false}
          - {article: 28, source: 另一份已核对的文件}
        requirement: 人员按年度计划接受培训并有记录。
"""
MARKER = "〔条号待核实〕"


@pytest.fixture
def flag_app(tmp_path: Path):
    """An App whose only checklist is the small one above (set up before qtbot, so widgets
    are closed before the App is)."""
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "flag-gmp.v1.yaml").write_text(CHECKLIST, encoding="utf-8")
    app = App(tmp_path / "data", actor="测试员", checklist_dirs=[lists])
    yield app
    app.close()


@pytest.fixture
def session(flag_app: App, qtbot):
    insp = ops.create_inspection(
        flag_app,
        company_name="标注测试药业",
        inspection_type="gmp_compliance",
        checklist_id="flag-gmp",
    )
    ops.start_on_site(flag_app, insp.id)
    return InspectionSession(flag_app, insp.id)


def show(qtbot, session: InspectionSession, item_id: str) -> ItemPane:
    pane = ItemPane(session)
    qtbot.addWidget(pane)
    pane.set_item(session.checklist.items_by_id()[item_id])
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_an_unverified_clause_is_marked_in_the_item_pane(qtbot, session):
    pane = show(qtbot, session, "f-027")
    text = pane.refs.text()
    # Both flagged clauses are marked, each right after its own citation; the verified one not.
    assert text.count(MARKER) == 2
    assert text.index("第二十七条") < text.index(MARKER)
    assert "《中华人民共和国药品管理法（2019年修订）》第四十四条 <span" in text
    assert text.endswith("《另一份已核对的文件》第二十八条")
    assert "#b26a00" in text  # the marker, not the citation, is in the muted orange
    assert pane.refs.textFormat() == Qt.TextFormat.RichText
    assert "中心" in pane.refs.toolTip() and "法规正式文本" in pane.refs.toolTip()


def test_a_verified_clause_has_no_marker_and_no_tooltip(qtbot, session):
    pane = show(qtbot, session, "f-027")
    pane.set_item(session.checklist.items_by_id()["f-018"])  # the tooltip must not linger
    assert pane.refs.text() == "第十八条"
    assert pane.refs.toolTip() == ""
    pane.set_item(None)
    assert pane.refs.text() == "" and pane.refs.toolTip() == ""


def test_the_defect_editor_marks_the_same_clauses_and_stores_them_without_it(qtbot, session):
    editor = DefectEditor(session, None, item_id="f-027")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    shown = [editor.refs_list.item(i) for i in range(editor.refs_list.count())]
    assert [e.text() for e in shown] == [
        f"第二十七条  {MARKER}",
        f"《中华人民共和国药品管理法（2019年修订）》第四十四条  {MARKER}",
        "《另一份已核对的文件》第二十八条",
    ]
    assert shown[0].toolTip() and not shown[2].toolTip()

    editor.facts_edit.setFocus()
    for ch in "培训记录缺失":  # typing facts creates the defect
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                editor.facts_edit,
                QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch),
            )
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # 保存缺陷 finishes
    assert not editor.isVisible()
    [defect] = ops.load_inspection(session.app, session.inspection_id).defects
    assert defect.facts == "培训记录缺失"
    assert defect.clause_refs == [
        "第二十七条",
        "《中华人民共和国药品管理法（2019年修订）》第四十四条",
        "《另一份已核对的文件》第二十八条",
    ]
