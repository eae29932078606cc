"""Re-inspection (复查, issue 15) in the desktop app.

* `ReinspectionAction`: 新建复查 in the inspections list (文件 menu and the list's context
  menu), enabled on an inspection whose report the center issued.
* `ReinspectionDialog`: planned dates and team; on opening it fetches the company's answers
  with the sync panel's credentials when the laptop is enrolled (off the GUI thread), or
  uses the answers kept from an earlier fetch when offline. Creating runs
  operations.reinspection.create_reinspection.
* `FollowupBox`: in the defect editor of a preloaded defect, the company's answer and the
  center's verification read-only, and the on-site outcome (已整改 / 部分整改 / 未整改) with
  a note, saved at once through the session (a locked record asks its revision reason).

Operations are imported where used: the list window's first paint does without pydantic.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.vocabulary import Status
from inspector_app.ui.i18n import retranslate_on_change

if TYPE_CHECKING:
    from inspector_app.domain.model import Defect
    from inspector_app.operations import App
    from inspector_app.operations.reinspection import KeptAnswers
    from inspector_app.ui.main_window import MainWindow
    from inspector_app.ui.session import InspectionSession
    from inspector_app.ui.tasks import Task

_MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1


# ---- the list's action ------------------------------------------------------------------


class ReinspectionAction:
    """新建复查 on the main window: one QAction, enabled for an issued inspection."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ReinspectionDialog | None = None
        self.action = QAction(window, objectName="newReinspection")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.table.addAction(self.action)
        window.file_menu.insertAction(window.template_action, self.action)
        window.table.selectionModel().selectionChanged.connect(self.update)
        window.model.modelReset.connect(self.update)
        retranslate_on_change(window, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.action.setText(QCoreApplication.translate("Reinspection", "新建复查(&V)…"))
        self.action.setStatusTip(
            QCoreApplication.translate(
                "Reinspection", "复查已出具报告的检查：预载原缺陷和企业的整改答复，现场逐条核实"
            )
        )
        self.update()

    def update(self, *_: object) -> None:
        row = self.window.current_row() if self.window.attached else None
        self.action.setEnabled(row is not None and row.status == Status.REPORT_ISSUED.value)

    def open_dialog(self) -> ReinspectionDialog | None:
        row = self.window.current_row()
        if row is None or not self.window.attached:
            return None
        if row.status != Status.REPORT_ISSUED.value:
            QMessageBox.warning(
                self.window,
                QCoreApplication.translate("Reinspection", "无法新建复查"),
                QCoreApplication.translate(
                    "Reinspection", "“{company}”的报告尚未由中心出具；复查只针对已出具报告的检查。"
                ).format(company=row.company_name),
            )
            return None
        self.dialog = dialog = ReinspectionDialog(self.window.app, row.id, self.window)
        dialog.accepted.connect(lambda: self._created(dialog.created_id))
        dialog.open()
        return dialog

    def _created(self, inspection_id: str | None) -> None:
        if not inspection_id:
            return
        self.window.refresh()
        self.window.select(inspection_id)
        self.window.messages.show(
            lambda: QCoreApplication.translate(
                "Reinspection", "已新建复查，原缺陷已预载，待现场核实。"
            ),
            8000,
        )


# ---- the dialog ----------------------------------------------------------------------------


class ReinspectionDialog(QDialog):
    def __init__(self, app: App, original_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from inspector_app.operations import inspections as ops
        from inspector_app.operations import reinspection as re_ops
        from inspector_app.operations.sync import sync_status

        self.setObjectName("reinspectionDialog")
        self.app = app
        self.original_id = original_id
        self.created_id: str | None = None
        self.fetch_task: Task | None = None
        self.fetch_error: str | None = None
        self.record = ops.load_inspection(app, original_id)
        self.kept: KeptAnswers | None = re_ops.kept_answers(app, original_id)
        self._fetching = False

        self.intro = QLabel(objectName="reinspectionIntro")
        self.intro.setWordWrap(True)
        self.answers_label = QLabel(objectName="answersStatus")
        self.answers_label.setWordWrap(True)
        today = QDate.currentDate()
        self.start_edit = QDateEdit(today, objectName="plannedStart", calendarPopup=True)
        self.end_edit = QDateEdit(today, objectName="plannedEnd", calendarPopup=True)
        self.team_list = QListWidget(objectName="reinspectionTeam")
        for member in self.record.team:
            entry = QListWidgetItem()
            entry.setData(_MEMBER_ROLE, member)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.team_list.addItem(entry)
        self.member_edit = QLineEdit(objectName="newMemberName")
        self.add_member_button = QPushButton(objectName="addMemberButton")
        self.add_member_button.clicked.connect(self.add_member)
        add_row = QHBoxLayout()
        add_row.addWidget(self.member_edit, 1)
        add_row.addWidget(self.add_member_button)
        self.message = QLabel(objectName="reinspectionMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("createReinspection")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form_labels = [QLabel() for _ in range(3)]
        form = QFormLayout()
        form.addRow(self.form_labels[0], self.start_edit)
        form.addRow(self.form_labels[1], self.end_edit)
        form.addRow(self.form_labels[2], self.team_list)
        form.addRow("", add_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.answers_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)
        if sync_status(app).enrolled:
            self.start_fetch()
        self._show_answers()

    def retranslate_ui(self) -> None:
        inspection = self.record.inspection
        self.setWindowTitle(self.tr("新建复查"))
        self.intro.setText(
            self.tr(
                "复查“{company}”：企业、检查表和范围与原检查相同，预载原检查的每项缺陷"
                "及企业的整改答复，现场逐条核实。"
            ).format(company=inspection.company_name)
        )
        for label, text in zip(
            self.form_labels,
            (self.tr("计划开始："), self.tr("计划结束："), self.tr("检查组：")),
            strict=True,
        ):
            label.setText(text)
        from inspector_app.domain.model import LABELS

        for i in range(self.team_list.count()):
            entry = self.team_list.item(i)
            member = entry.data(_MEMBER_ROLE)
            entry.setText(f"{member.name}（{LABELS[member.role]}）")
        self.member_edit.setPlaceholderText(self.tr("添加组员：姓名"))
        self.add_member_button.setText(self.tr("添加"))
        self.ok_button.setText(self.tr("新建复查"))
        self._show_answers()

    # ---- answers -----------------------------------------------------------------------

    def start_fetch(self) -> Task:
        """Ask the center for the company's answers off the GUI thread."""
        from inspector_app.operations import reinspection as re_ops
        from inspector_app.ui.tasks import Task

        self._fetching = True
        task = Task(lambda _progress: re_ops.fetch_answers(self.app, self.original_id), self)
        task.succeeded.connect(self._fetched)
        task.failed.connect(self._fetch_failed)
        self.fetch_task = task
        task.start()
        return task

    def _fetched(self, kept: KeptAnswers) -> None:
        self._fetching = False
        self.kept, self.fetch_error = kept, None
        self._show_answers()

    def _fetch_failed(self, message: str) -> None:
        self._fetching = False
        self.fetch_error = message
        self._show_answers()

    def _show_answers(self) -> None:
        kept = self.kept
        if self._fetching:
            text = self.tr("正在从中心获取企业的整改答复…")
        elif kept is None:
            text = self.tr("没有企业的整改答复：请在联网时打开本对话框以从中心获取。")
            if self.fetch_error:
                text += "\n" + self.tr("获取失败：{error}").format(error=self.fetch_error)
        else:
            text = self.tr(
                "企业整改答复（报告{number}，中心于{when}生成）：{total}项缺陷中{answered}项已答复。"
            ).format(
                number=kept.answer.report_number,
                when=kept.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                total=len(kept.answer.defects),
                answered=kept.answered,
            )
            if self.fetch_error:
                text += "\n" + self.tr("未能重新获取（{error}），使用上次获取的答复。").format(
                    error=self.fetch_error
                )
        self.answers_label.setText(text)
        self.ok_button.setEnabled(kept is not None and not self._fetching)

    # ---- team ----------------------------------------------------------------------------

    def add_member(self) -> None:
        from inspector_app.domain.model import TeamRole
        from inspector_app.operations.inspections import TeamMemberInput

        name = self.member_edit.text().strip()
        if not name:
            return
        entry = QListWidgetItem()
        entry.setData(_MEMBER_ROLE, TeamMemberInput(name, TeamRole.MEMBER))
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked)
        self.team_list.addItem(entry)
        self.member_edit.clear()
        self.retranslate_ui()

    def team(self) -> list[Any]:
        """The checked members, as new members of the re-inspection: a new visit needs new
        declarations, so none is carried over."""
        from inspector_app.operations.inspections import TeamMemberInput

        chosen = []
        for i in range(self.team_list.count()):
            entry = self.team_list.item(i)
            if entry.checkState() is Qt.CheckState.Checked:
                m = entry.data(_MEMBER_ROLE)
                chosen.append(TeamMemberInput(m.name, m.role, m.organisation, None, m.expert_id))
        return chosen

    def set_dates(self, start: date, end: date) -> None:
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self.end_edit.setDate(QDate(end.year, end.month, end.day))

    def accept(self) -> None:
        from inspector_app.domain.errors import DomainError
        from inspector_app.domain.model import TeamRole
        from inspector_app.operations import reinspection as re_ops

        team = self.team()
        if not any(m.role is TeamRole.LEAD for m in team):
            self.message.setText(self.tr("检查组须有一名组长：请勾选组长。"))
            return
        try:
            created = re_ops.create_reinspection(
                self.app,
                self.original_id,
                planned_start=self.start_edit.date().toPython(),
                planned_end=self.end_edit.date().toPython(),
                team=team,
            )
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.created_id = created.id
        super().accept()


# ---- the defect editor's part ---------------------------------------------------------------


class FollowupBox(QGroupBox):
    """A preloaded defect's answer (read-only) and its on-site outcome."""

    def __init__(self, session: InspectionSession, defect: Defect, parent: QWidget) -> None:
        super().__init__(parent)
        from inspector_app.domain.reinspection import Followup

        self.setObjectName("followupBox")
        self.session = session
        self.defect_id = defect.id
        self._loading = False
        self.answer_view = QPlainTextEdit(objectName="companyAnswer")
        self.answer_view.setReadOnly(True)
        self.answer_view.setMaximumHeight(130)
        self.outcome_combo = QComboBox(objectName="followupCombo")
        self.outcome_combo.addItem("", None)
        for outcome in Followup:
            self.outcome_combo.addItem("", outcome.value)
        self.note_edit = QLineEdit(objectName="followupNote")
        self.form_labels = [QLabel() for _ in range(3)]
        form = QFormLayout(self)
        form.addRow(self.form_labels[0], self.answer_view)
        form.addRow(self.form_labels[1], self.outcome_combo)
        form.addRow(self.form_labels[2], self.note_edit)
        self.show_defect(defect)
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self.save())
        self.note_edit.editingFinished.connect(self.save)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("原缺陷复查"))
        self.outcome_combo.setItemText(0, self.tr("（待核实）"))
        for i, text in enumerate((self.tr("已整改"), self.tr("部分整改"), self.tr("未整改")), 1):
            self.outcome_combo.setItemText(i, text)
        for label, text in zip(
            self.form_labels,
            (self.tr("企业整改答复："), self.tr("现场核实："), self.tr("核实说明：")),
            strict=True,
        ):
            label.setText(text)
        self.note_edit.setPlaceholderText(self.tr("如：SOP已修订，培训记录齐全"))
        self._show_answer()

    def _stored(self) -> Defect | None:
        return next((d for d in self.session.record.defects if d.id == self.defect_id), None)

    def show_defect(self, defect: Defect) -> None:
        self._loading = True
        try:
            index = self.outcome_combo.findData(defect.followup.value if defect.followup else None)
            self.outcome_combo.setCurrentIndex(max(index, 0))
            if self.note_edit.text().strip() != defect.followup_note:
                self.note_edit.setText(defect.followup_note)
        finally:
            self._loading = False
        self._show_answer()

    def _show_answer(self) -> None:
        defect = self._stored()
        snap = defect.origin_answer if defect else None
        if snap is None:
            self.answer_view.setPlainText(self.tr("（没有企业答复）"))
            return
        lines = [
            self.tr("原缺陷（报告{number}）：{facts}").format(
                number=snap.report_number, facts=snap.facts
            )
        ]
        if snap.status == "none":
            lines.append(self.tr("企业未提交整改情况。"))
        else:
            if snap.cause:
                lines.append(self.tr("原因分析：{text}").format(text=snap.cause))
            if snap.actions:
                lines.append(self.tr("整改措施：{text}").format(text=snap.actions))
            if snap.completed_on:
                lines.append(self.tr("完成日期：{day}").format(day=snap.completed_on.isoformat()))
            if snap.evidence:
                lines.append(self.tr("证据：{names}").format(names="、".join(snap.evidence)))
        if snap.verification:
            state = self.tr("通过") if snap.verification == "accepted" else self.tr("整改不充分")
            lines.append(
                self.tr("中心审核：{state}（{by}）{comment}").format(
                    state=state, by=snap.verified_by, comment=snap.verification_comment
                )
            )
        if snap.objection:
            lines.append(self.tr("企业异议：{text}").format(text=snap.objection))
        self.answer_view.setPlainText("\n".join(lines))

    def values(self) -> tuple[str | None, str]:
        return self.outcome_combo.currentData(), self.note_edit.text().strip()

    def save(self) -> bool:
        """Save the outcome and note if they differ from the store (locked: asks a reason)."""
        if self._loading:
            return True
        from inspector_app.operations import reinspection as re_ops

        stored = self._stored()
        if stored is None:
            return False
        outcome, note = self.values()
        if (stored.followup.value if stored.followup else None, stored.followup_note) == (
            outcome,
            note,
        ):
            return True
        saved = self.session.run(
            re_ops.record_followup,
            self.session.app,
            self.session.inspection_id,
            self.defect_id,
            outcome,
            note,
            what=self.tr("记录复查结果"),
        )
        if saved is None:
            stored = self._stored()
            if stored is not None:
                self.show_defect(stored)  # refused or no reason: show what is saved
            return False
        self.session.changed.emit("defect", self.defect_id)
        return True
