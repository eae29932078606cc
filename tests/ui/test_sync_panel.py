"""The app's sync: action with progress, status widget, automatic sync, conflicts view."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.operations.test_sync import introduce
from tests.sync.conftest import FIXTURES, LiveServer, new_inspection

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.ui.sync_panel import ConflictsDialog, SyncController


@pytest.fixture(autouse=True)
def _file_tokens(monkeypatch):
    import stamina

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=2)
    yield
    stamina.set_testing(False)


@pytest.fixture
def server(tmp_path: Path):
    pytest.importorskip("fastapi")
    live = LiveServer(tmp_path / "server")
    yield live
    live.stop()


@pytest.fixture
def laptops(tmp_path):
    a = App(tmp_path / "a", actor="甲", checklist_dirs=[FIXTURES])
    b = App(tmp_path / "b", actor="乙", checklist_dirs=[FIXTURES])
    yield a, b
    a.close()
    b.close()


def test_sync_action_runs_off_the_gui_thread_and_updates_the_status(qtbot, server, laptops):
    a, _ = laptops
    controller = SyncController(a)
    qtbot.addWidget(controller.status_widget)
    assert "未登记" in controller.status_widget.label.text()
    assert not controller.sync_action.isEnabled()
    sync_ops.enroll(a, server.url, server.code_for("wang"))
    new_inspection(a)
    controller.refresh_status()
    assert "待同步 2 项" in controller.status_widget.label.text()  # inspection + member
    steps = []
    controller.progressed.connect(lambda d, t, s: steps.append(s))
    with qtbot.waitSignal(controller.finished, timeout=20000) as done:
        task = controller.sync_now()
        assert controller.sync_now() is task  # never two at once
    assert done.args[0].ok and done.args[0].applied > 0
    qtbot.waitUntil(lambda: "待同步 0 项" in controller.status_widget.label.text())
    assert "上次同步" in controller.status_widget.label.text()
    assert {"push", "pull"} <= set(steps)


def test_a_failed_sync_is_one_line_and_the_button_comes_back(qtbot, tmp_path, laptops):
    a, _ = laptops
    from inspector_app.store.merge import set_meta
    from inspector_app.sync.client import SERVER_KEY

    set_meta(a.store, SERVER_KEY, "http://127.0.0.1:9")  # nothing listens there
    sync_ops.credentials(a).set("http://127.0.0.1:9", "tok")
    controller = SyncController(a)
    qtbot.addWidget(controller.status_widget)
    with qtbot.waitSignal(controller.failed, timeout=20000) as failed:
        controller.sync_now()
    assert "cannot reach" in failed.args[0] and "\n" not in failed.args[0]
    qtbot.waitUntil(lambda: controller.status_widget.sync_button.isEnabled())
    qtbot.waitUntil(lambda: not controller.running)
    # The probe finds no server: no sync starts.
    with qtbot.waitSignal(controller.probe().succeeded, timeout=10000) as probed:
        pass
    assert probed.args == [False] and not controller.running


def test_probe_starts_a_sync_when_the_server_answers(qtbot, server, laptops):
    a, _ = laptops
    sync_ops.enroll(a, server.url, server.code_for("wang"))
    controller = SyncController(a, auto_minutes=5)
    qtbot.addWidget(controller.status_widget)
    controller.start_auto_sync()
    assert controller.timer.isActive() and controller.timer.interval() == 5 * 60_000
    with qtbot.waitSignal(controller.finished, timeout=20000):
        controller.probe()
    controller.stop_auto_sync()


def test_conflicts_dialog_lists_both_values_and_restores_the_other(qtbot, tmp_path, laptops):
    a, b = laptops
    introduce(a, b)
    insp = new_inspection(a)
    defect = ops.add_defect(a, insp.id, severity="major", facts="原始事实")
    export_bundle(a, insp.id, tmp_path / "x.bundle")
    import_bundle(b, tmp_path / "x.bundle")
    ops.update_defect(a, defect.id, {"facts": "甲的事实"})
    ops.update_defect(b, defect.id, {"facts": "乙的事实"})
    export_bundle(b, insp.id, tmp_path / "y.bundle")
    import_bundle(a, tmp_path / "y.bundle")
    dialog = ConflictsDialog(a)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    # The record kind and field are named as in the audit trail, not by their codes.
    assert cells[0].startswith("缺陷 ")
    assert cells[1:4] == ["缺陷事实", "乙的事实", "甲的事实"]
    assert not dialog.keep_other.isEnabled()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.resolved):
        dialog.keep_other.click()
    assert dialog.table.rowCount() == 0
    assert a.store.get("defect", defect.id).facts == "甲的事实"


def test_entries_waiting_for_a_device_key_are_shown_until_a_sync_brings_it(
    qtbot, tmp_path, server, laptops
):
    a, b = laptops
    sync_ops.enroll(a, server.url, server.code_for("wang"))
    sync_ops.enroll(b, server.url, server.code_for("li"))
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(b, tmp_path / "a.bundle")  # b has not synced: a's key is unknown here
    controller = SyncController(b)
    widget = controller.status_widget
    qtbot.addWidget(widget)
    status = sync_ops.sync_status(b)
    assert status.held_entries > 0 and [h.device_id for h in status.held] == [a.store.device_id]
    assert not widget.held_label.isHidden()
    assert widget.held_label.text() == f"等待设备密钥 {status.held_entries} 项"
    (line,) = widget.held_lines()
    assert a.store.device_id in line and f"{status.held_entries} 项" in line
    assert b.store.get("inspection", insp.id) is None  # waiting, unapplied
    with qtbot.waitSignal(controller.finished, timeout=20000) as done:
        controller.sync_now()
    assert done.args[0].ok and done.args[0].held_applied == status.held_entries
    assert done.args[0].held_waiting == 0
    qtbot.waitUntil(lambda: widget.held_label.isHidden())
    assert sync_ops.sync_status(b).held == [] and widget.held_lines() == []
    assert b.store.get("inspection", insp.id) is not None


def test_changes_the_server_rejected_are_counted_with_a_line_each(qtbot, server, laptops):
    from inspector_app.domain.ids import new_id
    from inspector_app.domain.model import Review

    a, _ = laptops
    sync_ops.enroll(a, server.url, server.code_for("wang"))
    insp = new_inspection(a)
    with a.store.write(a.person) as uow:  # an inspector may not write reviews
        uow.add(
            Review(
                id=new_id(),
                inspection_id=insp.id,
                state="commented",
                comment="自评",
                reviewer="wang",
                created_at="2026-11-23T08:00:00Z",
            )
        )
    controller = SyncController(a)
    widget = controller.status_widget
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.finished, timeout=20000) as done:
        controller.sync_now()
    rejected = done.args[0].rejected
    assert rejected
    qtbot.waitUntil(lambda: "被服务器拒绝" in widget.label.text())
    assert f"被服务器拒绝 {len(rejected)} 项" in widget.label.text()
    assert widget.label.toolTip().splitlines() == [r.line() for r in rejected]
