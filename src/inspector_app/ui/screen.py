"""Sizing windows to the screen they open on, so no button ends up off a small display.

    fit_to_screen(dialog, QSize(900, 700))   # in the constructor, instead of resize()

The window gets min(preferred, 90 % of the screen's available geometry) in each dimension
and is centred over its parent window (or the screen), kept inside the available area.
Inspectors work on 1366x768 and 1280x720 laptops at 100 % or 125 % scaling; at 125 % a
1280x720 panel is 1024x576 logical pixels, which is what Qt's geometry here is in. A window
whose layout's minimum is larger than that still does not fit: give long content a
QScrollArea and let the layout shrink.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Leaves room for the title bar, the taskbar on screens that do not report it, and the
# feeling that a dialog is a dialog, not a second desktop.
SCREEN_FRACTION = 0.9


def screen_of(widget: QWidget | None) -> QScreen:
    """The screen `widget` (or its parent window) is on; the primary screen otherwise."""
    for candidate in (widget.parentWidget() if widget else None, widget):
        if candidate is not None:
            screen = candidate.window().screen()
            if screen is not None:
                return screen
    return QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable desktop area (without task bars) of the screen `widget` is on."""
    return screen_of(widget).availableGeometry()


def capped_size(
    preferred: QSize, widget: QWidget | None = None, *, fraction: float = SCREEN_FRACTION
) -> QSize:
    """min(preferred, available geometry * fraction), dimension by dimension."""
    area = available_geometry(widget).size()
    return QSize(
        min(preferred.width(), int(area.width() * fraction)),
        min(preferred.height(), int(area.height() * fraction)),
    )


def fit_to_screen(
    widget: QWidget,
    preferred: QSize | None = None,
    *,
    fraction: float = SCREEN_FRACTION,
    centre: bool = True,
) -> QSize:
    """Resize `widget` to min(preferred or its size hint, screen * fraction) and centre it.

    Returns the size applied. Call it after the widget's layout is built (the size hint and
    the minimum come from the layout).
    """
    wanted = preferred if preferred is not None else widget.sizeHint()
    size = capped_size(wanted, widget, fraction=fraction)
    widget.resize(size)
    if centre:
        centre_on_parent(widget)
    return widget.size()


def centre_on_parent(widget: QWidget) -> None:
    """Centre over the parent window when there is one, else the screen; stay inside it."""
    area = available_geometry(widget)
    parent = widget.parentWidget()
    anchor = parent.window().frameGeometry() if parent is not None else area
    if not anchor.isValid() or not area.intersects(anchor):
        anchor = area
    size = widget.size()
    top_left = anchor.center() - QPoint(size.width() // 2, size.height() // 2)
    x = max(area.left(), min(top_left.x(), area.right() - size.width() + 1))
    y = max(area.top(), min(top_left.y(), area.bottom() - size.height() + 1))
    widget.move(x, y)
