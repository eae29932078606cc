"""Qt table model: a thin adapter over the operations layer's inspection summaries.

The state is in words (a locked inspection reads 已锁定，等待中心审核) and the last column
names the team's next step, which the main window offers as a command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from inspector_app.domain.vocabulary import InspectionType, Severity, Status
from inspector_app.operations.listing import DeadlineView, InspectionSummary
from inspector_app.ui.i18n import enum_label
from inspector_app.ui.lifecycle import next_step_text, state_text

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (key, header source string); headers are translated when asked for, so a language switch
# only needs headerDataChanged.
COLUMNS: list[tuple[str, str]] = [
    ("status", QT_TRANSLATE_NOOP("InspectionsModel", "状态")),
    ("company_name", QT_TRANSLATE_NOOP("InspectionsModel", "企业")),
    ("inspection_type", QT_TRANSLATE_NOOP("InspectionsModel", "检查类型")),
    ("dates", QT_TRANSLATE_NOOP("InspectionsModel", "检查日期")),
    ("critical", QT_TRANSLATE_NOOP("InspectionsModel", "严重")),
    ("major", QT_TRANSLATE_NOOP("InspectionsModel", "主要")),
    ("general", QT_TRANSLATE_NOOP("InspectionsModel", "一般")),
    ("pending_sync", QT_TRANSLATE_NOOP("InspectionsModel", "同步")),
    # The service request's completion deadline, as the last sync kept it (D32).
    ("deadline", QT_TRANSLATE_NOOP("InspectionsModel", "办结期限")),
    ("next_step", QT_TRANSLATE_NOOP("InspectionsModel", "下一步")),
]
COUNT_KEYS = ("critical", "major", "general")
_GRADE_OF = {"critical": Severity.CRITICAL, "major": Severity.MAJOR, "general": Severity.GENERAL}


translate = QCoreApplication.translate


def _tr(text: str) -> str:
    """Translate a source string marked with QT_TRANSLATE_NOOP above."""
    return translate("InspectionsModel", text)


def _dates(row: InspectionSummary) -> str:
    """Actual dates once the team is on site, planned dates before; never a mix of both."""
    if row.actual_start:
        ongoing = translate("InspectionsModel", "进行中")
        return f"{row.actual_start} — {row.actual_end or ongoing}"
    if row.planned_start and row.planned_end and row.planned_end != row.planned_start:
        text = translate("InspectionsModel", "计划 {start} — {end}")
        return text.format(start=row.planned_start, end=row.planned_end)
    if row.planned_start:
        return translate("InspectionsModel", "计划 {start}").format(start=row.planned_start)
    return "—"


def deadline_text(d: DeadlineView | None) -> str:
    """The 办结期限 cell: the due date and where the request stands ("—": no request)."""
    if d is None:
        return "—"
    if d.state == "stopped":
        return translate("InspectionsModel", "计时暂停")
    if d.state == "received":
        return translate("InspectionsModel", "待受理")
    if d.state == "unknown" or d.due_on is None:
        return translate("InspectionsModel", "无法计算")
    if d.state == "on_time":
        state = translate("InspectionsModel", "按时办结")
    elif d.state == "late":
        state = translate("InspectionsModel", "超期办结")
    elif d.left is not None and d.left < 0:
        days = -d.left
        state = translate("InspectionsModel", "已超期%n个工作日", "", days)
    else:
        days = d.left or 0
        state = translate("InspectionsModel", "剩余%n个工作日", "", days)
    return f"{d.due_on}（{state}）"


def deadline_tip(d: DeadlineView) -> str:
    lines = [d.item_name] if d.item_name else []
    if d.state == "stopped" and d.stop_reason:
        reason = translate("InspectionsModel", "暂停原因：{reason}")
        lines.append(reason.format(reason=d.stop_reason))
    if d.as_of:
        lines.append(translate("InspectionsModel", "截至 {day}（上次同步）").format(day=d.as_of))
    return "\n".join(lines)


class InspectionsModel(QAbstractTableModel):
    def __init__(self, rows: list[InspectionSummary] | None = None) -> None:
        super().__init__()
        self._rows = rows or []

    def set_rows(self, rows: list[InspectionSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[InspectionSummary]:
        return list(self._rows)

    def row_at(self, row: int) -> InspectionSummary:
        return self._rows[row]

    def row_of(self, inspection_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.id == inspection_id), None)

    def sync_text(self, pending: int) -> str:
        """Unsynced changes in words ("1 change not synced"); a tr() with a count, so lupdate
        records the plural forms."""
        if pending:
            return self.tr("未同步 %n 项更改", "", pending)
        return self.tr("已同步")

    def retranslate(self) -> None:
        """The language changed: every header and cell text is asked for again (the main
        window calls this from its retranslate_ui; data() translates when asked)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section][1])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][0] in COUNT_KEYS:
            text = translate("InspectionsModel", "缺陷数：{grade}")
            return text.format(grade=enum_label(_GRADE_OF[COLUMNS[section][0]]))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and key in COUNT_KEYS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "deadline" and row.deadline:
            return deadline_tip(row.deadline)
        if role == Qt.ItemDataRole.ToolTipRole and key == "company_name":
            archived = "\n" + translate("InspectionsModel", "已归档") if row.archived else ""
            return f"{row.company_name}\n{row.checklist_id} v{row.checklist_version}{archived}"
        if role == Qt.ItemDataRole.FontRole and row.archived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return QApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
            if key == "critical" and row.critical:
                return Qt.GlobalColor.darkRed
            if key == "deadline" and row.deadline and row.deadline.state in ("overdue", "late"):
                return Qt.GlobalColor.darkRed
        return None

    def _display(self, row: InspectionSummary, key: str) -> Any:
        if key == "status":
            status = state_text(Status(row.status))
            if row.issued_number:  # 报告已出具（〔2026〕第7号）
                status = f"{status}（{row.issued_number}）"
            if row.archived:
                return translate("InspectionsModel", "{status}（已归档）").format(status=status)
            return status
        if key == "inspection_type":
            return enum_label(InspectionType(row.inspection_type))
        if key == "dates":
            return _dates(row)
        if key == "pending_sync":
            return self.sync_text(row.pending_sync)
        if key == "next_step":
            return next_step_text(Status(row.status))
        if key == "deadline":
            return deadline_text(row.deadline)
        return getattr(row, key)
