"""Keyboard mnemonics (the letter after "&" in a label) of what a window shows right now.

    assert_unique_mnemonics(dialog)           # raises AssertionError naming the duplicates

Collects the visible widgets that own a mnemonic: buttons (QAbstractButton: push, check,
radio, the wizard's own buttons), labels with a buddy, group boxes, tab bars. Alt+letter with
two owners on one screen reaches only one of them (or cycles), so each letter must be unique
among the widgets visible together. Reusable by any dialog's test.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

# "&&" is a literal ampersand; "&x" marks x.
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> texts of the visible widgets in `window` that use it."""
    owners: dict[str, list[str]] = defaultdict(list)

    def note(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners[letter].append(text)

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        # A label's mnemonic counts only with a buddy: without one, Alt+letter does nothing.
        has_buddy = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or has_buddy:
            note(widget.text())
        elif isinstance(widget, QGroupBox):
            note(widget.title())
        elif isinstance(widget, QTabBar):
            for n in range(widget.count()):
                note(widget.tabText(n))
    return dict(owners)


def duplicate_mnemonics(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}


def assert_unique_mnemonics(window: QWidget, where: str = "") -> None:
    duplicates = duplicate_mnemonics(window)
    assert not duplicates, f"{where or window.objectName()}: Alt+letter used twice: {duplicates}"
