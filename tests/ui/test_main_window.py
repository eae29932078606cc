from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QWizard

from inspector_app.domain.model import TeamRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _create(app, company="华东示例制药", **kw):
    return ops.create_inspection(
        app, company_name=company, inspection_type="gmp_compliance", checklist_id="mini-gmp", **kw
    )


def _window(qtbot, app) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_lists_inspections_with_counts_by_grade(qtbot, app):
    insp = _create(app)
    ops.add_defect(app, insp.id, severity="critical", facts="A级区无动态监测")
    ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    window = _window(qtbot, app)
    model = window.table.model()
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[:3] == ["草稿", "华东示例制药", "GMP符合性检查预检查"]
    assert cells[4:7] == [1, 0, 1]
    pending = ops.pending_sync_count(app)
    assert cells[7] == f"未同步 {pending} 项更改"
    assert model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "严重"
    assert window.sync_label.text() == f"未同步 {pending} 项更改"
    assert window.count_label.text() == "共 1 项检查"


def test_refresh_picks_up_new_inspections(qtbot, app):
    window = _window(qtbot, app)
    assert window.table.model().rowCount() == 0
    assert window.stack.currentWidget() is window.empty_hint
    _create(app, "新公司")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.table.model().rowCount() == 1
    assert window.stack.currentWidget() is window.table


def test_every_action_is_in_a_menu_with_its_shortcut(qtbot, app):
    window = _window(qtbot, app)
    in_menus = {a for menu in (window.file_menu, window.view_menu) for a in menu.actions()}
    for action in (
        window.new_action,
        window.open_action,
        window.template_action,
        window.archive_action,
        window.refresh_action,
        window.show_archived_action,
        window.quit_action,
    ):
        assert action in in_menus, action.text()
        assert not action.shortcut().isEmpty(), action.text()
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.refresh_action.shortcut().toString() == "F5"
    # The lifecycle's next steps, with the same shortcuts as in the workspace.
    assert window.start_action in in_menus and window.closing_action in in_menus
    assert window.start_action.shortcut().toString() == "Ctrl+Shift+B"
    assert window.closing_action.shortcut().toString() == "Ctrl+Shift+M"
    keys = [
        a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()
    ]
    assert len(keys) == len(set(keys)), sorted(keys)


def test_ctrl_n_opens_the_wizard_and_the_new_inspection_appears(qtbot, app):
    window = _window(qtbot, app)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window.wizard
    assert wizard is not None and wizard.isVisible()
    # The wizard's own test drives every page; here only the hand-over matters.
    wizard.company_page.company.setText("东海制药")
    wizard.team_page.members.clear()
    for _ in range(5):
        if wizard.currentPage() is wizard.team_page:
            wizard.team_page.name.setText("王建国")
            wizard.team_page.role.setCurrentIndex(wizard.team_page.role.findData("lead"))
            wizard.team_page.add_member()
        wizard.next()
    assert wizard.currentPage() is wizard.confirm_page
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.wizard is None)
    assert [r.company_name for r in window.model.rows()] == ["东海制药"]
    created_id = window.model.row_at(0).id
    assert window.current_id() == created_id
    workspace = window.workspace(created_id)
    assert workspace is not None and workspace.isVisible()
    workspace.close()


def test_enter_opens_one_workspace_per_inspection(qtbot, app):
    first, second = _create(app, "甲公司"), _create(app, "乙公司")
    window = _window(qtbot, app)
    window.select(first.id)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    workspace = window.workspace(first.id)
    assert workspace is not None and workspace.isVisible()
    assert workspace.session.inspection_id == first.id
    # Opening again brings the same window forward instead of a second one.
    assert window.open_inspection(first.id) is workspace
    rect = window.table.visualRect(window.table.model().index(window.model.row_of(second.id), 1))
    # A real double-click starts with a press (QTest's DClick alone does not send one).
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    other = window.workspace(second.id)
    assert other is not None and other is not workspace
    # A save in a workspace refreshes the list (debounced).
    ops_before = window.model.row_at(window.model.row_of(first.id)).pending_sync
    workspace.session.set_result("t-018", "conforming")
    qtbot.waitUntil(
        lambda: window.model.row_at(window.model.row_of(first.id)).pending_sync > ops_before
    )
    workspace.close()
    qtbot.waitUntil(lambda: window.workspace(first.id) is None)
    other.close()


