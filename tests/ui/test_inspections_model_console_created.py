"""The walk through the laptop's own window (issue 14, D32): an inspection the console created
from a service request arrives by a real sync with the real server on 127.0.0.1, is listed
with its 办结期限, started from the main window's 开始现场检查 and a result recorded in its
workspace; the next sync takes the team's work to the server."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from tests.sync.conftest import FIXTURES, LiveServer, enrolled

from inspector_app.domain.model import ResultValue, Status
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.ui.inspections_model import COLUMNS
from inspector_app.ui.main_window import MainWindow

D = dt.date.fromisoformat


@pytest.fixture
def server(tmp_path, monkeypatch):
    import stamina

    pytest.importorskip("fastapi")
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=3)
    live = LiveServer(tmp_path / "server")
    yield live
    live.stop()
    stamina.set_testing(False)


def _console_inspection(server, monkeypatch) -> str:
    from inspector_app.server import admin, service
    from inspector_app.server import request_inspection as ri

    monkeypatch.setattr(service, "china_today", lambda: D("2026-10-09"))
    engine = server.ctx.engine
    admin.add_user(engine, "zhao", "reviewer", [], display_name="审核员赵")
    admin.add_checklist_file(engine, FIXTURES / "mini-gmp.v1.yaml")
    rid = service.create_request(
        engine,
        "zhao",
        company="某某制药有限公司",
        item_code="licence-pre",
        products="阿莫西林胶囊",
        received_on=D("2026-09-25"),
    )
    service.accept(engine, "zhao", rid, D("2026-09-30"))
    return ri.create_inspection(
        server.ctx,
        "zhao",
        rid,
        ri.NewInspection(
            team="team-1",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            planned_start=D("2026-10-12"),
            planned_end=D("2026-10-13"),
            members=(ri.MemberChoice(role="lead", name="王组长"),),
        ),
    )


def test_the_laptops_window_starts_a_console_created_inspection(
    qtbot, tmp_path, server, monkeypatch
):
    app = App(tmp_path / "laptop", actor="王五", checklist_dirs=[FIXTURES])
    try:
        enrolled(app, server, "wang", teams=("team-1",))
        iid = _console_inspection(server, monkeypatch)
        assert sync_ops.sync_now(app).ok

        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        assert window.select(iid)
        row = window.model.row_of(iid)
        column = [key for key, _ in COLUMNS].index("deadline")
        assert window.model.index(row, column).data() == "2026-11-03（剩余18个工作日）"
        assert window.start_action.isEnabled()
        window.start_date_provider = lambda _parent, _inspection: dt.date(2026, 10, 12)
        window.start_action.trigger()
        assert ops.get_inspection(app, iid).status is Status.ON_SITE

        workspace = window.open_inspection(iid)
        assert workspace is not None
        item = next(iter(ops.checklist_of(app, ops.get_inspection(app, iid)).items_by_id()))
        assert workspace.session.set_result(item, ResultValue.CONFORMING, note="现场查看符合")
        workspace.close()
        window.close()

        report = sync_ops.sync_now(app)
        assert report.ok and not report.rejected, report.summary()
        from inspector_app.server import db

        w = db.winners.c
        with server.ctx.engine.connect() as conn:
            values = dict(
                conn.execute(
                    select(w.field, w.value).where(
                        w.kind == "inspection",
                        w.record_id == iid,
                        w.field.in_(("status", "actual_start")),
                    )
                ).all()
            )
        assert values == {"status": "on_site", "actual_start": "2026-10-12"}
    finally:
        app.close()
