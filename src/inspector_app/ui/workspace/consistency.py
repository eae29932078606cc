"""The consistency panel: domain/consistency.py's warnings in words, with their one-click fixes.

Shown in the summary and again in the closing meeting. It only warns: nothing here stops a
save, a signature or the lock. The fix it offers (mark a defect's item 不符合) goes through
the session, so it is saved, undoable and, on a locked record, asks for a revision reason.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_app.checklist.citation import display_code
from inspector_app.domain.consistency import (
    ConsistencyReport,
    ConsistencyWarning,
    WarningKind,
    check,
)
from inspector_app.domain.model import ResultValue
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.session import InspectionSession

ROWS_PER_KIND = 20  # a 400-item checklist can produce hundreds; the first ones say enough
CODES_SHOWN = 12
FACTS_SHOWN = 40


def consistency_of(session: InspectionSession) -> ConsistencyReport:
    record = session.record
    return check(session.checklist, record.inspection, record.results, record.defects)


class _WrappedLabel(QLabel):
    """A wrapped label whose height follows its real width.

    QLabel guesses a wrapped text's height at a width of its own choosing, so beside
    buttons a warning would be too tall or overlap the next row; this one reports the
    height of the width it was given.
    """

    _known_width = -1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._known_width > 0:
            hint.setHeight(self.heightForWidth(self._known_width))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self._known_width > 0:
            hint.setHeight(self.heightForWidth(self._known_width))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._known_width:
            self._known_width = event.size().width()
            self.updateGeometry()


class WarningRow(QWidget):
    """One warning: its sentence and the buttons that fix or show it."""

    def __init__(self, warning: ConsistencyWarning, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("consistencyWarning")
        self.warning = warning
        self.label = _WrappedLabel()
        self.label.setObjectName("consistencyText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.mark_button: QPushButton | None = None
        self.go_button: QPushButton | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("⚠"), 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)


class ConsistencyPanel(QGroupBox):
    # An item to show (the workspace selects it); only offered where someone listens.
    go_to_item = Signal(str)
    # Something was fixed from here (the summary refreshes the conclusion).
    fixed = Signal()

    def __init__(
        self, session: InspectionSession, navigable: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consistencyPanel")
        self.session = session
        self.navigable = navigable
        self.report: ConsistencyReport | None = None
        self.rows: list[WarningRow] = []
        self.ok_label: QLabel | None = None  # shown when there is nothing to warn about
        self.more_labels: list[tuple[QLabel, int]] = []  # "…and N more", with N
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        """Rewords the title and the shown warnings from the last report (no new check)."""
        self.setTitle(self.tr("一致性提示（仅作提醒，不影响继续工作）"))
        if self.ok_label is not None:
            self.ok_label.setText(self.tr("✔ 检查结果与缺陷一致，所有检查项目均已检查。"))
        for row in self.rows:
            row.label.setText(self._text(row.warning))
            if row.mark_button is not None:
                row.mark_button.setText(self.tr("将检查项标为不符合"))
            if row.go_button is not None:
                row.go_button.setText(self.tr("转到"))
        for label, count in self.more_labels:
            label.setText(self.tr("……另有 %n 条同类提示", "", count))

    # ---- content -----------------------------------------------------------------------

    def refresh(self) -> ConsistencyReport:
        self.report = consistency_of(self.session)
        while self._layout.count():
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone from view now, freed once control returns to Qt
                widget.deleteLater()
        self.rows = []
        self.ok_label = None
        self.more_labels = []
        if not self.report.warnings:
            self.ok_label = QLabel()
            self.ok_label.setObjectName("consistencyOk")
            self.ok_label.setStyleSheet("color: #2e7d32;")
            self.ok_label.setWordWrap(True)
            self._layout.addWidget(self.ok_label)
            self.retranslate_ui()
            return self.report
        shown: dict[WarningKind, int] = {}
        hidden: dict[WarningKind, int] = {}
        for warning in self.report.warnings:
            if shown.get(warning.kind, 0) >= ROWS_PER_KIND:
                hidden[warning.kind] = hidden.get(warning.kind, 0) + 1
                continue
            shown[warning.kind] = shown.get(warning.kind, 0) + 1
            row = self._row(warning)
            self.rows.append(row)
            self._layout.addWidget(row)
        for count in hidden.values():
            more = QLabel()
            more.setObjectName("consistencyMore")
            self.more_labels.append((more, count))
            self._layout.addWidget(more)
        self.retranslate_ui()
        return self.report

    def texts(self) -> list[str]:
        return [row.label.text() for row in self.rows]

    def _row(self, warning: ConsistencyWarning) -> WarningRow:
        row = WarningRow(warning)
        layout = row.layout()
        if warning.offers_non_conforming:
            row.mark_button = QPushButton()
            row.mark_button.setObjectName("markNonConforming")
            row.mark_button.clicked.connect(lambda _=False, w=warning: self.mark_non_conforming(w))
            layout.addWidget(row.mark_button, 0, Qt.AlignmentFlag.AlignTop)
        if self.navigable and warning.item_ids:
            row.go_button = QPushButton()
            row.go_button.setObjectName("goToItem")
            row.go_button.clicked.connect(
                lambda _=False, i=warning.item_ids[0]: self.go_to_item.emit(i)
            )
            layout.addWidget(row.go_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _code(self, item_id: str) -> str:
        item = self.session.checklist.items_by_id().get(item_id)
        return display_code(item) if item is not None else item_id

    def _text(self, warning: ConsistencyWarning) -> str:
        kind = warning.kind
        if kind is WarningKind.NON_CONFORMING_WITHOUT_DEFECT:
            return self.tr("检查项 {0} 判定为不符合，但尚未记录缺陷。").format(
                self._code(warning.item_ids[0])
            )
        if kind is WarningKind.DEFECT_ON_ITEM_NOT_NON_CONFORMING:
            defect = next(
                (d for d in self.session.record.defects if d.id == warning.defect_id), None
            )
            facts = defect.facts if defect is not None else ""
            if len(facts) > FACTS_SHOWN:
                facts = facts[:FACTS_SHOWN] + "…"
            result = warning.result or ResultValue.NOT_CHECKED
            return self.tr("缺陷“{0}”关联的检查项 {1} 结果为“{2}”，与缺陷不一致。").format(
                facts, self._code(warning.item_ids[0]), enum_label(result)
            )
        if kind is WarningKind.KEY_ITEMS_UNANSWERED:
            codes = [self._code(i) for i in warning.item_ids[:CODES_SHOWN]]
            tail = self.tr("等") if len(warning.item_ids) > CODES_SHOWN else ""
            return self.tr("关键项目尚未检查（%n 项）：{0}{1}", "", warning.count).format(
                self.tr("、").join(codes), tail
            )
        return self.tr("共 {0} 项中仍有 %n 项未检查。", "", warning.count).format(warning.total)

    # ---- fixing ------------------------------------------------------------------------

    def mark_non_conforming(self, warning: ConsistencyWarning) -> bool:
        """Mark the defect's item 不符合, through the session (saved, undoable, audited)."""
        if not warning.item_ids:
            return False
        saved = self.session.set_result(warning.item_ids[0], ResultValue.NON_CONFORMING)
        if saved is None:
            return False
        self.refresh()
        self.fixed.emit()
        return True
