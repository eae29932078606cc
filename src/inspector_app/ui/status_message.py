"""Temporary status-bar messages that follow a language switch.

    messages = StatusMessages(window.statusBar())
    messages.show(lambda: window.tr("已归档“{0}”。").format(name), 8000)

QStatusBar.showMessage keeps a finished string, so a message shown a second before the
language changes would stay in the old language for its whole timeout. This keeps the
function that words it and re-runs it on LanguageChange while the message is still shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from inspector_app.ui.i18n import retranslate_on_change


class StatusMessages(QObject):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._bar = bar
        self._words: Callable[[], str] | None = None
        self._shown = ""
        self._timeout = 0
        bar.messageChanged.connect(self._message_changed)
        retranslate_on_change(bar, self._retranslate, now=False)

    def show(self, words: Callable[[], str], timeout: int = 0) -> str:
        """Show `words()` for `timeout` ms (0: until replaced); returns the text shown."""
        self._words, self._timeout = words, timeout
        self._shown = words()
        self._bar.showMessage(self._shown, timeout)
        return self._shown

    def _message_changed(self, text: str) -> None:
        # Timed out, cleared, or replaced by someone else's message: nothing of ours to reword.
        if text != self._shown:
            self._words = None

    def _retranslate(self) -> None:
        if self._words is not None and self._bar.currentMessage() == self._shown:
            self._shown = self._words()
            self._bar.showMessage(self._shown, self._timeout)
