"""Switching language reaches the item pane, the defect panel and editor, the clause picker,
the photo viewer and the 不适用 reason dialog, all open at once on the seeded demo.

The switch goes through the main window's 视图 › 语言 action. In English no text of ours may
keep Chinese: each widget's visible texts (labels, buttons, placeholders, tooltips, combo and
list entries, tree headers and cells, spin box prefixes, tool actions) are collected and the
user and checklist data they carry (facts, clause texts, item codes and requirements, file
names) removed before looking. Grades, plural counts and the 〔条号待核实〕 marker are checked
by their English words; switching back gives Chinese again. The photo picker is checked
too: Qt's own dialog in English, opening in the folder of the last photo import.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTreeWidget,
    QWidget,
)
from tests.ui.drive import answer_dialog
from tests.ui.test_language_switch import CJK, Texts, _user_data

from inspector_app.checklist.citation import format_ref
from inspector_app.domain.annotations import Arrow, Ellipse
from inspector_app.operations.photos import save_annotations
from inspector_app.ui.defects.clause_picker import ClausePicker
from inspector_app.ui.defects.photos import choose_files
from inspector_app.ui.file_dialogs import Purpose, start_folder
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.workspace.na_reason import NotApplicableReasonDialog


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _widget_texts(texts: Texts, where: str, root: QWidget) -> None:
    """Every visible text of ours in `root` and its children (edits' contents are data)."""
    widgets = [root, *root.findChildren(QWidget)]
    texts.add(f"{where} title", root.windowTitle())
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        name = f"{where} {type(w).__name__} {w.objectName()}"
        texts.add(f"{name} tooltip", w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            texts.add(name, w.text())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            texts.add(f"{name} placeholder", w.placeholderText())
        if isinstance(w, QComboBox):
            for n in range(w.count()):
                texts.add(f"{name} entry {n}", w.itemText(n))
        if isinstance(w, QListWidget):
            for n in range(w.count()):
                texts.add(f"{name} row {n}", w.item(n).text())
                texts.add(f"{name} row {n} tooltip", w.item(n).toolTip())
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            for c in range(w.columnCount()):
                texts.add(f"{name} header {c}", header.text(c))
            for r in range(w.topLevelItemCount()):
                for c in range(w.columnCount()):
                    texts.add(f"{name} cell {r},{c}", w.topLevelItem(r).text(c))
        if isinstance(w, QSpinBox):
            texts.add(f"{name} spin", f"{w.prefix()} {w.suffix()} {w.specialValueText()}")
    for action in root.findChildren(QAction):
        texts.add(f"{where} action {action.objectName()}", action.text())
        texts.add(f"{where} action tip {action.objectName()}", action.toolTip())


def _data(app, iid, session) -> list[str]:
    data = [*_user_data(app, iid), session.checklist.regulation.name]
    for defect in session.record.defects:
        data += defect.facts.splitlines()  # the defect list shows the first line
    for item in session.checklist.items_by_id().values():
        data += [format_ref(r) for r in item.refs]
        data += [r.annex for r in item.refs if r.annex]
        # Lists cut long entries: the editor's item list at 39, the picker's hint at 39.
        entry = f"{item.code}  {item.requirement}"
        data += [entry, entry[:39], item.requirement[:39]]
        data += [item.check, *item.evidence]
        if item.declared_observed is not None:
            data += [item.declared_observed.label, item.declared_observed.unit]
    for section, _item in session.checklist.walk_items():
        data += [f"{s.code} {s.title}" for s in section]
    for photo in session.record.photos:
        data += [photo.original_name, photo.caption]
    return [d for d in data if d]


def test_defect_windows_follow_the_language_menu(qtbot, demo, translations):
    app, iid = demo
    window = MainWindow(app, translations=translations)
    qtbot.addWidget(window)
    window.show()
    workspace = window.open_inspection(iid)
    session = workspace.session
    record = session.record

    # The item with a defect that has a photo; its photo gets an annotation layer.
    photo = next(p for p in record.photos if p.defect_id)
    defect = next(d for d in record.defects if d.id == photo.defect_id)
    save_annotations(
        app,
        photo.id,
        [Arrow(x1=0.1, y1=0.1, x2=0.5, y2=0.5), Ellipse(x=0.2, y=0.2, w=0.3, h=0.3)],
    )
    session.reload()
    item = session.checklist.items_by_id()[defect.item_id]
    workspace.go_to_item(item.id)
    pane, panel = workspace.item_pane, workspace.defect_panel
    assert pane.item is not None and pane.item.id == item.id
    item_defects = [d for d in session.record.defects if d.item_id == item.id]

    opened = []
    panel.open_editor = lambda editor: opened.append(editor) or editor.show()
    panel.select_defect(defect.id)
    editor = panel.edit_current()
    assert editor is opened[0] and editor.isVisible()
    annex = next((r.annex for r in item.refs if r.annex), None)
    picker = ClausePicker(session.checklist, editor, annex)
    picker.show()
    viewer = editor.photo_strip.open_viewer(photo.id)
    assert viewer is not None
    na = NotApplicableReasonDialog(workspace, item.code, "")
    na.show()

    assert editor.grade_combo.itemText(0) == "严重缺陷"
    assert panel.title.text() == f"本项缺陷（{len(item_defects)} 项）"

    window.language_actions["en"].trigger()  # 视图 › 语言 › English
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "&File")
    qtbot.waitUntil(lambda: editor.save_button.text() == "Save defect")

    texts = Texts(_data(app, iid, session))
    for where, widget in (
        ("pane", pane),
        ("panel", panel),
        ("editor", editor),
        ("picker", picker),
        ("viewer", viewer),
        ("na", na),
    ):
        _widget_texts(texts, where, widget)
    assert len(texts.seen) > 200
    left = texts.chinese_left()
    assert not left, "Chinese left in English:\n" + "\n".join(map(str, left))

    # Grades, results, counts with plural forms, the unverified marker.
    assert [editor.grade_combo.itemText(n) for n in range(3)] == [
        "Critical defect",
        "Major defect",
        "General defect",
    ]
    shown_grade = panel.tree.topLevelItem(0).text(0)
    assert shown_grade in {"Critical", "Major", "General"}
    n = len(item_defects)
    assert panel.title.text().endswith(f"{n} defect" if n == 1 else f"{n} defects")
    panel.set_show_all(True)
    total = len(session.record.defects)
    assert panel.title.text().endswith(f"{total} defects")
    panel.set_item(item.id)
    assert [b.text() for b in pane.result_buttons.values()] == [
        "Conforming",
        "Non-conforming",
        "Not applicable",
        "Not checked",
    ]
    tips = [editor.photo_strip.item(i).toolTip() for i in range(editor.photo_strip.count())]
    assert any("2 annotations" in t for t in tips), tips
    assert viewer.save_button.text() == "Save annotations"
    assert na.ok_button.text() == "OK" and "not applicable" in na.prompt.text()
    assert picker.ok_button.text() == "Add"

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "文件(&F)")
    qtbot.waitUntil(lambda: editor.save_button.text() == "保存缺陷")
    assert editor.grade_combo.itemText(0) == "严重缺陷"
    assert panel.title.text() == f"本项缺陷（{len(item_defects)} 项）"
    assert panel.tree.topLevelItem(0).text(0) in {"严重", "主要", "一般"}
    assert pane.result_buttons[next(iter(pane.result_buttons))].text() == "符合"
    tips = [editor.photo_strip.item(i).toolTip() for i in range(editor.photo_strip.count())]
    assert any("已标注 2 处" in t for t in tips), tips
    assert viewer.save_button.text() == "保存标注"
    assert na.windowTitle() == "不适用理由"
    assert picker.windowTitle() == "选择条款依据"
    back = Texts([])
    for where, widget in (("editor", editor), ("picker", picker), ("na", na), ("pane", pane)):
        _widget_texts(back, where, widget)
    english_left = [
        (where, text)
        for where, text in back.seen
        if text and not CJK.search(text) and re.search(r"\b[a-z]{4,}\b", text)
    ]
    assert english_left == []

    for dialog in (na, picker, viewer):
        dialog.reject()
    editor.reject()
    workspace.close()


def test_photo_pickers_remember_their_folder_and_speak_the_interface_language(
    qtbot, qapp, tmp_path, translations
):
    """The editor's 添加照片… picker is the app's own file dialog for photo imports: it opens
    in the folder of the last import and, in English, is Qt's dialog in English."""
    folder = tmp_path / "DCIM"
    folder.mkdir()
    photo = folder / "IMG_0001.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xd9")
    translations.apply("en")
    seen: list[tuple[str, str, str]] = []

    def pick(dialog: QFileDialog) -> None:
        seen.append((dialog.objectName(), dialog.windowTitle(), dialog.directory().path()))
        dialog.selectFile(str(photo))
        dialog.accept()

    answer_dialog(QFileDialog, pick)
    assert choose_files(None) == [str(photo)]
    assert seen[0][:2] == ("fileDialog:photo-import", "Choose photos")
    assert seen[0][2] != str(folder)
    assert start_folder(Purpose.PHOTO_IMPORT) == folder

    answer_dialog(QFileDialog, pick)
    choose_files(None)
    assert seen[1][2] == str(folder)  # the next import starts where the last one was
