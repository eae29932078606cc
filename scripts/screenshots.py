"""Take the README screenshots from the real app on a virtual screen.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py [OUT_DIR]

Seeds a demo inspection (plus two more, so the list is not a single row) in a temporary data
dir, opens the real main window and saves PNGs to docs/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo
from inspector_app.ui.app import choose_cjk_font


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qt = QApplication(sys.argv)
    if (font := choose_cjk_font()) is not None:
        qt.setFont(font)
    from inspector_app.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp, App(Path(tmp), actor="王建国") as app:
        seed_demo(app)
        ops.create_inspection(
            app, company_name="东海医疗器械股份有限公司（演示）", inspection_type="gmp_compliance",
            checklist_id="device-gmp-2025", planned_start=date.today() + timedelta(days=14),
            planned_end=date.today() + timedelta(days=15),
        )
        ops.create_inspection(
            app, company_name="西岭生物科技有限公司（演示）",
            inspection_type="registration_verification",
            checklist_id="drug-registration-site-verification-2021",
            planned_start=date.today() + timedelta(days=30),
        )
        window = MainWindow(app)
        window.resize(1280, 520)
        window.show()

        def grab() -> None:
            window.grab().save(str(out / "inspections-list.png"))
            qt.quit()

        QTimer.singleShot(500, grab)
        qt.exec()
    print(out / "inspections-list.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
