"""One start of a window, for benchmarks/startup_bench.py (run as a subprocess, usually on
the xcb platform under Xvfb).

    python -m benchmarks._window_probe bare SETTINGS_DIR
    python -m benchmarks._window_probe app SETTINGS_DIR DATA_DIR

`bare`: a QMainWindow of the app's size and nothing else, the reference. `app`: the real
`inspector-app` start (`inspector_app.ui.app.run`). Prints one line `visible` as soon as the
main window is exposed on the screen, and (app) one line `ready` when the store is open and
the verbs are enabled, then quits. The parent times spawn → each line.
"""

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def _watch(qt_app: QApplication, want_ready: bool) -> None:
    said: set[str] = set()

    def poll() -> None:
        window = next((w for w in qt_app.topLevelWidgets() if isinstance(w, QMainWindow)), None)
        handle = window.windowHandle() if window is not None else None
        if "visible" not in said and handle is not None and handle.isExposed():
            said.add("visible")
            print("visible", flush=True)
        if "visible" in said and (not want_ready or getattr(window, "attached", True)):
            if want_ready:
                print("ready", flush=True)
            qt_app.quit()
            return
        QTimer.singleShot(1, poll)

    QTimer.singleShot(0, poll)


def main(argv: list[str]) -> int:
    mode, settings_dir = argv[0], argv[1]
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    if mode == "bare":
        qt_app = QApplication([sys.argv[0]])
        window = QMainWindow()
        window.resize(1100, 640)
        window.show()
        _watch(qt_app, want_ready=False)
        return qt_app.exec()
    from inspector_app.ui.app import create_qt_application, run

    qt_app = create_qt_application([sys.argv[0]])
    _watch(qt_app, want_ready=True)
    return run(argv[2])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
