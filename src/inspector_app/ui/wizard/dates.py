"""Page 5, 日期: planned start and end of the on-site inspection, or 日期待定."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QLabel, QWizardPage

from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.wizard.common import ProblemLine


class DatesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        today = QDate.currentDate()
        self.start = QDateEdit(today, objectName="plannedStart", calendarPopup=True)
        self.end = QDateEdit(today, objectName="plannedEnd", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.undecided = QCheckBox(objectName="datesUndecided")
        self.error = ProblemLine()
        self._start_label = QLabel(buddy=self.start)
        self._end_label = QLabel(buddy=self.end)
        form = QFormLayout(self)
        form.addRow(self._start_label, self.start)
        form.addRow(self._end_label, self.end)
        form.addRow("", self.undecided)
        form.addRow(self.error)
        self.undecided.toggled.connect(
            lambda on: (self.start.setDisabled(on), self.end.setDisabled(on))
        )
        self.start.dateChanged.connect(self._keep_order)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("日期"))
        self.setSubTitle(self.tr("计划的现场检查日期；实际日期在开始和结束现场检查时记录。"))
        self._start_label.setText(self.tr("计划开始(&S)"))
        self._end_label.setText(self.tr("计划结束(&E)"))
        self.undecided.setText(self.tr("日期待定(&U)"))

    def _keep_order(self, start: QDate) -> None:
        if self.end.date() < start:
            self.end.setDate(start)

    def dates(self) -> tuple[date | None, date | None]:
        if self.undecided.isChecked():
            return None, None
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def validatePage(self) -> bool:
        start, end = self.dates()
        if start and end and end < start:
            self.error.say(lambda: self.tr("计划结束日期早于开始日期。"))
            return False
        self.error.clear()
        return True
