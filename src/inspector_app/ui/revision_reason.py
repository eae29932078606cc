"""The revision-reason prompt: a locked record changes only with a written reason.

The session calls this (through `revision_reason_provider`) when an operation is refused for
lack of a reason; the reason is stored beside the change in the audit trail. Cancelling
never drops typed text silently: the pane or editor keeps it and offers 保存修改… or
放弃我的修改.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.screen import fit_to_screen


class RevisionReasonDialog(QDialog):
    def __init__(self, parent: QWidget | None, prompt: str) -> None:
        super().__init__(parent)
        self.setObjectName("revisionReasonDialog")
        # `prompt` names the change, worded by the caller in the language of the moment.
        self.prompt = prompt
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.what = QLabel()
        self.what.setObjectName("revisionWhat")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("revisionReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(80)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason_edit)
        self.later = QLabel()  # cancelling keeps the typed change (the widget offers discard)
        self.later.setWordWrap(True)
        self.later.setStyleSheet("color: palette(mid);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.what)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.later)
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)
        fit_to_screen(self, QSize(460, 280))
        self._update_ok()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("填写修订原因"))
        self.explain.setText(
            self.tr(
                "企业已在末次会议上确认缺陷清单，本检查记录已锁定。"
                "锁定后的每一项修改都需要写明原因，原因将与修改一起记入审计追踪。"
            )
        )
        self.what.setText(self.tr("要进行的修改：{0}").format(self.prompt))
        self.reason_edit.setPlaceholderText(self.tr("例如：企业补充提交了校准证书，经复核后修改"))
        self.reason_label.setText(self.tr("修订原因（必填）："))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认修改"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("暂不保存"))
        self.later.setText(
            self.tr("选择“暂不保存”时，您的修改仍保留在输入框中，可稍后保存或放弃。")
        )

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason()))

    def accept(self) -> None:
        if self.reason():  # the OK button is disabled without a reason; Enter must not bypass it
            super().accept()


def ask_revision_reason(parent: QWidget | None, prompt: str) -> str | None:
    """Ask why a locked record is being changed; None when the user cancels."""
    dialog = RevisionReasonDialog(parent, prompt)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason():
            return dialog.reason()
        return None
    finally:
        dialog.deleteLater()
