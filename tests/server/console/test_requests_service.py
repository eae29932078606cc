"""Service requests on the server (SQLite and PostgreSQL): the catalogue with its versions,
a request from received to accepted, clock stops, linked inspections and the issued report
ending the clock, and refusals that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from tests.server import reviewdata

from inspector_app.server import issue, review, service
from inspector_app.server.service import RequestFilter, RequestRefused
from inspector_app.server.service_db import request_events, service_requests

D = dt.date.fromisoformat
CAL = service.work_calendar()


def _issued_at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Issue reports at a fixed time, so the deadline does not depend on the wall clock."""
    at = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
    monkeypatch.setattr(issue, "utc_now", lambda: at)


def test_catalogue_lists_pre_inspection_first_and_keeps_versions(ctx) -> None:
    items = service.catalogue(ctx.engine)
    names = [i.name for i in items]
    assert names[0] == "许可预检查" and items[0].pre_inspection
    assert {"注册核查", "注册检验", "GMP符合性检查", "管理体系认证"} <= set(names)
    service.save_item(
        ctx.engine,
        "zhao",
        "gmp-compliance",
        name="GMP符合性检查",
        pre_inspection=False,
        position=4,
        limit_days=30,
        report_template="full",
        retired=False,
        reason="中心2026年第3次主任办公会核定",
        new=False,
    )
    history = service.item_history(ctx.engine, "gmp-compliance")
    assert [(h.version, h.limit_days) for h in history] == [(2, 30), (1, 20)]
    assert history[0].changed_by == "zhao"
    service.save_item(
        ctx.engine,
        "zhao",
        "gmp-pre",
        name="GMP符合性检查预检查",
        pre_inspection=True,
        position=2,
        limit_days=15,
        report_template="defect-list",
        retired=False,
        reason="新增",
        new=True,
    )
    assert [i.code for i in service.catalogue(ctx.engine)][:2] == ["licence-pre", "gmp-pre"]
    with pytest.raises(RequestRefused) as refused:
        service.save_item(
            ctx.engine,
            "zhao",
            "x",
            name="注册核查",
            pre_inspection=False,
            position=9,
            limit_days=10,
            report_template="full",
            retired=False,
            reason="",
            new=True,
        )
    assert refused.value.key == "item_name_taken" and "registration-verification" in str(
        refused.value
    )
    with pytest.raises(RequestRefused, match="outside"):
        service.save_item(
            ctx.engine,
            "zhao",
            "gmp-pre",
            name="GMP符合性检查预检查",
            pre_inspection=True,
            position=2,
            limit_days=0,
            report_template="full",
            retired=False,
            reason="",
            new=False,
        )
    assert len(service.item_history(ctx.engine, "gmp-pre")) == 1


def test_request_lifecycle_with_a_clock_stop_and_an_issued_report(ctx, monkeypatch) -> None:
    device, reviewer = reviewdata.team(ctx)
    rid = service.create_request(
        ctx.engine,
        reviewer,
        company="华东制药有限公司",
        item_code="licence-pre",
        products="阿莫西林胶囊",
        received_on=D("2026-09-25"),
        requested_start=D("2026-10-12"),
        requested_end=D("2026-10-13"),
    )
    got = service.get_request(ctx.engine, rid, CAL, D("2026-09-28"))
    assert got is not None and got.state == "received" and got.deadline is None
    service.accept(ctx.engine, reviewer, rid, D("2026-09-30"))
    # 20 working days from 2026-09-30 across National Day (make-up Sat 10-10 counts).
    got = service.get_request(ctx.engine, rid, CAL, D("2026-10-09"))
    assert got.limit_days == 20 and got.deadline.due_on == D("2026-11-03")
    assert (got.deadline.used, got.state) == (2, "running")
    # A later change of the item's limit does not move an accepted request.
    service.save_item(
        ctx.engine,
        reviewer,
        "licence-pre",
        name="许可预检查",
        pre_inspection=True,
        position=1,
        limit_days=10,
        report_template="full",
        retired=False,
        reason="核定",
        new=False,
    )
    service.stop_clock(ctx.engine, reviewer, rid, D("2026-10-12"), "待企业补充验证资料")
    got = service.get_request(ctx.engine, rid, CAL, D("2026-10-20"))
    assert got.state == "stopped" and got.deadline.due_on is None and got.limit_days == 20
    service.resume_clock(ctx.engine, reviewer, rid, D("2026-10-19"))
    got = service.get_request(ctx.engine, rid, CAL, D("2026-10-20"))
    # Counted: 10-08, 09, 10, 12 (stop day), then from 10-20 on: 16 more → 2026-11-10.
    assert got.deadline.due_on == D("2026-11-10") and got.state == "running"

    pushed = reviewdata.closed_inspection(ctx, device)
    service.link(ctx.engine, reviewer, rid, pushed.inspection_id)
    review.approve(ctx, reviewer, pushed.inspection_id)
    _issued_at(monkeypatch, "2026-11-10T09:00:00")  # 17:00 in China, the due day
    issue.issue_report(ctx, reviewer, pushed.inspection_id)
    got = service.get_request(ctx.engine, rid, CAL, D("2026-12-01"))
    assert got.inspections[0].issued_on == D("2026-11-10")
    assert got.done_on == D("2026-11-10") and got.state == "on_time"
    whats = [e["what"] for e in got.events]
    assert whats == ["received", "accepted", "clock_stopped", "clock_resumed", "linked"]
    assert all(e["who"] == reviewer and e["at"] for e in got.events)
    # Done: the clock can no longer be stopped.
    with pytest.raises(RequestRefused) as refused:
        service.stop_clock(ctx.engine, reviewer, rid, D("2026-11-20"), "x")
    assert refused.value.key == "request_done"


