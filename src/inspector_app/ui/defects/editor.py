"""The defect editor: grade, facts, clause references, location, rectification, photos.

Saving rule (one rule for every field):
* A new defect exists as soon as its facts field has text: the first save after the user
  starts typing creates it (through the session, so it is audited and undoable), later saves
  update it. 保存缺陷 stays as the way to finish; 取消 on a defect created in this sitting asks
  whether to keep it or delete it (a tombstone, visible in the audit trail).
* Text fields are committed `TYPING_PAUSE_MS` after the last keystroke and at once when focus
  leaves them; a choice (grade, linked item, clauses, 真实性问题, 直接影响产品质量) at once;
  `flush()` commits everything pending (the window calls it before closing). Saves while
  typing one field merge into one undo step, and a save never rewrites the field under the
  cursor.
* Closing the dialog by any route (关闭, Esc, the window's ×) first saves whatever differs.
* On a locked record the editor asks for the revision reason once per sitting; if the user
  declines, the typed change stays in the widgets with 保存修改… / 放弃我的修改 (reload from the
  store), and autosave pauses until one is chosen.
Clause references are chosen with the clause picker (正文 or a named annex, explicitly) or
written as free text for other documents; nothing is prefixed behind the user's back.
The layout fits 1280×720 at 125 %: the form scrolls, the buttons stay visible.
Every text follows the interface language (`retranslate_ui`); status lines and messages are
kept as functions so a language switch re-renders them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.checklist.citation import format_ref
from inspector_app.domain.conclusion import Condition, RuleProfile, in_scope_items, profile_for
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Defect, Severity
from inspector_app.ui.defects import grades
from inspector_app.ui.defects.clause_picker import pick_clauses, unverified_marker, unverified_texts
from inspector_app.ui.defects.photos import (
    PhotoImport,
    PhotoStrip,
    choose_files,
    import_photo_folder,
    remove_photo,
    start_photo_import,
)
from inspector_app.ui.held_change import HeldChangeBar
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.tasks import Task

# ≤ 0.3 s of silence: what a crash right after typing can lose (the bound).
TYPING_PAUSE_MS = 200
_TEXT_FIELDS = frozenset({"facts", "location", "suggested_rectification"})
_REF_ROLE = Qt.ItemDataRole.UserRole + 1
QUALITY_METRIC = "defects.quality_affecting"


def quality_profile(session: InspectionSession) -> RuleProfile | None:
    """The inspection's rule profile when it reads 直接影响产品质量, else None: the flag is
    asked only where a conclusion depends on it (the 2015 device rule)."""
    inspection = session.record.inspection
    try:
        profile = profile_for(
            session.app.profiles, session.checklist.rule_profile, inspection.inspection_type
        )
    except (DomainError, KeyError):  # no profile for this type: the conclusion says so
        return None
    return profile if profile.uses_metric(QUALITY_METRIC) else None


def _reads(condition: Condition, metric: str) -> bool:
    children = (condition.all or []) + (condition.any or [])
    return metric in condition.terms or any(_reads(c, metric) for c in children)


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
        # Injected by tests; the app opens the clause picker. Returns the texts to add.
        self.pick_clauses: Callable[[str | None], list[str]] = lambda annex: pick_clauses(
            session.checklist, self, annex
        )
        self._unverified = unverified_texts(session.checklist)
        self.last_import: PhotoImport | None = None
        self.last_folder_task: Task | None = None
        self._loading = False
        self._saving = False
        self._closing = False
        self._refs_touched = False
        self._created_here = False  # created by typing in this sitting: 取消 offers to delete it
        self._held = False  # a change the user declined to give a revision reason for
        self._typing_spell = 0  # undo merge key: a new spell after focus leaves a field
        # The status line and the message, as functions: a language switch re-renders them.
        self._status: Callable[[], str] | None = None
        self._message: Callable[[], str] = lambda: ""
        self._items = {
            item.id: item
            for _, item in in_scope_items(session.checklist, session.record.inspection)
        }
        self._quality_profile = quality_profile(session)
        self._build()
        existing = self._stored()
        if defect_id is not None and existing is None:
            raise ValueError(f"no defect {defect_id} in this inspection")
        if existing is not None and existing.origin_defect_id:
            # A re-inspection's preloaded defect: the company's answer and the on-site outcome.
            from inspector_app.ui.reinspection import FollowupBox

            self.followup_box = FollowupBox(session, existing, self)
            self.scroll.widget().layout().insertWidget(0, self.followup_box)
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
        retranslate_on_change(self, self.retranslate_ui)
        self.facts_edit.setFocus()

    def retranslate_ui(self) -> None:
        for n, severity in enumerate(grades.ORDER):
            self.grade_combo.setItemText(n, grades.label(severity))
        self.item_combo.setItemText(0, self.tr("（不关联检查项）"))
        self.facts_edit.setPlaceholderText(
            self.tr("现场发现的事实：时间、地点、记录编号、具体情况")
        )
        self.add_ref_button.setText(self.tr("添加条款…"))
        self.remove_ref_button.setText(self.tr("移除条款"))
        self.location_edit.setPlaceholderText(self.tr("如：冻干车间灌装间"))
        self.falsification_check.setText(self.tr("真实性问题（数据造假或其他不真实情况）"))
        self.affects_quality_check.setText(self.tr("直接影响产品质量"))
        self.affects_quality_check.setToolTip(self._quality_tooltip())
        self.add_photos_button.setText(self.tr("添加照片…"))
        self.import_folder_button.setText(self.tr("导入文件夹…"))
        self.remove_photo_button.setText(self.tr("删除照片"))
        self.photo_hint.setText(self.tr("可将照片拖到此处；双击照片查看和标注，F2 编辑说明。"))
        for label, text in zip(
            self.form_labels,
            (
                self.tr("缺陷等级："),
                self.tr("关联检查项："),
                self.tr("缺陷事实（必填）："),
                self.tr("条款依据："),
                self.tr("位置："),
                self.tr("整改建议："),
                self.tr("照片："),
            ),
            strict=True,
        ):
            label.setText(text)
        self.save_button.setText(self.tr("保存缺陷"))
        self.hold_label.setText(self.tr("记录已锁定，修改需要填写修订原因。您的修改尚未保存。"))
        self._set_refs(self.refs())  # the 条号待核实 markers
        self._update_mode()
        self.message.setText(self._message())

    def _say(self, message: Callable[[], str] | None) -> None:
        """Show (or with None clear) the message line; kept to re-render on a language switch."""
        self._message = message or (lambda: "")
        self.message.setText(self._message())

    def _set_status(self, status: Callable[[], str] | None) -> None:
        """Override the mode's status line (None: back to the mode's own text)."""
        self._status = status
        self._update_mode()

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.grade_combo = QComboBox()
        self.grade_combo.setObjectName("gradeCombo")
        for severity in grades.ORDER:
            self.grade_combo.addItem(grades.icon(severity), "", severity)
        self.grade_combo.setCurrentIndex(grades.ORDER.index(Severity.GENERAL))

        self.item_combo = QComboBox()
        self.item_combo.setObjectName("itemCombo")
        # Long requirements must not widen the dialog past a small screen.
        self.item_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.item_combo.setMinimumContentsLength(24)
        self.item_combo.addItem("", None)  # （不关联检查项）, set in retranslate_ui
        for item in self._items.values():
            text = f"{item.code}  {item.requirement}"
            self.item_combo.addItem(text if len(text) <= 40 else text[:39] + "…", item.id)
            self.item_combo.setItemData(
                self.item_combo.count() - 1, item.requirement, Qt.ItemDataRole.ToolTipRole
            )

        self.facts_edit = QPlainTextEdit()
        self.facts_edit.setObjectName("factsEdit")
        self.facts_edit.setTabChangesFocus(True)
        self.facts_edit.setMinimumHeight(90)

        self.refs_list = QListWidget()
        self.refs_list.setObjectName("refsList")
        self.refs_list.setMaximumHeight(84)
        # Entries are chosen in the picker, never edited in place: editing "附录《…》第十三条"
        # in place is how an annex prefix used to survive a retyped article number.
        self.refs_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_ref_button = add_ref = QPushButton()
        add_ref.setObjectName("addRefButton")
        self.remove_ref_button = remove_ref = QPushButton()
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
        self.rectification_edit = QPlainTextEdit()
        self.rectification_edit.setObjectName("rectificationEdit")
        self.rectification_edit.setTabChangesFocus(True)
        self.rectification_edit.setMaximumHeight(70)
        self.falsification_check = QCheckBox()
        self.falsification_check.setObjectName("falsificationCheck")
        self.affects_quality_check = QCheckBox()
        self.affects_quality_check.setObjectName("affectsQualityCheck")

        self.photo_strip = PhotoStrip(self.session, self)
        self.photo_strip.files_dropped.connect(self.add_photo_files)
        self.add_photos_button = add_photos = QPushButton()
        add_photos.setObjectName("addPhotosButton")
        add_photos.clicked.connect(self._add_photos_clicked)
        self.import_folder_button = import_folder = QPushButton()
        import_folder.setObjectName("importFolderButton")
        import_folder.clicked.connect(self._import_folder_clicked)
        self.remove_photo_button = QPushButton()
        self.remove_photo_button.setObjectName("removePhotoButton")
        self.remove_photo_button.clicked.connect(self._remove_photo_clicked)
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(add_photos)
        photo_buttons.addWidget(import_folder)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch()
        self.photo_hint = photo_hint = QLabel()
        photo_hint.setStyleSheet("color: palette(mid);")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # The form's labels, then the photo heading; their texts are set in retranslate_ui.
        self.form_labels = [QLabel() for _ in range(7)]
        form.addRow(self.form_labels[0], self.grade_combo)
        form.addRow(self.form_labels[1], self.item_combo)
        form.addRow(self.form_labels[2], self.facts_edit)
        form.addRow(self.form_labels[3], refs_row)
        form.addRow(self.form_labels[4], self.location_edit)
        form.addRow(self.form_labels[5], self.rectification_edit)
        form.addRow("", self.falsification_check)
        form.addRow("", self.affects_quality_check)
        # Only where the inspection's rule reads it; elsewhere the flag means nothing.
        form.setRowVisible(self.affects_quality_check, self._quality_profile is not None)

        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.status_label = QLabel()
        self.status_label.setObjectName("editorStatus")
        self.status_label.setStyleSheet("color: palette(mid);")

        self.save_button = QPushButton()
        self.save_button.setObjectName("saveDefectButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeEditorButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        self.hold_bar = HeldChangeBar()
        self.hold_label = self.hold_bar.label
        self.retry_button = self.hold_bar.retry_button
        self.retry_button.clicked.connect(lambda: self.save_now(retry=True))
        self.discard_button = self.hold_bar.discard_button
        self.discard_button.clicked.connect(self.discard_changes)

        # Long content scrolls; the message, the held-change bar and the buttons never do.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(form)
        content_layout.addWidget(self.form_labels[6])  # 照片：
        content_layout.addWidget(self.photo_strip)
        content_layout.addLayout(photo_buttons)
        content_layout.addWidget(photo_hint)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("defectEditorScroll")
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.hold_bar)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        # Per-field commits (see the module docstring).
        self.grade_combo.currentIndexChanged.connect(self._field_committed)
        self.item_combo.currentIndexChanged.connect(self._item_changed)
        self.falsification_check.toggled.connect(self._field_committed)
        self.affects_quality_check.toggled.connect(self._field_committed)
        self.location_edit.editingFinished.connect(self._text_left)
        self.location_edit.textEdited.connect(self._typed)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._field_committed)
        for edit in (self.facts_edit, self.rectification_edit):
            edit.textChanged.connect(self._typed)
            edit.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not getattr(self, "_fitted", False):
            self._fitted = True
            self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """As large as the content wants, never larger than the screen's free area (with room
        for the title bar), so 保存缺陷 is on screen at 1280×720 and 125 % scaling."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        limit_w, limit_h = available.width() - 40, available.height() - 80
        self.setMaximumSize(available.width(), available.height() - 40)
        metrics = self.fontMetrics()
        wanted_w = max(metrics.horizontalAdvance("字") * 56, 720)
        wanted_h = self.layout().sizeHint().height() + self.scroll.widget().sizeHint().height()
        self.resize(min(wanted_w, limit_w), min(wanted_h, limit_h))
        frame = self.frameGeometry()
        if not available.contains(frame):
            self.move(
                max(available.left(), min(frame.left(), available.right() - frame.width())),
                max(available.top(), min(frame.top(), available.bottom() - frame.height())),
            )

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
            # Saved values are stripped: equal up to whitespace means nothing to show, and
            # rewriting would move the cursor of someone still typing.
            if self.facts_edit.toPlainText().strip() != defect.facts:
                self.facts_edit.setPlainText(defect.facts)
            if self.refs() != list(defect.clause_refs):
                self._set_refs(defect.clause_refs)
            if self.location_edit.text().strip() != defect.location:
                self.location_edit.setText(defect.location)
            if self.rectification_edit.toPlainText().strip() != defect.suggested_rectification:
                self.rectification_edit.setPlainText(defect.suggested_rectification)
            self.falsification_check.setChecked(defect.falsification)
            self.affects_quality_check.setChecked(defect.affects_quality)
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
                self.refs_list.addItem(self._ref_entry(ref))
        finally:
            self._loading = was

    def _ref_entry(self, ref: str) -> QListWidgetItem:
        """A clause as listed: the stored text, marked when its number awaits verification."""
        shown = f"{ref}  {unverified_marker()}" if ref in self._unverified else ref
        entry = QListWidgetItem(shown)
        entry.setData(_REF_ROLE, ref)
        if ref in self._unverified:
            entry.setForeground(Qt.GlobalColor.darkYellow)
            entry.setToolTip(self.tr("条号待核实：请对照法规正式文本核对。"))
        return entry

    def refs(self) -> list[str]:
        texts = (
            str(self.refs_list.item(i).data(_REF_ROLE) or "").strip()
            for i in range(self.refs_list.count())
        )
        return [t for t in texts if t]

    def values(self) -> dict[str, Any]:
        """What the widgets hold, as Defect fields."""
        values = {
            "severity": Severity(self.grade_combo.currentData()),
            "item_id": self.item_combo.currentData(),
            "facts": self.facts_edit.toPlainText().strip(),
            "clause_refs": self.refs(),
            "location": self.location_edit.text().strip(),
            "suggested_rectification": self.rectification_edit.toPlainText().strip(),
            "falsification": self.falsification_check.isChecked(),
        }
        # A hidden box is not an answer: it never clears a flag set elsewhere.
        if self._quality_profile is not None:
            values["affects_quality"] = self.affects_quality_check.isChecked()
        return values

    def _quality_tooltip(self) -> str:
        profile = self._quality_profile
        if profile is None:
            return ""
        rules = [rule for rule in profile.rules if _reads(rule.when, QUALITY_METRIC)]
        outcomes = dict.fromkeys(profile.label(rule.outcome) for rule in rules)
        return self.tr(
            "勾选表示该缺陷直接影响产品质量。结论规则“{0}”读取此项（可导致：{1}）。依据：{2}"
        ).format(profile.title, "、".join(outcomes) or "—", profile.regulation.basis)

    def _prefill_refs(self, item_id: str | None) -> None:
        item = self._items.get(item_id) if item_id else None
        self._set_refs([format_ref(r) for r in item.refs] if item else [])

    def _update_mode(self) -> None:
        new = self.defect_id is None or self._created_here
        self.setWindowTitle(self.tr("新增缺陷") if new else self.tr("编辑缺陷"))
        self.save_button.setVisible(new)
        self.close_button.setText(self.tr("取消") if new else self.tr("关闭"))
        self.close_button.setDefault(not new)
        if self._status is not None:
            status = self._status()
        elif self.defect_id is None:
            status = self.tr("填写缺陷事实后即自动保存；点击“保存缺陷”完成。")
        elif self._created_here:
            status = self.tr("已自动保存。点击“保存缺陷”完成；“取消”可删除这条新缺陷。")
        else:
            status = self.tr("修改随时自动保存，可撤销（Ctrl+Z）。")
        self.status_label.setText(status)

    # ---- saving --------------------------------------------------------------------------

    def _typed(self, *_: object) -> None:
        if not self._loading and not self._held:
            self._pause.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (
            self.facts_edit,
            self.rectification_edit,
        ):
            self._text_left()
        return super().eventFilter(watched, event)

    def _text_left(self) -> None:
        self._field_committed()
        self._typing_spell += 1

    def flush(self) -> bool:
        """Commit whatever differs from the store now (the window calls this before closing)."""
        if self._held or self._closing:
            return not self._held
        return self.save_now(explicit=False)

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

    def _default_annex(self) -> str | None:
        """The part the picker opens on: the linked item's (an explicit, visible default)."""
        item = self._items.get(self.item_combo.currentData() or "")
        refs = [r for r in item.refs if r.source is None] if item else []
        return refs[0].annex if refs else None

    def _add_ref(self) -> None:
        chosen = self.pick_clauses(self._default_annex())
        current = self.refs()
        added = [c for c in chosen if c.strip() and c.strip() not in current]
        if not added:
            return
        self._set_refs([*current, *(c.strip() for c in added)])
        self.refs_list.setCurrentRow(self.refs_list.count() - 1)
        self._refs_changed()

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

    def save_now(self, *, explicit: bool = True, retry: bool = False) -> bool:
        """Save what differs from the store; True when the store now matches the widgets.

        `explicit` (a button, closing) explains a missing fact; an autosave stays quiet."""
        self._pause.stop()
        if self._saving:  # a reason prompt took focus from a field: that save is this one
            return False
        if self._held and not retry and not explicit:
            return False
        self._saving = True
        try:
            ok = self._save(explicit)
        finally:
            self._saving = False
        if self.session.last_cancelled and not ok:
            self._set_held(True)
        elif ok or self.defect_id is not None:
            self._set_held(False)
        return ok

    def _field_committed(self, *_: object) -> None:
        if not self._loading and not self._held and not self._closing:
            self.save_now(explicit=False)

    def _save(self, explicit: bool) -> bool:
        if self.defect_id is None:
            return self._create(explicit)
        if not self.values()["facts"]:
            self._say(lambda: self.tr("缺陷事实不能为空；其他修改已保存。"))
        else:
            self._say(None)
        changes = self.pending_changes()
        if changes:
            # Text typed into one field merges into one undo step per typing spell.
            typing = str(self._typing_spell) if set(changes) <= _TEXT_FIELDS else None
            if self.session.update_defect(self.defect_id, changes, typing=typing) is None:
                return False
        # The revision reason's line, once given, stays in view.
        if not self._created_here and self._reason_cache is None:
            self._set_status(lambda: self.tr("已保存。修改随时自动保存，可撤销（Ctrl+Z）。"))
        return bool(self.values()["facts"])

    def _create(self, explicit: bool = True) -> bool:
        values = self.values()
        if not values["facts"]:
            if explicit:
                self._say(lambda: self.tr("请先填写缺陷事实（必填）。"))
                self.facts_edit.setFocus()
            return False
        defect = self.session.add_defect(**values)
        if defect is None:
            return False
        self.defect_id = defect.id
        self._created_here = True
        self._say(None)
        self._update_mode()
        return True

    def discard_changes(self) -> None:
        """放弃我的修改: show the stored defect again in place of what was typed."""
        self._pause.stop()
        self._set_held(False)
        stored = self._stored()
        if stored is not None:
            self._loading = True
            try:
                self.facts_edit.setPlainText(stored.facts)
                self.location_edit.setText(stored.location)
                self.rectification_edit.setPlainText(stored.suggested_rectification)
            finally:
                self._loading = False
            self._show_defect(stored)
        self._say(lambda: self.tr("已放弃您的修改，显示的是已保存的内容。"))

    @property
    def held(self) -> bool:
        return self._held

    def _set_held(self, held: bool) -> None:
        self._held = held
        self.hold_bar.setVisible(held)

    def accept(self) -> None:
        if self.save_now():
            self._finish()
            super().accept()

    def reject(self) -> None:
        """Esc, 取消/关闭 and the window's ×: nothing typed is lost unless the user says so."""
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
        if self._created_here and self._stored() is not None:
            answer = self._ask_keep_new()
            if answer == QMessageBox.StandardButton.Save:
                self.accept()
            elif answer == QMessageBox.StandardButton.Discard:
                self._pause.stop()
                # A tombstone through the session: audited, synced, undoable.
                if self.session.delete_defect(self.defect_id):
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

    def _ask_keep_new(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self,
            self.tr("新增缺陷"),
            self.tr(
                "这条新缺陷已自动保存。保留它，还是删除它？\n"
                "（删除会记入审计追踪，可用“撤销”恢复。）"
            ),
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
                self._reason_cache = given = reason.strip()
                self._set_status(
                    lambda: self.tr("修订原因：{0}（本次编辑的修改都记录此原因）").format(given)
                )
        return self._reason_cache

    def _store_changed(self, kind: str, record_id: str) -> None:
        if self._closing or self.defect_id is None or self._saving:
            return  # our own save: the widgets already show it
        if kind == "photo":
            self._show_photos()
        elif kind == "defect" and record_id == self.defect_id:
            stored = self._stored()
            if stored is None:
                self._say(lambda: self.tr("这条缺陷已被删除（或撤销了新增）。"))
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
            self._say(lambda: self.tr("添加照片前请先填写缺陷事实，缺陷将随之保存。"))
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
