"""The item pane: typed text is durable within 0.3 s, saves while typing are one undo step and
never move the cursor, chapter rows make nothing editable, a declined revision reason offers
放弃我的修改, and the 不适用 reason dialog wraps and confirms with Ctrl+Enter."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextOption
from PySide6.QtWidgets import QDialog, QPlainTextEdit
from tests.ui.test_workspace import ALT, new_inspection, open_window, stored, type_text

from inspector_app.domain.model import ResultValue, SignatureRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.workspace import item_pane
from inspector_app.ui.workspace.na_reason import NotApplicableReasonDialog


def test_note_is_committed_within_0_3_s_of_the_last_keystroke(qtbot, app):
    assert item_pane.IDLE_SAVE_MS <= 300
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    note = window.item_pane.note
    note.setFocus()
    type_text(note, "压差表读数12Pa")
    typed_at = time.monotonic()
    qtbot.waitUntil(lambda: stored(app, iid, "t-018") is not None, timeout=2000)
    # Debounce plus one fsync'd commit; generous for a loaded CI machine, far below 1.2 s.
    assert time.monotonic() - typed_at < 1.0
    assert stored(app, iid, "t-018").note == "压差表读数12Pa"


def test_saves_while_typing_are_one_undo_step_and_keep_the_cursor(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    note = pane.note
    note.setFocus()
    type_text(note, "灌装间压差")
    qtbot.waitUntil(lambda: stored(app, iid, "t-018") is not None, timeout=2000)
    # Put the cursor in the middle with a selection, as someone correcting a word would.
    cursor = note.textCursor()
    cursor.setPosition(2)
    cursor.setPosition(3, QTextCursor.MoveMode.KeepAnchor)
    note.setTextCursor(cursor)
    type_text(note, "区")  # replaces the selected 间
    qtbot.waitUntil(lambda: stored(app, iid, "t-018").note == "灌装区压差", timeout=2000)
    assert note.textCursor().position() == 3  # the save did not rewrite the field
    note.moveCursor(QTextCursor.MoveOperation.End)
    type_text(note, " 12 Pa ")
    qtbot.waitUntil(lambda: stored(app, iid, "t-018").note == "灌装区压差 12 Pa ", timeout=2000)
    assert note.toPlainText() == "灌装区压差 12 Pa "
    assert note.textCursor().position() == len("灌装区压差 12 Pa ")

    stack = window.session.undo_stack
    assert stack.count() == 1  # three saves, one undo step
    stack.undo()
    assert stored(app, iid, "t-018").note == ""
    assert note.toPlainText() == ""
    stack.redo()
    assert stored(app, iid, "t-018").note == "灌装区压差 12 Pa "

    # Focus leaving ends the typing spell: the next edit is its own undo step.
    window.tree.setFocus()
    note.setFocus()
    note.moveCursor(QTextCursor.MoveOperation.End)
    type_text(note, "，合格")
    pane.flush()
    assert stack.count() == 2


def test_declared_value_is_saved_while_typing_without_losing_a_trailing_space(qtbot, app):
    iid = new_inspection(app, scope_tags=["sterile"])
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    window.go_to_item("t-a1-010")
    pane.declared.setFocus()
    qtbot.keyClicks(pane.declared, "1 ")
    qtbot.waitUntil(lambda: stored(app, iid, "t-a1-010") is not None, timeout=2000)
    assert stored(app, iid, "t-a1-010").declared_value == "1"
    assert pane.declared.text() == "1 "  # not rewritten under the cursor
    type_text(pane.declared, "次")
    qtbot.waitUntil(lambda: stored(app, iid, "t-a1-010").declared_value == "1 次", timeout=2000)


def test_a_chapter_row_shows_the_chapter_and_result_keys_change_nothing(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    window.go_to_item("t-048")
    chapter = window.model.index_of("t-048").parent()
    window.tree.setCurrentIndex(chapter)
    assert pane.item is None
    assert "第四章" in pane.title.text() or chapter.data() == pane.title.text()
    assert not pane.note.isEnabled()
    assert not any(b.isEnabled() for b in pane.result_buttons.values())

    qtbot.keyClick(window.tree, Qt.Key.Key_1, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    assert stored(app, iid, "t-048") is None  # the item no longer shown was not changed

    window.tree.setCurrentIndex(window.model.index_of("t-048"))  # back to the same item
    assert pane.item is not None and pane.item.id == "t-048"
    qtbot.keyClick(window.tree, Qt.Key.Key_2, ALT)
    assert stored(app, iid, "t-048").result is ResultValue.NON_CONFORMING


def test_a_note_typed_before_selecting_a_chapter_is_saved(qtbot, app):
    iid = new_inspection(app)
    window = open_window(qtbot, app, iid)
    window.go_to_item("t-048")
    type_text(window.item_pane.note, "未见记录")
    window.tree.setCurrentIndex(window.model.index_of("t-048").parent())
    assert stored(app, iid, "t-048").note == "未见记录"


def _lock(app, iid):
    ops.sign(app, iid, SignatureRole.INSPECTOR, "王建国")
    ops.sign(app, iid, SignatureRole.COMPANY, "企业代表")
    ops.close_on_site(app, iid)


def test_declined_revision_reason_offers_to_discard_the_typed_change(qtbot, app):
    iid = new_inspection(app)
    ops.record_result(app, iid, "t-018", ResultValue.CONFORMING, note="压差正常")
    _lock(app, iid)
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    prompts = []
    window.session.revision_reason_provider = lambda p: prompts.append(p) or None
    pane.note.moveCursor(QTextCursor.MoveOperation.End)
    type_text(pane.note, "，复核后不符合")
    qtbot.waitUntil(lambda: pane.held, timeout=2000)
    assert len(prompts) == 1
    assert pane.hold_bar.isVisibleTo(window) and pane.discard_button.isVisibleTo(window)
    assert pane.note.toPlainText() == "压差正常，复核后不符合"  # kept, not silently dropped
    assert stored(app, iid, "t-018").note == "压差正常"
    type_text(pane.note, "。")
    qtbot.wait(item_pane.IDLE_SAVE_MS * 2)
    assert len(prompts) == 1  # held: autosave does not nag again

    qtbot.mouseClick(pane.discard_button, Qt.MouseButton.LeftButton)
    assert pane.note.toPlainText() == "压差正常"
    assert "已放弃" in pane.hold_label.text()
    assert not pane.held

    # Given a reason, it is asked once for the item, however many saves typing makes.
    window.session.revision_reason_provider = lambda p: prompts.append(p) or "企业补充证据"
    pane.note.moveCursor(QTextCursor.MoveOperation.End)
    type_text(pane.note, "（补充）")
    qtbot.waitUntil(lambda: stored(app, iid, "t-018").note != "压差正常", timeout=2000)
    type_text(pane.note, "再补充")
    pane.flush()
    assert len(prompts) == 2
    assert stored(app, iid, "t-018").note.endswith("再补充")
    assert not pane.hold_bar.isVisibleTo(window)


def test_held_change_can_still_be_saved_with_a_reason(qtbot, app):
    iid = new_inspection(app)
    _lock(app, iid)
    window = open_window(qtbot, app, iid)
    pane = window.item_pane
    window.session.revision_reason_provider = lambda p: None
    type_text(pane.note, "补记")
    assert not pane.flush()
    assert pane.held
    window.session.revision_reason_provider = lambda p: "现场遗漏，补记"
    qtbot.mouseClick(pane.retry_button, Qt.MouseButton.LeftButton)
    assert not pane.held
    assert stored(app, iid, "t-018").note == "补记"


def test_not_applicable_dialog_wraps_and_ctrl_enter_confirms(qtbot):
    dialog = NotApplicableReasonDialog(None, "第一百五十八条", "")
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.findChild(QPlainTextEdit, "notApplicableReasonEdit")
    assert edit.lineWrapMode() is QPlainTextEdit.LineWrapMode.WidgetWidth
    assert edit.wordWrapMode() is QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    char = edit.fontMetrics().horizontalAdvance("字")
    assert edit.width() >= 24 * char  # room for a Chinese sentence
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()  # no reason yet: Ctrl+Enter does not bypass it
    edit.insertPlainText("企业不生产无菌制剂，本条关于无菌灌装的要求不适用。" * 2)
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason().startswith("企业不生产无菌制剂")


def test_not_applicable_dialog_escape_cancels(qtbot):
    dialog = NotApplicableReasonDialog(None, "第一百五十八条", "已有理由")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reason() == "已有理由"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
