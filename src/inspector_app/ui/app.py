"""Start the desktop app: Qt application, Chinese font, main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector_app.operations import App

# Families that render Simplified Chinese, in order of preference per platform.
CJK_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "LXGW WenKai",
)


def choose_cjk_font() -> QFont | None:
    """The first installed family that has Chinese glyphs, so text never shows as boxes."""
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FAMILIES:
        if family in available:
            return QFont(family, 10)
    return QFont(sorted(available)[0], 10) if available else None


def run(data_dir: str | None = None) -> int:
    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName("inspector-app")
    qt_app.setOrganizationName("inspector-app")
    font = choose_cjk_font()
    if font is None:
        print(
            "inspector-app: warning: no Chinese font found; install one "
            "(Debian: apt-get install fonts-wqy-microhei)",
            file=sys.stderr,
        )
    else:
        qt_app.setFont(font)
    from inspector_app.ui.main_window import MainWindow

    with App(data_dir) as app:
        window = MainWindow(app)
        window.show()
        return qt_app.exec()
