"""Pick the clauses a defect cites from the checklist's own regulation, or write another one.

The part of the regulation is always an explicit choice: 正文 or an annex by name, then its
articles (those the checklist's items cite, plus any article number typed in). Nothing is
prefixed behind the user's back: "第三十四条" of the main text and "附录《无菌药品》第三十四条"
are different clauses and the picker shows which one is chosen. A last choice, 其他法规, takes
free text for clauses of other documents.

Clauses whose number the checklist marks as not yet verified carry "条号待核实" here, so the
inspector sees it; the marker is never part of the stored text.
Texts follow the interface language (`retranslate_ui`); a switch keeps the selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.checklist.citation import display_code, format_ref
from inspector_app.checklist.schema import Checklist, ClauseRef
from inspector_app.ui.i18n import retranslate_on_change

OTHER = "__other__"  # the combo's data for free text
_REF_ROLE = Qt.ItemDataRole.UserRole + 1


def unverified_marker() -> str:
    """〔条号待核实〕 in the interface language, brackets included (English has its own)."""
    return QCoreApplication.translate("ClausePicker", "〔条号待核实〕")


def is_unverified(ref: ClauseRef) -> bool:
    """Whether the checklist flags this clause number as not yet checked against the text
    (`verified: false` on the ref in the checklist file)."""
    return not ref.verified


@dataclass
class Clause:
    ref: ClauseRef
    text: str  # as stored on the defect: format_ref(ref)
    item_codes: list[str] = field(default_factory=list)
    requirement: str = ""  # of the first item citing it: a hint of what the clause is about
    unverified: bool = False


@dataclass
class Part:
    annex: str | None  # None: the main text
    clauses: dict[str, Clause] = field(default_factory=dict)  # by text, in article order


def regulation_parts(checklist: Checklist) -> list[Part]:
    """The main text and each annex, with the clauses the checklist's items cite."""
    parts: dict[str | None, Part] = {None: Part(None)}
    for _sections, item in checklist.walk_items():
        for ref in item.refs:
            if ref.source is not None:
                continue  # another document: not part of this regulation
            part = parts.setdefault(ref.annex, Part(ref.annex))
            text = format_ref(ref)
            clause = part.clauses.setdefault(
                text,
                Clause(
                    ClauseRef(article=ref.article, paragraph=ref.paragraph, annex=ref.annex),
                    text,
                    requirement=item.requirement,
                ),
            )
            clause.item_codes.append(display_code(item))
            clause.unverified = clause.unverified or is_unverified(ref)
    for part in parts.values():
        part.clauses = dict(
            sorted(
                part.clauses.items(), key=lambda kv: (kv[1].ref.article, kv[1].ref.paragraph or 0)
            )
        )
    main = parts.pop(None)
    return [main, *sorted(parts.values(), key=lambda p: p.annex or "")]


def unverified_texts(checklist: Checklist) -> set[str]:
    """Stored clause texts the checklist flags as unverified (for markers in lists), including
    clauses of other documents an item cites with `source`, since a new defect takes over all
    of its item's refs."""
    return {
        format_ref(ref)
        for _sections, item in checklist.walk_items()
        for ref in item.refs
        if is_unverified(ref)
    }


