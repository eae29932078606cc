"""Opens every `layout_cases.CASES` entry on this process's screen and reports, as JSON,
which visible buttons lie outside the screen's available geometry.

Run by tests/ui/test_layout.py in a fresh process per screen, because the screen size
(offscreen platform config file) and QT_SCALE_FACTOR are fixed when Qt starts:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.25 \\
    LAYOUT_LANGUAGE=en python -m tests.ui.layout_probe OUT.json [CASE ...]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton, QWidget
from tests.ui.layout_cases import CASES, LayoutContext


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _reach_rect(button: QPushButton) -> QRect:
    """Where the user must be able to reach: a button inside a scroll area is reachable by
    scrolling, so what must be on screen is the scroll area's viewport."""
    parent = button.parentWidget()
    while parent is not None and not parent.isWindow():
        if (
            isinstance(parent.parentWidget(), QAbstractScrollArea)
            and parent is getattr(parent.parentWidget(), "viewport", lambda: None)()
        ):
            return _global_rect(parent)
        parent = parent.parentWidget()
    return _global_rect(button)


def measure(window: QWidget) -> dict:
    screen = window.screen().availableGeometry()
    outside, count = [], 0
    for button in window.findChildren(QPushButton):
        if not button.isVisible():
            continue
        count += 1
        where = _reach_rect(button)
        if not screen.contains(where):
            outside.append({"text": button.text(), "rect": _rect(where)})
    return {
        "screen": _rect(screen),
        "window": _rect(window.frameGeometry()),
        "buttons": count,
        "outside": outside,
    }


def run(names: list[str]) -> dict:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="layout-") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from inspector_app.operations import App
        from inspector_app.operations.demo import seed_demo
        from inspector_app.ui.app import create_qt_application

        qt_app = create_qt_application([])
        language = os.environ.get("LAYOUT_LANGUAGE", "zh_CN")
        if language != "zh_CN":
            from inspector_app.ui.i18n import Translations

            cache = Path(tmp) / "i18n-cache"
            if Translations(qt_app, cache_dir=cache).apply(language) != language:
                raise SystemExit(f"layout probe: no {language} translation")
        with App(Path(tmp) / "data", actor="测试员") as app:
            ctx = LayoutContext(app, seed_demo(app), Path(tmp))
            for case in CASES:
                if names and case.name not in names:
                    continue
                steps: dict[str, dict] = {}
                result: dict = {"steps": steps, "error": None}
                results[case.name] = result
                widget = None
                try:
                    widget = case.build(ctx)
                    widget.show()
                    QTest.qWait(50)
                    if case.steps is None:
                        steps["shown"] = measure(widget)
                    else:
                        for label in case.steps(widget):
                            QTest.qWait(50)
                            steps[label] = measure(widget)
                except Exception:
                    result["error"] = traceback.format_exc(limit=6)
                finally:
                    if widget is not None:
                        widget.close()
                        widget.deleteLater()
                    QTest.qWait(10)
            if ctx._session is not None:
                ctx._session.deleteLater()
        qt_app.processEvents()
    return results


def main(argv: list[str]) -> int:
    out, names = Path(argv[0]), argv[1:]
    out.write_text(json.dumps(run(names), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
