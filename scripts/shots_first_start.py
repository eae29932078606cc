"""Screenshots of a new laptop's first start (issue 16), on a real X server:

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/shots_first_start.py

Writes docs/screenshots/first-start/: the data passphrase being set (a laptop without a
keyring), the first-start dialog with its options, and the list after the demo was asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "first-start"


def main() -> int:
    os.environ["INSPECTOR_APP_NO_KEYRING"] = "1"
    qt = QApplication(sys.argv[:1])
    from inspector_app.operations import App, encryption
    from inspector_app.operations.demo import add_demo
    from inspector_app.ui.main_window import MainWindow
    from inspector_app.ui.profile import ProfileDialog
    from inspector_app.ui.unlock import PassphraseDialog

    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp()) / "data"
    dialog = PassphraseDialog(folder, "create")
    dialog.first.setText("••••••••••")
    dialog.second.setText("••••••••••")
    dialog.show()
    qt.processEvents()
    dialog.grab().save(str(OUT / "01-set-data-passphrase.png"))
    dialog.close()
    key = encryption.create_data_key(folder, "口令-足够长的口令")
    with App(folder, key=key) as app:
        profile = ProfileDialog(app, None, first_start=True)
        profile.name_edit.setText("赵敏")
        profile.unit_edit.setText("区新药服务中心检查一处")
        profile.server_edit.setText("https://center.example.cn")
        profile.demo_check.setChecked(True)
        profile.show()
        qt.processEvents()
        profile.grab().save(str(OUT / "02-first-start-options.png"))
        profile.close()
        from inspector_app.operations.profile import set_profile

        set_profile(app, "赵敏")
    add_demo(folder, key)
    with App(folder, key=key) as app:
        window = MainWindow(app)
        window.resize(1100, 640)
        window.show()
        qt.processEvents()
        window.refresh()
        qt.processEvents()
        window.grab().save(str(OUT / "03-list-with-demo.png"))
        window.close()
    print(f"shots: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
