"""Page 4, 检查组: the team, with one lead; external experts must have declared.

Declarations (保密及无利益冲突声明): external experts must have declared before the inspection
can be created, because they are outside the regulator's own discipline rules and usually see
the company's dossier while the team prepares. The lead and members may declare later (they
often sign at the first meeting on site); the confirmation page lists who still has to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from inspector_app.domain.model import TeamRole
from inspector_app.operations.inspections import TeamMemberInput
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.wizard.common import ProblemLine, now


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
        self.members: list[MemberRow] = []
        self.name = QLineEdit(objectName="memberName")
        self.role = QComboBox(objectName="memberRole")
        for role in TeamRole:
            self.role.addItem("", role.value)
        self.organisation = QLineEdit(objectName="memberOrganisation")
        self.declared = QCheckBox(objectName="memberDeclared")
        self.add_button = QPushButton(objectName="addMember")
        self.remove_button = QPushButton(objectName="removeMember")
        self.table = QTableWidget(0, self.COLUMNS, objectName="members")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(90)
        self.error = ProblemLine()

        # Mnemonics are unique on the page *with* the wizard's own buttons (&B, &N, &F):
        # 姓名 takes &M, because Alt+N is 下一步.
        self._labels = [QLabel(buddy=w) for w in (self.name, self.role, self.organisation)]
        form = QFormLayout()
        for label, field in zip(
            self._labels, (self.name, self.role, self.organisation), strict=True
        ):
            form.addRow(label, field)
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
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("检查组"))
        self.setSubTitle(self.tr("一名组长；外部专家须在建立检查前签署保密及无利益冲突声明。"))
        texts = (self.tr("姓名(&M)"), self.tr("角色(&R)"), self.tr("单位(&O)"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for n, role in enumerate(TeamRole):
            self.role.setItemText(n, enum_label(role))
        self.declared.setText(self.tr("已签署保密及无利益冲突声明(&S)"))
        self.add_button.setText(self.tr("添加成员(&D)"))
        self.remove_button.setText(self.tr("删除所选成员(&X)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("角色"), self.tr("单位"), self.tr("保密及无利益冲突声明")]
        )
        self._fill()

    def add_member(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.say(lambda: self.tr("请填写成员姓名。"))
            self.name.setFocus()
            return
        self.members.append(
            MemberRow(
                name=name,
                role=TeamRole(self.role.currentData()),
                organisation=self.organisation.text().strip(),
                declared_at=now() if self.declared.isChecked() else None,
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
            member.declared_at = now() if checked else None
            self.table.blockSignals(True)
            item.setText(self._declared_text(member))
            self.table.blockSignals(False)

    def validatePage(self) -> bool:
        if self._problem() is None:
            self.error.clear()
            return True
        self.error.say(lambda: self._problem() or "")
        return False

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
