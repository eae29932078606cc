"""The first start of a new laptop, through the app's own controls: the inspector's name, the
language (applied at once), the center's server (optional) and the demo inspection (offered,
not forced); a wrong address is refused before anything is saved. And what happens when
something goes wrong: the rotating log file, the error dialog naming it, 帮助 › 打开日志文件夹."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from tests.ui.drive import answer_dialog, check, click, type_text

from inspector_app import logs
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.profile import get_profile, set_profile
from inspector_app.operations.sync import saved_server_address
from inspector_app.ui.app import _error_dialog
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.profile import ProfileDialog


@pytest.fixture
def empty_laptop(tmp_path: Path):
    """An empty data folder with the bundled checklists: what an installed app finds."""
    with App(tmp_path / "data") as application:
        yield application


def ok_button(dialog: ProfileDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def open_window(qtbot, app: App) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_new_laptop_sets_name_language_server_and_asks_for_the_demo(qtbot, empty_laptop):
    def fill(dialog: ProfileDialog) -> None:
        assert dialog.start_options is not None and not dialog.demo_check.isChecked()
        type_text(qtbot, dialog.name_edit, "赵敏")
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
        qtbot.waitUntil(lambda: ok_button(dialog).text() == "Start")  # retranslated at once
        type_text(qtbot, dialog.server_edit, "https://center.example.cn/")
        click(qtbot, dialog.demo_check)
        click(qtbot, ok_button(dialog))

    asked = answer_dialog(ProfileDialog, fill)
    window = open_window(qtbot, empty_laptop)
    try:
        qtbot.waitUntil(lambda: get_profile(empty_laptop).is_set, timeout=20_000)
        check(asked)
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=20_000)
        assert get_profile(empty_laptop).name == "赵敏"
        assert saved_server_address(empty_laptop) == "https://center.example.cn"
        assert window.menuBar().actions()[0].text() == "&File"
        [demo] = ops.list_inspections(empty_laptop)
        assert window.current_row().id == demo.id
        # The demo's trail names the demo team's lead, not the inspector who asked for it.
        actors = {row["actor"] for row in ops.audit_trail(empty_laptop, demo.id)}
        assert actors == {"王建国"}
    finally:
        window.set_language("zh_CN")


def test_without_the_demo_the_list_stays_empty(qtbot, empty_laptop):
    def fill(dialog: ProfileDialog) -> None:
        type_text(qtbot, dialog.name_edit, "赵敏")
        click(qtbot, ok_button(dialog))

    asked = answer_dialog(ProfileDialog, fill)
    window = open_window(qtbot, empty_laptop)
    qtbot.waitUntil(lambda: get_profile(empty_laptop).is_set, timeout=20_000)
    check(asked)
    assert window.model.rowCount() == 0
    assert saved_server_address(empty_laptop) == ""


@pytest.mark.parametrize(
    ("address", "code"), [("ftp://center.example.cn", ""), ("center", ""), ("", "ABCD-1234")]
)
def test_a_wrong_server_is_refused_before_anything_is_saved(qtbot, empty_laptop, address, code):
    seen: list[str] = []

    def fill(dialog: ProfileDialog) -> None:
        type_text(qtbot, dialog.name_edit, "赵敏")
        type_text(qtbot, dialog.server_edit, address)
        type_text(qtbot, dialog.code_edit, code)
        click(qtbot, ok_button(dialog))
        seen.append(dialog.error.text())
        assert dialog.isVisible()  # stays open with what was typed
        assert not get_profile(empty_laptop).is_set and saved_server_address(empty_laptop) == ""
        dialog.server_edit.clear()
        dialog.code_edit.clear()
        click(qtbot, ok_button(dialog))

    asked = answer_dialog(ProfileDialog, fill)
    open_window(qtbot, empty_laptop)
    qtbot.waitUntil(lambda: get_profile(empty_laptop).is_set, timeout=20_000)
    check(asked)
    assert seen and seen[0].startswith("中心服务器地址：")


def test_an_unexpected_error_is_logged_and_names_the_log(qtbot, empty_laptop, tmp_path):
    log_file = logs.setup_logging()
    assert log_file is not None and log_file.parent == logs.log_dir()
    other = App(tmp_path / "other")
    set_profile(other, "赵敏")
    window = open_window(qtbot, other)  # a window to own the dialog
    texts: list[str] = []

    def read(box: QMessageBox) -> None:
        texts.append(box.text())
        box.accept()

    answered = answer_dialog(QMessageBox, read)
    try:
        raise ValueError("坏的输入 x1")
    except ValueError as exc:
        _error_dialog(window, log_file)(ValueError, exc, exc.__traceback__)
    check(answered)
    assert "ValueError: 坏的输入 x1" in texts[0] and str(log_file) in texts[0]
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in written and "Traceback" in written and "坏的输入 x1" in written
    window.app.close()


def test_the_log_rotates_instead_of_growing(tmp_path, monkeypatch):
    from logging.handlers import RotatingFileHandler

    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "logs"))
    handler = RotatingFileHandler(
        logs.log_path().parent.mkdir(parents=True) or logs.log_path(),
        maxBytes=logs.MAX_BYTES,
        backupCount=logs.BACKUPS,
    )
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "x" * 2000, None, None)
    for _ in range(3 * logs.MAX_BYTES // 2000):
        handler.emit(record)
    handler.close()
    files = sorted(p.name for p in logs.log_dir().iterdir())
    assert files[:3] == ["inspector-app.log", "inspector-app.log.1", "inspector-app.log.2"]
    assert all(p.stat().st_size <= logs.MAX_BYTES + 2100 for p in logs.log_dir().iterdir())


def test_help_menu_opens_the_log_folder(qtbot, empty_laptop, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(  # the desktop's file manager is the edge we cannot run here
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    set_profile(empty_laptop, "赵敏")
    window = open_window(qtbot, empty_laptop)
    [action] = [a for a in window.help_menu.actions() if a.objectName() == "openLogFolder"]
    assert action.text() == "打开日志文件夹(&L)" and action.isEnabled()
    action.trigger()
    assert opened == [str(logs.log_dir())] and logs.log_dir().is_dir()
