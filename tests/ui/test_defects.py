"""Defect panel and editor: real widgets, photos through drag and drop and the add button,
every change saved at once and undoable; the store is what we assert on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app.domain.model import Severity
from inspector_app.operations import inspections as ops
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.defects.panel import DefectPanel
from inspector_app.ui.session import InspectionSession


@pytest.fixture
def session(app, qtbot):
    insp = ops.create_inspection(
        app, company_name="缺陷测试药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    return InspectionSession(app, insp.id)


def type_text(widget, text: str) -> None:
    """Real key events carrying Chinese text (QTest.keyClicks handles only Latin-1)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def camera_photo(path: Path, colour) -> Path:
    Image.new("RGB", (640, 480), colour).save(path, "JPEG", quality=90)
    return path


def drop_files(widget, paths: list[Path]) -> None:
    """What a file manager does: drag enter, then drop, with file:// URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = widget.viewport()
    pos = QPointF(target.rect().center())
    enter = QDragEnterEvent(
        QPoint(int(pos.x()), int(pos.y())),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def wait_import(qtbot, editor: DefectEditor) -> None:
    job = editor.last_import
    assert job is not None
    qtbot.waitUntil(lambda: job.task.is_done and job not in _running(), timeout=10_000)


def _running():
    from inspector_app.ui.defects import photos

    return photos._running


def open_panel(session, qtbot) -> tuple[DefectPanel, list[DefectEditor]]:
    panel = DefectPanel(session)
    qtbot.addWidget(panel)
    opened: list[DefectEditor] = []

    def show(editor):  # non-modal so the test can drive it
        opened.append(editor)
        qtbot.addWidget(editor)
        editor.show()
        return 0

    panel.open_editor = show
    panel.show()
    return panel, opened


def test_add_defect_with_two_photos(qtbot, app, session, tmp_path):
    panel, opened = open_panel(session, qtbot)
    panel.set_item("t-048")
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    [editor] = opened
    # Pre-filled from the item: its clause.
    assert editor.refs() == ["第四十八条"]
    assert editor.item_combo.currentData() == "t-048"
    editor.grade_combo.setFocus()
    qtbot.keyClick(editor.grade_combo, Qt.Key.Key_Up)  # general → major
    assert editor.values()["severity"] is Severity.MAJOR
    type_text(editor.facts_edit, "灌装间与走廊压差为3Pa，低于规定的10Pa。")
    type_text(editor.location_edit, "灌装间")
    editor.falsification_check.click()
    # The defect exists as soon as its facts have text (the choice above saved it).
    [early] = ops.load_inspection(app, session.inspection_id).defects
    assert early.facts == "灌装间与走廊压差为3Pa，低于规定的10Pa。" and early.falsification

    first = camera_photo(tmp_path / "IMG_0001.jpg", "red")
    second = camera_photo(tmp_path / "IMG_0002.jpg", "blue")
    drop_files(editor.photo_strip, [first])  # the drop creates the defect, then imports
    wait_import(qtbot, editor)
    editor.choose_files = lambda parent: [str(second)]  # the injected file dialog
    qtbot.mouseClick(
        editor.findChild(type(panel.new_button), "addPhotosButton"), Qt.MouseButton.LeftButton
    )
    wait_import(qtbot, editor)
    assert editor.photo_strip.count() == 2
    caption = editor.photo_strip.item(0)
    caption.setText("压差表读数 3Pa")  # what in-place editing commits

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # 保存缺陷 finishes
    assert not editor.isVisible()

    record = ops.load_inspection(app, session.inspection_id)
    [defect] = record.defects
    assert defect.severity is Severity.MAJOR
    assert defect.facts == "灌装间与走廊压差为3Pa，低于规定的10Pa。"
    assert defect.item_id == "t-048"
    assert defect.clause_refs == ["第四十八条"]
    assert defect.location == "灌装间"
    assert defect.falsification is True
    assert sorted(p.original_name for p in record.photos) == ["IMG_0001.jpg", "IMG_0002.jpg"]
    assert all(p.defect_id == defect.id for p in record.photos)
    assert all(app.blobs.derivative_path(p.sha256).exists() for p in record.photos)
    assert {p.caption for p in record.photos} == {"压差表读数 3Pa", ""}
    # The panel lists it with its grade, first line of facts and photo count.
    row = panel.tree.topLevelItem(0)
    assert row.text(0) == "主要"
    assert "压差" in row.text(1)
    assert row.text(3) == "2"


def test_save_button_creates_and_facts_are_required(qtbot, app, session):
    editor = DefectEditor(session, None, item_id=None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "必填" in editor.message.text()
    assert ops.load_inspection(app, session.inspection_id).defects == []
    type_text(editor.facts_edit, "现场未见清场记录")
    editor.refs_list.clear()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [defect] = ops.load_inspection(app, session.inspection_id).defects
    assert defect.item_id is None and defect.facts == "现场未见清场记录"


def test_escape_on_a_new_defect_asks_and_keeps_what_was_typed(qtbot, app, session):
    editor = DefectEditor(session, None, item_id="t-058")
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.facts_edit, "温湿度记录缺2天")
    editor._ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()  # kept editing
    editor._ask_unsaved = lambda: QMessageBox.StandardButton.Save
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    [defect] = ops.load_inspection(app, session.inspection_id).defects
    assert defect.facts == "温湿度记录缺2天" and defect.clause_refs == ["第五十八条"]


def test_edits_autosave_per_field_and_undo_redo(qtbot, app, session):
    defect = session.add_defect(severity="general", facts="标识不清", item_id="t-058")
    panel, opened = open_panel(session, qtbot)
    panel.set_item("t-058")
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    [editor] = opened
    editor.grade_combo.setCurrentIndex(0)  # critical: saved at once
    assert ops.load_inspection(app, session.inspection_id).defects[0].severity.value == "critical"
    editor.facts_edit.setFocus()
    qtbot.keyClick(editor.facts_edit, Qt.Key.Key_End)
    type_text(editor.facts_edit, "，状态标识过期")
    editor.close()  # the window's ×: the typed text is saved first
    stored = lambda: ops.load_inspection(app, session.inspection_id).defects  # noqa: E731
    assert stored()[0].facts == "标识不清，状态标识过期"

    stack = session.undo_stack
    assert stack.count() == 3  # add, grade, facts
    stack.undo()
    assert stored()[0].facts == "标识不清"
    stack.undo()
    assert stored()[0].severity.value == "general"
    stack.redo()
    stack.redo()
    assert stored()[0].severity.value == "critical"
    assert stored()[0].facts == "标识不清，状态标识过期"

    # Delete with the Delete key, after confirmation; undo brings it back.
    asked = []
    panel.confirm_delete = lambda d: asked.append(d.id) or True
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert asked == [defect.id]
    assert stored() == []
    assert panel.tree.topLevelItemCount() == 0
    stack.undo()
    assert [d.id for d in stored()] == [defect.id]
    assert panel.tree.topLevelItemCount() == 1
    stack.redo()
    assert stored() == []
    stack.undo()
    stack.undo()  # the facts edit
    stack.undo()  # the grade
    stack.undo()  # the add itself
    assert stored() == []
    stack.redo()
    assert [d.severity.value for d in stored()] == ["general"]


def test_refused_delete_confirmation_keeps_the_defect(qtbot, app, session):
    session.add_defect(severity="major", facts="偏差未调查")
    panel, _ = open_panel(session, qtbot)
    panel.set_show_all(True)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.confirm_delete = lambda d: False
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(ops.load_inspection(app, session.inspection_id).defects) == 1


def test_panel_filters_by_item_and_unlinked(qtbot, session):
    session.add_defect(severity="major", facts="A项缺陷", item_id="t-048")
    session.add_defect(severity="critical", facts="无关联缺陷\n第二行")
    session.add_defect(severity="general", facts="B项缺陷", item_id="t-058")
    panel, _ = open_panel(session, qtbot)
    panel.set_item("t-048")
    assert [panel.tree.topLevelItem(i).text(1) for i in range(1)] == ["A项缺陷"]
    panel.set_item(None)
    assert panel.tree.topLevelItemCount() == 1
    assert panel.tree.topLevelItem(0).text(1) == "无关联缺陷"  # first line only
    panel.set_show_all(True)
    assert [panel.tree.topLevelItem(i).text(0) for i in range(3)] == ["严重", "主要", "一般"]


def test_the_facts_column_takes_the_width_the_others_leave(qtbot, session):
    session.add_defect(severity="major", facts="纯化水系统未按规定周期进行微生物监测" * 3)
    panel, _ = open_panel(session, qtbot)
    panel.resize(900, 300)
    panel.set_item(None)
    qtbot.waitExposed(panel)
    header = panel.tree.header()
    sizes = [header.sectionSize(i) for i in range(4)]
    assert sizes[1] > 400 and sizes[1] > sum(sizes) // 2, sizes


# ---- issue 9: nothing typed is lost, clause picker, locked records, layout ----------------


def test_a_new_defect_exists_once_its_facts_have_text(qtbot, app, session):
    from inspector_app.ui.defects import editor as editor_module

    assert editor_module.TYPING_PAUSE_MS <= 300
    editor = DefectEditor(session, None, item_id="t-048")
    qtbot.addWidget(editor)
    editor._ask_keep_new = lambda: QMessageBox.StandardButton.Save  # should the test fail
    editor._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    editor.show()
    type_text(editor.location_edit, "灌装间")  # no facts yet: nothing to create
    qtbot.wait(editor_module.TYPING_PAUSE_MS * 2)
    assert ops.load_inspection(app, session.inspection_id).defects == []
    type_text(editor.facts_edit, "压差不足")
    qtbot.waitUntil(
        lambda: bool(ops.load_inspection(app, session.inspection_id).defects), timeout=2000
    )
    [defect] = ops.load_inspection(app, session.inspection_id).defects
    assert (defect.facts, defect.location, defect.clause_refs) == (
        "压差不足",
        "灌装间",
        ["第四十八条"],
    )
    assert editor.save_button.isVisible()  # 保存缺陷 stays, as the way to finish
    type_text(editor.facts_edit, "，仅3Pa")
    qtbot.waitUntil(
        lambda: (
            ops.load_inspection(app, session.inspection_id).defects[0].facts == "压差不足，仅3Pa"
        ),
        timeout=2000,
    )
    assert editor.facts_edit.textCursor().position() == len("压差不足，仅3Pa")
    assert session.undo_stack.count() == 2  # the add, then one step for the typing
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert len(ops.load_inspection(app, session.inspection_id).defects) == 1


def test_cancel_on_an_auto_created_defect_asks_and_deletes_it_in_the_audit_trail(
    qtbot, app, session
):
    editor = DefectEditor(session, None, item_id="t-058")
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.facts_edit, "温湿度记录缺2天")
    editor.flush()
    [defect] = ops.load_inspection(app, session.inspection_id).defects
    editor._ask_keep_new = lambda: QMessageBox.StandardButton.Cancel
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()  # keep editing
    editor._ask_keep_new = lambda: QMessageBox.StandardButton.Discard
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert ops.load_inspection(app, session.inspection_id).defects == []
    trail = [r for r in ops.audit_trail(app, session.inspection_id) if r["record_id"] == defect.id]
    assert trail[-1]["field"] == "deleted" and trail[-1]["action"] == "delete"
    session.undo_stack.undo()  # the delete is undoable like any other
    assert [d.id for d in ops.load_inspection(app, session.inspection_id).defects] == [defect.id]


def test_clause_picker_makes_main_text_or_annex_explicit(qtbot, app):
    from PySide6.QtWidgets import QDialog

    from inspector_app.ui.defects.clause_picker import ClausePicker

    insp = ops.create_inspection(
        app,
        company_name="条款测试药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_tags=["sterile"],
    )
    ops.start_on_site(app, insp.id)
    session = InspectionSession(app, insp.id)
    editor = DefectEditor(session, None, item_id="t-a1-010")
    qtbot.addWidget(editor)
    editor._ask_keep_new = lambda: QMessageBox.StandardButton.Save  # closing at teardown
    editor.show()
    assert editor.refs() == ["附录《无菌药品》第十条"]
    pickers = []

    def pick(annex):  # the real picker, driven as a user would
        picker = ClausePicker(session.checklist, editor, annex)
        qtbot.addWidget(picker)
        pickers.append(picker)
        assert picker.part_combo.currentText() == "附录《无菌药品》"  # the item's part, shown
        picker.part_combo.setCurrentIndex(picker.part_combo.findData(None))  # 正文
        assert "第四十八条" in [
            picker.clause_list.item(i).data(Qt.ItemDataRole.UserRole + 1)
            for i in range(picker.clause_list.count())
        ]
        picker.article_spin.setValue(34)
        assert picker.chosen() == ["第三十四条"]  # main text: no annex prefix added
        picker.accept()
        assert picker.result() == QDialog.DialogCode.Accepted
        return picker.chosen()

    editor.pick_clauses = pick
    type_text(editor.facts_edit, "A级区沉降菌监测点不足")
    qtbot.mouseClick(
        editor.findChild(type(editor.save_button), "addRefButton"), Qt.MouseButton.LeftButton
    )
    assert editor.refs() == ["附录《无菌药品》第十条", "第三十四条"]

    def pick_other(_annex):
        picker = ClausePicker(session.checklist, editor, None)
        qtbot.addWidget(picker)
        picker.part_combo.setCurrentIndex(picker.part_combo.count() - 1)  # 其他法规
        assert not picker.ok_button.isEnabled()
        picker.free_edit.setText("《药品管理法》第九十八条")
        return picker.chosen()

    editor.pick_clauses = pick_other
    qtbot.mouseClick(
        editor.findChild(type(editor.save_button), "addRefButton"), Qt.MouseButton.LeftButton
    )
    editor.flush()
    [defect] = ops.load_inspection(app, insp.id).defects
    assert defect.clause_refs == [
        "附录《无菌药品》第十条",
        "第三十四条",
        "《药品管理法》第九十八条",
    ]
    # The list cannot be edited in place (that is how a prefix used to survive a retyped number).
    assert not editor.refs_list.editTriggers()


def test_unverified_clauses_are_marked_in_the_picker_and_the_editor(qtbot, session, monkeypatch):
    from inspector_app.ui.defects import clause_picker

    monkeypatch.setattr(clause_picker, "is_unverified", lambda ref: ref.article == 58)
    picker = clause_picker.ClausePicker(session.checklist, None)
    qtbot.addWidget(picker)
    texts = [picker.clause_list.item(i).text() for i in range(picker.clause_list.count())]
    [marked] = [t for t in texts if "条号待核实" in t]
    assert marked.startswith("第五十八条")
    assert clause_picker.unverified_texts(session.checklist) == {"第五十八条"}

    editor = DefectEditor(session, None, item_id="t-058")
    qtbot.addWidget(editor)
    editor._unverified = clause_picker.unverified_texts(session.checklist)
    editor._set_refs(["第五十八条"])
    assert "条号待核实" in editor.refs_list.item(0).text()
    assert editor.refs() == ["第五十八条"]  # the marker is never stored


def test_locked_defect_declined_reason_keeps_the_text_and_offers_discard(qtbot, app, session):
    import io

    from inspector_app.domain.model import SignatureRole

    defect = session.add_defect(severity="general", facts="标识不清")
    png = io.BytesIO()
    Image.new("RGB", (50, 20), "white").save(png, "PNG")
    ops.sign(app, session.inspection_id, SignatureRole.INSPECTOR, "组长", png.getvalue())
    ops.sign(app, session.inspection_id, SignatureRole.COMPANY, "企业代表", png.getvalue())
    ops.close_on_site(app, session.inspection_id)
    session.reload()
    prompts = []
    session.revision_reason_provider = lambda p: prompts.append(p) or None
    editor = DefectEditor(session, None, defect_id=defect.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.facts_edit.moveCursor(editor.facts_edit.textCursor().MoveOperation.End)
    type_text(editor.facts_edit, "，已过期")
    qtbot.waitUntil(lambda: editor.held, timeout=2000)
    assert editor.hold_bar.isVisible() and editor.discard_button.isVisible()
    assert editor.facts_edit.toPlainText() == "标识不清，已过期"
    assert ops.load_inspection(app, session.inspection_id).defects[0].facts == "标识不清"
    qtbot.mouseClick(editor.discard_button, Qt.MouseButton.LeftButton)
    assert editor.facts_edit.toPlainText() == "标识不清"
    assert "已放弃" in editor.message.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing pending: closes without asking
    assert not editor.isVisible()
    assert len(prompts) == 1


def test_defect_editor_fits_the_screen_with_its_buttons_visible(qtbot, session):
    from PySide6.QtCore import QPoint, QRect

    session.add_defect(severity="major", facts="很长的缺陷事实。" * 200, item_id="t-048")
    defect = session.record.defects[0]
    editor = DefectEditor(session, None, defect_id=defect.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    available = editor.screen().availableGeometry()
    assert available.contains(editor.frameGeometry())
    for button in (editor.save_button, editor.close_button):
        if button.isVisible():
            where = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
            assert available.contains(where), button.text()
    assert editor.scroll.widget().isAncestorOf(editor.facts_edit)  # long content scrolls