class ClausePicker(QDialog):
    def __init__(
        self,
        checklist: Checklist,
        parent: QWidget | None = None,
        annex: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clausePicker")
        self.parts = regulation_parts(checklist)
        self._regulation = checklist.regulation.name

        self.part_combo = QComboBox()
        self.part_combo.setObjectName("clausePartCombo")
        for part in self.parts:
            self.part_combo.addItem("", part.annex)  # texts set in retranslate_ui
        self.part_combo.addItem("", OTHER)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("clauseFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.clause_list = QListWidget()
        self.clause_list.setObjectName("clauseList")
        self.clause_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.clause_list.setWordWrap(True)
        self.clause_list.setUniformItemSizes(False)

        self.number_check = QCheckBox()
        self.number_check.setObjectName("clauseNumberCheck")
        self.article_spin = QSpinBox()
        self.article_spin.setObjectName("clauseArticleSpin")
        self.article_spin.setRange(1, 9999)
        self.paragraph_spin = QSpinBox()
        self.paragraph_spin.setObjectName("clauseParagraphSpin")
        self.paragraph_spin.setRange(0, 99)
        self.article_spin.valueChanged.connect(lambda _v: self.number_check.setChecked(True))
        self.paragraph_spin.valueChanged.connect(lambda _v: self.number_check.setChecked(True))
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_check)
        number_row.addWidget(self.article_spin)
        number_row.addWidget(self.paragraph_spin)
        number_row.addStretch(1)
        self.number_box = QWidget()
        self.number_box.setLayout(number_row)
        number_row.setContentsMargins(0, 0, 0, 0)

        self.free_edit = QLineEdit()
        self.free_edit.setObjectName("clauseFreeText")
        self.free_label = QLabel()

        self.preview = QLabel()
        self.preview.setObjectName("clausePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)

        # Own buttons, not standard ones: on a language change QDialogButtonBox resets a
        # standard button to Qt's word ("OK"), over our "添加"/"Add".
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self.part_label, self.filter_label = QLabel(), QLabel()
        form.addRow(self.part_label, self.part_combo)
        form.addRow(self.filter_label, self.filter_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.clause_list, 1)
        layout.addWidget(self.number_box)
        layout.addWidget(self.free_label)
        layout.addWidget(self.free_edit)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)

        self.part_combo.currentIndexChanged.connect(self._show_part)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.clause_list.itemSelectionChanged.connect(self._update_preview)
        self.clause_list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.number_check.toggled.connect(self._update_preview)
        self.free_edit.textChanged.connect(self._update_preview)

        index = self.part_combo.findData(annex) if annex is not None else 0
        self.part_combo.setCurrentIndex(max(index, 0))
        self._show_part()
        retranslate_on_change(self, self.retranslate_ui)
        self._fit_to_screen()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("选择条款依据"))
        for n, part in enumerate(self.parts):
            if part.annex is None:
                label = self.tr("正文（《{0}》）").format(self._regulation)
            else:
                label = self.tr("附录《{0}》").format(part.annex)
            self.part_combo.setItemText(n, label)
        self.part_combo.setItemText(len(self.parts), self.tr("其他法规（自由填写）"))
        self.part_label.setText(self.tr("法规部分："))
        self.filter_label.setText(self.tr("筛选："))
        self.filter_edit.setPlaceholderText(self.tr("按条号或内容筛选"))
        self.number_check.setText(self.tr("其他条号："))
        # One pattern per number, split around it: English has no word after the number.
        for spin, pattern in (
            (self.article_spin, self.tr("第 {0} 条")),
            (self.paragraph_spin, self.tr("第 {0} 款")),
        ):
            prefix, _, suffix = pattern.partition("{0}")
            spin.setPrefix(prefix)
            spin.setSuffix(suffix)
        self.paragraph_spin.setSpecialValueText(self.tr("（不指定款）"))
        self.free_edit.setPlaceholderText(self.tr("如：《药品管理法》第九十八条"))
        self.free_label.setText(self.tr("其他法规的条款："))
        self.ok_button.setText(self.tr("添加"))
        self.cancel_button.setText(self.tr("取消"))
        if not self.is_other():  # the list's markers, in place: the selection stays
            part = self.parts[self.part_combo.currentIndex()]
            for n, clause in enumerate(part.clauses.values()):
                self._word_entry(self.clause_list.item(n), clause)
            self._apply_filter()
        self._update_preview()

    def _fit_to_screen(self) -> None:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance("字") * 40 + 60
        height = metrics.lineSpacing() * 24
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 80)
        self.resize(width, height)

    # ---- what is shown -----------------------------------------------------------------

    def current_annex(self) -> str | None:
        data = self.part_combo.currentData()
        return None if data == OTHER else data

    def is_other(self) -> bool:
        return self.part_combo.currentData() == OTHER

    def _show_part(self, *_: object) -> None:
        other = self.is_other()
        self.clause_list.clear()
        self.clause_list.setVisible(not other)
        self.filter_edit.setEnabled(not other)
        self.number_box.setVisible(not other)
        self.free_label.setVisible(other)
        self.free_edit.setVisible(other)
        if not other:
            part = self.parts[self.part_combo.currentIndex()]
            for clause in part.clauses.values():
                entry = QListWidgetItem()
                entry.setData(_REF_ROLE, clause.text)
                self._word_entry(entry, clause)
                self.clause_list.addItem(entry)
            self._apply_filter()
        else:
            self.free_edit.setFocus()
        self._update_preview()

    def _word_entry(self, entry: QListWidgetItem, clause: Clause) -> None:
        """A clause's line: its text (marked if unverified), the items citing it, a hint."""
        codes = self.tr("、").join(clause.item_codes[:3])
        codes += "…" if len(clause.item_codes) > 3 else ""
        line = clause.text
        if clause.unverified:
            line += f"  {unverified_marker()}"
        hint = clause.requirement
        hint = hint if len(hint) <= 40 else hint[:39] + "…"
        entry.setText(line + "\n    " + self.tr("{0}：{1}").format(codes, hint))
        tip = clause.requirement
        if clause.unverified:
            tip = self.tr("条号待核实：请对照法规正式文本核对。") + "\n" + tip
        entry.setToolTip(tip)

    def _apply_filter(self, *_: object) -> None:
        needle = self.filter_edit.text().strip()
        for i in range(self.clause_list.count()):
            entry = self.clause_list.item(i)
            entry.setHidden(bool(needle) and needle not in entry.text() + entry.toolTip())

    def _update_preview(self, *_: object) -> None:
        chosen = self.chosen()
        self.ok_button.setEnabled(bool(chosen))
        listed = self.tr("；").join(chosen)
        self.preview.setText(self.tr("将添加：{0}").format(listed) if chosen else "")

    # ---- the answer --------------------------------------------------------------------

    def typed_ref(self) -> str | None:
        """The article number typed in, cited in the chosen part."""
        if self.is_other() or not self.number_check.isChecked():
            return None
        paragraph = self.paragraph_spin.value() or None
        ref = ClauseRef(
            article=self.article_spin.value(), paragraph=paragraph, annex=self.current_annex()
        )
        return format_ref(ref)

    def chosen(self) -> list[str]:
        """The clause texts to add, as they will be stored on the defect."""
        if self.is_other():
            text = self.free_edit.text().strip()
            return [text] if text else []
        out = [
            self.clause_list.item(i).data(_REF_ROLE)
            for i in range(self.clause_list.count())
            if self.clause_list.item(i).isSelected() and not self.clause_list.item(i).isHidden()
        ]
        typed = self.typed_ref()
        if typed and typed not in out:
            out.append(typed)
        return out

    def accept(self) -> None:
        if self.chosen():
            super().accept()


def pick_clauses(
    checklist: Checklist, parent: QWidget | None, annex: str | None = None
) -> list[str]:
    """Ask for clauses; [] when the user cancels."""
    dialog = ClausePicker(checklist, parent, annex)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen()
        return []
    finally:
        dialog.deleteLater()
