"""Request-based statistics (issue 14) over Helper H's service requests: by service item,
acceptance to the report's first issue in working days, share on time, and the sentence's
technical services (pre-inspections + requests of other items). The reports are issued the
real way (server/issue.py), so the issue day is today: acceptance dates are set relative to
it (3 days before: on time; 90 days before: late against the seeded 20-working-day limit)."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
from tests.server import reviewdata

from inspector_app.server import admin, issue, review, service
from inspector_app.server.console import stats
from inspector_app.server.console.statistics import headline, summary_sentence

from .conftest import PASSWORD, sign_in


def test_requests_by_item_on_time_and_sentence(ctx, client) -> None:
    device, reviewer = reviewdata.team(ctx)
    today = service.china_today()
    company = "华东制药有限公司"  # reviewdata's inspections belong to this company

    def issued_request(accepted_days_ago: int) -> str:
        pushed = reviewdata.closed_inspection(ctx, device)
        review.approve(ctx, reviewer, pushed.inspection_id)
        rid = service.create_request(
            ctx.engine,
            reviewer,
            company=company,
            item_code="licence-pre",
            products="阿莫西林胶囊",
            received_on=today - timedelta(days=accepted_days_ago + 1),
        )
        service.accept(ctx.engine, reviewer, rid, today - timedelta(days=accepted_days_ago))
        service.link(ctx.engine, reviewer, rid, pushed.inspection_id)
        issue.issue_report(ctx, reviewer, pushed.inspection_id)
        return rid

    issued_request(3)
    issued_request(90)
    # Open and accepted long ago: overdue today. Another item, received only.
    open_one = service.create_request(
        ctx.engine,
        reviewer,
        company=company,
        item_code="licence-pre",
        products="头孢",
        received_on=today - timedelta(days=61),
    )
    service.accept(ctx.engine, reviewer, open_one, today - timedelta(days=60))
    service.create_request(
        ctx.engine,
        reviewer,
        company="江北检验客户有限公司",
        item_code="registration-testing",
        products="注射剂",
        received_on=today,
    )

    figures = stats.request_figures(ctx.engine, stats.Period())
    assert figures.problem == ""
    by_code = {i.code: i for i in figures.items}
    assert [i.code for i in figures.items] == ["licence-pre", "registration-testing"]
    pre = by_code["licence-pre"]
    assert (pre.requests, pre.accepted, pre.done, pre.on_time, pre.late, pre.overdue) == (
        3,
        3,
        2,
        1,
        1,
        1,
    )
    assert pre.share_on_time == 0.5
    assert sorted(pre.calendar_days) == [3, 90]
    assert len(pre.working_days) == 2 and min(pre.working_days) <= 3 < 20 < max(pre.working_days)
    testing = by_code["registration-testing"]
    assert (testing.requests, testing.accepted, testing.share_on_time) == (1, 0, None)
    total = figures.total
    assert (total.requests, total.on_time, total.late) == (4, 1, 1)
    assert figures.companies == {company, "江北检验客户有限公司"}

    s = stats.statistics(ctx.engine, stats.Period())
    h = headline(s, figures)
    # 2 pre-inspections (the synced inspections) + 1 request of another item; 2 companies.
    assert (h.pre_inspections, h.services, h.companies) == (2, 3, 2)
    assert summary_sentence("zh", 2026, s, figures).startswith(
        "2026年，中心为2家企业提供3次技术服务，其中预检查2次，发现缺陷4条"
    )

    # On the page and in the export.
    admin.set_password(ctx.engine, reviewer, PASSWORD)
    assert sign_in(client, reviewer).status_code == 303
    page = client.get("/console/statistics?all=1")
    assert page.status_code == 200 and 'id="table-items"' in page.text
    assert "许可预检查" in page.text and "50.0%" in page.text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/console/statistics/export/requests.xlsx?all=1").content)
    )
    rows = [[c.value for c in r] for r in book["按服务事项"].iter_rows()]
    assert rows[0][:8] == [
        "服务事项",
        "委托数",
        "已受理",
        "已办结",
        "按时办结",
        "超时办结",
        "在办超期",
        "按时办结率",
    ]
    assert rows[1][:8] == ["许可预检查", 3, 3, 2, 1, 1, 1, 0.5]
    assert rows[1][9] == 46.5  # (3 + 90) / 2 calendar days
    assert rows[2][:8] == ["注册检验", 1, 0, 0, 0, 0, 0, None]
    assert rows[3][:8] == ["合计", 4, 3, 2, 1, 1, 1, 0.5]
    assert book["按服务事项"]["H2"].number_format == "0.00%"
