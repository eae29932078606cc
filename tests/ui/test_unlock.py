"""The data key in the desktop app, through the start's own steps (`ui.app.run`'s, without
its event loop; tests/ui/test_profile.py runs `run` itself) and its dialogs: a
new laptop without a keyring sets a passphrase before anything is written and its data is
encrypted from the first byte; an encrypted laptop asks for it (a wrong one is said and
changes nothing); the lock after idle time hides every window until it is given again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from tests.ui.drive import answer_dialog, check, click, type_text

from inspector_app.operations import App, encryption
from inspector_app.operations.inspections import list_inspections
from inspector_app.operations.listing import first_paint_rows
from inspector_app.operations.profile import get_profile, set_profile
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.profile import ProfileDialog
from inspector_app.ui.unlock import IdleLock, PassphraseDialog, data_key_for_start

PASSPHRASE = "检查组口令-2026"


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    # This machine has no keyring; say so explicitly so a developer's desktop behaves alike.
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")


def start(qtbot, folder: Path):
    """What `ui.app.run` does before its event loop: the data key (its dialogs), the window
    painted from the fast read, then the store opened with the key. None: the user quit."""
    key = data_key_for_start(folder)
    if key is False:
        return None
    key = key or None
    window = MainWindow(None, first_rows=first_paint_rows(folder, key))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    first = window.model.rowCount()
    app = App(folder, key=key)
    window.attach(app)
    return window, app, first


def test_a_new_laptop_sets_a_passphrase_and_is_encrypted_from_the_start(qtbot, tmp_path):
    folder = tmp_path / "data"
    said: list[str] = []
    ok = QDialogButtonBox.StandardButton.Ok

    def create(dialog: PassphraseDialog) -> None:
        assert dialog.mode == "create"
        type_text(qtbot, dialog.first, "short")
        type_text(qtbot, dialog.second, "short")
        click(qtbot, dialog.buttons.button(ok))
        said.append(dialog.error.text())
        dialog.first.clear()
        dialog.second.clear()
        type_text(qtbot, dialog.first, PASSPHRASE)
        type_text(qtbot, dialog.second, PASSPHRASE + "x")
        click(qtbot, dialog.buttons.button(ok))
        said.append(dialog.error.text())
        dialog.second.clear()
        type_text(qtbot, dialog.second, PASSPHRASE)
        click(qtbot, dialog.buttons.button(ok))

    def profile(dialog: ProfileDialog) -> None:
        type_text(qtbot, dialog.name_edit, "孙检查")
        click(qtbot, dialog.demo_check)  # the demo goes into the encrypted folder too
        click(qtbot, dialog.buttons.button(ok))

    asked = answer_dialog(PassphraseDialog, create)
    named = answer_dialog(ProfileDialog, profile)
    _window, app, _ = start(qtbot, folder)
    qtbot.waitUntil(lambda: get_profile(app).is_set, timeout=20_000)
    check(asked)
    check(named)
    app.close()
    assert said == ["口令至少需要8个字符。", "两次输入的口令不一致。"]
    state = encryption.encryption_state(folder)
    assert state.encrypted and state.needs_passphrase
    raw = (folder / "inspector.sqlite").read_bytes()
    assert "孙检查".encode() not in raw and "江南示范制药".encode() not in raw
    key = encryption.unlock(folder, PASSPHRASE)
    with App(folder, key=key) as again:
        assert get_profile(again).name == "孙检查"
        assert [r.company_name for r in list_inspections(again)] == ["江南示范制药有限公司（演示）"]


@pytest.fixture
def locked_laptop(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    key = encryption.create_data_key(folder, PASSPHRASE)
    with App(folder, key=key) as app:
        set_profile(app, "孙检查")
        from inspector_app.operations import inspections as ops

        ops.create_inspection(
            app,
            company_name="锁定测试制药有限公司",
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
        )
    return folder


def test_an_encrypted_laptop_asks_the_passphrase_and_a_wrong_one_changes_nothing(
    qtbot, locked_laptop
):
    before = {p.name: p.read_bytes() for p in locked_laptop.iterdir() if p.is_file()}
    said: list[str] = []
    ok = QDialogButtonBox.StandardButton.Ok

    def unlock(dialog: PassphraseDialog) -> None:
        assert dialog.mode == "unlock"
        type_text(qtbot, dialog.first, "不是这个口令")
        click(qtbot, dialog.buttons.button(ok))
        said.append(dialog.error.text())
        after = {p.name: p.read_bytes() for p in locked_laptop.iterdir() if p.is_file()}
        assert after == before  # the wrong passphrase wrote nothing
        dialog.first.clear()
        type_text(qtbot, dialog.first, PASSPHRASE)
        click(qtbot, dialog.buttons.button(ok))

    asked = answer_dialog(PassphraseDialog, unlock)
    window, app, first = start(qtbot, locked_laptop)
    check(asked)
    assert said == ["口令不正确，数据未作任何改动。请重新输入。"]
    assert first == 1 and window.model.rowCount() == 1  # painted from the encrypted file
    app.close()


def test_quitting_at_the_passphrase_leaves_the_folder_as_it_was(qtbot, locked_laptop):
    before = {p.name: p.read_bytes() for p in locked_laptop.iterdir() if p.is_file()}
    cancel = QDialogButtonBox.StandardButton.Cancel
    asked = answer_dialog(PassphraseDialog, lambda d: click(qtbot, d.buttons.button(cancel)))
    assert start(qtbot, locked_laptop) is None
    check(asked)
    assert {p.name: p.read_bytes() for p in locked_laptop.iterdir() if p.is_file()} == before


def test_the_idle_lock_hides_every_window_until_the_passphrase(qtbot, locked_laptop):
    key = encryption.unlock(locked_laptop, PASSPHRASE)
    app = App(locked_laptop, key=key)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(locked_laptop, minutes=0)
    seen: list[bool] = []

    def unlock(dialog: PassphraseDialog) -> None:
        assert dialog.mode == "lock"
        seen.append(window.isVisible())
        type_text(qtbot, dialog.first, PASSPHRASE)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    asked = answer_dialog(PassphraseDialog, unlock)
    lock.check()  # what the timer does once the idle time has passed
    check(asked)
    assert seen == [False] and window.isVisible()
    lock.timer.stop()
    QApplication.instance().removeEventFilter(lock)
    app.close()
