"""The inspection workspace, driven through its real widgets and keys; asserts on the store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from inspector_app.domain.model import ResultValue, SignatureRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.workspace.checklist_model import ITEM_ID_ROLE, STATUS_COLUMN
from inspector_app.ui.workspace.window import WorkspaceWindow

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Window layout goes to a throwaway INI file, never the developer's own settings."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))


def new_inspection(app, **kw) -> str:
    insp = ops.create_inspection(
        app,
        company_name="工作区测试药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        **kw,
    )
    ops.start_on_site(app, insp.id)
    return insp.id


def open_window(qtbot, app, iid) -> WorkspaceWindow:
    window = WorkspaceWindow(app, iid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts and focus need the active window
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    return window


def type_text(widget, text: str) -> None:
    """Type as a Chinese input method does: one committed string per phrase.

    (QTest's keyClicks only knows Latin keys; Chinese arrives through the IME.)
    """
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def stored(app, iid, item_id):
    return ops.load_inspection(app, iid).result_for(item_id)


def visible_items(window) -> list[str]:
    """Item ids the tree shows, read from the view's model row by row."""
    model, out = window.tree.model(), []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            item_id = model.data(index, ITEM_ID_ROLE)
            if item_id:
                out.append(item_id)
            walk(index)

    walk(QModelIndex())
    return out


def test_answer_items_with_the_keyboard(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    assert window.current_item_id == "t-018"  # first item is current on opening
    assert window.tree.hasFocus()

    qtbot.keyClick(window.tree, Qt.Key.Key_1, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    assert window.current_item_id == "t-027"
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)  # crosses into the next section
    assert window.current_item_id == "t-048"
    qtbot.keyClick(window.tree, Qt.Key.Key_1, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_0, ALT)  # back to not checked

    assert stored(app, iid, "t-018").result is ResultValue.CONFORMING
    assert stored(app, iid, "t-027").result is ResultValue.NON_CONFORMING
    assert stored(app, iid, "t-048").result is ResultValue.NOT_CHECKED
    # The tree shows the marks and the section progress without a reset.
    index = window.model.index_of("t-027", STATUS_COLUMN)
    assert index.data() == "不符合"
    assert index.parent().siblingAtColumn(STATUS_COLUMN).data() == "已查 2/2"
    assert window.saved_label.text().startswith("已保存 ")
    assert window.pending_label.text().startswith("待同步 ")

    qtbot.keyClick(window.tree, Qt.Key.Key_Up, ALT)
    assert window.current_item_id == "t-027"


def test_typing_in_the_note_saves_and_never_answers(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    note = window.item_pane.note
    note.setFocus()
    type_text(note, "压差表读数")
    qtbot.keyClicks(note, " 12 Pa")
    assert stored(app, iid, "t-018") is None  # not yet: saved on leaving or after a pause
    qtbot.waitUntil(lambda: stored(app, iid, "t-018") is not None, timeout=3000)
    assert stored(app, iid, "t-018").note == "压差表读数 12 Pa"
    assert stored(app, iid, "t-018").result is ResultValue.NOT_CHECKED

    type_text(note, "，合格")
    window.tree.setFocus()  # focus leaves: saved at once
    assert stored(app, iid, "t-018").note == "压差表读数 12 Pa，合格"


def test_undo_and_redo_from_the_menu(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    qtbot.keyClick(window.tree, Qt.Key.Key_1, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    assert window.undo_action in window.menuBar().actions()[0].menu().actions()

    window.undo_action.trigger()
    assert stored(app, iid, "t-027").result is ResultValue.NOT_CHECKED
    assert window.model.index_of("t-027", STATUS_COLUMN).data() == ""
    window.undo_action.trigger()
    assert stored(app, iid, "t-018").result is ResultValue.NOT_CHECKED
    # The pane follows the undo to the item it changed.
    assert window.current_item_id == "t-018"
    assert window.item_pane.result_buttons[ResultValue.NOT_CHECKED].isChecked()

    window.redo_action.trigger()
    assert stored(app, iid, "t-018").result is ResultValue.CONFORMING
    assert window.item_pane.result_buttons[ResultValue.CONFORMING].isChecked()
    window.redo_action.trigger()
    assert stored(app, iid, "t-027").result is ResultValue.NON_CONFORMING
    assert window.model.index_of("t-027", STATUS_COLUMN).data() == "不符合"
    assert window.redo_action.shortcuts()  # shortcut shown in the menu


def test_search_narrows_the_tree_to_matching_items(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    assert visible_items(window) == ["t-018", "t-027", "t-048", "t-058", "t-278"]
    window.find_action.trigger()
    assert window.search.hasFocus()
    type_text(window.search, "温湿度")
    assert visible_items(window) == ["t-058"]
    window.search.setText("记录")  # in requirement or check text
    assert visible_items(window) == ["t-027", "t-048", "t-058"]
    window.search.setText("第二百七十八条")  # clause reference / code
    assert visible_items(window) == ["t-278"]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # Enter: to the first match
    assert window.current_item_id == "t-278" and window.tree.hasFocus()
    window.search.setText("没有这个词")
    assert visible_items(window) == []
    window.search.clear()
    assert len(visible_items(window)) == 5


def test_filters_unanswered_and_non_conforming(qtbot, app):
    iid = new_inspection(app)
    ops.record_result(app, iid, "t-018", ResultValue.CONFORMING)
    ops.record_result(app, iid, "t-048", ResultValue.NON_CONFORMING)
    ops.add_defect(app, iid, severity="general", facts="温湿度记录缺失2天", item_id="t-058")
    window = open_window(qtbot, app, iid)

    window.filter_unanswered.trigger()
    assert visible_items(window) == ["t-027", "t-058", "t-278"]
    window.filter_unanswered.trigger()
    window.filter_non_conforming.trigger()
    # A defect recorded against an item counts as a finding too.
    assert visible_items(window) == ["t-048", "t-058"]
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    assert window.current_item_id == "t-058"
    window.clear_filters()
    assert len(visible_items(window)) == 5


def test_not_applicable_asks_for_a_reason(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    window.go_to_item("t-278")
    asked = []
    window.item_pane.reason_prompt = lambda item, current: asked.append(item.id) or None
    qtbot.keyClick(window.tree, Qt.Key.Key_3, ALT)
    assert asked == ["t-278"]
    assert stored(app, iid, "t-278") is None  # cancelled: nothing saved
    assert window.item_pane.result_buttons[ResultValue.NOT_CHECKED].isChecked()

    window.item_pane.reason_prompt = lambda item, current: "企业无委托生产和委托检验活动"
    qtbot.mouseClick(
        window.item_pane.result_buttons[ResultValue.NOT_APPLICABLE], Qt.MouseButton.LeftButton
    )
    result = stored(app, iid, "t-278")
    assert result.result is ResultValue.NOT_APPLICABLE
    assert result.reason == "企业无委托生产和委托检验活动"
    assert "企业无委托生产" in window.item_pane.reason.text()
    assert window.item_pane.reason.isVisibleTo(window)


def test_declared_and_observed_values(qtbot, app):
    iid = new_inspection(app, scope_tags=["sterile"])
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    window.go_to_item("t-018")
    assert not pane.compare.isVisibleTo(window)
    window.go_to_item("t-a1-010")
    assert pane.compare.isVisibleTo(window)
    assert "监测采样频次" in pane.declared_label.text()
    qtbot.keyClicks(pane.declared, "1")
    qtbot.keyClicks(pane.observed, "0.5")
    qtbot.keyClick(pane.observed, Qt.Key.Key_Return)
    result = stored(app, iid, "t-a1-010")
    assert (result.declared_value, result.observed_value) == ("1", "0.5")


def test_locked_inspection_asks_for_a_revision_reason(qtbot, app):
    iid = new_inspection(app)
    ops.sign(app, iid, SignatureRole.INSPECTOR, "王建国")
    ops.sign(app, iid, SignatureRole.COMPANY, "企业代表")
    ops.close_on_site(app, iid)
    window = open_window(qtbot, app, iid)
    assert "已锁定" in window.windowTitle()
    assert window.lock_label.isVisibleTo(window)

    prompts = []
    window.session.revision_reason_provider = lambda prompt: prompts.append(prompt) or None
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    assert len(prompts) == 1
    assert stored(app, iid, "t-018") is None  # cancelled: refused, nothing saved
    assert window.item_pane.result_buttons[ResultValue.NOT_CHECKED].isChecked()

    window.session.revision_reason_provider = lambda prompt: "企业补充提交证据后复核"
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    assert stored(app, iid, "t-018").result is ResultValue.NON_CONFORMING
    reasons = {row["reason"] for row in ops.audit_trail(app, iid) if row["kind"] == "item_result"}
    assert "企业补充提交证据后复核" in reasons


def test_summary_shows_demo_conclusion_and_saves_override(qtbot, tmp_path):
    from inspector_app.operations import App
    from inspector_app.operations.demo import seed_demo

    with App(tmp_path / "demo", actor="王建国") as app:
        iid = seed_demo(app)
        window = open_window(qtbot, app, iid)
        summary = window.show_summary()
        expected = ops.suggested_conclusion(app, iid).suggested
        # The demo leaves most items unanswered: the suggestion is provisional until done.
        assert expected.label == "不符合要求"
        assert summary.suggested.text().startswith("不符合要求（暂定，仍有 ")
        assert summary.provisional
        assert expected.reasons[0].text in summary.reasons.text()
        assert "1 项严重缺陷" in summary.counts.text()
        assert summary.chapters.rowCount() >= 10

        index = summary.outcome.findData("pending_rectification")
        summary.outcome.setCurrentIndex(index)
        assert summary.save_override() is False  # a reason is required
        assert ops.load_inspection(app, iid).inspection.conclusion_override is None

        summary.override_reason.setPlainText("严重缺陷已于检查期间完成整改并经现场确认")
        qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
        inspection = ops.load_inspection(app, iid).inspection
        assert inspection.conclusion_override == "pending_rectification"
        assert inspection.conclusion_override_reason.startswith("严重缺陷已于检查期间")
        assert "待整改后评定" in summary.final.text()

        window.undo_action.trigger()  # the override is one undo step
        assert ops.load_inspection(app, iid).inspection.conclusion_override is None
        window.close()


def test_summary_says_when_the_conclusion_waits_for_the_second_step(qtbot, tmp_path):
    """待整改后评定 (drug inspection measures 2023) is not final: the summary says how it ends;
    a device licence inspection names the draft its rule comes from."""
    from inspector_app.operations import App

    with App(tmp_path / "data", actor="王建国") as app:
        drug = ops.create_inspection(
            app,
            company_name="东海制药",
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
        ).id
        ops.add_defect(app, drug, severity="major", facts="偏差未调查。", item_id="dgmp-250")
        window = open_window(qtbot, app, drug)
        summary = window.show_summary()
        assert summary.suggested.text().startswith("待整改后评定")
        assert "综合评定为符合要求或不符合要求" in summary.basis.text()
        window.close()

        device = ops.create_inspection(
            app,
            company_name="东海医疗器械",
            inspection_type="licence",
            checklist_id="device-gmp-2025",
        ).id
        window = open_window(qtbot, app, device)
        summary = window.show_summary()
        assert "征求意见稿，2026年6月9日发布" in summary.basis.text()
        assert "综合评定" not in summary.basis.text()
        assert "征求意见稿" in summary.basis.toolTip()
        window.close()


def test_layout_is_remembered_per_window_type(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    window.resize(720, 560)  # fits the offscreen platform's 800×800 screen
    qtbot.waitUntil(lambda: window.width() == 720)
    window.main_splitter.setSizes([250, 450])
    sizes = window.main_splitter.sizes()
    window.close()
    other = open_window(qtbot, app, new_inspection(app))
    assert other.size() == window.size()
    assert other.main_splitter.sizes() == sizes


def test_new_defect_key_opens_the_editor_for_the_current_item(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    window.go_to_item("t-048")
    window.tree.setFocus()
    opened = []

    def fill_and_accept(editor):
        opened.append(editor)
        editor.facts_edit.setPlainText("灌装间与走廊压差仅 3 Pa，低于规定的 10 Pa。")
        editor.accept()
        return 1

    window.defect_panel.open_editor = fill_and_accept
    qtbot.keyClick(window.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    [defect] = ops.load_inspection(app, iid).defects
    assert defect.item_id == "t-048"
    assert defect.clause_refs == ["第四十八条"]  # pre-filled from the item
    # The tree marks the item as a finding; the defect list shows it.
    assert window.model.index_of("t-048", STATUS_COLUMN).data() == " · 缺陷1"
    assert window.defect_panel.tree.topLevelItemCount() == 1
    window.go_to_item("t-018")
    assert window.defect_panel.tree.topLevelItemCount() == 0
    window.show_all_defects.setChecked(True)
    assert window.defect_panel.tree.topLevelItemCount() == 1


def test_menus_show_shortcuts_and_open_the_inspection_dialogs(qtbot, app, monkeypatch):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["编辑(&E)", "检查项(&I)", "缺陷(&D)", "检查(&N)", "窗口(&W)"]
    keys = {
        a.text(): a.shortcut().toString()
        for menu in menus.values()
        for a in menu.actions()
        if not a.isSeparator()
    }
    assert keys["下一项"] == "Alt+Down"
    assert keys["符合"] == "Alt+1"
    assert keys["不符合"] == "Alt+2"
    assert keys["查找"] == "Ctrl+F"
    assert keys["新增缺陷…"] == "Ctrl+N"
    assert keys["关闭"] == "Ctrl+W"
    assert keys["开始现场检查…"] == "Ctrl+Shift+B"
    assert keys["末次会议与签字…"] == "Ctrl+Shift+M"

    opened = []
    for module, name in (
        ("inspector_app.ui.closing", "ClosingMeetingDialog"),
        ("inspector_app.ui.audit_view", "AuditTrailDialog"),
    ):
        monkeypatch.setattr(f"{module}.{name}.exec", lambda self, n=name: opened.append(n) or 0)
    exported = []
    monkeypatch.setattr(
        "inspector_app.ui.report_export.export_report",
        lambda parent, app_, inspection_id, template_id: exported.append(template_id),
    )
    window.closing_action.trigger()
    window.audit_action.trigger()
    window.findChild(type(window.audit_action), "export_defect-list").trigger()
    window.findChild(type(window.audit_action), "export_full").trigger()
    assert opened == ["ClosingMeetingDialog", "AuditTrailDialog"]
    assert exported == ["defect-list", "full"]


def test_reviews_from_the_center_show_in_the_summary(qtbot, app):
    """Reviewer comments and grade adjustments sync back; the team sees them in the summary."""
    from datetime import UTC, datetime

    from inspector_app.domain.ids import new_id
    from inspector_app.domain.model import Review
    from inspector_app.ui.workspace.window import WorkspaceWindow

    insp = ops.create_inspection(
        app, company_name="审核回传药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    defect = ops.add_defect(app, insp.id, severity="general", facts="压差记录不全")
    window = WorkspaceWindow(app, insp.id)
    qtbot.addWidget(window)
    summary = window.show_summary()
    assert not summary.reviews_box.isVisibleTo(window)
    with app.store.write("同步") as uow:  # as a pull would write it
        uow.add(
            Review(
                id=new_id(),
                inspection_id=insp.id,
                defect_id=defect.id,
                state="adjusted",
                adjusted_severity="major",
                reason="同一系统多项关联缺陷",
                reviewer="审核员周",
                comment="请补充压差超限时的偏差记录",
                created_at=datetime.now(UTC),
            )
        )
    window.reload_from_store()
    summary.refresh()
    assert summary.reviews_box.isVisibleTo(window)
    text = summary.reviews.text()
    assert "已调整" in text and "缺陷1" in text and "主要缺陷" in text
    assert "同一系统多项关联缺陷" in text and "请补充压差超限时的偏差记录" in text
