"""Screenshots of the inspection workspace and its summary, from the real window.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/shots_workspace.py [OUT_DIR]

Seeds the demo inspection in a temporary data dir, selects an answered non-conforming item
whose defect has a photo, and saves docs/screenshots/workspace.png and summary.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from inspector_app.domain.model import ResultValue
from inspector_app.operations import App
from inspector_app.operations.demo import seed_demo
from inspector_app.ui.app import choose_cjk_font


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qt = QApplication(sys.argv)
    if (font := choose_cjk_font()) is not None:
        qt.setFont(font)
    from inspector_app.ui.workspace.window import WorkspaceWindow

    with tempfile.TemporaryDirectory() as tmp, App(Path(tmp) / "data", actor="王建国") as app:
        # A fresh layout, not whatever the developer's own settings hold.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        iid = seed_demo(app)
        window = WorkspaceWindow(app, iid)
        window.resize(1380, 860)
        record = window.session.record
        with_photo = {p.defect_id for p in record.photos}
        shown = next(
            d.item_id
            for d in record.defects
            if d.id in with_photo
            and d.item_id
            and record.result_for(d.item_id).result is ResultValue.NON_CONFORMING
        )
        window.show()
        window.go_to_item(shown)
        window.item_pane.note.setPlainText("现场查看灌装线在线监测系统，调阅近3个月监测记录。")
        window.item_pane.flush()
        window.defect_panel.tree.setCurrentItem(window.defect_panel.tree.topLevelItem(0))
        window.tree.setFocus()
        window.tree.scrollTo(window.model.index_of(shown), window.tree.ScrollHint.PositionAtCenter)

        def grab_workspace() -> None:
            window.grab().save(str(out / "workspace.png"))
            window.show_summary()
            QTimer.singleShot(400, grab_summary)

        def grab_summary() -> None:
            window.grab().save(str(out / "summary.png"))
            qt.quit()

        QTimer.singleShot(600, grab_workspace)
        qt.exec()
        window.hide()
    print(out / "workspace.png")
    print(out / "summary.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
