"""The lifecycle as the team sees it: state in words, the next step, the start-date dialog.

The team takes two steps on the laptop: 开始现场检查 (with the actual start date) and the
closing meeting's lock. Issuing the report is the center's decision after its review (a
synced record), so a locked inspection is shown as 等待中心审核 and the app never offers
to issue it. The rules are domain/lifecycle.py's; this module only words them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.lifecycle import awaiting_center_review, next_team_step
from inspector_app.domain.vocabulary import Status
from inspector_app.ui.i18n import enum_label, retranslate_on_change

if TYPE_CHECKING:  # typing only: the list window's first paint does without pydantic
    from inspector_app.domain.model import Inspection

# Shortcuts of the two team steps, the same in the list and in the workspace. Free in both
# windows (the workspace uses Alt+digits for results, Ctrl+digits for filters).
START_SHORTCUT = "Ctrl+Shift+B"  # Begin on site
CLOSING_SHORTCUT = "Ctrl+Shift+M"  # closing Meeting

# (parent, inspection) → the actual start date, or None if the user cancelled.
StartDateProvider = Callable[[QWidget | None, "Inspection"], date | None]


def state_text(status: Status) -> str:
    """The state in words; a locked inspection waits for the center's review."""
    if awaiting_center_review(status):
        return QCoreApplication.translate("Lifecycle", "已锁定，等待中心审核")
    return enum_label(status)


def next_step_text(status: Status) -> str:
    """What comes next for the team, in words (shown in the list)."""
    step = next_team_step(status)
    if step is Status.ON_SITE:
        return QCoreApplication.translate("Lifecycle", "开始现场检查")
    if step is Status.CLOSED:
        return QCoreApplication.translate("Lifecycle", "末次会议与签名")
    if awaiting_center_review(status):
        return QCoreApplication.translate("Lifecycle", "等待中心审核")
    return QCoreApplication.translate("Lifecycle", "无（报告已由中心出具）")


class StartOnSiteDialog(QDialog):
    """Asks the actual start date (today unless the start is recorded late)."""

    def __init__(
        self, parent: QWidget | None, inspection: Inspection, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startOnSiteDialog")
        self.inspection = inspection
        today = today or date.today()
        self.explain = QLabel()
        self.explain.setObjectName("startExplain")
        self.explain.setWordWrap(True)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("actualStartDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        # Never in the future: the date says when the team actually arrived.
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_label = QLabel()
        self.date_label.setBuddy(self.date_edit)
        form = QFormLayout()
        form.addRow(self.date_label, self.date_edit)
        self.planned: QLabel | None = None
        if inspection.planned_start:
            self.planned = QLabel()
            self.planned.setObjectName("plannedStart")
            form.addRow(self.planned)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(440, self.screen().availableGeometry().width() - 40))
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("开始现场检查"))
        self.explain.setText(
            self.tr(
                "开始“{0}”的现场检查。开始后可以逐项检查、记录缺陷，并在末次会议上由企业"
                "确认缺陷清单并签名。"
            ).format(self.inspection.company_name)
        )
        self.date_label.setText(self.tr("实际开始日期："))
        if self.planned is not None and self.inspection.planned_start:
            self.planned.setText(
                self.tr("计划开始日期：{0}").format(self.inspection.planned_start.isoformat())
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始现场检查"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

    def chosen_date(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[return-value]


def ask_start_date(parent: QWidget | None, inspection: Inspection) -> date | None:
    dialog = StartOnSiteDialog(parent, inspection)
    try:
        return dialog.chosen_date() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
