"""The defect editor: grade, facts, clause references, location, rectification, photos.

Saving rule (one rule for every field):
* A new defect is created when the user presses 保存 — or earlier, when a photo is added,
  since a photo belongs to a recorded defect (facts are required either way).
* Once the defect exists, every field is saved when it is committed: a choice (grade, linked
  item, 真实性问题) at once; a line of text when editing finishes; multi-line text when the
  field loses focus or after a short pause in typing. Each save is one undo step.
* Closing the dialog by any route (关闭, Esc, the window's ×) first saves whatever differs
  from the store. A new defect with typed content asks 保存 / 放弃 / 继续编辑 on Esc.
So nothing typed is lost, and the store is the only truth: each save is a diff between the
widgets and the stored defect, through the session (undo/redo, revision reasons).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.checklist.citation import format_ref
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import Defect, Severity
from inspector_app.ui.defects import grades
from inspector_app.ui.defects.photos import (
    PhotoImport,
    PhotoStrip,
    choose_files,
    import_photo_folder,
    remove_photo,
    start_photo_import,
)
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.tasks import Task

TYPING_PAUSE_MS = 1500


class DefectEditor(QDialog):
    def __init__(
        self,
        session: InspectionSession,
        parent: QWidget | None = None,
        defect_id: str | None = None,
        item_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("defectEditor")
        self.session = session
        self.defect_id = defect_id
        # Injected by tests; the app shows the platform's file picker.
        self.choose_files: Callable[[QWidget | None], list[str]] = choose_files
        self.last_import: PhotoImport | None = None
        self.last_folder_task: Task | None = None
        self._loading = False
        self._saving = False
        self._closing = False
        self._refs_touched = False
        self._items = {
            item.id: item
            for _, item in in_scope_items(session.checklist, session.record.inspection)
        }
        self._build()
        existing = self._stored()
        if defect_id is not None and existing is None:
            raise ValueError(f"no defect {defect_id} in this inspection")
        if existing is not None:
            self._show_defect(existing)
        else:
            self._select_item(item_id)
            self._prefill_refs(item_id)
        self._update_mode()
        self._reason_cache: str | None = None
        self._outer_provider = session.revision_reason_provider
        # One editing sitting on a locked record asks for its reason once, not per field.
        session.revision_reason_provider = self._reason_once
        session.changed.connect(self._store_changed)
        self.facts_edit.setFocus()

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(760, 720)
        self.grade_combo = QComboBox()
        self.grade_combo.setObjectName("gradeCombo")
        for severity in grades.ORDER:
            self.grade_combo.addItem(grades.icon(severity), grades.label(severity), severity)
        self.grade_combo.setCurrentIndex(grades.ORDER.index(Severity.GENERAL))

        self.item_combo = QComboBox()
        self.item_combo.setObjectName("itemCombo")
        self.item_combo.addItem(self.tr("（不关联检查项）"), None)
        for item in self._items.values():
            text = f"{item.code}  {item.requirement}"
            self.item_combo.addItem(text if len(text) <= 48 else text[:47] + "…", item.id)
            self.item_combo.setItemData(
                self.item_combo.count() - 1, item.requirement, Qt.ItemDataRole.ToolTipRole
            )

        self.facts_edit = QPlainTextEdit()
        self.facts_edit.setObjectName("factsEdit")
        self.facts_edit.setPlaceholderText(
            self.tr("现场发现的事实：时间、地点、记录编号、具体情况")
        )
        self.facts_edit.setTabChangesFocus(True)
        self.facts_edit.setMinimumHeight(90)

        self.refs_list = QListWidget()
        self.refs_list.setObjectName("refsList")
        self.refs_list.setMaximumHeight(84)
        self.refs_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        add_ref = QPushButton(self.tr("添加条款"))
        add_ref.setObjectName("addRefButton")
        remove_ref = QPushButton(self.tr("移除条款"))
        remove_ref.setObjectName("removeRefButton")
        add_ref.clicked.connect(self._add_ref)
        remove_ref.clicked.connect(self._remove_ref)
        refs_buttons = QVBoxLayout()
        refs_buttons.addWidget(add_ref)
        refs_buttons.addWidget(remove_ref)
        refs_buttons.addStretch()
        refs_row = QHBoxLayout()
        refs_row.addWidget(self.refs_list, 1)
        refs_row.addLayout(refs_buttons)

        self.location_edit = QLineEdit()
        self.location_edit.setObjectName("locationEdit")
        self.location_edit.setPlaceholderText(self.tr("如：冻干车间灌装间"))
        self.rectification_edit = QPlainTextEdit()
        self.rectification_edit.setObjectName("rectificationEdit")
        self.rectification_edit.setTabChangesFocus(True)
        self.rectification_edit.setMaximumHeight(70)
        self.falsification_check = QCheckBox(self.tr("真实性问题（数据造假或其他不真实情况）"))
        self.falsification_check.setObjectName("falsificationCheck")

        self.photo_strip = PhotoStrip(self.session, self)
        self.photo_strip.files_dropped.connect(self.add_photo_files)
        add_photos = QPushButton(self.tr("添加照片…"))
        add_photos.setObjectName("addPhotosButton")
        add_photos.clicked.connect(self._add_photos_clicked)
        import_folder = QPushButton(self.tr("导入文件夹…"))
        import_folder.setObjectName("importFolderButton")
        import_folder.clicked.connect(self._import_folder_clicked)
        self.remove_photo_button = QPushButton(self.tr("删除照片"))
        self.remove_photo_button.setObjectName("removePhotoButton")
        self.remove_photo_button.clicked.connect(self._remove_photo_clicked)
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(add_photos)
        photo_buttons.addWidget(import_folder)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch()
        photo_hint = QLabel(self.tr("可将照片从文件管理器直接拖到此处；双击照片编辑说明。"))
        photo_hint.setStyleSheet("color: palette(mid);")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("缺陷等级："), self.grade_combo)
        form.addRow(self.tr("关联检查项："), self.item_combo)
        form.addRow(self.tr("缺陷事实（必填）："), self.facts_edit)
        form.addRow(self.tr("条款依据："), refs_row)
        form.addRow(self.tr("位置："), self.location_edit)
        form.addRow(self.tr("整改建议："), self.rectification_edit)
        form.addRow("", self.falsification_check)

        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.status_label = QLabel()
        self.status_label.setObjectName("editorStatus")
        self.status_label.setStyleSheet("color: palette(mid);")

        self.save_button = QPushButton(self.tr("保存缺陷"))
        self.save_button.setObjectName("saveDefectButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        self.close_button = QPushButton(self.tr("取消"))
        self.close_button.setObjectName("closeEditorButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("照片：")))
        layout.addWidget(self.photo_strip)
        layout.addLayout(photo_buttons)
        layout.addWidget(photo_hint)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        # Per-field commits (see the module docstring).
        self.grade_combo.currentIndexChanged.connect(self._field_committed)
        self.item_combo.currentIndexChanged.connect(self._item_changed)
        self.falsification_check.toggled.connect(self._field_committed)
        self.location_edit.editingFinished.connect(self._field_committed)
        self.refs_list.itemChanged.connect(self._refs_changed)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._field_committed)
        for edit in (self.facts_edit, self.rectification_edit):
            edit.textChanged.connect(self._typed)
            edit.installEventFilter(self)

    # ---- reading the store and the widgets ---------------------------------------------

    def _stored(self) -> Defect | None:
        if self.defect_id is None:
            return None
        return next((d for d in self.session.record.defects if d.id == self.defect_id), None)

    def _show_defect(self, defect: Defect) -> None:
        self._loading = True
        try:
            self.grade_combo.setCurrentIndex(grades.ORDER.index(defect.severity))
            self._select_item(defect.item_id)
            if self.facts_edit.toPlainText() != defect.facts:
                self.facts_edit.setPlainText(defect.facts)
            self._set_refs(defect.clause_refs)
            if self.location_edit.text() != defect.location:
                self.location_edit.setText(defect.location)
            if self.rectification_edit.toPlainText() != defect.suggested_rectification:
                self.rectification_edit.setPlainText(defect.suggested_rectification)
            self.falsification_check.setChecked(defect.falsification)
        finally:
            self._loading = False
        self._show_photos()

    def _show_photos(self) -> None:
        photos = [p for p in self.session.record.photos if p.defect_id == self.defect_id]
        photos = photos if self.defect_id else []
        self.photo_strip.show_photos(photos)
        self.remove_photo_button.setEnabled(bool(photos))

    def _select_item(self, item_id: str | None) -> None:
        index = self.item_combo.findData(item_id) if item_id else 0
        self.item_combo.setCurrentIndex(max(index, 0))

    def _set_refs(self, refs: Sequence[str]) -> None:
        was = self._loading
        self._loading = True
        try:
            self.refs_list.clear()
            for ref in refs:
                entry = QListWidgetItem(ref)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEditable)
                self.refs_list.addItem(entry)
        finally:
            self._loading = was

    def refs(self) -> list[str]:
        texts = (self.refs_list.item(i).text().strip() for i in range(self.refs_list.count()))
        return [t for t in texts if t]

    def values(self) -> dict[str, Any]:
        """What the widgets hold, as Defect fields."""
        return {
            "severity": Severity(self.grade_combo.currentData()),
            "item_id": self.item_combo.currentData(),
            "facts": self.facts_edit.toPlainText().strip(),
            "clause_refs": self.refs(),
            "location": self.location_edit.text().strip(),
            "suggested_rectification": self.rectification_edit.toPlainText().strip(),
            "falsification": self.falsification_check.isChecked(),
        }

    def _prefill_refs(self, item_id: str | None) -> None:
        item = self._items.get(item_id) if item_id else None
        self._set_refs([format_ref(r) for r in item.refs] if item else [])

    def _update_mode(self) -> None:
        new = self.defect_id is None
        self.setWindowTitle(self.tr("新增缺陷") if new else self.tr("编辑缺陷"))
        self.save_button.setVisible(new)
        self.close_button.setText(self.tr("取消") if new else self.tr("关闭"))
        self.close_button.setDefault(not new)
        self.status_label.setText(
            self.tr("填写事实后点击“保存缺陷”。")
            if new
            else self.tr("修改随时自动保存，可撤销（Ctrl+Z）。")
        )

    # ---- saving --------------------------------------------------------------------------

    def _typed(self) -> None:
        if not self._loading and self.defect_id is not None:
            self._pause.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (
            self.facts_edit,
            self.rectification_edit,
        ):
            self._field_committed()
        return super().eventFilter(watched, event)

    def _field_committed(self, *_: object) -> None:
        if not self._loading and self.defect_id is not None:
            self.save_now()

    def _item_changed(self, *_: object) -> None:
        if self._loading:
            return
        # Follow the item's clauses unless the user wrote their own.
        if not self._refs_touched:
            self._prefill_refs(self.item_combo.currentData())
        self._field_committed()

    def _refs_changed(self, *_: object) -> None:
        if self._loading:
            return
        self._refs_touched = True
        self._field_committed()

    def _add_ref(self) -> None:
        entry = QListWidgetItem(self.tr("第条"))
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEditable)
        self._loading = True
        self.refs_list.addItem(entry)
        self._loading = False
        self.refs_list.setCurrentItem(entry)
        self.refs_list.editItem(entry)

    def _remove_ref(self) -> None:
        row = self.refs_list.currentRow()
        if row >= 0:
            self.refs_list.takeItem(row)
            self._refs_changed()

    def pending_changes(self) -> dict[str, Any]:
        stored = self._stored()
        if stored is None:
            return {}
        values = self.values()
        if not values["facts"]:
            values.pop("facts")  # never save an empty description over a real one
        return {k: v for k, v in values.items() if getattr(stored, k) != v}

    def save_now(self) -> bool:
        """Save what differs from the store; True when the store now matches the widgets."""
        self._pause.stop()
        if self._saving:  # a reason prompt took focus from a field: that save is this one
            return False
        self._saving = True
        try:
            return self._save()
        finally:
            self._saving = False

    def _save(self) -> bool:
        if self.defect_id is None:
            return self._create()
        if not self.values()["facts"]:
            self.message.setText(self.tr("缺陷事实不能为空；其他修改已保存。"))
        else:
            self.message.clear()
        changes = self.pending_changes()
        if changes and self.session.update_defect(self.defect_id, changes) is None:
            return False
        self.status_label.setText(self.tr("已保存。修改随时自动保存，可撤销（Ctrl+Z）。"))
        return bool(self.values()["facts"])

    def _create(self) -> bool:
        values = self.values()
        if not values["facts"]:
            self.message.setText(self.tr("请先填写缺陷事实（必填）。"))
            self.facts_edit.setFocus()
            return False
        defect = self.session.add_defect(**values)
        if defect is None:
            return False
        self.defect_id = defect.id
        self.message.clear()
        self._update_mode()
        return True

    def accept(self) -> None:
        if self.save_now():
            self._finish()
            super().accept()

    def reject(self) -> None:
        """Esc, 取消/关闭 and the window's ×: nothing typed is lost."""
        if self.defect_id is None:
            if not self._has_content():
                self._finish()
                super().reject()
                return
            answer = self._ask_unsaved()
            if answer == QMessageBox.StandardButton.Save:
                self.accept()
            elif answer == QMessageBox.StandardButton.Discard:
                self._finish()
                super().reject()
            return  # Cancel: keep editing
        if self._stored() is None:  # deleted meanwhile (undo of its creation)
            self._finish()
            super().reject()
            return
        if not self.values()["facts"]:
            answer = self._ask_empty_facts()
            if answer != QMessageBox.StandardButton.Discard:
                return  # keep editing
            self.facts_edit.setPlainText(self._stored().facts)  # type: ignore[union-attr]
        if self.save_now():
            self._finish()
            super().reject()

    # Tests replace these two; the app asks with a message box.
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self,
            self.tr("新增缺陷"),
            self.tr("这条缺陷还没有保存。要保存吗？"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def _ask_empty_facts(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self,
            self.tr("缺陷事实为空"),
            self.tr("缺陷事实不能为空。恢复为已保存的描述并关闭，还是继续编辑？"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )

    def _has_content(self) -> bool:
        v = self.values()
        return bool(v["facts"] or v["location"] or v["suggested_rectification"])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.accept()
            return
        event.ignore()
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a one-line field commits that field, it does not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.defect_id is not None:
            self.save_now()
            return
        super().keyPressEvent(event)

    def _finish(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._pause.stop()
        self.session.revision_reason_provider = self._outer_provider
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.changed.disconnect(self._store_changed)

    def done(self, result: int) -> None:
        self._finish()
        super().done(result)

    # ---- revision reason and outside changes ---------------------------------------------

    def _reason_once(self, prompt: str) -> str | None:
        if self._reason_cache is None:
            reason = self._outer_provider(prompt)
            if reason and reason.strip():
                self._reason_cache = reason.strip()
                self.status_label.setText(
                    self.tr("修订原因：{0}（本次编辑的修改都记录此原因）").format(
                        self._reason_cache
                    )
                )
        return self._reason_cache

    def _store_changed(self, kind: str, record_id: str) -> None:
        if self._closing or self.defect_id is None:
            return
        if kind == "photo":
            self._show_photos()
        elif kind == "defect" and record_id == self.defect_id:
            stored = self._stored()
            if stored is None:
                self.message.setText(self.tr("这条缺陷已被删除（或撤销了新增）。"))
                return
            # Undo/redo from the window: show the store's values, except the field being typed.
            if not (self.facts_edit.hasFocus() or self.rectification_edit.hasFocus()):
                self._show_defect(stored)

    # ---- photos --------------------------------------------------------------------------

    def _ensure_defect(self) -> bool:
        """Photos attach to a recorded defect: create it now if it is still new."""
        if self.defect_id is not None:
            return True
        if not self.values()["facts"]:
            self.message.setText(self.tr("添加照片前请先填写缺陷事实，缺陷将随之保存。"))
            self.facts_edit.setFocus()
            return False
        return self._create()

    def add_photo_files(self, paths: Sequence[Path | str]) -> PhotoImport | None:
        """The one path for dropped files and files chosen with the button."""
        files = [Path(p) for p in paths]
        if not files or not self._ensure_defect():
            return None
        self.save_now()
        self.last_import = start_photo_import(self.session, self, files, self.defect_id)
        return self.last_import

    def _add_photos_clicked(self) -> None:
        files = self.choose_files(self)
        if files:
            self.add_photo_files(files)

    def _import_folder_clicked(self) -> None:
        if self._ensure_defect():
            self.last_folder_task = import_photo_folder(self.session, self, self.defect_id)

    def _remove_photo_clicked(self) -> None:
        photo_id = self.photo_strip.current_photo_id()
        if photo_id is not None:
            remove_photo(self.session, photo_id)
