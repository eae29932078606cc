"""The defect list of one item, of no item, or of the whole inspection.

Every change goes through the session's verbs (add/update/delete_defect), so each is saved at
once and can be undone. Texts follow the interface language (`retranslate_ui`), the title's
count with plural forms.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.model import Defect, Status
from inspector_app.operations.reviews import adjustments
from inspector_app.ui.defects import grades
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.session import InspectionSession

_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _DefectTree(QTreeWidget):
    """Enter edits, Delete deletes (the panel decides how)."""

    activated_key = Signal()
    delete_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.activated_key.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.delete_key.emit()
            return
        super().keyPressEvent(event)


class DefectPanel(QWidget):
    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("defectPanel")
        self.session = session
        self._item_id: str | None = None
        self._show_all = False
        # Injected by tests; the app asks with a message box.
        self.confirm_delete: Callable[[Defect], bool] = self._confirm_delete
        # Opening the editor is a method so tests (and W) can drive it without exec().
        self.open_editor: Callable[[DefectEditor], int] = lambda editor: editor.exec()

        self.title = QLabel()
        self.title.setObjectName("defectPanelTitle")
        self.tree = _DefectTree()
        self.tree.setObjectName("defectTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The columns exist before their resize modes are set (the labels come later, from
        # retranslate_ui); modes set on columns not yet there are silently dropped.
        self.tree.setColumnCount(4)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 150)
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_current())
        self.tree.activated_key.connect(self.edit_current)
        self.tree.delete_key.connect(self.delete_current)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        # The center's adjusted grade/wording of the current defect, beside the inspector's
        # own (read-only: the record keeps both; documents the center issues print this one).
        self.adjustment = QLabel(objectName="centerAdjustment")
        self.adjustment.setWordWrap(True)
        self.adjustment.setStyleSheet("color: #0d47a1;")
        self.adjustment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.adjustment.hide()

        self.new_button = QPushButton()
        self.new_button.setObjectName("newDefectButton")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editDefectButton")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteDefectButton")
        self.new_button.clicked.connect(lambda: self.new_defect(self._item_id))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)
        layout.addWidget(self.adjustment)

        session.changed.connect(self._store_changed)
        retranslate_on_change(self, self.retranslate_ui)  # also fills the list

    def retranslate_ui(self) -> None:
        self.tree.setHeaderLabels(
            [self.tr("等级"), self.tr("缺陷事实"), self.tr("条款"), self.tr("照片")]
        )
        self.new_button.setText(self.tr("新增"))
        self.new_button.setToolTip(self.tr("新增缺陷"))
        self.edit_button.setText(self.tr("编辑"))
        self.delete_button.setText(self.tr("删除"))
        self.refresh()  # grade words and the title's count

    # ---- what to show --------------------------------------------------------------------

    def set_item(self, item_id: str | None) -> None:
        """Defects of this checklist item; None: the defects not tied to any item."""
        self._item_id = item_id
        self._show_all = False
        self.refresh()

    def set_show_all(self, show_all: bool) -> None:
        self._show_all = show_all
        self.refresh()

    def defects(self) -> list[Defect]:
        all_defects = self.session.record.defects
        if self._show_all:
            shown = list(all_defects)
        else:
            shown = [d for d in all_defects if d.item_id == self._item_id]
        order = {s: n for n, s in enumerate(grades.ORDER)}
        return sorted(shown, key=lambda d: (order[d.severity], d.created_at))

    def refresh(self) -> None:
        current = self.current_defect_id()
        photo_counts: dict[str, int] = {}
        for photo in self.session.record.photos:
            if photo.defect_id:
                photo_counts[photo.defect_id] = photo_counts.get(photo.defect_id, 0) + 1
        self.tree.clear()
        rows = []
        self._adjusted = adjustments(self.session.record.reviews)
        for defect in self.defects():
            first_line = defect.facts.splitlines()[0] if defect.facts else ""
            if defect.affects_quality:
                first_line = self.tr("【直接影响产品质量】") + first_line
            if defect.falsification:
                first_line = self.tr("【真实性问题】") + first_line
            row = QTreeWidgetItem(
                [
                    grades.short_label(defect.severity),
                    first_line,
                    self.tr("；").join(defect.clause_refs),
                    str(photo_counts.get(defect.id, 0) or ""),
                ]
            )
            row.setIcon(0, grades.icon(defect.severity))
            row.setForeground(0, grades.COLOURS[defect.severity])
            row.setToolTip(1, defect.facts)
            row.setToolTip(2, "\n".join(defect.clause_refs))
            row.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
            row.setData(0, _ID_ROLE, defect.id)
            if defect.id in self._adjusted:
                row.setText(0, row.text(0) + self.tr("（中心调整）"))
            rows.append(row)
        self.tree.addTopLevelItems(rows)
        for row in rows:
            if row.data(0, _ID_ROLE) == current:
                self.tree.setCurrentItem(row)
        n = len(rows)
        if self._show_all:
            self.title.setText(self.tr("全部缺陷（%n 项）", "", n))
        elif self._item_id is None:
            self.title.setText(self.tr("未关联检查项的缺陷（%n 项）", "", n))
        else:
            self.title.setText(self.tr("本项缺陷（%n 项）", "", n))
        self._update_buttons()

    def current_defect_id(self) -> str | None:
        row = self.tree.currentItem()
        return row.data(0, _ID_ROLE) if row is not None else None

    def select_defect(self, defect_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            if row.data(0, _ID_ROLE) == defect_id:
                self.tree.setCurrentItem(row)
                return

    def _update_buttons(self) -> None:
        self._show_adjustment()
        has = self.current_defect_id() is not None
        # Once the center issued the report nothing is added or deleted (editing stays to
        # read a defect in full; a save is refused with the lock's message).
        issued = self.session.record.inspection.status is Status.REPORT_ISSUED
        self.new_button.setEnabled(not issued)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has and not issued)

    def _show_adjustment(self) -> None:
        found = getattr(self, "_adjusted", {}).get(self.current_defect_id() or "")
        defect = next(
            (d for d in self.session.record.defects if found and d.id == found.defect_id), None
        )
        if found is None or defect is None:
            self.adjustment.hide()
            return
        lines = [self.tr("中心调整（{0}，{1}）：").format(found.reviewer, f"{found.at:%Y-%m-%d}")]
        if found.severity is not None:
            lines.append(
                self.tr("等级：{0}（原：{1}）").format(
                    grades.label(found.severity), grades.label(defect.severity)
                )
            )
        if found.facts:
            lines.append(self.tr("表述：{0}").format(found.facts))
            lines.append(self.tr("原表述：{0}").format(defect.facts))
        lines.append(self.tr("理由：{0}").format(found.reason))
        self.adjustment.setText("\n".join(lines))
        self.adjustment.show()

    def _store_changed(self, kind: str, _record_id: str) -> None:
        if kind in {"defect", "photo", "inspection", "review"}:
            self.refresh()

    # ---- actions -------------------------------------------------------------------------

    def new_defect(self, item_id: str | None = None) -> DefectEditor:
        """Open the editor for a new defect, pre-filled from the item (grade, clauses)."""
        if item_id is None and not self._show_all:
            item_id = self._item_id
        editor = DefectEditor(self.session, self, item_id=item_id)
        self._run_editor(editor)
        return editor

    def edit_current(self) -> DefectEditor | None:
        defect_id = self.current_defect_id()
        if defect_id is None:
            return None
        editor = DefectEditor(self.session, self, defect_id=defect_id)
        self._run_editor(editor)
        return editor

    def _run_editor(self, editor: DefectEditor) -> None:
        self._open_editor = editor
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.open_editor(editor)

    def flush(self) -> bool:
        """Commit what is typed in an open editor (the window calls this before closing)."""
        editor = getattr(self, "_open_editor", None)
        return editor.flush() if editor is not None else True

    def _editor_closed(self, editor: DefectEditor) -> None:
        if getattr(self, "_open_editor", None) is editor:
            self._open_editor = None
        self.refresh()
        if editor.defect_id:
            self.select_defect(editor.defect_id)
        self.tree.setFocus()

    def delete_current(self) -> bool:
        defect_id = self.current_defect_id()
        defect = next((d for d in self.session.record.defects if d.id == defect_id), None)
        if defect is None or not self.confirm_delete(defect):
            return False
        return self.session.delete_defect(defect.id)

    def _confirm_delete(self, defect: Defect) -> bool:
        first = defect.facts.splitlines()[0][:60]
        answer = QMessageBox.question(
            self,
            self.tr("删除缺陷"),
            self.tr("删除这条{0}？\n\n{1}\n\n其照片一并删除；可用“撤销”（Ctrl+Z）恢复。").format(
                grades.label(defect.severity), first
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
