"""How a defect grade looks: its label in the interface language and a colour mark, most
serious first."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from inspector_app.domain.model import Severity
from inspector_app.ui.i18n import enum_label

ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL)

# Red, amber, blue: distinguishable also for the common red-green colour blindness.
COLOURS = {
    Severity.CRITICAL: QColor("#c62828"),
    Severity.MAJOR: QColor("#ef8f00"),
    Severity.GENERAL: QColor("#1e6fb8"),
}

# The short words of the defect list's grade column; the markers let lupdate collect them.
SHORT = {
    Severity.CRITICAL: QT_TRANSLATE_NOOP("Grades", "严重"),
    Severity.MAJOR: QT_TRANSLATE_NOOP("Grades", "主要"),
    Severity.GENERAL: QT_TRANSLATE_NOOP("Grades", "一般"),
}


def label(severity: Severity | str) -> str:
    """严重缺陷 / "Critical defect" …: the domain's label in the interface language."""
    return enum_label(Severity(severity))


def short_label(severity: Severity | str) -> str:
    """严重 / "Critical" …: read at call time, so it follows a language switch."""
    return QCoreApplication.translate("Grades", SHORT[Severity(severity)])


_icons: dict[Severity, QIcon] = {}


def icon(severity: Severity | str) -> QIcon:
    severity = Severity(severity)
    if severity not in _icons:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLOURS[severity])
        painter.drawEllipse(1, 1, 12, 12)
        painter.end()
        _icons[severity] = QIcon(pixmap)
    return _icons[severity]
