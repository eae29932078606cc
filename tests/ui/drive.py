"""Driving the real widgets as a person would: typing (Chinese through the input method),
clicking, drawing, and answering dialogs that block in exec().

A dialog opened with exec() blocks the test at the line that opened it, so its answer is
scheduled first: `answer_dialog(cls, handler)` polls the top-level widgets from a timer,
hands the first visible `cls` to `handler`, and rejects it if the handler left it open (a
failed check must not hang the test).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """ASCII as key presses, Chinese as input-method commits (QTest cannot synthesise key
    events for characters outside Latin-1), a newline as Return."""
    widget.setFocus()
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        for char in line:
            if char.isascii():
                qtbot.keyClick(widget, char)
            else:
                event = QInputMethodEvent()
                event.setCommitString(char)
                QApplication.sendEvent(widget, event)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick a combo entry with the arrow keys, as a user tabbing through a form would."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def draw(qtbot, pad: QWidget, seed: int = 0) -> None:
    """A zigzag stroke with the mouse, like a signature written with a touchpad."""
    points = [(20 + 12 * n, 40 + (25 if (n + seed) % 2 else 0)) for n in range(15)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def answer_dialog(
    cls: type, handler: Callable[[QWidget], None], *, timeout_ms: int = 10_000
) -> Answers:
    """Call `handler` on the first visible top-level `cls` once it shows; returns the list
    the dialog is appended to (empty if it never appeared)."""
    seen = Answers()
    errors = seen.errors

    def look(waited: int = 0) -> None:
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, cls) and w.isVisible() and w not in seen
        ]
        if not found:
            if waited < timeout_ms:
                QTimer.singleShot(10, lambda: look(waited + 10))
            return
        dialog = found[0]
        seen.append(dialog)
        try:
            handler(dialog)
        except BaseException as exc:  # re-raised by the caller through `seen`
            errors.append(exc)
            raise
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, look)
    return seen


class Answers(list):
    """The dialogs `answer_dialog` saw, and what its handler raised on them."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[BaseException] = []


def check(seen: Answers) -> QWidget:
    """The dialog `answer_dialog` saw, re-raising what its handler raised."""
    if seen.errors:
        raise seen.errors[0]
    assert seen, "the expected dialog did not appear"
    return seen[0]
