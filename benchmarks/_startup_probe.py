"""One cold start of the desktop app, for benchmarks/startup_bench.py (run as a subprocess).

    python -m benchmarks._startup_probe DATA_DIR CHECKLIST_DIR SETTINGS_DIR INSPECTION_ID

Starts the real app (main window plus the workspace of INSPECTION_ID), and as soon as both
windows are shown and the event loop has gone idle once, prints one JSON line and exits.
`probe_s` is measured inside this process from the first line of this module; the parent
measures the wall time a user waits (process spawn to that line).
"""

import time

T0 = time.perf_counter()  # before any other import: they are part of what is measured

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str]) -> int:
    data_dir, checklist_dir, settings_dir, inspection_id = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer

    from inspector_app.operations import App
    from inspector_app.ui.app import start

    # The user's own preferences (language, window size) must not steer the figure.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    app = App(data_dir, checklist_dirs=[Path(checklist_dir)])
    qt_app, window = start(app, open_ids=[inspection_id], argv=[sys.argv[0]])

    def ready() -> None:
        workspace = window.workspace(inspection_id)
        report = {
            "probe_s": time.perf_counter() - T0,
            "main_visible": window.isVisible(),
            "workspace_visible": workspace is not None and workspace.isVisible(),
        }
        print(json.dumps(report), flush=True)
        qt_app.quit()

    QTimer.singleShot(0, ready)
    qt_app.exec()
    app.close()
    # Skip interpreter teardown: it is not part of the figure, and PySide6's finalisation of
    # many live widgets is slow (and has crashed in 6.12 under the offscreen platform).
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
