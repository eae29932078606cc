"""The sync panel when the center revoked this laptop (D38): the sync that heard it wipes the
credentials and the data key, and the panel says so once, in one sentence, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.sync.conftest import FIXTURES, LiveServer, new_inspection

from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.server import admin
from inspector_app.store import crypto
from inspector_app.ui.sync_panel import SyncController


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


def _revoked_sync(qtbot, app: App, server: LiveServer) -> tuple[SyncController, str]:
    sync_ops.enroll(app, server.url, server.code_for("wang"))
    new_inspection(app)
    assert sync_ops.sync_now(app).ok
    admin.revoke_device(server.ctx.engine, app.store.device_id)
    new_inspection(app)  # never reaches the center
    controller = SyncController(app)
    qtbot.addWidget(controller.status_widget)
    with qtbot.waitSignal(controller.failed, timeout=20000) as failed:
        controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running)
    return controller, failed.args[0]


def test_an_encrypted_laptop_is_told_its_data_key_is_gone(qtbot, tmp_path, server):
    folder = tmp_path / "enc"
    key = crypto.create_key(folder, "correct horse battery", use_keyring=False)
    app = App(folder, actor="甲", key=key, checklist_dirs=[FIXTURES])
    try:
        controller, message = _revoked_sync(qtbot, app, server)
        assert "中心已撤销这台电脑" in message and "数据密钥已被删除" in message
        assert "尚未同步的更改已丢失" in message and "\n" not in message
        widget = controller.status_widget
        qtbot.waitUntil(lambda: widget.label.text() == message)
        assert not widget.sync_button.isEnabled()
        assert not controller.sync_action.isEnabled()
        box = controller.revoked_box
        assert box is not None and box.text() == message and box.isVisible()
        # A second refusal (the file still names the server) does not open a second box.
        controller._failed("again")
        assert controller.revoked_box is box
        assert controller.probe() is None  # no token left: the automatic sync stops
        box.close()
        assert not (folder / crypto.KEY_FILE).exists()
    finally:
        app.close()


def test_a_plain_laptop_is_told_only_its_credentials_are_gone(qtbot, tmp_path, server):
    app = App(tmp_path / "plain", actor="乙", checklist_dirs=[FIXTURES])
    try:
        controller, message = _revoked_sync(qtbot, app, server)
        assert "同步凭据已被删除" in message and "数据密钥" not in message
        # A new panel (the app started again) shows the same sentence from the store's meta.
        again = SyncController(app)
        qtbot.addWidget(again.status_widget)
        assert again.status_widget.label.text() == message
        assert "撤销时间" in again.status_widget.label.toolTip()
        assert again.revoked_box is None  # said once, by the sync that heard it
        controller.revoked_box.close()
    finally:
        app.close()
