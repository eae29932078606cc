"""Pieces every wizard page uses: the red problem line, the item-data role, HTML escaping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from inspector_app.ui.i18n import retranslate_on_change

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemLine(QLabel):
    """The red line at the bottom of a page saying what is missing.

    It keeps the function that built its message, so a language switch rewrites the message
    in the new language instead of leaving the old one.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pageError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self._message: Callable[[], str] | None = None
        retranslate_on_change(self, self._refresh, now=False)

    def say(self, message: Callable[[], str] | None) -> None:
        self._message = message
        self._refresh()

    def clear(self) -> None:
        self.say(None)

    def _refresh(self) -> None:
        self.setText(self._message() if self._message else "")


def now() -> datetime:
    return datetime.now(UTC)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
