"""Qt table model: a thin adapter over the operations layer's inspection summaries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.domain.model import LABELS, InspectionType, Status
from inspector_app.operations.inspections import InspectionSummary

Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[str, str]] = [
    ("status", "状态"),
    ("company_name", "企业"),
    ("inspection_type", "检查类型"),
    ("dates", "检查日期"),
    ("critical", "严重"),
    ("major", "主要"),
    ("general", "一般"),
    ("pending_sync", "同步"),
]


def _dates(row: InspectionSummary) -> str:
    """Actual dates once the team is on site, planned dates before; never a mix of both."""
    if row.actual_start:
        return f"{row.actual_start} — {row.actual_end or '进行中'}"
    if row.planned_start and row.planned_end and row.planned_end != row.planned_start:
        return f"计划 {row.planned_start} — {row.planned_end}"
    return f"计划 {row.planned_start}" if row.planned_start else "—"


class InspectionsModel(QAbstractTableModel):
    def __init__(self, rows: list[InspectionSummary] | None = None) -> None:
        super().__init__()
        self._rows = rows or []

    def set_rows(self, rows: list[InspectionSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> InspectionSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return LABELS[Status(row.status)]
            if key == "inspection_type":
                return LABELS[InspectionType(row.inspection_type)]
            if key == "dates":
                return _dates(row)
            if key == "pending_sync":
                return f"{row.pending_sync} 项更改未同步" if row.pending_sync else "已同步"
            return getattr(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("critical", "major", "general"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "company_name":
            return f"{row.company_name}\n{row.checklist_id} v{row.checklist_version}\n{row.id}"
        return None
