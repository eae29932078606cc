"""The inspector profile dialog: who works on this laptop, named in every audit row.

At first start (no name on this laptop) the main window asks before it can be used
(`ask_first_profile`); 文件 › 检查员信息… edits it later. The dialog saves through
operations.profile; it never writes the store itself.

Cancelling at first start does not leave a half-usable app: without a name nothing can be
saved (Store.write refuses), and an inspector who typed findings into a workspace only to
have every save refused would lose work. So cancelling asks once more and, if confirmed,
the app quits, saying why (a message box here, a line on stderr from `ui.app.run`).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import DomainError
from inspector_app.operations import App
from inspector_app.operations.profile import MAX_NAME, MAX_UNIT, get_profile, set_profile
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.screen import fit_to_screen

# An enrolled account's role (the server's names), as people read it.
ROLE_LABELS = {
    "inspector": QT_TRANSLATE_NOOP("Person", "检查员"),
    "reviewer": QT_TRANSLATE_NOOP("Person", "审核员"),
    "manager": QT_TRANSLATE_NOOP("Person", "管理人员"),
    "admin": QT_TRANSLATE_NOOP("Person", "系统管理员"),
    "company": QT_TRANSLATE_NOOP("Person", "企业用户"),
}


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return QCoreApplication.translate("Person", label) if label else role


def account_text(account: str, role: str) -> str:
    """`account（role）`, or just the account when the role is unknown."""
    if not role:
        return account
    return QCoreApplication.translate("Person", "{account}（{role}）").format(
        account=account, role=role_label(role)
    )


class ProfileDialog(QDialog):
    """Name (required) and unit (optional); the enrolled account shown, not editable."""

    def __init__(self, app: App, parent: QWidget | None = None, *, first_start: bool = False):
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.app = app
        self.first_start = first_start
        profile = get_profile(app)
        self.account = profile.account
        self.role = profile.role

        self.welcome = QLabel(objectName="profileWelcome")
        self.welcome.setWordWrap(True)
        self.welcome.setVisible(first_start)
        self.why = QLabel(objectName="profileWhy")
        self.why.setWordWrap(True)
        self.name_edit = QLineEdit(profile.name, objectName="profileName")
        self.name_edit.setMaxLength(MAX_NAME)
        self.unit_edit = QLineEdit(profile.unit, objectName="profileUnit")
        self.unit_edit.setMaxLength(MAX_UNIT)
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name_edit)
        self.unit_label = QLabel()
        self.unit_label.setBuddy(self.unit_edit)
        self.account_label = QLabel()
        self.account_value = QLabel(objectName="profileAccount")
        self.account_value.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.unit_label, self.unit_edit)
        if self.account:
            form.addRow(self.account_label, self.account_value)
        self.later = QLabel(objectName="profileLater")  # renaming leaves earlier rows as they are
        self.later.setWordWrap(True)
        self.later.setStyleSheet("color: palette(mid);")
        self.later.setVisible(not first_start)
        self.error = QLabel(objectName="profileError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(self.later)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)
        fit_to_screen(self, QSize(480, 300))
        self._update_ok()
        self.name_edit.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("检查员信息"))
        self.welcome.setText(self.tr("欢迎使用预检查工作台。开始之前，请填写您的姓名。"))
        self.why.setText(
            self.tr(
                "审计记录以此姓名记录每一次修改：谁、何时、把什么改成了什么。"
                "请填写您本人的真实姓名。"
            )
        )
        self.name_label.setText(self.tr("姓名（必填）(&N)："))
        self.unit_label.setText(self.tr("单位（选填）(&U)："))
        self.name_edit.setPlaceholderText(self.tr("例如：张明"))
        self.unit_edit.setPlaceholderText(self.tr("例如：区新药服务中心检查一处"))
        self.account_label.setText(self.tr("中心账号："))
        self.account_value.setText(account_text(self.account, self.role))
        self.later.setText(self.tr("修改姓名只影响此后的记录；已有的审计记录保持原样。"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("开始使用") if self.first_start else self.tr("保存"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("退出程序") if self.first_start else self.tr("取消"))

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))

    def accept(self) -> None:
        if not self.name():  # OK is disabled without a name; Enter must not bypass it
            return
        try:
            set_profile(self.app, self.name(), self.unit_edit.text())
        except DomainError as exc:
            # Said beside the fields, the dialog stays open with what was typed.
            self.error.setText(_field_message(exc))
            self.error.show()
            return
        super().accept()


def _field_message(exc: DomainError) -> str:
    field = {
        "name": QCoreApplication.translate("ProfileDialog", "姓名"),
        "unit": QCoreApplication.translate("ProfileDialog", "单位"),
    }.get(exc.field, exc.field)
    return f"{field}：{exc.message}"


def edit_profile(app: App, parent: QWidget | None) -> bool:
    """文件 › 检查员信息…: True when the profile was saved."""
    dialog = ProfileDialog(app, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def ask_first_profile(app: App, parent: QWidget | None) -> bool:
    """First start: ask until a name is saved, or the user confirms quitting (False)."""
    while True:
        dialog = ProfileDialog(app, parent, first_start=True)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return True
        finally:
            dialog.deleteLater()
        if confirm_quit(parent) is not False:
            return False


def confirm_quit(parent: QWidget | None) -> bool | None:
    """Cancelling the first-start question: say what it means, and quit only if confirmed.

    None when the box closed unanswered: the application is quitting (its event loops end
    at once), and asking again would only loop."""
    box = QMessageBox(parent)
    box.setObjectName("profileQuitBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("ProfileDialog", "未填写姓名"))
    box.setText(
        QCoreApplication.translate(
            "ProfileDialog",
            "没有检查员姓名，本机不能保存任何检查记录（审计记录须写明每一次修改是谁做的）。"
            "\n退出程序吗？下次启动时会再次询问。",
        )
    )
    quit_button = box.addButton(
        QCoreApplication.translate("ProfileDialog", "退出程序"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    back = box.addButton(
        QCoreApplication.translate("ProfileDialog", "返回填写"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    try:
        box.exec()
        clicked = box.clickedButton()
        return None if clicked is None else clicked is quit_button
    finally:
        box.deleteLater()
