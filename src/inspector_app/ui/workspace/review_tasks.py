"""The center's review as tasks in the workspace (the 中心审核 tab).

Each return from the center (one defect, or the whole inspection) is a task: the reviewer's
request and date, and either a box to type the team's answer with 发送回复, or — once
answered — the answer marked done. Answers go through operations.reviews.answer_review via
the session (saved at once, synced with the next sync); nothing here writes data directly.

When the center issued the report, a banner on top gives its number and opens the issued
PDF (downloaded by sync) with the system's viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import DomainError
from inspector_app.domain.lifecycle import report_in_force
from inspector_app.domain.model import IssuedReport
from inspector_app.operations import reviews
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.session import InspectionSession

# Record kinds whose change may change what this tab shows.
KINDS = frozenset({"review", "review_response", "issued_report", "inspection", "defect"})


def open_pdf(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReviewTaskCard(QFrame):
    """One return: what the center asked, and the team's answer (or a box to write it)."""

    def __init__(self, tasks: ReviewTasksWidget, item: reviews.ReviewItem, about: str) -> None:
        super().__init__()
        self.setObjectName("reviewTask")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.item = item
        review = item.review
        self.heading = QLabel(objectName="taskHeading")
        self.heading.setWordWrap(True)
        self.request = QLabel(review.comment, objectName="taskRequest")
        self.request.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.request)
        self.answer_edit: QPlainTextEdit | None = None
        self.send_button: QPushButton | None = None
        self.answers: QLabel | None = None
        if item.answers:
            self.answers = QLabel(objectName="taskAnswers")
            self.answers.setWordWrap(True)
            self.answers.setStyleSheet("color: #1b5e20;")
            layout.addWidget(self.answers)
        elif not tasks.closed_for_good:
            self.answer_edit = QPlainTextEdit(objectName="taskAnswer")
            self.answer_edit.setTabChangesFocus(True)
            self.answer_edit.setFixedHeight(self.answer_edit.fontMetrics().lineSpacing() * 4)
            self.send_button = QPushButton(objectName="sendAnswer")
            self.send_button.clicked.connect(lambda: tasks.send_answer(self))
            row = QHBoxLayout()
            row.addWidget(self.answer_edit, 1)
            row.addWidget(self.send_button)
            layout.addLayout(row)
        self._about = about
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        review = self.item.review
        state = self.tr("已回复 ✓") if self.item.answers else self.tr("待回复")
        self.heading.setText(
            self.tr("【{0}】{1} · 退回修改 · {2} · {3}").format(
                state, self._about, review.reviewer, f"{review.created_at:%Y-%m-%d}"
            )
        )
        if self.answers is not None:
            self.answers.setText(
                "\n".join(
                    self.tr("回复：{0}（{1}，{2}）").format(
                        a.text, a.author, f"{a.created_at:%Y-%m-%d %H:%M}"
                    )
                    for a in self.item.answers
                )
            )
        if self.answer_edit is not None and self.send_button is not None:
            self.answer_edit.setPlaceholderText(self.tr("写明已如何修改或说明理由"))
            self.send_button.setText(self.tr("发送回复"))


