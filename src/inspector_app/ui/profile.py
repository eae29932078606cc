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

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import DomainError, InspectorError
from inspector_app.operations import App
from inspector_app.operations.profile import MAX_NAME, MAX_UNIT, get_profile, set_profile
from inspector_app.ui.i18n import LANGUAGES, retranslate_on_change
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

    def __init__(
        self,
        app: App,
        parent: QWidget | None = None,
        *,
        first_start: bool = False,
        language: str = "zh_CN",
        set_language: Callable[[str], str] | None = None,
    ):
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
        self.demo_added: str | None = None
        self.start_options = self._start_options(language, set_language) if first_start else None
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
        if self.start_options is not None:
            layout.addWidget(self.start_options)
        layout.addWidget(self.later)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)
        fit_to_screen(self, QSize(520, 460) if first_start else QSize(480, 300))
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
        self._button_texts()
        # A language switch also makes the button box reset its standard buttons to Qt's
        # words, in an order we do not control: ours go on again once the events are done.
        QTimer.singleShot(0, self._button_texts)
        if self.start_options is not None:
            self.start_options.setTitle(self.tr("其他设置（都可以以后再改）"))
            self.language_label.setText(self.tr("界面语言(&L)："))
            self.server_label.setText(self.tr("中心服务器地址（选填）(&S)："))
            self.server_edit.setPlaceholderText(self.tr("例如：https://center.example.cn"))
            self.code_label.setText(self.tr("登记码（选填）(&C)："))
            self.code_edit.setPlaceholderText(
                self.tr("中心管理员给的一次性登记码；现在不联网可留空")
            )
            self.demo_check.setText(
                self.tr("添加一项演示检查，用于熟悉操作（演示数据，可随时删除）(&D)")
            )

    def _button_texts(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("开始使用") if self.first_start else self.tr("保存"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("退出程序") if self.first_start else self.tr("取消"))

    def _start_options(self, language: str, set_language: Callable[[str], str] | None) -> QGroupBox:
        """First start only: the language (applied at once), the center's server (optional:
        an address alone is kept for later, with the one-time code the laptop enrols now) and
        the demo inspection, offered, never forced."""
        box = QGroupBox(objectName="startOptions")
        self.language_box = QComboBox(objectName="startLanguage")
        for code, native in LANGUAGES.items():
            self.language_box.addItem(native, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        if set_language is not None:
            self.language_box.currentIndexChanged.connect(
                lambda _i: set_language(self.language_box.currentData())
            )
        self.server_edit = QLineEdit(objectName="startServer")
        self.server_edit.setMaxLength(300)
        self.code_edit = QLineEdit(objectName="startCode")
        self.code_edit.setMaxLength(100)
        self.demo_check = QCheckBox(objectName="startDemo")
        self.language_label, self.server_label, self.code_label = QLabel(), QLabel(), QLabel()
        self.language_label.setBuddy(self.language_box)
        self.server_label.setBuddy(self.server_edit)
        self.code_label.setBuddy(self.code_edit)
        form = QFormLayout(box)
        form.addRow(self.language_label, self.language_box)
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.code_label, self.code_edit)
        form.addRow(self.demo_check)
        return box

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))

    def accept(self) -> None:
        if not self.name():  # OK is disabled without a name; Enter must not bypass it
            return
        try:
            if self.start_options is not None:  # checked before anything is saved
                self._check_start_options()
            set_profile(self.app, self.name(), self.unit_edit.text())
            if self.start_options is not None:
                self._apply_start_options()
        except DomainError as exc:
            # Said beside the fields, the dialog stays open with what was typed.
            self.error.setText(_field_message(exc))
            self.error.show()
            return
        except InspectorError as exc:  # the server refused the code, or cannot be reached
            self.error.setText(self.tr("登记未完成：{error}").format(error=exc))
            self.error.show()
            return
        super().accept()

    def _check_start_options(self) -> None:
        from inspector_app.operations import sync as sync_ops

        sync_ops.server_address(self.server_edit.text())
        if self.code_edit.text().strip() and not self.server_edit.text().strip():
            raise DomainError("server", "a code needs the server's address")

    def _apply_start_options(self) -> None:
        from inspector_app.operations import sync as sync_ops

        address = self.server_edit.text().strip()
        code = self.code_edit.text().strip()
        if address:
            sync_ops.save_server_address(self.app, address)
        if code:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                sync_ops.enroll(self.app, address, code)
            finally:
                QApplication.restoreOverrideCursor()
            self.code_edit.clear()  # used: a second OK must not send it again
        if self.demo_check.isChecked() and self.demo_added is None:
            from inspector_app.operations.demo import add_demo

            self.demo_added = add_demo(self.app.data_dir, self.app.key)


def _field_message(exc: DomainError) -> str:
    field = {
        "name": QCoreApplication.translate("ProfileDialog", "姓名"),
        "unit": QCoreApplication.translate("ProfileDialog", "单位"),
        "server": QCoreApplication.translate("ProfileDialog", "中心服务器地址"),
    }.get(exc.field, exc.field)
    return f"{field}：{exc.message}"


def edit_profile(app: App, parent: QWidget | None) -> bool:
    """文件 › 检查员信息…: True when the profile was saved."""
    dialog = ProfileDialog(app, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def ask_first_profile(
    app: App,
    parent: QWidget | None,
    *,
    language: str = "zh_CN",
    set_language: Callable[[str], str] | None = None,
) -> bool | str:
    """First start: ask until a name is saved, or the user confirms quitting (False).
    True when saved, or the demo inspection's id when the user asked for it."""
    while True:
        dialog = ProfileDialog(
            app, parent, first_start=True, language=language, set_language=set_language
        )
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.demo_added or True
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
