"""Start the desktop app: Qt application, Chinese font, language, main window.

The main window asks the inspector's name at first start (ui/profile.py) before it can be
used; declining quits with a reason on stderr and exit status 1.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from inspector_app.ui import settings as keys

if TYPE_CHECKING:
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


def create_qt_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with our names, high-DPI policy and a Chinese font."""
    existing = QApplication.instance()
    if existing is None:
        # Must precede the application object. PassThrough: 150 % scaling stays 150 %, not
        # rounded to 200 %, so text is the size the user's display settings ask for.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        qt_app = QApplication(list(argv) if argv is not None else sys.argv)
    else:
        assert isinstance(existing, QApplication)
        qt_app = existing
    qt_app.setApplicationName(keys.APPLICATION)
    qt_app.setOrganizationName(keys.ORGANISATION)
    font = choose_cjk_font()
    if font is None:
        print(
            "inspector-app: warning: no Chinese font found; install one "
            "(Debian: apt-get install fonts-wqy-microhei)",
            file=sys.stderr,
        )
    else:
        qt_app.setFont(font)
    return qt_app


def start(
    app: App,
    *,
    open_ids: Sequence[str] = (),
    argv: Sequence[str] | None = None,
):
    """Build and show the main window on `app` (and the workspaces of `open_ids`)."""
    qt_app = create_qt_application(argv)
    from inspector_app.ui.i18n import DEFAULT_LANGUAGE, Translations
    from inspector_app.ui.main_window import MainWindow

    settings = keys.app_settings()
    translations = Translations(qt_app)
    translations.apply(str(settings.value(keys.LANGUAGE, DEFAULT_LANGUAGE)))
    window = MainWindow(app, translations=translations, settings=settings)
    window.show()
    for inspection_id in open_ids:
        window.open_inspection(inspection_id)
    return qt_app, window


SMOKE_SHOT_ENV = "INSPECTOR_APP_SMOKE_SHOT"


def _log_note(log_file: Path | None) -> str:
    from PySide6.QtCore import QCoreApplication

    if log_file is None:
        return ""
    return QCoreApplication.translate(
        "ErrorDialog", "\n\n详细情况已记录在日志文件：{path}（帮助 › 打开日志文件夹）"
    ).format(path=log_file)


def _error_dialog(window: QWidget, log_file: Path | None):  # -> sys.excepthook
    """An error nobody caught: written to the log with its traceback, and said in a dialog
    that names the log file, instead of a silent exit or a console nobody sees. The window
    stays open: what was saved is saved (every save commits before it is reported)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)  # type: ignore[arg-type]
            return
        logging.getLogger("inspector_app").error(
            "unexpected error",
            exc_info=(kind, exc, tb),  # type: ignore[arg-type]
        )
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        text = QCoreApplication.translate(
            "ErrorDialog", "程序出现了未预料的错误：{error}。已保存的内容不受影响。"
        ).format(error=f"{kind.__name__}: {exc}")
        QMessageBox.critical(window, "inspector_app", text + _log_note(log_file))

    return hook


def _smoke_done(window: QWidget, path: str) -> None:
    window.grab().save(path, "PNG")
    print("ready", flush=True)
    QApplication.quit()


def run(data_dir: str | Path | None = None) -> int:
    """`inspector-app` with no subcommand: the desktop app until the user quits.

    The window paints first, with the list read by `sqlite3` alone; the store (SQLAlchemy,
    pydantic, the checklist library when a screen needs it) opens right after, in the same
    event loop, and the verbs come alive. docs/startup-budget.md has the figures.
    """
    # Warnings on stderr for whoever started us from a terminal; everything from INFO up in
    # the rotating log file a user can send (文件夹: 帮助 › 打开日志文件夹).
    logging.basicConfig(level=logging.WARNING, format="inspector-app: %(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)
    from inspector_app.logs import setup_logging

    log_file = setup_logging()
    logging.getLogger(__name__).info("desktop app starting, data folder %s", data_dir or "default")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from inspector_app.domain.errors import InspectorError
    from inspector_app.operations.encryption import key_needs_passphrase
    from inspector_app.operations.listing import first_paint_rows
    from inspector_app.paths import data_dir as resolve_data_dir
    from inspector_app.ui.i18n import DEFAULT_LANGUAGE, Translations
    from inspector_app.ui.main_window import MainWindow

    folder = resolve_data_dir(data_dir)
    qt_app = create_qt_application()
    settings = keys.app_settings()
    translations = Translations(qt_app)
    translations.apply(str(settings.value(keys.LANGUAGE, DEFAULT_LANGUAGE)))
    # The data key before anything is read: keyring or passphrase, or a new laptop's key
    # made now (ui/unlock.py, docs/encryption.md).
    from inspector_app.ui.unlock import IdleLock, data_key_for_start

    try:
        key = data_key_for_start(folder)
    except InspectorError as exc:
        from PySide6.QtWidgets import QMessageBox

        logging.getLogger(__name__).error("the data folder %s cannot be unlocked: %s", folder, exc)
        QMessageBox.critical(None, "inspector_app", f"{exc}{_log_note(log_file)}")
        return 1
    if key is False:
        print(
            "inspector-app: the data folder stays locked (no passphrase given); nothing was "
            "changed",
            file=sys.stderr,
        )
        return 1
    key = key or None
    idle_lock = IdleLock(folder) if key is not None and key_needs_passphrase(folder) else None
    window = MainWindow(
        None,
        translations=translations,
        settings=settings,
        first_rows=first_paint_rows(folder, key),
    )
    window.show()
    before, sys.excepthook = sys.excepthook, _error_dialog(window, log_file)
    opened: list[App] = []

    def open_store() -> None:
        from inspector_app.operations import App

        try:
            opened.append(App(folder, key=key))
        except Exception as exc:  # a newer or damaged database: say so, change nothing
            from PySide6.QtWidgets import QMessageBox

            logging.getLogger(__name__).exception("the data folder %s cannot be opened", folder)
            QMessageBox.critical(window, "inspector_app", f"{exc}{_log_note(log_file)}")
            qt_app.exit(1)
            return
        window.attach(opened[0])
        if smoke_shot:
            QTimer.singleShot(0, lambda: _smoke_done(window, smoke_shot))

    # The bundle's smoke test (packaging/smoke.py) starts the real program and needs to know
    # when the window is on screen and ready, and what it showed: with this variable set the
    # app says `visible` and `ready` on stdout, saves the window as PNG there, and quits.
    smoke_shot = os.environ.get(SMOKE_SHOT_ENV, "")
    waited = QElapsedTimer()
    waited.start()

    def when_painted() -> None:
        # The store opens (a second of imports that block the event loop) only once the
        # window is on screen and painted; a window never exposed (started minimised) waits
        # half a second at most.
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            window.repaint()  # synchronous: the list is on screen before the imports start
            if smoke_shot:
                print("visible", flush=True)
        elif waited.elapsed() < 500:
            QTimer.singleShot(5, when_painted)
            return
        QTimer.singleShot(0, open_store)

    QTimer.singleShot(0, when_painted)
    try:
        code = qt_app.exec()
    finally:
        sys.excepthook = before
        if idle_lock is not None:
            idle_lock.timer.stop()
    for app in opened:
        app.close()
    if window.profile_declined:
        # The window said why; a launcher or terminal hears it too.
        print(
            "inspector-app: no inspector name given, nothing was changed; the app asks "
            "again at the next start (or: inspector-app profile --name NAME)",
            file=sys.stderr,
        )
        return 1
    return code
