"""Page 4, 检查组: the team, with one lead; external experts must have declared.

Experts are picked from the expert pool the last sync brought (issue 14; operations/experts.py):
picking one fills the name, role and employer and links the member to the pool entry
(`expert_id`), so the declaration ticked here reaches the expert's register entry on the
server. An expert whose employer or declared conflicts match the company is refused with the
reason (the same check `create_inspection` makes). Center staff are still typed by hand.

Declarations (保密及无利益冲突声明): external experts must have declared before the inspection
can be created, because they are outside the regulator's own discipline rules and usually see
the company's dossier while the team prepares. The lead and members may declare later (they
often sign at the first meeting on site); the confirmation page lists who still has to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

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

from inspector_app.domain.experts import SPECIALTIES
from inspector_app.domain.model import TeamRole
from inspector_app.operations.inspections import TeamMemberInput
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.wizard.common import ProblemLine, now

if TYPE_CHECKING:
    from inspector_app.operations import App
    from inspector_app.operations.experts import Pool


@dataclass
class MemberRow:
    name: str
    role: TeamRole
    organisation: str
    declared_at: datetime | None
    expert_id: str | None = None  # picked from the expert pool


class TeamPage(QWizardPage):
    COLUMNS = 4

    def __init__(self, app: App | None = None, company: Callable[[], str] | None = None) -> None:
        super().__init__()
        self._app = app
        self._company = company or (lambda: "")
        self._pool: Pool | None = None
        self.members: list[MemberRow] = []
        self.pool_combo = QComboBox(objectName="poolExpert")
        self.pool_combo.setMinimumContentsLength(30)
        self.pool_note = QLabel(objectName="poolNote")
        self.pool_note.setWordWrap(True)
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
        self._pool_label = QLabel(buddy=self.pool_combo)
        self._labels = [QLabel(buddy=w) for w in (self.name, self.role, self.organisation)]
        form = QFormLayout()
        form.addRow(self._pool_label, self.pool_combo)
        form.addRow("", self.pool_note)
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
        self.pool_combo.activated.connect(self._pool_picked)
        # Typing another name turns a picked expert back into a typed member.
        self.name.textEdited.connect(lambda _text: self.pool_combo.setCurrentIndex(0))
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("检查组"))
        self.setSubTitle(self.tr("一名组长；外部专家须在建立检查前签署保密及无利益冲突声明。"))
        texts = (self.tr("姓名(&M)"), self.tr("角色(&R)"), self.tr("单位(&O)"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for n, role in enumerate(TeamRole):
            self.role.setItemText(n, enum_label(role))
        self._pool_label.setText(self.tr("从专家库选择(&L)"))
        self._fill_pool()
        self.declared.setText(self.tr("已签署保密及无利益冲突声明(&S)"))
        self.add_button.setText(self.tr("添加成员(&D)"))
        self.remove_button.setText(self.tr("删除所选成员(&X)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("角色"), self.tr("单位"), self.tr("保密及无利益冲突声明")]
        )
        self._fill()

    # ---- the expert pool ---------------------------------------------------------------

    def initializePage(self) -> None:
        self._fill_pool()  # a sync may have brought a newer pool since the page was made

    def _load_pool(self) -> Pool | None:
        if self._app is None:
            return None
        from inspector_app.operations.experts import pool

        self._pool = pool(self._app)
        return self._pool

    def _fill_pool(self) -> None:
        chosen = self.pool_combo.currentData()
        the_pool = self._load_pool()
        self.pool_combo.blockSignals(True)
        self.pool_combo.clear()
        self.pool_combo.addItem(self.tr("—（手工填写，如中心工作人员）"), None)
        for expert in the_pool.experts if the_pool else ():
            fields = [expert.name, self._specialties(expert.specialties)]
            if expert.employer:
                fields.append(expert.employer)
            self.pool_combo.addItem(" · ".join(fields), expert.id)
        index = self.pool_combo.findData(chosen) if chosen else 0
        self.pool_combo.setCurrentIndex(max(index, 0))
        self.pool_combo.blockSignals(False)
        self.pool_combo.setEnabled(bool(the_pool and the_pool.experts))
        if the_pool is None or the_pool.generated_at is None:
            self.pool_note.setText(self.tr("尚无专家库：同步后可从专家库选择专家。"))
        else:
            when = the_pool.generated_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.pool_note.setText(
                self.tr("专家库 {n} 人，同步于 {time}").format(n=len(the_pool.experts), time=when)
            )

    def _specialties(self, codes: tuple[str, ...]) -> str:
        # The specialty words are data of the pool (Chinese, as the center files them).
        return "、".join(SPECIALTIES.get(code, (code, code))[0] for code in codes)

    def _pool_picked(self, index: int) -> None:
        expert_id = self.pool_combo.itemData(index)
        expert = self._pool.get(expert_id) if self._pool and expert_id else None
        if expert is None:
            return
        self.name.setText(expert.name)
        self.organisation.setText(expert.employer)
        self.role.setCurrentIndex(self.role.findData(TeamRole.EXPERT.value))
        problem = self._conflict(expert_id)
        if problem:
            self.error.say(lambda: problem)
        else:
            self.error.clear()

    def _conflict(self, expert_id: str) -> str | None:
        """Why this expert may not inspect the company (operations' check), else None."""
        if self._app is None:
            return None
        from inspector_app.operations.experts import ExpertConflict, check_expert

        try:
            check_expert(self._app, self._company(), expert_id, self._pool)
        except ExpertConflict as exc:
            return self.tr("不能选择该专家：{reason}").format(reason=exc.message)
        return None

    # ---- members -------------------------------------------------------------------------

    def add_member(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.say(lambda: self.tr("请填写成员姓名。"))
            self.name.setFocus()
            return
        expert_id = self.pool_combo.currentData() or None
        if expert_id:
            problem = self._conflict(expert_id)
            if problem:
                self.error.say(lambda: problem)
                return
            if any(m.expert_id == expert_id for m in self.members):
                self.error.say(lambda: self.tr("{name} 已在检查组中。").format(name=name))
                return
        self.members.append(
            MemberRow(
                name=name,
                role=TeamRole(self.role.currentData()),
                organisation=self.organisation.text().strip(),
                declared_at=now() if self.declared.isChecked() else None,
                expert_id=expert_id,
            )
        )
        self.pool_combo.setCurrentIndex(0)
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
        # The company may have been changed after the experts were picked.
        for member in self.members:
            problem = self._conflict(member.expert_id) if member.expert_id else None
            if problem:
                return problem
        return None

    def team(self) -> list[TeamMemberInput]:
        return [
            TeamMemberInput(m.name, m.role, m.organisation, m.declared_at, m.expert_id)
            for m in self.members
        ]
