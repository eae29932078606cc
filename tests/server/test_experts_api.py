"""GET /api/v1/experts over a real server on SQLite and PostgreSQL (issue 14): the pool a
device's teams may use, with only the fields a laptop needs."""

from __future__ import annotations

from inspector_app.server import expert_db

from .conftest import enrol


def add(ctx, name: str, **kw) -> str:
    data = expert_db.ExpertInput(kind="expert", name=name, specialties=["api"], **kw)
    return expert_db.add_expert(ctx.engine, "qian", data)


def test_the_pool_is_scoped_by_team_and_availability(ctx, live):
    everyone = add(ctx, "孙专家", employer="江南药业有限公司")
    add(ctx, "郑专家", teams=["team-b"])
    mine = add(ctx, "陈专家", teams=["team-a", "team-c"])
    add(ctx, "冯专家", available=False)
    firm = expert_db.add_expert(
        ctx.engine,
        "qian",
        expert_db.ExpertInput(kind="firm", name="华信检测技术有限公司", specialties=["qc_lab"]),
    )
    expert_db.add_conflict(ctx.engine, "qian", mine, "华东制药有限公司", "亲属任职", "2026-04-01")
    withdrawn = expert_db.add_conflict(ctx.engine, "qian", mine, "华北制药", "顾问", "2025-01-01")
    expert_db.withdraw_conflict(ctx.engine, "qian", mine, withdrawn)

    inspector = enrol(ctx, "wang", "inspector", ["team-a"])
    with live.client(inspector) as http:
        answer = http.get("/api/v1/experts")
    assert answer.status_code == 200
    got = {e["id"]: e for e in answer.json()["experts"]}
    assert set(got) == {everyone, mine, firm}
    assert got[mine]["conflicts"] == ["华东制药有限公司"]  # the withdrawn one is gone
    assert got[everyone]["employer"] == "江南药业有限公司"
    assert got[firm]["kind"] == "firm"
    assert all(set(e) == {"id", "kind", "name", "specialties", "employer", "conflicts"}
               for e in got.values())  # fmt: skip

    reviewer = enrol(ctx, "zhou", "reviewer", [])
    with live.client(reviewer) as http:
        assert len(http.get("/api/v1/experts").json()["experts"]) == 4  # all available
    with live.client() as http:  # no token
        assert http.get("/api/v1/experts").status_code == 401
