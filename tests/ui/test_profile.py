"""The inspector profile in the app: asked at first start before the main window is used,
declining quits (with a reason, never silently), 文件 › 检查员信息… edits it later."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from tests.ui.drive import answer_dialog, check, click, type_text
from tests.ui.mnemonics import assert_unique_mnemonics

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY
from inspector_app.operations.profile import get_profile, set_profile
from inspector_app.store.merge import set_meta
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.profile import ProfileDialog

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"


@pytest.fixture
def new_laptop(tmp_path):
    """No profile, no actor: what a first start finds."""
    with App(tmp_path / "data", checklist_dirs=[FIXTURES]) as application:
        yield application


def ok_button(dialog: ProfileDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def cancel_button(dialog: ProfileDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)


def create(app: App, company: str):
    return ops.create_inspection(
        app, company_name=company, inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )


def show(qtbot, window: MainWindow) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)


def test_first_start_asks_the_name_and_says_why(qtbot, new_laptop):
    def fill(dialog: ProfileDialog) -> None:
        assert dialog.isModal() and dialog.first_start
        assert "审计记录以此姓名记录每一次修改" in dialog.why.text()
        assert not ok_button(dialog).isEnabled()  # the name is required
        type_text(qtbot, dialog.name_edit, "张明")
        type_text(qtbot, dialog.unit_edit, "检查一处")
        assert ok_button(dialog).text() == "开始使用"
        click(qtbot, ok_button(dialog))

    seen = answer_dialog(ProfileDialog, fill)
    window = MainWindow(new_laptop)
    show(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible())
    check(seen)
    profile = get_profile(new_laptop)
    assert (profile.name, profile.unit) == ("张明", "检查一处")
    assert window.isVisible() and not window.profile_declined
    assert window.person_label.text() == "检查员：张明"
    # Saving works now, and names that person.
    insp = ops.create_inspection(
        new_laptop,
        company_name="首启药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
    )
    assert {r["actor"] for r in ops.audit_trail(new_laptop, insp.id)} == {"张明"}


def test_cancel_then_back_to_the_question(qtbot, new_laptop):
    again = []

    def cancel_first(dialog: ProfileDialog) -> None:
        click(qtbot, cancel_button(dialog))

    def fill(dialog: ProfileDialog) -> None:
        assert dialog.name_edit.text() == ""
        type_text(qtbot, dialog.name_edit, "Li Min")
        click(qtbot, ok_button(dialog))

    def go_back(box: QMessageBox) -> None:
        assert "不能保存任何检查记录" in box.text()
        [back] = [b for b in box.buttons() if b.text() == "返回填写"]
        # The question comes back (inside this click); this time it is answered.
        again.append(answer_dialog(ProfileDialog, fill))
        click(qtbot, back)

    first = answer_dialog(ProfileDialog, cancel_first)
    box = answer_dialog(QMessageBox, go_back)
    window = MainWindow(new_laptop)
    show(qtbot, window)
    qtbot.waitUntil(lambda: get_profile(new_laptop).is_set)
    check(first)
    check(box)
    check(again[0])
    assert again[0][0] is not first[0]
    assert get_profile(new_laptop).name == "Li Min"
    assert window.isVisible() and not window.profile_declined


def test_declining_closes_the_window_saying_why(qtbot, new_laptop):
    def cancel(dialog: ProfileDialog) -> None:
        assert cancel_button(dialog).text() == "退出程序"
        click(qtbot, cancel_button(dialog))

    def quit_app(box: QMessageBox) -> None:
        [leave] = [b for b in box.buttons() if b.text() == "退出程序"]
        click(qtbot, leave)

    asked = answer_dialog(ProfileDialog, cancel)
    box = answer_dialog(QMessageBox, quit_app)
    window = MainWindow(new_laptop)
    show(qtbot, window)
    qtbot.waitUntil(lambda: window.profile_declined)
    check(asked)
    check(box)
    assert not window.isVisible()
    assert not get_profile(new_laptop).is_set


def test_invalid_name_is_said_in_the_dialog_and_nothing_is_stored(qtbot, new_laptop):
    dialog = ProfileDialog(new_laptop, None, first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_unique_mnemonics(dialog)
    dialog.name_edit.setText("张明\u0007")  # pasted with a control character
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text().startswith("姓名：")
    assert not get_profile(new_laptop).is_set


def test_an_app_with_a_name_is_not_asked(qtbot, app):
    window = MainWindow(app)
    show(qtbot, window)
    qtbot.wait(50)
    assert not any(isinstance(w, ProfileDialog) and w.isVisible() for w in qtbot_top_levels())
    assert window.person_label.text() == "检查员：测试员"


def test_menu_edits_the_profile_and_later_rows_name_the_new_name(qtbot, new_laptop):
    set_profile(new_laptop, "张明", "检查一处")
    set_meta(new_laptop.store, ACCOUNT_KEY, "zhangm")
    set_meta(new_laptop.store, ROLE_KEY, "inspector")
    insp = ops.create_inspection(
        new_laptop,
        company_name="改名药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
    )
    window = MainWindow(new_laptop)
    show(qtbot, window)
    assert window.profile_action in window.file_menu.actions()
    assert window.profile_action.text() == "检查员信息(&I)…"
    assert window.person_label.text() == "检查员：张明 (zhangm)"

    def rename(dialog: ProfileDialog) -> None:
        assert not dialog.first_start and not dialog.welcome.isVisible()
        assert dialog.name_edit.text() == "张明" and dialog.unit_edit.text() == "检查一处"
        assert dialog.account_value.text() == "zhangm（检查员）"
        assert "已有的审计记录保持原样" in dialog.later.text()
        dialog.name_edit.clear()
        type_text(qtbot, dialog.name_edit, "张明远")
        click(qtbot, ok_button(dialog))

    seen = answer_dialog(ProfileDialog, rename)
    window.profile_action.trigger()
    check(seen)
    assert get_profile(new_laptop).name == "张明远"
    assert window.person_label.text() == "检查员：张明远 (zhangm)"
    ops.update_inspection(new_laptop, insp.id, {"site_address": "示范路2号"})
    actors = [r["actor"] for r in ops.audit_trail(new_laptop, insp.id)]
    assert actors[0] == "张明" and actors[-1] == "张明远"


def test_menu_cancel_changes_nothing(qtbot, new_laptop):
    set_profile(new_laptop, "张明")
    window = MainWindow(new_laptop)
    show(qtbot, window)

    def cancel(dialog: ProfileDialog) -> None:
        assert cancel_button(dialog).text() == "取消"
        type_text(qtbot, dialog.name_edit, "X")
        click(qtbot, cancel_button(dialog))

    seen = answer_dialog(ProfileDialog, cancel)
    assert window.edit_profile() is False
    check(seen)
    assert get_profile(new_laptop).name == "张明"
    assert window.isVisible()


def qtbot_top_levels():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def test_the_app_declined_at_first_start_exits_non_zero_with_a_reason(
    qtbot, qapp, tmp_path, capsys, monkeypatch
):
    from PySide6.QtCore import QTimer

    from inspector_app.operations import encryption
    from inspector_app.ui.app import run
    from inspector_app.ui.unlock import PassphraseDialog

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")  # no keyring: a passphrase first

    def set_passphrase(dialog: PassphraseDialog) -> None:
        type_text(qtbot, dialog.first, "口令-足够长的口令")
        type_text(qtbot, dialog.second, "口令-足够长的口令")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def cancel(dialog: ProfileDialog) -> None:
        click(qtbot, cancel_button(dialog))

    def quit_app(box: QMessageBox) -> None:
        [leave] = [b for b in box.buttons() if b.text() == "退出程序"]
        click(qtbot, leave)

    keyed = answer_dialog(PassphraseDialog, set_passphrase)
    asked = answer_dialog(ProfileDialog, cancel)
    box = answer_dialog(QMessageBox, quit_app)
    net = QTimer(qapp, singleShot=True, interval=20_000)  # a failed answer must not hang
    net.timeout.connect(qapp.quit)
    net.start()
    assert run(tmp_path / "data") == 1
    net.stop()
    check(keyed)
    check(asked)
    check(box)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no inspector name given" in err
    key = encryption.unlock(tmp_path / "data", "口令-足够长的口令")
    with App(tmp_path / "data", key=key) as app:
        assert not get_profile(app).is_set


def test_a_question_closed_unanswered_ends_the_first_start_instead_of_looping(qtbot, new_laptop):
    """When the application quits while the first-start question is open (its event loops
    end at once), the confirmation closes with no button pressed: no question again."""
    from inspector_app.ui.profile import ask_first_profile

    asked = answer_dialog(ProfileDialog, lambda d: d.reject())
    box = answer_dialog(QMessageBox, lambda b: b.done(0))  # closed, no button clicked
    assert ask_first_profile(new_laptop, None) is False
    check(asked)
    check(box)
    assert not get_profile(new_laptop).is_set
