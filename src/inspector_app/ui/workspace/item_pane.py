"""The pane of the current checklist item: what to check, the result, the note.

Every change goes through the session at once (autosave). Text fields are committed to the
store `IDLE_SAVE_MS` after the last keystroke, and at once when focus leaves them, when another
item or a chapter row becomes current and when the window closes (`flush`). Saves while typing
merge into one undo step per field and never rewrite the field under the cursor.

A chapter row shows the chapter and nothing editable, so result shortcuts change nothing.
On a locked record a change needs a revision reason (asked once per item); if the user
declines, the typed text stays with a bar offering 保存修改… or 放弃我的修改 (reload from the
store), and autosave pauses for that item until one is chosen.
Not applicable needs a reason: `reason_prompt` asks for it (replaceable in tests).
Every text follows the interface language (`retranslate_ui`, which re-words the shown item).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_app.checklist.citation import display_code, format_ref
from inspector_app.checklist.schema import Item, Section, Tier
from inspector_app.domain.model import ItemResult, ResultValue, Status
from inspector_app.ui.held_change import HeldChangeBar
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.na_reason import ask_not_applicable_reason

ReasonPrompt = Callable[[Item, str], str | None]  # (item, current reason) → reason or None

# ≤ 0.3 s of silence: what a crash right after typing can lose (the issue's bound).
IDLE_SAVE_MS = 200
# A checked result button wears the colour of its mark in the tree.
_BUTTON_STYLE = "QPushButton:checked {{ background: {0}; color: white; border: 1px solid {0}; }}"
_BUTTON_COLOURS = {
    ResultValue.CONFORMING: "#2e7d32",
    ResultValue.NON_CONFORMING: "#c62828",
    ResultValue.NOT_APPLICABLE: "#616161",
    ResultValue.NOT_CHECKED: "#78909c",
}
# A clause number the checklist has not verified: muted orange, readable on white.
_UNVERIFIED_COLOUR = "#b26a00"
RESULT_ORDER = (
    ResultValue.CONFORMING,
    ResultValue.NON_CONFORMING,
    ResultValue.NOT_APPLICABLE,
    ResultValue.NOT_CHECKED,
)
RESULT_KEYS = {  # shown on the buttons; the window's menu actions own the shortcuts
    ResultValue.CONFORMING: "Alt+1",
    ResultValue.NON_CONFORMING: "Alt+2",
    ResultValue.NOT_APPLICABLE: "Alt+3",
    ResultValue.NOT_CHECKED: "Alt+0",
}


def _wrapping_label(object_name: str, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if selectable:  # inspectors copy requirement text into notes and defects
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def _heading() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #5f6368; font-weight: bold; margin-top: 6px;")
    return label


class ItemPane(QWidget):
    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item: Item | None = None
        self.reason_prompt: ReasonPrompt = self._ask_reason
        self._loading = False
        self._dirty: set[str] = set()  # text fields edited since their last save
        self._idle = QTimer(self, singleShot=True, interval=IDLE_SAVE_MS)
        self._idle.timeout.connect(self.flush)
        self._flushing = False
        # A change the user declined to give a revision reason for: kept, not autosaved.
        self._held = False
        self._reason_cache: str | None = None  # one revision reason per item on a locked record
        self._typing_spell = 0  # undo merge key: a new spell after focus leaves or item changes
        self._chapter: str | None = None  # the title of the chapter row shown, if one is
        self._hold_text: Callable[[], str] = lambda: ""  # the held-change bar's message

        self._build()
        self.set_item(None)
        # Undo/redo and changes from elsewhere: show the stored values (fields being typed
        # in are left alone by _show_result).
        session.changed.connect(self._store_changed)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.requirement_heading.setText(self.tr("要求"))
        self.check_heading.setText(self.tr("检查要点"))
        self.evidence_heading.setText(self.tr("查阅资料"))
        self.refs_heading.setText(self.tr("条款依据"))
        self.result_label.setText(self.tr("结果："))
        for value, button in self.result_buttons.items():
            label = enum_label(value)
            button.setText(label)
            button.setToolTip(f"{label} ({RESULT_KEYS[value]})")
        self.note.setPlaceholderText(self.tr("检查记录（自动保存）"))
        self.hold_label.setText(self._hold_text())
        self._word_item()

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("itemTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.path = _wrapping_label("itemPath", selectable=False)
        self.path.setStyleSheet("color: #5f6368;")
        self.requirement = _wrapping_label("itemRequirement")
        self.check = _wrapping_label("itemCheck")
        self.evidence = _wrapping_label("itemEvidence")
        self.refs = _wrapping_label("itemRefs")
        self.requirement_heading = _heading()
        self.check_heading = _heading()
        self.evidence_heading = _heading()
        self.refs_heading = _heading()

        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(8, 8, 8, 8)
        text_layout.setSpacing(2)
        text_layout.addWidget(self.title)
        text_layout.addWidget(self.path)
        text_layout.addWidget(self.requirement_heading)
        text_layout.addWidget(self.requirement)
        text_layout.addWidget(self.check_heading)
        text_layout.addWidget(self.check)
        text_layout.addWidget(self.evidence_heading)
        text_layout.addWidget(self.evidence)
        text_layout.addWidget(self.refs_heading)
        text_layout.addWidget(self.refs)
        text_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        row = QHBoxLayout()
        self.result_label = QLabel()
        row.addWidget(self.result_label)
        self.result_buttons: dict[ResultValue, QPushButton] = {}
        for value in RESULT_ORDER:
            button = QPushButton()  # texts in retranslate_ui
            button.setObjectName(f"result_{value.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setStyleSheet(_BUTTON_STYLE.format(_BUTTON_COLOURS[value]))
            button.setMinimumWidth(72)
            self.buttons.addButton(button)
            self.result_buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)
        self.buttons.buttonClicked.connect(self._on_button)

        self.reason = QLabel()
        self.reason.setObjectName("notApplicableReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #616161;")

        self.note = QPlainTextEdit()
        self.note.setObjectName("itemNote")
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(lambda: self._edited("note"))
        self.note.installEventFilter(self)

        self.declared = QLineEdit()
        self.declared.setObjectName("declaredValue")
        self.observed = QLineEdit()
        self.observed.setObjectName("observedValue")
        for field, edit in (("declared_value", self.declared), ("observed_value", self.observed)):
            edit.textEdited.connect(lambda _t, f=field: self._edited(f))
            edit.editingFinished.connect(self._line_finished)
        self.compare = QWidget()
        form = QFormLayout(self.compare)
        form.setContentsMargins(0, 0, 0, 0)
        self.declared_label = QLabel()
        self.observed_label = QLabel()
        form.addRow(self.declared_label, self.declared)
        form.addRow(self.observed_label, self.observed)

        self.hold_bar = HeldChangeBar()
        self.hold_label = self.hold_bar.label
        self.retry_button = self.hold_bar.retry_button
        self.retry_button.clicked.connect(self.flush)
        self.discard_button = self.hold_bar.discard_button
        self.discard_button.clicked.connect(self.discard_changes)

        controls = QVBoxLayout()
        controls.setContentsMargins(8, 0, 8, 8)
        controls.addLayout(row)
        controls.addWidget(self.reason)
        controls.addWidget(self.hold_bar)
        controls.addWidget(self.compare)
        controls.addWidget(self.note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 3)
        layout.addLayout(controls, 2)

    # ---- showing an item ---------------------------------------------------------------

    def set_editable(self, enabled: bool = True) -> None:
        """Result buttons and fields on (for a shown item) or off; always off once the
        center issued the report, since no change of the record is possible any more."""
        if self.session.record.inspection.status is Status.REPORT_ISSUED:
            enabled = False
        for w in (*self.result_buttons.values(), self.note, self.declared, self.observed):
            w.setEnabled(enabled)

    def set_item(self, item: Item | None, sections: list[Section] | None = None) -> None:
        """Show an item (saving what was typed for the previous one first)."""
        self._leave_item()
        self.item = item
        self._chapter = None
        self._loading = True
        try:
            self.set_editable(item is not None)
            if item is None:
                self._word_item()
                self.note.clear()
                self.declared.clear()
                self.observed.clear()
                for label in (self.path, self.requirement, self.check, self.evidence, self.refs):
                    label.clear()
                self.refs.setToolTip("")
                self.compare.hide()
                self._show_result(None)
                return
            self.path.setText(" › ".join(f"{s.code} {s.title}" for s in sections or []))
            self.requirement.setText(item.requirement)
            self.check.setText(item.check)
            self.check.setVisible(bool(item.check))
            self.check_heading.setVisible(bool(item.check))
            self.evidence.setText("\n".join(f"• {e}" for e in item.evidence))
            self.evidence.setVisible(bool(item.evidence))
            self.evidence_heading.setVisible(bool(item.evidence))
            self.compare.setVisible(item.declared_observed is not None)
            self._word_item()
            self._show_result(self.session.record.result_for(item.id), force=True)
        finally:
            self._loading = False

    def _word_item(self) -> None:
        """The texts of the shown item (or chapter, or none) that are words of ours."""
        item = self.item
        if item is None:
            if self._chapter is None:
                self.title.setText(self.tr("请在左侧选择检查项"))
            else:
                self.title.setText(self._chapter)
                self.path.setText(self.tr("这是章节。请选择其中的检查项以记录结果。"))
            return
        key = item.tier in (Tier.KEY, Tier.CRITICAL)
        self.title.setText(f"{display_code(item)}" + (self.tr("（关键项目）") if key else ""))
        self._show_refs(item)
        compared = item.declared_observed
        if compared is not None:
            unit = self.tr("（{0}）").format(compared.unit) if compared.unit else ""
            self.declared_label.setText(self.tr("申报{0}{1}").format(compared.label, unit))
            self.observed_label.setText(self.tr("现场{0}{1}").format(compared.label, unit))
        stored = self.session.record.result_for(item.id)
        self.reason.setText(self.tr("不适用理由：{0}").format(stored.reason if stored else ""))

    def _show_refs(self, item: Item) -> None:
        """The item's clauses; one whose number the checklist marks `verified: false` carries
        a marker here for the inspector and the center (paper never shows it)."""
        marker = html.escape(self.tr("〔条号待核实〕"))
        shown = []
        for ref in item.refs:
            text = html.escape(format_ref(ref))
            if not ref.verified:
                text += f' <span style="color: {_UNVERIFIED_COLOUR};">{marker}</span>'
            shown.append(text)
        self.refs.setTextFormat(Qt.TextFormat.RichText)
        self.refs.setText("；".join(shown) or "—")
        unverified = any(not ref.verified for ref in item.refs)
        tip = self.tr("条号待核实：中心尚需对照法规正式文本确认条号。打印的文书不显示此标注。")
        self.refs.setToolTip(tip if unverified else "")

    def show_chapter(self, title: str) -> None:
        """A chapter row is current: show its name; nothing here can be changed."""
        self.set_item(None)
        self._chapter = title or ""
        self._word_item()

    def _leave_item(self) -> None:
        """Save what was typed for the shown item; a change refused on a locked record is
        dropped here (the user was asked for the reason once more and declined)."""
        self.flush()
        self._dirty.clear()
        if self._held:
            self.session.failed.emit(
                self.tr("未填写修订原因，已放弃对 {0} 的修改。").format(
                    display_code(self.item) if self.item else ""
                )
            )
        self._set_held(False)
        self._reason_cache = None
        self._typing_spell += 1

    def refresh(self) -> None:
        """Show the stored state again (after undo/redo or a save from elsewhere)."""
        if self.item is None:
            return
        self._loading = True
        try:
            self._show_result(self.session.record.result_for(self.item.id))
        finally:
            self._loading = False

    def _store_changed(self, kind: str, record_id: str) -> None:
        if kind != "item_result" or self.item is None or self._flushing:
            return
        stored = self.session.record.result_for(self.item.id)
        if stored is not None and stored.id == record_id:
            self.refresh()

    def _show_result(self, result: ItemResult | None, force: bool = False) -> None:
        value = result.result if result else ResultValue.NOT_CHECKED
        self.result_buttons[value].setChecked(True)
        reason = result.reason if result else ""
        self.reason.setVisible(value is ResultValue.NOT_APPLICABLE)
        self.reason.setText(self.tr("不适用理由：{0}").format(reason))
        # Never overwrite what the user is typing and has not saved yet.
        for field, widget in (
            ("note", self.note),
            ("declared_value", self.declared),
            ("observed_value", self.observed),
        ):
            stored = getattr(result, field) if result else ""
            if force or field not in self._dirty:
                self._dirty.discard(field)
                current = widget.toPlainText() if widget is self.note else widget.text()
                # Values are saved stripped: "12 " typed and "12" stored are the same, and
                # rewriting the field would move the cursor of someone still typing.
                if current.strip() != stored.strip():
                    widget.setPlainText(stored) if widget is self.note else widget.setText(stored)

    # ---- editing -----------------------------------------------------------------------

    def current_result(self) -> ResultValue:
        if self.item is None:
            return ResultValue.NOT_CHECKED
        stored = self.session.record.result_for(self.item.id)
        return stored.result if stored else ResultValue.NOT_CHECKED

    def _on_button(self, button: QAbstractButton) -> None:
        value = next(v for v, b in self.result_buttons.items() if b is button)
        if not self.choose_result(value):
            self.refresh()  # put the checked button back to what is stored

    def choose_result(self, value: ResultValue) -> bool:
        """Record a result for the shown item. Returns whether it was saved."""
        if self.item is None:
            return False
        stored = self.session.record.result_for(self.item.id)
        fields = self._pending_texts()
        if value is ResultValue.NOT_APPLICABLE:
            current = stored.reason if stored else ""
            reason = self.reason_prompt(self.item, current)
            if reason is None or not reason.strip():
                return False
            fields["reason"] = reason.strip()
        elif stored is not None and stored.reason:
            fields["reason"] = ""  # the reason belonged to "not applicable"
        if stored is not None and stored.result is value and not fields:
            return True
        self._idle.stop()
        item_id = self.item.id
        saved = self._with_reason(lambda: self.session.set_result(item_id, value, **fields))
        if saved is None:
            if self.session.last_cancelled and self._dirty:
                self._set_held(True)
            return False
        self._dirty.clear()
        self._set_held(False)
        self.refresh()
        return True

    def _edited(self, field: str) -> None:
        if self._loading or self.item is None:
            return
        self._dirty.add(field)
        if not self._held:  # held: the user chooses 保存修改… or 放弃我的修改
            self._idle.start()

    def _pending_texts(self) -> dict[str, str]:
        values = {
            "note": self.note.toPlainText(),
            "declared_value": self.declared.text().strip(),
            "observed_value": self.observed.text().strip(),
        }
        return {f: values[f] for f in self._dirty}

    def flush(self) -> bool:
        """Commit text fields edited since their last save (pause in typing, focus left, item
        change, window close). True when the store now holds what the fields show."""
        self._idle.stop()
        if self.item is None or not self._dirty:
            return True
        if self._flushing:  # the revision-reason dialog took focus from the note
            return False
        fields = self._pending_texts()
        stored = self.session.record.result_for(self.item.id)
        unchanged = (
            all(getattr(stored, f) == v for f, v in fields.items())
            if stored is not None
            else not any(fields.values())
        )
        if unchanged:
            self._dirty.clear()
            self._set_held(False)
            return True
        item_id, result = self.item.id, self.current_result()
        spell = f"{self._typing_spell}"
        self._flushing = True
        try:
            saved = self._with_reason(
                lambda: self.session.set_result(item_id, result, typing=spell, **fields)
            )
        finally:
            self._flushing = False
        if saved is not None:
            self._dirty.clear()
            self._set_held(False)
            return True
        if self.session.last_cancelled:
            self._set_held(True)
        return False

    def _line_finished(self) -> None:
        if not self._held:
            self.flush()
        self._typing_spell += 1

    def discard_changes(self) -> None:
        """放弃我的修改: show the stored values again in place of what was typed."""
        self._idle.stop()
        self._dirty.clear()
        self._set_held(False)
        if self.item is None:
            return
        self._loading = True
        try:
            self._show_result(self.session.record.result_for(self.item.id), force=True)
        finally:
            self._loading = False
        self._hold_text = lambda: self.tr("已放弃您的修改，显示的是已保存的内容。")
        self.hold_label.setText(self._hold_text())
        self.retry_button.hide()
        self.discard_button.hide()
        self.hold_bar.show()

    @property
    def held(self) -> bool:
        return self._held

    def _set_held(self, held: bool) -> None:
        self._held = held
        if held:
            self._hold_text = lambda: self.tr(
                "记录已锁定，修改需要填写修订原因。您的修改尚未保存。"
            )
            self.hold_label.setText(self._hold_text())
        self.retry_button.setVisible(held)
        self.discard_button.setVisible(held)
        self.hold_bar.setVisible(held)

    def _with_reason(self, save: Callable[[], ItemResult | None]) -> ItemResult | None:
        """Run a save asking for a revision reason at most once for the shown item."""
        outer = self.session.revision_reason_provider

        def once(prompt: str) -> str | None:
            if self._reason_cache is None:
                reason = outer(prompt)
                if reason and reason.strip():
                    self._reason_cache = reason.strip()
            return self._reason_cache

        self.session.revision_reason_provider = once
        try:
            return save()
        finally:
            self.session.revision_reason_provider = outer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            if not self._held:
                self.flush()
            self._typing_spell += 1
        return super().eventFilter(watched, event)

    def _ask_reason(self, item: Item, current: str) -> str | None:
        return ask_not_applicable_reason(self, display_code(item), current)