def test_a_request_with_two_inspections_is_done_when_both_are_issued(ctx, monkeypatch) -> None:
    device, reviewer = reviewdata.team(ctx)
    rid = service.create_request(
        ctx.engine,
        reviewer,
        company="华东制药有限公司",
        item_code="gmp-compliance",
        products="片剂、胶囊剂",
        received_on=D("2026-03-02"),
    )
    service.accept(ctx.engine, reviewer, rid, D("2026-03-02"))  # due 2026-03-30 (20 days)
    first = reviewdata.closed_inspection(ctx, device)
    second = reviewdata.closed_inspection(ctx, device)
    for pushed in (first, second):
        service.link(ctx.engine, reviewer, rid, pushed.inspection_id)
        review.approve(ctx, reviewer, pushed.inspection_id)
    _issued_at(monkeypatch, "2026-03-20T02:00:00")
    issue.issue_report(ctx, reviewer, first.inspection_id)
    got = service.get_request(ctx.engine, rid, CAL, D("2026-04-01"))
    assert got.done_on is None and got.state == "overdue" and got.deadline.left == -2
    _issued_at(monkeypatch, "2026-03-31T02:00:00")
    issue.issue_report(ctx, reviewer, second.inspection_id)
    got = service.get_request(ctx.engine, rid, CAL, D("2026-04-01"))
    assert got.done_on == D("2026-03-31") and got.state == "late" and got.deadline.left == -1


def test_refusals_change_nothing_and_say_why(ctx) -> None:
    device, reviewer = reviewdata.team(ctx)
    rid = service.create_request(
        ctx.engine,
        reviewer,
        company="华东制药有限公司",
        item_code="licence-pre",
        products="",
        received_on=D("2026-05-06"),
    )
    other = reviewdata.closed_inspection(ctx, device)

    def count() -> tuple[int, int]:
        with ctx.engine.connect() as conn:
            return (
                conn.execute(select(func.count()).select_from(request_events)).scalar_one(),
                conn.execute(select(func.count()).select_from(service_requests)).scalar_one(),
            )

    before = count()
    cases = [
        (
            "not_accepted",
            lambda: service.stop_clock(ctx.engine, reviewer, rid, D("2026-05-07"), "r"),
        ),
        ("not_accepted", lambda: service.link(ctx.engine, reviewer, rid, other.inspection_id)),
        (
            "accept_before_received",
            lambda: service.accept(ctx.engine, reviewer, rid, D("2026-05-05")),
        ),
        ("not_stopped", lambda: service.resume_clock(ctx.engine, reviewer, rid, D("2026-05-07"))),
        (
            "item_unknown",
            lambda: service.create_request(
                ctx.engine,
                reviewer,
                company="x",
                item_code="nope",
                products="",
                received_on=D("2026-05-06"),
            ),
        ),
        (
            "dates_reversed",
            lambda: service.create_request(
                ctx.engine,
                reviewer,
                company="x",
                item_code="licence-pre",
                products="",
                received_on=D("2026-05-06"),
                requested_start=D("2026-06-02"),
                requested_end=D("2026-06-01"),
            ),
        ),
    ]
    for key, call in cases:
        with pytest.raises(RequestRefused) as refused:
            call()
        assert refused.value.key == key, (key, refused.value)
    assert count() == before
    service.accept(ctx.engine, reviewer, rid, D("2026-05-06"))
    with pytest.raises(RequestRefused, match="accepted on 2026-05-06"):
        service.accept(ctx.engine, reviewer, rid, D("2026-05-07"))
    service.stop_clock(ctx.engine, reviewer, rid, D("2026-05-08"), "缺资料")
    with pytest.raises(RequestRefused, match="stopped on 2026-05-08"):
        service.stop_clock(ctx.engine, reviewer, rid, D("2026-05-09"), "again")
    with pytest.raises(RequestRefused, match="before the stop"):
        service.resume_clock(ctx.engine, reviewer, rid, D("2026-05-07"))
    with pytest.raises(RequestRefused) as refused:
        service.link(ctx.engine, reviewer, rid, "no-such-inspection")
    assert refused.value.key == "inspection_unknown"
    other_rid = service.create_request(
        ctx.engine,
        reviewer,
        company="江南生物制药股份有限公司",
        item_code="licence-pre",
        products="",
        received_on=D("2026-05-06"),
    )
    service.accept(ctx.engine, reviewer, other_rid, D("2026-05-06"))
    with pytest.raises(RequestRefused) as refused:
        service.link(ctx.engine, reviewer, other_rid, other.inspection_id)
    assert refused.value.key == "company_differs" and "华东制药有限公司" in str(refused.value)
    service.link(ctx.engine, reviewer, rid, other.inspection_id)
    with pytest.raises(RequestRefused) as refused:
        service.link(ctx.engine, reviewer, rid, other.inspection_id)
    assert refused.value.key == "inspection_taken"


