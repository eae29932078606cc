"""The main window paints the stored list before the store opens, with every verb off, and
comes alive on attach (the two phases of `inspector-app`'s start, ui/app.py run)."""

from __future__ import annotations

from inspector_app.operations import App
from inspector_app.operations.demo import seed_demo
from inspector_app.operations.listing import first_paint_rows
from inspector_app.operations.profile import set_profile
from inspector_app.ui.main_window import MainWindow


def test_first_paint_then_attach(qtbot, tmp_path):
    with App(tmp_path / "data", actor="王建国") as app:
        iid = seed_demo(app)
        set_profile(app, "王建国")
    rows = first_paint_rows(tmp_path / "data")
    window = MainWindow(None, first_rows=rows)
    qtbot.addWidget(window)
    window.show()
    assert not window.attached
    assert window.model.rowCount() == 1 and window.model.row_at(0).id == iid
    assert window.count_label.text() == "共 1 项检查"
    assert window.person_label.text() == "正在打开数据…"
    window.table.selectRow(0)
    assert not any(
        a.isEnabled() for a in (window.new_action, window.open_action, window.start_action)
    )
    window.refresh()  # a refresh before the store opens changes nothing
    assert window.model.rowCount() == 1

    with App(tmp_path / "data") as app:
        window.attach(app)
        assert window.attached
        assert window.new_action.isEnabled()
        window.select(iid)
        assert window.open_action.isEnabled()
        assert window.person_label.text().startswith("检查员：王建国")
        window.close()


def test_an_empty_laptop_paints_the_hint_then_asks_the_name(qtbot, tmp_path):
    window = MainWindow(None, first_rows=first_paint_rows(tmp_path / "data"))
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.empty_hint
    asked = []
    window.ask_first_profile = lambda: asked.append(True) or True  # the dialog's own tests
    with App(tmp_path / "data") as app:
        window.attach(app)
        qtbot.waitUntil(lambda: asked == [True])
        window.close()
