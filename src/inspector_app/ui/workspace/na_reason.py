"""The 不适用 reason dialog: a wrapping multi-line field sized for Chinese sentences.

Ctrl+Enter confirms (Enter alone starts a new line, as in any text field), Esc cancels, and
the confirm button stays disabled until a reason is written. The size follows the font, so
it fits at 100 % and 125 % scaling, and is capped to the screen. Texts follow the interface
language (`retranslate_ui`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.ui.i18n import retranslate_on_change


class NotApplicableReasonDialog(QDialog):
    def __init__(self, parent: QWidget | None, item_code: str, current: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("notApplicableReasonDialog")
        self.item_code = item_code
        self.prompt = prompt = QLabel()
        prompt.setObjectName("notApplicableReasonPrompt")
        prompt.setWordWrap(True)
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QPlainTextEdit(current)
        self.edit.setObjectName("notApplicableReasonEdit")
        self.edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setTabChangesFocus(True)
        self.hint = hint = QLabel()
        hint.setStyleSheet("color: palette(mid);")
        # Own buttons, not standard ones: on a language change QDialogButtonBox resets a
        # standard button's text to Qt's own word, racing our retranslate_ui.
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update_ok)
        # The text field would take Ctrl+Enter as a line break: catch it before it does.
        self.edit.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.edit, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)

        # About 32 CJK characters wide and 6 lines high in the user's font.
        metrics = self.edit.fontMetrics()
        char = metrics.horizontalAdvance("字")
        self.edit.setMinimumSize(char * 24, metrics.lineSpacing() * 4)
        width, height = char * 32 + 40, metrics.lineSpacing() * 6 + 160
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 80)
        self.resize(width, height)
        self._update_ok()
        self.edit.setFocus()
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("不适用理由"))
        self.prompt.setText(self.tr("{0} 不适用的理由（必填）：").format(self.item_code))
        self.edit.setPlaceholderText(self.tr("例如：企业不生产无菌制剂，本条不适用"))
        self.hint.setText(self.tr("Ctrl+Enter 确定，Esc 取消"))
        self.ok_button.setText(self.tr("确定"))
        self.cancel_button.setText(self.tr("取消"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def reason(self) -> str:
        return self.edit.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def accept(self) -> None:
        if self.reason():  # Ctrl+Enter must not bypass the required reason
            super().accept()


def ask_not_applicable_reason(parent: QWidget | None, item_code: str, current: str) -> str | None:
    """The reason why an item does not apply; None when the user cancels."""
    dialog = NotApplicableReasonDialog(parent, item_code, current)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.reason()
        return None
    finally:
        dialog.deleteLater()