def test_list_filters_and_orders_by_urgency(ctx) -> None:
    _device, reviewer = reviewdata.team(ctx)

    def make(company: str, accepted: str | None, item: str = "licence-pre") -> str:
        rid = service.create_request(
            ctx.engine,
            reviewer,
            company=company,
            item_code=item,
            products="",
            received_on=D("2026-06-01"),
        )
        if accepted:
            service.accept(ctx.engine, reviewer, rid, D(accepted))
        return rid

    today = D("2026-07-01")
    late = make("甲药业", "2026-06-01")  # due 2026-06-30: overdue
    soon = make("乙药业", "2026-06-03")  # due 2026-07-02 (06-19 is 端午): 1 left
    calm = make("丙药业", "2026-06-29", item="gmp-compliance")
    waiting = make("丁药业", None)
    rows = service.list_requests(ctx.engine, RequestFilter(), CAL, today)
    assert [r.id for r in rows] == [late, soon, calm, waiting]
    assert [r.state for r in rows] == ["overdue", "due_soon", "running", "received"]
    only = service.list_requests(ctx.engine, RequestFilter(state="due_soon"), CAL, today)
    assert [r.id for r in only] == [soon]
    by_item = service.list_requests(
        ctx.engine, RequestFilter(item_code="gmp-compliance"), CAL, today
    )
    assert [r.id for r in by_item] == [calm]
    by_company = service.list_requests(ctx.engine, RequestFilter(company="乙"), CAL, today)
    assert [r.id for r in by_company] == [soon]


def test_a_deadline_past_the_known_years_is_a_problem_not_a_guess(ctx, tmp_path) -> None:
    _device, reviewer = reviewdata.team(ctx)
    rid = service.create_request(
        ctx.engine,
        reviewer,
        company="甲药业",
        item_code="licence-pre",
        products="",
        received_on=D("2026-12-10"),
    )
    service.accept(ctx.engine, reviewer, rid, D("2026-12-10"))
    got = service.get_request(ctx.engine, rid, CAL, D("2026-12-11"))
    assert got.state == "unknown" and got.deadline is None
    assert "2027-01-01" in got.problem and "2026" in got.problem
    # The center adds 2027 to its override file: the deadline is computed.
    path = tmp_path / "holiday-overrides.yaml"
    path.write_text("years:\n  2027:\n    holidays: [2027-01-01]\n", encoding="utf-8")
    got = service.get_request(ctx.engine, rid, service.work_calendar(path), D("2026-12-11"))
    # Dec 11..31 has 15 working days; then Jan 4..8 (Jan 1 off) → the 20th is 2027-01-08.
    assert got.deadline.due_on == D("2027-01-08")


def test_outcomes_for_the_statistics(ctx, monkeypatch) -> None:
    device, reviewer = reviewdata.team(ctx)

    def done(company: str, accepted: str, issued_utc: str | None) -> str:
        rid = service.create_request(
            ctx.engine,
            reviewer,
            company="华东制药有限公司",
            item_code="licence-pre",
            products=company,
            received_on=D(accepted),
        )
        service.accept(ctx.engine, reviewer, rid, D(accepted))
        pushed = reviewdata.closed_inspection(ctx, device)
        service.link(ctx.engine, reviewer, rid, pushed.inspection_id)
        if issued_utc:
            review.approve(ctx, reviewer, pushed.inspection_id)
            _issued_at(monkeypatch, issued_utc)
            issue.issue_report(ctx, reviewer, pushed.inspection_id)
        return rid

    on_time = done("a", "2026-03-02", "2026-03-20T02:00:00")  # due 2026-03-30
    late = done("b", "2026-03-02", "2026-03-31T02:00:00")
    done("c", "2026-03-02", None)  # not issued: not an outcome
    done("d", "2026-03-02", "2026-05-06T02:00:00")  # issued after the period
    rows, problems = service.outcomes(ctx.engine, CAL, D("2026-03-01"), D("2026-04-30"))
    assert problems == []
    got = {r.request_id: r for r in rows}
    assert set(got) == {on_time, late}
    assert (got[on_time].on_time, got[on_time].used) == (True, 14)
    assert (got[late].on_time, got[late].used, got[late].limit_days) == (False, 21, 20)
    assert got[on_time].pre_inspection and got[on_time].item_name == "许可预检查"
    assert got[on_time].done_on == D("2026-03-20") and len(got[on_time].inspections) == 1
