"""The new-inspection wizard: company, type and checklist, scope, team, dates, confirmation.

Each page checks its own input when the user presses Next and says what is missing in a red
line at the bottom of the page; the last page creates the inspection through
operations.inspections.create_inspection (nothing is written before that).

Declarations (保密及无利益冲突声明): external experts must have declared before the inspection
can be created, because they are outside the regulator's own discipline rules and usually see
the company's dossier while the team prepares. The lead and members may declare later (they
often sign at the first meeting on site); the confirmation page lists who still has to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inspector_app.checklist.schema import Checklist, ChecklistKind, Item, Section
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Inspection, InspectionType, TeamRole
from inspector_app.operations import App
from inspector_app.operations.inspections import TeamMemberInput, create_inspection
from inspector_app.ui.i18n import enum_label

# Checklist kinds that fit each inspection type; the first fitting checklist is preselected.
KINDS_FOR_TYPE: dict[InspectionType, tuple[ChecklistKind, ...]] = {
    InspectionType.GMP_COMPLIANCE: (ChecklistKind.DRUG_GMP, ChecklistKind.DEVICE_GMP),
    InspectionType.REGISTRATION_VERIFICATION: (
        ChecklistKind.DRUG_REGISTRATION_VERIFICATION,
        ChecklistKind.DEVICE_REGISTRATION_QMS,
    ),
    InspectionType.LICENCE: (ChecklistKind.LICENCE,),
}
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("pageError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


def _now() -> datetime:
    return datetime.now(UTC)


# ---- 企业信息 ------------------------------------------------------------------------------


class CompanyPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("企业信息"))
        self.setSubTitle(self.tr("被检查企业的名称、检查地址和涉及的品种。"))
        self.company = QLineEdit(objectName="company")
        self.site_address = QLineEdit(objectName="siteAddress")
        self.products = QPlainTextEdit(objectName="products")
        self.products.setPlaceholderText(self.tr("每行一个品种，例如：注射用头孢曲松钠"))
        self.products.setTabChangesFocus(True)
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("企业名称(&C)*"), self.company)
        form.addRow(self.tr("检查地址(&A)"), self.site_address)
        form.addRow(self.tr("品种(&P)"), self.products)
        form.addRow(self.error)
        self.setFocusProxy(self.company)

    def product_list(self) -> list[str]:
        lines = (line.strip() for line in self.products.toPlainText().splitlines())
        return [line for line in lines if line]

    def validatePage(self) -> bool:
        if not self.company.text().strip():
            self.error.setText(self.tr("请填写企业名称。"))
            self.company.setFocus()
            return False
        self.error.clear()
        return True


# ---- 检查类型与检查表 ----------------------------------------------------------------------


class ChecklistPage(QWizardPage):
    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app
        self.setTitle(self.tr("检查类型与检查表"))
        self.setSubTitle(self.tr("检查表按法规版本固定；新检查只能选用现行法规的最新版本。"))
        self.type_combo = QComboBox(objectName="inspectionType")
        for kind in InspectionType:
            self.type_combo.addItem(enum_label(kind), kind.value)
        self.checklists = QTreeWidget(objectName="checklists")
        self.checklists.setRootIsDecorated(False)
        self.checklists.setHeaderLabels(
            [
                self.tr("检查表"),
                self.tr("依据法规"),
                self.tr("版本"),
                self.tr("施行日期"),
                self.tr("条目数"),
            ]
        )
        self.checklists.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.checklists.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details = QLabel(objectName="checklistDetails")
        self.details.setWordWrap(True)
        self.error = _error_label()
        self._by_key: dict[tuple[str, int], Checklist] = {}

        form = QFormLayout()
        form.addRow(self.tr("检查类型(&T)"), self.type_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("检查表(&L)"), buddy=self.checklists))
        layout.addWidget(self.checklists, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.error)
        self.type_combo.currentIndexChanged.connect(self._preselect_for_type)
        self.checklists.currentItemChanged.connect(self._show_details)
        self._load()

    def _load(self) -> None:
        try:
            offered = self.app.library.offered()
        except Exception as exc:  # a broken checklist file must not take the wizard down
            self.error.setText(self.tr("检查表库无法加载：{error}").format(error=exc))
            return
        for checklist in offered:
            regulation = checklist.regulation
            row = QTreeWidgetItem(
                [
                    checklist.title,
                    f"{regulation.name}（{regulation.version}）",
                    f"v{checklist.version}",
                    regulation.effective_date.isoformat(),
                    str(len(checklist.walk_items())),
                ]
            )
            row.setData(0, KEY_ROLE, checklist.key)
            row.setToolTip(0, checklist.id)
            self.checklists.addTopLevelItem(row)
            self._by_key[checklist.key] = checklist
        self._preselect_for_type()

    def inspection_type(self) -> InspectionType:
        return InspectionType(self.type_combo.currentData())

    def checklist(self) -> Checklist | None:
        item = self.checklists.currentItem()
        return self._by_key.get(tuple(item.data(0, KEY_ROLE))) if item else None  # type: ignore[arg-type]

    def _preselect_for_type(self) -> None:
        kinds = KINDS_FOR_TYPE[self.inspection_type()]
        current = self.checklist()
        if current is not None and current.kind in kinds:
            return
        for n in range(self.checklists.topLevelItemCount()):
            item = self.checklists.topLevelItem(n)
            if self._by_key[tuple(item.data(0, KEY_ROLE))].kind in kinds:  # type: ignore[index]
                self.checklists.setCurrentItem(item)
                return

    def _show_details(self) -> None:
        checklist = self.checklist()
        if checklist is None:
            self.details.clear()
            return
        r = checklist.regulation
        issued = "，".join(x for x in (r.issuer, r.document_no) if x)
        self.details.setText(
            self.tr(
                "{title}：依据《{name}》（{version}，{issued}），{date} 起施行；共 {n} 项。"
            ).format(
                title=checklist.title,
                name=r.name,
                version=r.version,
                issued=issued,
                date=r.effective_date.isoformat(),
                n=len(checklist.walk_items()),
            )
        )

    def validatePage(self) -> bool:
        if self.checklist() is None:
            self.error.setText(self.tr("请选择一个检查表。"))
            return False
        self.error.clear()
        return True


# ---- 检查范围 ------------------------------------------------------------------------------


class ScopePage(QWizardPage):
    def __init__(self, checklist_page: ChecklistPage) -> None:
        super().__init__()
        self._checklist_page = checklist_page
        self._shown: tuple[str, int] | None = None
        self.setTitle(self.tr("检查范围"))
        self.setSubTitle(
            self.tr("勾选要检查的章节（都不勾选即为整个检查表），以及适用的产品类别。")
        )
        self.sections = QTreeWidget(objectName="sections")
        self.sections.setHeaderLabels([self.tr("章节"), self.tr("条目数")])
        self.sections.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sections.header().setStretchLastSection(False)
        self.tags_box = QGroupBox(self.tr("适用范围标签"))
        self.tags_layout = QHBoxLayout(self.tags_box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        self.count = QLabel(objectName="scopeCount")
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.tags_box)
        layout.addWidget(self.count)
        self.sections.itemChanged.connect(self._update_count)

    def initializePage(self) -> None:
        checklist = self._checklist_page.checklist()
        if checklist is None or checklist.key == self._shown:
            return  # going back and forth keeps what the user ticked
        self._shown = checklist.key
        self.sections.blockSignals(True)
        self.sections.clear()
        for section in checklist.sections:
            self.sections.addTopLevelItem(self._section_item(section))
        self.sections.expandToDepth(0)
        self.sections.blockSignals(False)
        for box in self.tag_boxes.values():
            box.deleteLater()
        self.tag_boxes.clear()
        while self.tags_layout.count():  # the old boxes and the trailing stretch
            self.tags_layout.takeAt(0)
        for tag in checklist.tags:
            box = QCheckBox(tag.label, objectName=f"tag:{tag.id}")
            box.setToolTip(self.tr("勾选后检查带“{label}”标签的条目").format(label=tag.label))
            box.toggled.connect(self._update_count)
            self.tags_layout.addWidget(box)
            self.tag_boxes[tag.id] = box
        self.tags_layout.addStretch(1)
        self.tags_box.setVisible(bool(checklist.tags))
        self._update_count()

    def _section_item(self, section: Section) -> QTreeWidgetItem:
        n_items = sum(1 for _ in _items_below(section))
        item = QTreeWidgetItem([f"{section.code} {section.title}", str(n_items)])
        item.setData(0, KEY_ROLE, section.id)
        item.setFlags(
            item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
        )
        item.setCheckState(0, Qt.CheckState.Unchecked)
        for child in section.sections:
            item.addChild(self._section_item(child))
        return item

    def section_item(self, section_id: str) -> QTreeWidgetItem | None:
        flags = Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive
        found = self.sections.findItems("*", flags)
        return next((i for i in found if i.data(0, KEY_ROLE) == section_id), None)

    def scope_sections(self) -> list[str]:
        """The highest fully ticked sections; none (or all) ticked means the whole list."""
        chosen: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            state = item.checkState(0)
            if state == Qt.CheckState.Checked:
                chosen.append(item.data(0, KEY_ROLE))
            elif state == Qt.CheckState.PartiallyChecked:
                for n in range(item.childCount()):
                    visit(item.child(n))

        tops = [self.sections.topLevelItem(n) for n in range(self.sections.topLevelItemCount())]
        for top in tops:
            visit(top)
        if len(chosen) == len(tops) and all(t.checkState(0) == Qt.CheckState.Checked for t in tops):
            return []
        return chosen

    def scope_tags(self) -> list[str]:
        return [tag for tag, box in self.tag_boxes.items() if box.isChecked()]

    def in_scope_count(self) -> tuple[int, int]:
        from inspector_app.domain.conclusion import in_scope_items

        checklist = self._checklist_page.checklist()
        if checklist is None:
            return 0, 0
        probe = Inspection.model_construct(
            scope_sections=self.scope_sections(), scope_tags=self.scope_tags()
        )
        return len(in_scope_items(checklist, probe)), len(checklist.walk_items())

    def _update_count(self) -> None:
        n, total = self.in_scope_count()
        whole = "" if self.scope_sections() else self.tr("（整个检查表）")
        self.count.setText(
            self.tr("范围内条目：{n} / {total}{whole}").format(n=n, total=total, whole=whole)
        )


def _items_below(section: Section) -> Iterator[Item]:
    yield from section.items
    for child in section.sections:
        yield from _items_below(child)


# ---- 检查组 --------------------------------------------------------------------------------


@dataclass
class MemberRow:
    name: str
    role: TeamRole
    organisation: str
    declared_at: datetime | None


class TeamPage(QWizardPage):
    COLUMNS = 4

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("检查组"))
        self.setSubTitle(self.tr("一名组长；外部专家须在建立检查前签署保密及无利益冲突声明。"))
        self.members: list[MemberRow] = []
        self.name = QLineEdit(objectName="memberName")
        self.role = QComboBox(objectName="memberRole")
        for role in TeamRole:
            self.role.addItem(enum_label(role), role.value)
        self.organisation = QLineEdit(objectName="memberOrganisation")
        self.declared = QCheckBox(
            self.tr("已签署保密及无利益冲突声明"), objectName="memberDeclared"
        )
        self.add_button = QPushButton(self.tr("添加成员(&D)"), objectName="addMember")
        self.remove_button = QPushButton(self.tr("删除所选成员"), objectName="removeMember")
        self.table = QTableWidget(0, self.COLUMNS, objectName="members")
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("角色"), self.tr("单位"), self.tr("保密及无利益冲突声明")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(90)
        self.error = _error_label()

        form = QFormLayout()
        form.addRow(self.tr("姓名(&N)"), self.name)
        form.addRow(self.tr("角色(&R)"), self.role)
        form.addRow(self.tr("单位(&O)"), self.organisation)
        form.addRow("", self.declared)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.add_member)
        self.remove_button.clicked.connect(self._remove_selected)
        self.table.itemChanged.connect(self._declaration_toggled)

    def add_member(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.setText(self.tr("请填写成员姓名。"))
            self.name.setFocus()
            return
        self.members.append(
            MemberRow(
                name=name,
                role=TeamRole(self.role.currentData()),
                organisation=self.organisation.text().strip(),
                declared_at=_now() if self.declared.isChecked() else None,
            )
        )
        self.name.clear()
        self.organisation.clear()
        self.declared.setChecked(False)
        self.role.setCurrentIndex(self.role.findData(TeamRole.MEMBER.value))
        self.error.clear()
        self._fill()
        self.name.setFocus()

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.members[row]
        self._fill()

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.members))
        for n, member in enumerate(self.members):
            self.table.setItem(n, 0, QTableWidgetItem(member.name))
            self.table.setItem(n, 1, QTableWidgetItem(enum_label(member.role)))
            self.table.setItem(n, 2, QTableWidgetItem(member.organisation))
            declared = QTableWidgetItem(self._declared_text(member))
            declared.setFlags(declared.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            declared.setCheckState(
                Qt.CheckState.Checked if member.declared_at else Qt.CheckState.Unchecked
            )
            self.table.setItem(n, 3, declared)
        self.table.blockSignals(False)

    def _declared_text(self, member: MemberRow) -> str:
        if member.declared_at is None:
            return self.tr("未签署")
        local = member.declared_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return self.tr("已签署 {time}").format(time=local)

    def _declaration_toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 3:
            return
        member = self.members[item.row()]
        checked = item.checkState() == Qt.CheckState.Checked
        if checked != (member.declared_at is not None):
            member.declared_at = _now() if checked else None
            self.table.blockSignals(True)
            item.setText(self._declared_text(member))
            self.table.blockSignals(False)

    def validatePage(self) -> bool:
        message = self._problem()
        self.error.setText(message or "")
        return message is None

    def _problem(self) -> str | None:
        if self.name.text().strip():
            return self.tr("姓名栏中还有未添加的成员：请点“添加成员”，或清空姓名栏。")
        leads = [m for m in self.members if m.role is TeamRole.LEAD]
        if not leads:
            return self.tr("请指定一名组长。")
        if len(leads) > 1:
            return self.tr("检查组只能有一名组长（现有 {n} 名）。").format(n=len(leads))
        undeclared = [
            m.name for m in self.members if m.role is TeamRole.EXPERT and m.declared_at is None
        ]
        if undeclared:
            return self.tr("外部专家须先签署保密及无利益冲突声明：{names}").format(
                names="、".join(undeclared)
            )
        return None

    def team(self) -> list[TeamMemberInput]:
        return [
            TeamMemberInput(m.name, m.role, m.organisation, m.declared_at) for m in self.members
        ]


# ---- 日期 ----------------------------------------------------------------------------------


class DatesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("日期"))
        self.setSubTitle(self.tr("计划的现场检查日期；实际日期在开始和结束现场检查时记录。"))
        today = QDate.currentDate()
        self.start = QDateEdit(today, objectName="plannedStart", calendarPopup=True)
        self.end = QDateEdit(today, objectName="plannedEnd", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.undecided = QCheckBox(self.tr("日期待定"), objectName="datesUndecided")
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("计划开始(&S)"), self.start)
        form.addRow(self.tr("计划结束(&E)"), self.end)
        form.addRow("", self.undecided)
        form.addRow(self.error)
        self.undecided.toggled.connect(
            lambda on: (self.start.setDisabled(on), self.end.setDisabled(on))
        )
        self.start.dateChanged.connect(self._keep_order)

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
            self.error.setText(self.tr("计划结束日期早于开始日期。"))
            return False
        self.error.clear()
        return True


# ---- 确认 ----------------------------------------------------------------------------------


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: NewInspectionWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("确认"))
        self.setSubTitle(self.tr("核对以下信息，点“完成”建立检查。"))
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        w = self._wizard
        checklist = w.checklist_page.checklist()
        assert checklist is not None
        n, total = w.scope_page.in_scope_count()
        start, end = w.dates_page.dates()
        names = {s.id: f"{s.code} {s.title}" for chain, _ in checklist.walk_items() for s in chain}
        labels = {t.id: t.label for t in checklist.tags}
        sections = w.scope_page.scope_sections()
        team = w.team_page.members
        undeclared = [m.name for m in team if m.declared_at is None]
        rows = [
            (self.tr("企业"), w.company_page.company.text().strip()),
            (self.tr("检查地址"), w.company_page.site_address.text().strip() or "—"),
            (self.tr("品种"), "、".join(w.company_page.product_list()) or "—"),
            (self.tr("检查类型"), enum_label(w.checklist_page.inspection_type())),
            (self.tr("检查表"), f"{checklist.title} v{checklist.version}"),
            (self.tr("范围"), "；".join(names[s] for s in sections) or self.tr("整个检查表")),
            (self.tr("适用标签"), "、".join(labels[t] for t in w.scope_page.scope_tags()) or "—"),
            (self.tr("范围内条目"), f"{n} / {total}"),
            (self.tr("检查组"), "、".join(f"{m.name}（{enum_label(m.role)}）" for m in team)),
            (self.tr("计划日期"), f"{start} — {end}" if start else self.tr("待定")),
        ]
        html = "".join(
            f"<tr><td style='padding-right:12px'><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>"
            for k, v in rows
        )
        note = ""
        if undeclared:
            note = (
                "<p>"
                + _esc(
                    self.tr("尚未签署声明（须在首次会议前签署）：{names}").format(
                        names="、".join(undeclared)
                    )
                )
                + "</p>"
            )
        self.summary.setText(f"<table>{html}</table>{note}")

    def validatePage(self) -> bool:
        message = self._wizard.create()
        self.error.setText(message or "")
        return message is None


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- the wizard --------------------------------------------------------------------------


class NewInspectionWizard(QWizard):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.created: Inspection | None = None
        self.setObjectName("newInspectionWizard")
        self.setWindowTitle(self.tr("新建检查"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成(&F)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.company_page = CompanyPage()
        self.checklist_page = ChecklistPage(app)
        self.scope_page = ScopePage(self.checklist_page)
        self.team_page = TeamPage()
        self.dates_page = DatesPage()
        self.confirm_page = ConfirmPage(self)
        for page in (
            self.company_page,
            self.checklist_page,
            self.scope_page,
            self.team_page,
            self.dates_page,
            self.confirm_page,
        ):
            self.addPage(page)
        self.resize(820, 620)

    def create(self) -> str | None:
        """Create the inspection; returns a message when it was refused (nothing saved)."""
        if self.created is not None:
            return None
        checklist = self.checklist_page.checklist()
        assert checklist is not None
        start, end = self.dates_page.dates()
        try:
            self.created = create_inspection(
                self.app,
                company_name=self.company_page.company.text().strip(),
                site_address=self.company_page.site_address.text().strip(),
                products=self.company_page.product_list(),
                inspection_type=self.checklist_page.inspection_type(),
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                scope_sections=self.scope_page.scope_sections(),
                scope_tags=self.scope_page.scope_tags(),
                planned_start=start,
                planned_end=end,
                team=self.team_page.team(),
            )
        except DomainError as exc:
            return self.tr("未能建立检查：{error}").format(error=exc)
        return None
