"""The audit trail of one inspection: who changed what, from what to what, and why.

Newest first; filter by kind of record, by source, or to rows with a revision reason. Enum
codes show as their labels in the interface language (the values people typed stay as
typed), and records are named by what a person recognises (the defect's facts, the item's
code, the photo's file name) rather than by id.

Each row names a person: the name, with the server account and its role when the author was
enrolled. The 来源 column says where a row comes from when it was not written through this
app's synced trail: rows taken from an interchange file (来自文件 X，由 Y 于 Z 导入; the file's
SHA-256 in the tooltip) and rows of app versions before the trail was synced (旧版本记录，仅本机:
they never left the laptop, and their names may be OS accounts or devices).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.model import (
    InspectionType,
    ResultValue,
    Severity,
    SignatureRole,
    Status,
    TeamRole,
)
from inspector_app.operations import inspections as ops
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.profile import role_label
from inspector_app.ui.screen import fit_to_screen
from inspector_app.ui.session import InspectionSession

KIND_LABELS = {
    "inspection": QT_TRANSLATE_NOOP("AuditTrail", "检查"),
    "team_member": QT_TRANSLATE_NOOP("AuditTrail", "检查组成员"),
    "item_result": QT_TRANSLATE_NOOP("AuditTrail", "检查结果"),
    "defect": QT_TRANSLATE_NOOP("AuditTrail", "缺陷"),
    "photo": QT_TRANSLATE_NOOP("AuditTrail", "照片"),
    "signature": QT_TRANSLATE_NOOP("AuditTrail", "签名"),
    "review": QT_TRANSLATE_NOOP("AuditTrail", "审核意见"),
    "review_response": QT_TRANSLATE_NOOP("AuditTrail", "对审核意见的答复"),
    "issued_report": QT_TRANSLATE_NOOP("AuditTrail", "出具的报告"),
}

FIELD_LABELS = {
    "*": QT_TRANSLATE_NOOP("AuditTrail", "新建"),
    "severity": QT_TRANSLATE_NOOP("AuditTrail", "缺陷等级"),
    "facts": QT_TRANSLATE_NOOP("AuditTrail", "缺陷事实"),
    "clause_refs": QT_TRANSLATE_NOOP("AuditTrail", "条款依据"),
    "location": QT_TRANSLATE_NOOP("AuditTrail", "位置"),
    "suggested_rectification": QT_TRANSLATE_NOOP("AuditTrail", "整改建议"),
    "falsification": QT_TRANSLATE_NOOP("AuditTrail", "真实性问题"),
    "affects_quality": QT_TRANSLATE_NOOP("AuditTrail", "直接影响产品质量"),
    "item_id": QT_TRANSLATE_NOOP("AuditTrail", "关联检查项"),
    "deleted": QT_TRANSLATE_NOOP("AuditTrail", "删除"),
    "caption": QT_TRANSLATE_NOOP("AuditTrail", "照片说明"),
    "annotations": QT_TRANSLATE_NOOP("AuditTrail", "照片标注"),
    "taken_at": QT_TRANSLATE_NOOP("AuditTrail", "拍摄时间"),
    "defect_id": QT_TRANSLATE_NOOP("AuditTrail", "所属缺陷"),
    "deleted_with": QT_TRANSLATE_NOOP("AuditTrail", "随缺陷删除"),
    "result": QT_TRANSLATE_NOOP("AuditTrail", "检查结果"),
    "reason": QT_TRANSLATE_NOOP("AuditTrail", "理由"),
    "note": QT_TRANSLATE_NOOP("AuditTrail", "备注"),
    "declared_value": QT_TRANSLATE_NOOP("AuditTrail", "申报值"),
    "observed_value": QT_TRANSLATE_NOOP("AuditTrail", "现场值"),
    "status": QT_TRANSLATE_NOOP("AuditTrail", "状态"),
    "actual_start": QT_TRANSLATE_NOOP("AuditTrail", "实际开始日期"),
    "actual_end": QT_TRANSLATE_NOOP("AuditTrail", "实际结束日期"),
    "planned_start": QT_TRANSLATE_NOOP("AuditTrail", "计划开始日期"),
    "planned_end": QT_TRANSLATE_NOOP("AuditTrail", "计划结束日期"),
    "conclusion_override": QT_TRANSLATE_NOOP("AuditTrail", "最终结论"),
    "conclusion_override_reason": QT_TRANSLATE_NOOP("AuditTrail", "结论调整理由"),
    "company_name": QT_TRANSLATE_NOOP("AuditTrail", "企业名称"),
    "site_address": QT_TRANSLATE_NOOP("AuditTrail", "检查地址"),
    "products": QT_TRANSLATE_NOOP("AuditTrail", "品种"),
    "scope_sections": QT_TRANSLATE_NOOP("AuditTrail", "检查范围"),
    "scope_tags": QT_TRANSLATE_NOOP("AuditTrail", "适用范围标签"),
    "archived": QT_TRANSLATE_NOOP("AuditTrail", "归档"),
    "name": QT_TRANSLATE_NOOP("AuditTrail", "姓名"),
    "role": QT_TRANSLATE_NOOP("AuditTrail", "角色"),
    "document_no": QT_TRANSLATE_NOOP("AuditTrail", "文书编号"),
    "import": QT_TRANSLATE_NOOP("AuditTrail", "从文件导入"),
    "expert_id": QT_TRANSLATE_NOOP("AuditTrail", "专家库条目"),
    "declaration_signed_at": QT_TRANSLATE_NOOP("AuditTrail", "声明签署时间"),
    "organisation": QT_TRANSLATE_NOOP("AuditTrail", "单位"),
    # Re-inspection (issue 15).
    "follows_inspection_id": QT_TRANSLATE_NOOP("AuditTrail", "复查的原检查"),
    "origin_defect_id": QT_TRANSLATE_NOOP("AuditTrail", "复查的原缺陷"),
    "origin_answer": QT_TRANSLATE_NOOP("AuditTrail", "企业整改答复"),
    "followup": QT_TRANSLATE_NOOP("AuditTrail", "复查结果"),
    "followup_note": QT_TRANSLATE_NOOP("AuditTrail", "复查说明"),
    # Set when a record is made (shown under 新建), or written by the center.
    "inspection_type": QT_TRANSLATE_NOOP("AuditTrail", "检查类型"),
    "checklist_id": QT_TRANSLATE_NOOP("AuditTrail", "检查表"),
    "checklist_version": QT_TRANSLATE_NOOP("AuditTrail", "检查表版本"),
    "created_at": QT_TRANSLATE_NOOP("AuditTrail", "创建时间"),
    "author": QT_TRANSLATE_NOOP("AuditTrail", "记录人"),
    "sha256": QT_TRANSLATE_NOOP("AuditTrail", "照片文件"),
    "original_name": QT_TRANSLATE_NOOP("AuditTrail", "原文件名"),
    "image_sha256": QT_TRANSLATE_NOOP("AuditTrail", "签名图像"),
    "signed_at": QT_TRANSLATE_NOOP("AuditTrail", "签署时间"),
    "state": QT_TRANSLATE_NOOP("AuditTrail", "审核状态"),
    "comment": QT_TRANSLATE_NOOP("AuditTrail", "审核意见"),
    "adjusted_severity": QT_TRANSLATE_NOOP("AuditTrail", "调整后等级"),
    "adjusted_facts": QT_TRANSLATE_NOOP("AuditTrail", "调整后事实"),
    "reviewer": QT_TRANSLATE_NOOP("AuditTrail", "审核人"),
    "review_id": QT_TRANSLATE_NOOP("AuditTrail", "所答复的审核意见"),
    "text": QT_TRANSLATE_NOOP("AuditTrail", "答复"),
    "number": QT_TRANSLATE_NOOP("AuditTrail", "报告编号"),
    "revision": QT_TRANSLATE_NOOP("AuditTrail", "修订次数"),
    "replaces_id": QT_TRANSLATE_NOOP("AuditTrail", "替代的报告"),
    "template": QT_TRANSLATE_NOOP("AuditTrail", "报告模板"),
    "pdf_sha256": QT_TRANSLATE_NOOP("AuditTrail", "报告文件"),
    "issued_by": QT_TRANSLATE_NOOP("AuditTrail", "出具人"),
    "issued_at": QT_TRANSLATE_NOOP("AuditTrail", "出具时间"),
}

# The source filter: (data, label). "recorded": written through the synced trail.
SOURCES = (
    (None, QT_TRANSLATE_NOOP("AuditTrail", "全部来源")),
    ("recorded", QT_TRANSLATE_NOOP("AuditTrail", "本机与同步的记录")),
    ("imported", QT_TRANSLATE_NOOP("AuditTrail", "从文件导入的记录")),
    ("legacy", QT_TRANSLATE_NOOP("AuditTrail", "旧版本记录")),
)

# Fields whose values are enum codes, by record kind (role means different things).
_ENUM_FIELDS: dict[tuple[str, str], type[StrEnum]] = {
    ("defect", "severity"): Severity,
    ("item_result", "result"): ResultValue,
    ("inspection", "status"): Status,
    ("inspection", "inspection_type"): InspectionType,
    ("team_member", "role"): TeamRole,
    ("signature", "role"): SignatureRole,
}

MAX_CELL = 80


def display_value(kind: str, field: str, value: Any) -> str:
    """A stored value as a person reads it: labels for codes, 是/否, lists joined."""
    if value is None or value == "":
        return "—"
    enum = _ENUM_FIELDS.get((kind, field))
    if enum is not None:
        try:
            return enum_label(enum(value))
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("AuditTrail", "是")
            if value
            else QCoreApplication.translate("AuditTrail", "否")
        )
    if field == "annotations" and isinstance(value, list):  # shapes: say how many, not JSON
        return QCoreApplication.translate("AuditTrail", "{0} 处标注").format(len(value))
    if isinstance(value, list):
        return "；".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return QCoreApplication.translate("AuditTrail", "（新建记录）")
    return str(value)


def display_time(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def person_text(row: dict[str, Any]) -> str:
    """The person a row names: `name`, `name（account，role）` when enrolled, or
    `name（role）` when the name is the account itself."""
    name, account, role = row["actor"], row.get("account") or "", row.get("role") or ""
    extra = [part for part in (account if account != name else "", role_label(role)) if part]
    if not extra:
        return name
    return QCoreApplication.translate("AuditTrail", "{name}（{extra}）").format(
        name=name, extra=QCoreApplication.translate("AuditTrail", "，").join(extra)
    )


def source_of(row: dict[str, Any]) -> str:
    """ "imported", "legacy" or "recorded" (see SOURCES)."""
    if row.get("imported_from"):
        return "imported"
    if row.get("legacy"):
        return "legacy"
    return "recorded"


def source_text(row: dict[str, Any]) -> tuple[str, str]:
    """(cell text, tooltip) of the 来源 column; empty for rows of the synced trail."""
    source = source_of(row)
    if source == "imported":
        origin = row["imported_from"]
        file_name = origin.split(" (SHA-256 ", 1)[0]
        text = QCoreApplication.translate("AuditTrail", "来自文件 {file}，由 {by} 于 {at} 导入")
        cell = text.format(
            file=file_name, by=row.get("imported_by") or "?", at=display_time(row["imported_at"])
        )
        return cell, text.format(
            file=origin, by=row.get("imported_by") or "?", at=display_time(row["imported_at"])
        )
    if source == "legacy":
        cell = QCoreApplication.translate("AuditTrail", "旧版本记录，仅本机")
        why = QCoreApplication.translate(
            "AuditTrail",
            "由同步审计追踪之前的版本写入，只保存在这台电脑上，不会同步；"
            "其中的操作人可能是系统账户或设备。",
        )
        return cell, why
    return "", ""


def change_text(row: dict[str, Any]) -> str:
    kind, field = row["kind"], row["field"]
    if field == "*":
        return QCoreApplication.translate("AuditTrail", "新建")
    if field == "import" and isinstance(row["new"], dict):
        return QCoreApplication.translate("AuditTrail", "文件 {file}，含 {rows} 条审计记录").format(
            file=row["new"].get("file", ""), rows=row["new"].get("rows", 0)
        )
    if field == "deleted" and row["new"] is True:
        return QCoreApplication.translate("AuditTrail", "已删除")
    if field == "deleted" and row["new"] is False:
        return QCoreApplication.translate("AuditTrail", "已恢复")
    return f"{display_value(kind, field, row['old'])} → {display_value(kind, field, row['new'])}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


class AuditTrailDialog(QDialog):
    COLUMNS = (
        QT_TRANSLATE_NOOP("AuditTrailDialog", "时间"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "操作人"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "记录"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "字段"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "原值 → 新值"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "修订原因"),
        QT_TRANSLATE_NOOP("AuditTrailDialog", "来源"),
    )

    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditTrailDialog")
        self.session = session
        # Capped to the screen: 1100x620 pushed 关闭 off a 1280x720 laptop at 125 %.
        fit_to_screen(self, QSize(1100, 620))

        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("auditKindFilter")
        self.kind_filter.addItem("", None)
        for kind in KIND_LABELS:
            self.kind_filter.addItem("", kind)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.source_filter = QComboBox()
        self.source_filter.setObjectName("auditSourceFilter")
        for data, _label in SOURCES:
            self.source_filter.addItem("", data)
        self.source_filter.currentIndexChanged.connect(self.refresh)
        self.source_label = QLabel()
        self.source_label.setBuddy(self.source_filter)
        self.reasons_only = QPushButton()
        self.reasons_only.setObjectName("auditReasonsOnly")
        self.reasons_only.setCheckable(True)
        self.reasons_only.toggled.connect(self.refresh)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.kind_label = QLabel()
        self.kind_label.setBuddy(self.kind_filter)
        top = QHBoxLayout()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_filter)
        top.addWidget(self.source_label)
        top.addWidget(self.source_filter)
        top.addWidget(self.reasons_only)
        top.addStretch()
        top.addWidget(self.count_label)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 150, 220, 100, 260, 160)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

        self.close_button = QPushButton()
        self.close_button.setObjectName("closeAuditButton")
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        session.changed.connect(lambda *_: self.refresh())
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        """Every text in the current language; the rows are worded again (refresh)."""
        self.setWindowTitle(
            self.tr("审计追踪：{0}").format(self.session.record.inspection.company_name)
        )
        self.kind_filter.setItemText(0, self.tr("全部记录"))
        for n, label in enumerate(KIND_LABELS.values(), start=1):
            self.kind_filter.setItemText(n, QCoreApplication.translate("AuditTrail", label))
        self.reasons_only.setText(self.tr("只看有修订原因的"))
        self.kind_label.setText(self.tr("记录类型："))
        self.source_label.setText(self.tr("来源："))
        for n, (_data, label) in enumerate(SOURCES):
            self.source_filter.setItemText(n, QCoreApplication.translate("AuditTrail", label))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("AuditTrailDialog", c) for c in self.COLUMNS]
        )
        self.close_button.setText(self.tr("关闭"))
        self.refresh()

    def rows(self) -> list[dict[str, Any]]:
        """Audit rows after the filters, newest first."""
        trail = ops.audit_trail(self.session.app, self.session.inspection_id)
        kind = self.kind_filter.currentData()
        rows = [r for r in trail if kind is None or r["kind"] == kind]
        source = self.source_filter.currentData()
        if source is not None:
            rows = [r for r in rows if source_of(r) == source]
        if self.reasons_only.isChecked():
            rows = [r for r in rows if r["reason"]]
        return list(reversed(rows))  # the trail comes oldest first (by time, then id)

    def refresh(self) -> None:
        trail = ops.audit_trail(self.session.app, self.session.inspection_id)
        names = self._record_names(trail)
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            kind, field = row["kind"], row["field"]
            source, source_tip = source_text(row)
            cells = (
                display_time(row["at"]),
                person_text(row),
                QCoreApplication.translate("AuditTrail", "{kind}：{name}").format(
                    kind=QCoreApplication.translate("AuditTrail", KIND_LABELS.get(kind, kind)),
                    name=names.get(row["record_id"], ""),
                ),
                QCoreApplication.translate("AuditTrail", FIELD_LABELS.get(field, field)),
                change_text(row),
                row["reason"] or "",
                source,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(_short(text))
                if len(text) > MAX_CELL or column in (2, 4):
                    cell.setToolTip(text)
                if column == 5 and text:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                if column == 6 and text:
                    cell.setToolTip(source_tip)
                if source:  # not of the synced trail: the whole row reads differently
                    font = QFont(cell.font())
                    font.setItalic(True)
                    cell.setFont(font)
                self.table.setItem(n, column, cell)
        self.count_label.setText(self.tr("共 %n 条", "", len(rows)))

    def _record_names(self, trail: list[dict[str, Any]]) -> dict[str, str]:
        """Record id → a recognisable name, from the create rows (deleted records included)."""
        items = self.session.checklist.items_by_id()
        names: dict[str, str] = {}
        for row in trail:
            if row["field"] != "*" or not isinstance(row["new"], dict):
                continue
            values, kind = row["new"], row["kind"]
            if kind == "defect":
                name = values.get("facts", "")
            elif kind == "item_result":
                item = items.get(values.get("item_id", ""))
                name = item.code if item else values.get("item_id", "")
            elif kind == "photo":
                name = values.get("original_name", "")
            elif kind in {"signature", "team_member"}:
                name = values.get("name", "")
            elif kind == "inspection":
                name = values.get("company_name", "")
            else:
                name = ""
            names[row["record_id"]] = _short(str(name))[:30]
        return names
