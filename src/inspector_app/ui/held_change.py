"""The bar shown under a field whose change on a locked record is held, not saved.

The user declined the revision reason; the typed text stays in the widget and this bar
offers 保存修改… (ask for the reason again) or 放弃我的修改 (reload the saved value). The item
pane and the defect editor show the same bar; each words its own explanation in `label`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from inspector_app.ui.i18n import retranslate_on_change


class HeldChangeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heldChangeBar")
        self.setStyleSheet("#heldChangeBar { background: #fff3e0; }")
        self.label = QLabel()
        self.label.setObjectName("heldChangeLabel")
        self.label.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("retryHeldButton")
        self.retry_button.setAutoDefault(False)
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardHeldButton")
        self.discard_button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.discard_button)
        self.hide()
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.retry_button.setText(self.tr("保存修改…"))
        self.discard_button.setText(self.tr("放弃我的修改"))
