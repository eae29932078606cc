"""The data key in the desktop app (docs/encryption.md, D36): unlocking an encrypted folder at
start, giving a new laptop its key before anything is written, and the lock after idle time.

* `data_key_for_start(folder)`: before the first paint. An encrypted folder opens with the
  key from the OS keyring, or asks for the passphrase (wrong: said, asked again; cancel:
  the app ends, nothing changed). A new laptop — no database yet — gets its data key now:
  in the keyring, or, where none works, wrapped by a passphrase the inspector sets here.
  A plain folder with data stays plain (文件 › 加密本机数据… is the lead's next step; the
  CLI has `inspector-app encrypt`), and an interrupted encryption is finished first.
* `IdleLock`: with a passphrase-held key, after `LOCK_MINUTES` without input every window
  hides behind a lock that asks the passphrase again (the key stays in memory: an open
  inspection is never interrupted mid-save; what was saved is saved).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from inspector_app.operations.encryption import DataKey

LOCK_MINUTES = 15
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class PassphraseDialog(QDialog):
    """mode "unlock": one field; "create": the passphrase twice, at least 8 characters;
    "lock": one field, the cancel button quits the app."""

    def __init__(self, folder: Path, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"passphrase:{mode}")
        self.folder = folder
        self.mode = mode
        self.setWindowTitle(self.tr("本机数据口令"))
        self.intro = QLabel(objectName="passphraseIntro")
        self.intro.setWordWrap(True)
        self.first = QLineEdit(objectName="passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(objectName="passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="passphraseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("口令(&P)："), self.first)
        if mode == "create":
            form.addRow(self.tr("再输入一次(&A)："), self.second)
        else:
            self.second.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("设置口令") if mode == "create" else self.tr("解锁")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出程序"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.intro.setText(self._intro())
        self.key: DataKey | None = None
        self.resize(460, 220)

    def _intro(self) -> str:
        if self.mode == "create":
            return self.tr(
                "本机数据（检查记录、照片）将加密保存。这台电脑没有可用的系统钥匙串，"
                "请设置一个口令（至少8个字符）；每次启动和离开一段时间后需要输入它。"
                "口令遗失则数据无法打开，请妥善保管。"
            )
        if self.mode == "lock":
            return self.tr("程序已锁定（长时间无操作）。请输入本机数据口令继续。")
        return self.tr("本机数据已加密。请输入本机数据口令。")

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        from inspector_app.operations import encryption

        passphrase = self.first.text()
        try:
            if self.mode == "create":
                # The store's own rule (store/crypto.py), said here in the user's words.
                if len(passphrase) < encryption.MIN_PASSPHRASE:
                    self.say(
                        self.tr("口令至少需要{n}个字符。").format(n=encryption.MIN_PASSPHRASE)
                    )
                    return
                if passphrase != self.second.text():
                    self.say(self.tr("两次输入的口令不一致。"))
                    return
                self.key = encryption.create_data_key(self.folder, passphrase)
            else:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    self.key = encryption.unlock(self.folder, passphrase)
                finally:
                    QApplication.restoreOverrideCursor()
        except encryption.WrongPassphrase:
            self.first.selectAll()
            self.say(self.tr("口令不正确，数据未作任何改动。请重新输入。"))
            return
        except encryption.EncryptionError as exc:
            self.say(str(exc))
            return
        super().accept()


def data_key_for_start(folder: Path) -> DataKey | bool | None:
    """The key to open `folder` with (see module docstring): a DataKey, None for a plain
    folder, or False when the user chose to quit instead of unlocking."""
    from inspector_app.operations import encryption

    state = encryption.encryption_state(folder)
    if state.encrypted or state.key_location is not None or state.migrating:
        if state.needs_passphrase:
            key = _ask(folder, "unlock")
            if key is None:
                return False
        else:
            key = encryption.unlock(folder)
        if state.migrating:
            _finish_migration(folder, key)
        return key
    if (folder / "inspector.sqlite").exists():
        return None  # a plain folder with data: stays plain until the user encrypts it
    try:
        return encryption.create_data_key(folder)  # the keyring holds it
    except encryption.PassphraseRequired:
        key = _ask(folder, "create")
        return False if key is None else key


def _ask(folder: Path, mode: str) -> DataKey | None:
    dialog = PassphraseDialog(folder, mode)
    try:
        return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _finish_migration(folder: Path, key: DataKey) -> None:
    from inspector_app.operations import encryption

    progress = QProgressDialog()
    progress.setWindowTitle(QApplication.translate("Unlock", "完成本机数据加密"))
    progress.setLabelText(
        QApplication.translate("Unlock", "上次的加密被中断，正在继续完成（数据不会丢失）…")
    )
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)

    def step(done: int, total: int, _text: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        QApplication.processEvents()

    try:
        encryption.encrypt_data_dir(folder, key=key, progress=step)
    finally:
        progress.close()


class IdleLock(QObject):
    """Locks every window after `minutes` without input (passphrase-held keys only)."""

    def __init__(self, folder: Path, minutes: float = LOCK_MINUTES) -> None:
        super().__init__()
        self.folder = folder
        self.limit = minutes * 60
        self.last_input = time.monotonic()
        self.locked = False
        self.timer = QTimer(self, interval=15_000)
        self.timer.timeout.connect(self.check)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        if not self.locked and time.monotonic() - self.last_input >= self.limit:
            self.lock()

    def lock(self) -> bool:
        """Hide the windows, ask the passphrase; True when unlocked, False when the user
        quit instead (the application is told to quit)."""
        self.locked = True
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for window in shown:
            window.hide()
        try:
            key = _ask(self.folder, "lock")
        finally:
            self.locked = False
            self.last_input = time.monotonic()
        if key is None:
            QApplication.quit()
            return False
        for window in shown:
            window.show()
        return True