def _answer_input_dialog(qtbot, text: str) -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_duplicate_as_template(qtbot, app):
    signed = datetime(2026, 11, 2, tzinfo=UTC)
    source = _create(
        app,
        scope_tags=["sterile"],
        team=[ops.TeamMemberInput("王建国", TeamRole.LEAD, "核查中心", signed)],
    )
    ops.add_defect(app, source.id, severity="major", facts="压差无记录")
    window = _window(qtbot, app)
    window.select(source.id)
    _answer_input_dialog(qtbot, "  西岭制药  ")
    window.template_action.trigger()
    rows = ops.list_inspections(app)
    assert sorted(r.company_name for r in rows) == ["华东示例制药", "西岭制药"]
    copy = next(r for r in rows if r.company_name == "西岭制药")
    record = ops.load_inspection(app, copy.id)
    assert record.inspection.scope_tags == ["sterile"]
    assert [(m.name, m.declaration_signed_at) for m in record.team] == [("王建国", None)]
    assert record.defects == []
    assert window.current_id() == copy.id
    assert "重新签署声明" in window.statusBar().currentMessage()


def test_archive_hides_it_and_show_archived_brings_it_back(qtbot, app):
    keep, gone = _create(app, "保留公司"), _create(app, "归档公司")
    window = _window(qtbot, app)
    window.select(gone.id)
    assert window.archive_action.text() == "归档(&A)"
    window.table.setFocus()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert ops.get_inspection(app, gone.id).archived is True
    assert [r.id for r in window.model.rows()] == [keep.id]
    assert window.count_label.text() == "共 1 项检查"

    window.show_archived_action.trigger()
    assert {r.id for r in window.model.rows()} == {keep.id, gone.id}
    row = window.model.row_of(gone.id)
    assert window.model.index(row, 0).data() == "草稿（已归档）"
    window.select(gone.id)
    assert window.archive_action.text() == "取消归档(&U)"
    window.archive_action.trigger()
    assert ops.get_inspection(app, gone.id).archived is False


def test_archiving_a_locked_inspection_asks_for_a_reason(qtbot, app, monkeypatch):
    insp = _create(app)
    ops.start_on_site(app, insp.id)
    ops.sign(app, insp.id, "inspector", "王建国")
    ops.sign(app, insp.id, "company", "张经理")
    ops.close_on_site(app, insp.id)
    asked = []

    def reason(parent, prompt):
        asked.append(prompt)
        return "检查已完成，报告出具后归档"

    monkeypatch.setattr("inspector_app.ui.revision_reason.ask_revision_reason", reason)
    window = _window(qtbot, app)
    window.select(insp.id)
    assert window.toggle_archived()
    assert "已锁定" in asked[0]
    assert ops.get_inspection(app, insp.id).archived is True
    trail = ops.audit_trail(app, insp.id)
    assert any(
        r["field"] == "archived" and r["reason"] == "检查已完成，报告出具后归档" for r in trail
    )


def test_window_layout_is_remembered(qtbot, app):
    window = _window(qtbot, app)
    window.resize(700, 450)  # the offscreen screen is 800×600
    window.show_archived_action.setChecked(True)
    window.close()
    again = _window(qtbot, app)
    assert (again.width(), again.height()) == (700, 450)
    assert again.show_archived_action.isChecked()


def test_sync_is_in_the_menu_and_a_finished_sync_refreshes_open_workspaces(qtbot, app):
    from inspector_app.ui.main_window import MainWindow

    insp = ops.create_inspection(
        app, company_name="同步刷新药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    window = MainWindow(app)
    qtbot.addWidget(window)
    assert window.sync.sync_action in window.file_menu.actions()
    assert window.sync.conflicts_action in window.file_menu.actions()
    assert window.sync.sync_action.shortcut().toString() == "Ctrl+Shift+S"
    workspace = window.open_inspection(insp.id)
    # A change arrives from elsewhere (as a sync would write it), then the sync finishes.
    ops.add_defect(app, insp.id, severity="major", facts="来自另一台电脑的缺陷")
    assert workspace.session.record.defects == []
    window.sync.finished.emit(None)
    assert [d.facts for d in workspace.session.record.defects] == ["来自另一台电脑的缺陷"]
    assert window.model.row_at(0).major == 1
