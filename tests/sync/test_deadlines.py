"""An inspection the console created from a service request reaches a laptop of the chosen
team through a real sync with the real server on 127.0.0.1, and the laptop opens, starts and
records it like a teammate's; the request's 办结期限 comes down in the same sync step as the
expert pool, kept whole in meta and shown by the list (also on the first-paint path); an
older server without deadlines (404) leaves the kept ones alone (issue 14, D32)."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select
from tests.sync.conftest import FIXTURES, enrolled

from inspector_app.domain.model import ResultValue, Status
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.listing import DeadlineView, first_paint_rows
from inspector_app.store.merge import set_meta
from inspector_app.store.quick import DEADLINES_META_KEY
from inspector_app.sync.client import SyncClient, SyncReport

D = dt.date.fromisoformat
COMPANY = "某某制药有限公司"


@pytest.fixture
def center(server, monkeypatch):
    """The server's center side: a reviewer, the checklist published, an expert in the pool,
    an accepted request; today fixed so the deadline does not follow the wall clock."""
    from inspector_app.server import admin, expert_db, service

    monkeypatch.setattr(service, "china_today", lambda: D("2026-10-09"))
    engine = server.ctx.engine
    admin.add_user(engine, "zhao", "reviewer", [], display_name="审核员赵")
    admin.add_checklist_file(engine, FIXTURES / "mini-gmp.v1.yaml")
    sun = expert_db.add_expert(
        engine,
        "qian",
        expert_db.ExpertInput(
            kind="expert",
            name="孙专家",
            specialties=["sterile"],
            employer="江南药业有限公司",
            teams=[],
            available=True,
            note="",
        ),
    )
    rid = service.create_request(
        engine,
        "zhao",
        company=COMPANY,
        item_code="licence-pre",
        products="阿莫西林胶囊",
        received_on=D("2026-09-25"),
    )
    service.accept(engine, "zhao", rid, D("2026-09-30"))
    return {"request": rid, "sun": sun}


def _create(server, center, team: str = "team-1") -> str:
    from inspector_app.server import request_inspection as ri

    return ri.create_inspection(
        server.ctx,
        "zhao",
        center["request"],
        ri.NewInspection(
            team=team,
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            planned_start=D("2026-10-12"),
            planned_end=D("2026-10-13"),
            document_no="预检〔2026〕7号",
            scope_tags=("sterile",),
            members=(
                ri.MemberChoice(role="lead", expert_id=center["sun"]),
                ri.MemberChoice(role="member", name="中心李工"),
            ),
        ),
    )


def test_a_console_created_inspection_is_started_on_the_teams_laptop(tmp_path, server, center):
    a = App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES])
    b = App(tmp_path / "b", actor="赵六", checklist_dirs=[FIXTURES])
    try:
        enrolled(a, server, "wang", teams=("team-1",))
        enrolled(b, server, "li", teams=("team-2",))
        iid = _create(server, center)

        report = sync_ops.sync_now(a)
        assert report.ok, report.summary()
        assert report.deadlines == 1 and report.experts == 1
        [row] = ops.list_inspections(a)
        assert row.id == iid and row.company_name == COMPANY and row.status == "draft"
        assert row.deadline == DeadlineView(
            state="running",
            due_on="2026-11-03",
            left=18,
            stop_reason="",
            as_of="2026-10-09",
            item_name="许可预检查",
        )
        record = ops.load_inspection(a, iid)
        assert record.inspection.checklist_id == "mini-gmp"
        assert record.inspection.scope_tags == ["sterile"]
        assert record.inspection.document_no == "预检〔2026〕7号"
        assert sorted((m.name, m.role.value, m.expert_id) for m in record.team) == [
            ("中心李工", "member", None),
            ("孙专家", "lead", center["sun"]),
        ]
        # The laptop's own controls: open (above), start on site, record a result.
        started = ops.start_on_site(a, iid, on=dt.date(2026, 10, 12))
        assert started.status is Status.ON_SITE
        item = next(iter(ops.checklist_of(a, started).items_by_id()))
        ops.record_result(a, iid, item, ResultValue.CONFORMING, note="现场查看符合")
        pushed = sync_ops.sync_now(a)
        assert pushed.ok and not pushed.rejected, pushed.summary()

        # The server holds the team's writes over the console's record.
        from inspector_app.server import db

        w = db.winners.c
        with server.ctx.engine.connect() as conn:
            status = conn.execute(
                select(w.value).where(
                    w.kind == "inspection", w.record_id == iid, w.field == "status"
                )
            ).scalar_one()
            results = (
                conn.execute(
                    select(w.value).where(
                        w.kind == "item_result", w.inspection_id == iid, w.field == "note"
                    )
                )
                .scalars()
                .all()
            )
        assert status == "on_site" and results == ["现场查看符合"]

        # Another team's laptop neither receives the inspection nor its deadline.
        other = sync_ops.sync_now(b)
        assert other.ok and other.deadlines == 0
        assert ops.list_inspections(b) == []
        assert json.loads(b.store.meta_value(DEADLINES_META_KEY))["deadlines"] == []
    finally:
        a.close()
        b.close()


def test_a_stopped_clock_reaches_the_list_and_the_first_paint(tmp_path, server, center):
    from inspector_app.server import service

    a = App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES])
    try:
        enrolled(a, server, "wang", teams=("team-1",))
        iid = _create(server, center)
        service.stop_clock(
            server.ctx.engine, "zhao", center["request"], D("2026-10-09"), "待企业补充验证资料"
        )
        assert sync_ops.sync_now(a).ok
        [row] = ops.list_inspections(a)
        assert row.id == iid and row.deadline is not None
        assert (row.deadline.state, row.deadline.due_on) == ("stopped", None)
        assert row.deadline.stop_reason == "待企业补充验证资料"
    finally:
        a.close()
    [first] = first_paint_rows(tmp_path / "a")
    assert first.deadline == row.deadline


def test_an_older_server_without_deadlines_leaves_the_kept_ones_alone(tmp_path):
    kept = json.dumps({"deadlines": [], "as_of": "2026-10-01", "generated_at": "x"})
    with App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES]) as a:
        set_meta(a.store, DEADLINES_META_KEY, kept)

        def answer(request: httpx.Request) -> httpx.Response:
            assert request.url.path == "/api/v1/deadlines"
            return httpx.Response(404, json={"error": "not_found", "message": "no such route"})

        report = SyncReport()
        with SyncClient(
            a.store, a.blobs, "http://old.example", "t", transport=httpx.MockTransport(answer)
        ) as client:
            client.pull_deadlines(report, lambda *_: None)
        assert report.deadlines is None
        assert a.store.meta_value(DEADLINES_META_KEY) == kept
