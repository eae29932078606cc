"""How a defect grade looks: its Chinese label and a colour mark, most serious first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from inspector_app.domain.model import LABELS, Severity

ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL)

# Red, amber, blue: distinguishable also for the common red-green colour blindness.
COLOURS = {
    Severity.CRITICAL: QColor("#c62828"),
    Severity.MAJOR: QColor("#ef8f00"),
    Severity.GENERAL: QColor("#1e6fb8"),
}

SHORT = {Severity.CRITICAL: "严重", Severity.MAJOR: "主要", Severity.GENERAL: "一般"}


def label(severity: Severity | str) -> str:
    """严重缺陷 …, through Qt translation so the English UI shows its own words."""
    return QCoreApplication.translate("Grades", LABELS[Severity(severity)])


def short_label(severity: Severity | str) -> str:
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