class ReviewTasksWidget(QWidget):
    """The returns of one inspection as tasks, and the issued report if there is one."""

    # The number of returns still to answer (the tab title shows it).
    open_count_changed = Signal(int)

    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewTasks")
        self.session = session
        self.open_file: Callable[[Path], bool] = open_pdf  # replaced in tests
        self.cards: list[ReviewTaskCard] = []
        self.issued: IssuedReport | None = None
        self.open_count = 0

        self.issued_label = QLabel(objectName="issuedReport")
        self.issued_label.setWordWrap(True)
        self.issued_label.setStyleSheet("font-weight: bold; color: #0d47a1;")
        self.open_issued_button = QPushButton(objectName="openIssuedReport")
        self.open_issued_button.clicked.connect(self.open_issued_pdf)
        self.issued_bar = QFrame(objectName="issuedBar")
        bar = QHBoxLayout(self.issued_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.issued_label, 1)
        bar.addWidget(self.open_issued_button)

        self.heading = QLabel(objectName="tasksHeading")
        self.heading.setWordWrap(True)
        self.message = QLabel(objectName="tasksMessage")
        self.message.setWordWrap(True)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self._list)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.issued_bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

        session.changed.connect(self._store_changed)
        retranslate_on_change(self, self.retranslate_ui, now=False)
        self.refresh()

    @property
    def closed_for_good(self) -> bool:
        return self.issued is not None

    # ---- content -----------------------------------------------------------------------

    def refresh(self) -> None:
        record = self.session.record
        self.issued = report_in_force(record.issued_reports)
        answers: dict[str, list] = {}
        for response in sorted(record.review_responses, key=lambda r: (r.created_at, r.id)):
            answers.setdefault(response.review_id, []).append(response)
        items = [
            reviews.ReviewItem(r, tuple(answers.get(r.id, ())))
            for r in sorted(record.reviews, key=lambda r: (r.created_at, r.id))
        ]
        tasks = [i for i in items if i.is_return]
        # Open ones first, each group oldest first.
        tasks.sort(key=lambda i: not i.is_open)
        numbers = {d.id: n for n, d in enumerate(record.defects, start=1)}
        facts = {d.id: d.facts.splitlines()[0][:40] for d in record.defects}
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for item in tasks:
            defect_id = item.review.defect_id
            about = (
                self.tr("缺陷{0}：{1}").format(
                    numbers.get(defect_id, "?"), facts.get(defect_id, "")
                )
                if defect_id
                else self.tr("整个检查")
            )
            card = ReviewTaskCard(self, item, about)
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
        count = sum(1 for i in tasks if i.is_open)
        changed = count != self.open_count
        self.open_count = count
        self._tasks_total = len(tasks)
        self.retranslate_ui()
        if changed:
            self.open_count_changed.emit(count)

    def retranslate_ui(self) -> None:
        if self.issued is not None:
            report = self.issued
            text = self.tr("报告已出具：{0}（第{1}版），{2} 于 {3} 出具。记录已锁定，不可再修改。")
            self.issued_label.setText(
                text.format(
                    report.number, report.revision, report.issued_by, f"{report.issued_at:%Y-%m-%d}"
                )
            )
            self.open_issued_button.setText(self.tr("打开出具的报告"))
        self.issued_bar.setVisible(self.issued is not None)
        total = getattr(self, "_tasks_total", 0)
        if total:
            self.heading.setText(
                self.tr("中心退回 {0} 项，待回复 {1} 项").format(total, self.open_count)
            )
        else:
            self.heading.setText(self.tr("中心没有退回需要修改的事项。"))
        for card in self.cards:
            card.retranslate_ui()

    def _store_changed(self, kind: str, _record_id: str) -> None:
        if kind in KINDS:
            self.refresh()

    # ---- actions -----------------------------------------------------------------------

    def send_answer(self, card: ReviewTaskCard) -> bool:
        """Send the typed answer of one task (saved at once, synced with the next sync)."""
        assert card.answer_edit is not None
        text = card.answer_edit.toPlainText().strip()
        if not text:
            self.message.setText(self.tr("请先写回复内容。"))
            card.answer_edit.setFocus()
            return False
        saved = self.session.run(
            reviews.answer_review,
            self.session.app,
            card.item.review.id,
            text,
            what=self.tr("回复中心审核"),
        )
        if saved is None:
            self.message.setText(self.tr("未发送：回复没有保存，见状态栏。"))
            return False
        self.message.setText(self.tr("回复已保存，下次同步时发送给中心。"))
        self.session.changed.emit("review_response", saved.id)
        return True

    def open_issued_pdf(self) -> bool:
        if self.issued is None:
            return False
        try:
            path = reviews.issued_pdf_path(self.session.app, self.issued.id)
        except DomainError as exc:
            self.message.setText(exc.message)
            return False
        if not self.open_file(path):
            self.message.setText(self.tr("没有可以打开 PDF 的程序；文件在：{0}").format(path))
            return False
        return True
