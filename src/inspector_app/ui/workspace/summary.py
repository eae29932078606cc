"""The inspection summary: consistency warnings, counts, suggested and final conclusion.

The suggestion comes from the rule profile (operations.inspections.suggested_conclusion);
the widget only displays it, marked provisional while items are unanswered. Overriding it
needs a written reason and is undoable. The consistency warnings (domain/consistency.py)
never block anything; they are listed here and again at the closing meeting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.conclusion import FinalConclusion, in_scope_items
from inspector_app.domain.model import ResultValue, Severity
from inspector_app.operations import inspections as ops
from inspector_app.ui.conclusion_text import outcome_text, reason_text
from inspector_app.ui.i18n import defect_count, enum_label, retranslate_on_change
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.consistency import ConsistencyPanel

SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL)


_UNANSWERED = ResultValue.NOT_CHECKED


def _what_override() -> str:
    return QCoreApplication.translate("SummaryWidget", "修改最终结论")


def set_final_conclusion(session: InspectionSession, outcome: str | None, reason: str) -> bool:
    """Override (or with None, clear) the final conclusion as one undo step."""
    inspection = session.record.inspection
    before = (inspection.conclusion_override, inspection.conclusion_override_reason)
    if not _apply_override(session, outcome, reason):
        return False
    session.undo_stack.push(_OverrideCommand(session, before, (outcome, reason)))
    return True


def _apply_override(session: InspectionSession, outcome: str | None, reason: str) -> bool:
    saved = session.run(
        ops.override_conclusion,
        session.app,
        session.inspection_id,
        outcome,
        reason,
        what=_what_override(),
    )
    if saved is None:
        return False
    session.changed.emit("inspection", session.inspection_id)
    return True


class _OverrideCommand(QUndoCommand):
    def __init__(
        self,
        session: InspectionSession,
        before: tuple[str | None, str],
        after: tuple[str | None, str],
    ) -> None:
        super().__init__(_what_override())
        self._session = session
        self._before = before
        self._after = after
        self._first = True  # the change was made when the user saved

    def redo(self) -> None:
        if self._first:
            self._first = False
        elif not _apply_override(self._session, *self._after):
            self.setObsolete(True)

    def undo(self) -> None:
        if not _apply_override(self._session, *self._before):
            self.setObsolete(True)


class SummaryWidget(QWidget):
    # A consistency warning's 转到: the workspace shows that item.
    go_to_item = Signal(str)

    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        checklist, inspection = session.checklist, session.record.inspection
        scoped = in_scope_items(checklist, inspection)
        # Chapter = top-level section; kept in document order.
        self._chapter_of = {item.id: chain[0] for chain, item in scoped}
        self._chapters = list({c.id: c for c in self._chapter_of.values()}.values())
        self._items_per_chapter = Counter(c.id for c in self._chapter_of.values())
        self.conclusion: FinalConclusion | None = None
        self.provisional = False
        self._unanswered = 0
        self._message: Callable[[], str] | None = None
        self._build()
        retranslate_on_change(self, self.retranslate_ui)

    # ---- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.suggested = QLabel()
        self.suggested.setObjectName("suggestedConclusion")
        self.suggested.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.suggested.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setObjectName("conclusionReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.basis = QLabel()
        self.basis.setObjectName("conclusionBasis")
        self.basis.setWordWrap(True)
        self.basis.setStyleSheet("color: #5f6368;")
        self.suggested_box = QGroupBox()
        box = QVBoxLayout(self.suggested_box)
        box.addWidget(self.suggested)
        box.addWidget(self.reasons)
        box.addWidget(self.basis)

        self.consistency = ConsistencyPanel(self.session, navigable=True)
        self.consistency.go_to_item.connect(self.go_to_item)
        self.consistency.fixed.connect(self.refresh)

        self.counts = QLabel()
        self.counts.setObjectName("defectCounts")
        self.counts.setWordWrap(True)
        self.chapters = QTableWidget(0, 6)
        self.chapters.setObjectName("chapterTable")
        self.chapters.verticalHeader().hide()
        self.chapters.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Tall enough for every chapter: the page scrolls, not a box inside it.
        self.chapters.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chapters.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chapters.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.chapters.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_box = QGroupBox()
        counts_layout = QVBoxLayout(self.counts_box)
        counts_layout.addWidget(self.counts)
        counts_layout.addWidget(self.chapters)

        self.final = QLabel()
        self.final.setObjectName("finalConclusion")
        self.final.setWordWrap(True)
        self.outcome = QComboBox()
        self.outcome.setObjectName("overrideOutcome")
        self.override_reason = QPlainTextEdit()
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setMaximumHeight(90)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveConclusion")
        self.save_button.clicked.connect(self.save_override)
        self.message = QLabel()
        self.message.setObjectName("conclusionMessage")
        self.message.setStyleSheet("color: #c62828;")
        self.final_box = QGroupBox()
        form = QFormLayout(self.final_box)
        self.outcome_label = QLabel()
        self.outcome_label.setBuddy(self.outcome)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.override_reason)
        form.addRow(self.final)
        form.addRow(self.outcome_label, self.outcome)
        form.addRow(self.reason_label, self.override_reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        # The center's review, once synced back: comments, returns, grade adjustments.
        self.reviews = QLabel(objectName="reviews")
        self.reviews.setWordWrap(True)
        self.reviews.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reviews_box = QGroupBox()
        QVBoxLayout(self.reviews_box).addWidget(self.reviews)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.suggested_box)
        layout.addWidget(self.consistency)
        layout.addWidget(self.reviews_box)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.final_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def retranslate_ui(self) -> None:
        """Fixed texts, and the shown figures reworded (no new computation)."""
        self.suggested_box.setTitle(self.tr("建议结论"))
        self.counts_box.setTitle(self.tr("检查情况"))
        self.final_box.setTitle(self.tr("最终结论"))
        self.reviews_box.setTitle(self.tr("中心审核意见"))
        self.chapters.setHorizontalHeaderLabels(
            [
                self.tr("章节"),
                self.tr("已查"),
                self.tr("不符合"),
                self.tr("严重"),
                self.tr("主要"),
                self.tr("一般"),
            ]
        )
        self.override_reason.setPlaceholderText(self.tr("修订结论的理由（必填）"))
        self.save_button.setText(self.tr("保存最终结论"))
        self.outcome_label.setText(self.tr("结论："))
        self.reason_label.setText(self.tr("理由："))
        self.message.setText(self._message() if self._message else "")
        if self.conclusion is not None:
            self._render(keep_choice=True)

    def _say(self, message: Callable[[], str] | None) -> None:
        self._message = message
        self.message.setText(message() if message else "")

    # ---- content -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the suggestion and the consistency warnings, and show them."""
        self.conclusion = ops.suggested_conclusion(self.session.app, self.session.inspection_id)
        report = self.consistency.refresh()
        self.provisional = report.provisional
        self._unanswered = report.unanswered
        self._render(keep_choice=False)
        if not self.override_reason.hasFocus():
            self.override_reason.setPlainText(self.conclusion.override_reason)
        self._say(None)

    def _render(self, *, keep_choice: bool) -> None:
        assert self.conclusion is not None
        record = self.session.record
        suggestion = self.conclusion.suggested
        label = outcome_text(suggestion.label)
        if self.provisional:
            label += self.tr("（暂定，仍有 %n 项未检查）", "", self._unanswered)
        self.suggested.setText(label)
        self.reasons.setText("\n".join(f"• {reason_text(r)}" for r in suggestion.reasons))
        profile = ops.profile_of(self.session.app, record.inspection)
        reg = profile.regulation
        # The source is data of the rule profile, shown as written: a draft names itself as one
        # and an unverified clause keeps its 条号待核实 here (paper drops it). The profile's
        # note says what is interpretation or unverified, for the center.
        self.basis.setText(self.tr("依据：{0}（{1}）").format(reg.basis, reg.version))
        self.basis.setToolTip("\n".join(filter(None, (profile.title, reg.note))))
        step = profile.after_rectification
        if step is not None and suggestion.outcome in step.applies_to:
            reached = {r.outcome for r in step.rules} | {step.default.outcome}
            # Best first, as the profile orders its outcomes: 符合要求或不符合要求.
            finals = self.tr("或").join(
                outcome_text(label) for code, label in profile.outcomes.items() if code in reached
            )
            self.basis.setText(
                self.basis.text()
                + "\n"
                + self.tr(
                    "此结论不是最终结论：企业整改后，由中心逐项核实整改情况，综合评定为{0}。"
                ).format(finals)
            )
        self._show_counts(record)
        self._show_reviews(record)
        self._show_final(profile.outcomes, keep_choice=keep_choice)

    def _show_reviews(self, record: ops.InspectionRecord) -> None:
        self.reviews_box.setVisible(bool(record.reviews))
        numbers = {d.id: n for n, d in enumerate(record.defects, start=1)}
        lines = []
        for review in sorted(record.reviews, key=lambda r: (r.created_at, r.id)):
            about = (
                self.tr("缺陷{0}").format(numbers.get(review.defect_id, "?"))
                if review.defect_id
                else self.tr("整体")
            )
            when = f"{review.created_at:%Y-%m-%d}"
            line = f"【{enum_label(review.state)}】{about} · {review.reviewer} · {when}"
            if review.adjusted_severity:
                line += self.tr("\n  等级调整为{0}，理由：{1}").format(
                    enum_label(review.adjusted_severity), review.reason
                )
            if review.adjusted_facts:
                line += self.tr("\n  表述调整为：{0}，理由：{1}").format(
                    review.adjusted_facts, review.reason
                )
            if review.comment:
                line += f"\n  {review.comment}"
            lines.append(line)
        self.reviews.setText("\n".join(lines))

    def _show_counts(self, record: ops.InspectionRecord) -> None:
        by_grade = Counter(d.severity for d in record.defects)
        results = {r.item_id: r.result for r in record.results if r.item_id in self._chapter_of}
        answered = sum(1 for v in results.values() if v is not ResultValue.NOT_CHECKED)
        failed = sum(1 for v in results.values() if v is ResultValue.NON_CONFORMING)
        grades = self.tr("、").join(defect_count(by_grade[s], s) for s in SEVERITIES)
        self.counts.setText(
            self.tr("{checked}，{failed}；{defects}：{grades}").format(
                checked=self.tr("已查 {0}/%n 项", "", len(self._chapter_of)).format(answered),
                failed=self.tr("不符合 %n 项", "", failed),
                defects=defect_count(len(record.defects)),
                grades=grades,
            )
        )
        rows: list[list[Any]] = []
        for chapter in self._chapters:
            ids = [i for i, c in self._chapter_of.items() if c.id == chapter.id]
            done = sum(1 for i in ids if results.get(i, ResultValue.NOT_CHECKED) != _UNANSWERED)
            bad = sum(1 for i in ids if results.get(i) is ResultValue.NON_CONFORMING)
            grade = Counter(
                d.severity
                for d in record.defects
                if d.item_id and self._chapter_of.get(d.item_id) is chapter
            )
            rows.append(
                [
                    f"{chapter.code} {chapter.title}",
                    f"{done}/{self._items_per_chapter[chapter.id]}",
                    bad,
                    *(grade[s] for s in SEVERITIES),
                ]
            )
        loose = Counter(
            d.severity for d in record.defects if not d.item_id or d.item_id not in self._chapter_of
        )
        if loose:
            rows.append([self.tr("未关联检查项的缺陷"), "", "", *(loose[s] for s in SEVERITIES)])
        self.chapters.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = QTableWidgetItem(str(value) if value != 0 or c < 2 else "")
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.chapters.setItem(r, c, cell)
        rows_height = self.chapters.verticalHeader().length()
        header_height = self.chapters.horizontalHeader().sizeHint().height()
        self.chapters.setFixedHeight(rows_height + header_height + 2 * self.chapters.frameWidth())

    def _show_final(self, outcomes: dict[str, str], *, keep_choice: bool) -> None:
        assert self.conclusion is not None
        final = self.conclusion
        if final.overridden:
            self.final.setText(
                self.tr("当前最终结论：{0}（检查组修订，理由：{1}）").format(
                    outcome_text(final.label), final.override_reason
                )
            )
        else:
            text = self.tr("当前最终结论：{0}（采用建议结论）").format(outcome_text(final.label))
            if self.provisional:  # follows the suggestion, so it may still change as well
                text += self.tr("，暂定")
            self.final.setText(text)
        # A language switch keeps what the user picked but has not saved yet.
        override = self.session.record.inspection.conclusion_override
        chosen = self.outcome.currentData() if keep_choice and self.outcome.count() else override
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItem(
            self.tr("采用建议结论（{0}）").format(outcome_text(final.suggested.label)), None
        )
        for code, label in outcomes.items():
            self.outcome.addItem(outcome_text(label), code)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(chosen)) if chosen else 0)
        self.outcome.blockSignals(False)

    # ---- overriding --------------------------------------------------------------------

    def save_override(self) -> bool:
        outcome = self.outcome.currentData()
        reason = self.override_reason.toPlainText().strip()
        if outcome is not None and not reason:
            self._say(lambda: self.tr("修订结论必须填写理由。"))
            self.override_reason.setFocus()
            return False
        if not set_final_conclusion(self.session, outcome, reason if outcome else ""):
            self._say(lambda: self.tr("未保存。"))
            return False
        self.override_reason.clearFocus()
        self.refresh()
        return True
