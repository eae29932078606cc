"""A service request in a real Chromium against a real server (SQLite and PostgreSQL): a
reviewer records it as received, accepts it, stops the clock while the company owes
material, resumes it, links the inspection a laptop synced, and sees it overdue and then,
once the report is issued, done late — with the browser only, except the approval and issue,
which the review-console test walks through already."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from tests.browser.conftest import (
    COMPANY,
    REVIEWER,
    REVIEWER_PASSWORD,
    Laptop,
    LiveServer,
    Shots,
)
from tests.browser.test_console import by_id, gone, sign_in, submit, type_into

from inspector_app.server import issue, review, service

D = dt.date.fromisoformat


def set_date(driver: Any, element_id: str, day: str) -> None:
    """A date input's value, as the picker leaves it (typing into one depends on the locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", by_id(driver, element_id), day)


def test_request_received_accepted_stopped_resumed_linked_and_issued_late(
    browser: Any,
    live: LiveServer,
    laptop: Laptop,
    monkeypatch: pytest.MonkeyPatch,
    shots: Shots,
) -> None:
    today = {"value": D("2026-09-25")}
    monkeypatch.setattr(service, "china_today", lambda: today["value"])
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    by_id(browser, "nav-requests").click()
    by_id(browser, "no-requests")
    by_id(browser, "new-request").click()

    type_into(browser, "rq-company", COMPANY)
    Select(by_id(browser, "rq-item")).select_by_value("licence-pre")
    type_into(browser, "rq-products", "注射用头孢曲松钠")
    set_date(browser, "rq-received", "2026-09-25")
    submit(browser, "request-save")
    assert by_id(browser, "rq-state").text == "待受理"

    set_date(browser, "accept-on", "2026-09-30")
    submit(browser, "accept-button")
    assert by_id(browser, "request-saved").is_displayed()
    assert by_id(browser, "rq-due").text == "2026-11-03"

    set_date(browser, "stop-on", "2026-10-12")
    type_into(browser, "stop-reason", "待企业补充无菌工艺验证资料")
    submit(browser, "stop-button")
    assert by_id(browser, "rq-state").text == "计时暂停"
    assert by_id(browser, "rq-due").text == "—"

    set_date(browser, "resume-on", "2026-10-19")
    submit(browser, "resume-button")
    assert by_id(browser, "rq-due").text == "2026-11-10"

    Select(by_id(browser, "link-inspection")).select_by_value(laptop.inspection_id)
    submit(browser, "link-button")
    assert by_id(browser, f"linked-{laptop.inspection_id}").is_displayed()
    assert gone(browser, "link-inspection")  # nothing else of this company to link

    # The day after the due date, not issued: overdue in the list, first.
    today["value"] = D("2026-11-11")
    by_id(browser, "back-to-requests").click()
    row = by_id(browser, "request-table").find_element(By.CSS_SELECTOR, "tbody tr")
    assert row.get_attribute("data-state") == "overdue"
    assert "已超期" in row.text and "2026-11-10" in row.text
    shots(browser, "requests")

    review.approve(live.ctx, REVIEWER, laptop.inspection_id)
    at = dt.datetime(2026, 11, 11, 2, 0, tzinfo=dt.UTC)  # 10:00 in China, a day late
    monkeypatch.setattr(issue, "utc_now", lambda: at)
    issue.issue_report(live.ctx, REVIEWER, laptop.inspection_id)
    today["value"] = D("2026-11-20")
    browser.refresh()
    row = by_id(browser, "request-table").find_element(By.CSS_SELECTOR, "tbody tr")
    assert row.get_attribute("data-state") == "late"
    assert "超期办结" in row.text and "报告签发 2026-11-11" in row.text
    row.find_element(By.CSS_SELECTOR, "a.open-request").click()
    assert by_id(browser, "rq-state").text == "超期办结"
    assert by_id(browser, "rq-left").text == "报告签发 2026-11-11（超期 1 个工作日）"
    assert gone(browser, "stop-form") and gone(browser, "resume-form")
    history = by_id(browser, "history-table").text
    for words in (
        "登记收件",
        "受理（2026-09-30）",
        "暂停计时（2026-10-12）",
        "恢复计时（2026-10-19）",
    ):
        assert words in history
    assert history.count(REVIEWER) == 5
    shots(browser, "request")


def test_an_inspection_created_from_the_requests_page_reaches_the_teams_laptop(
    browser: Any,
    live: LiveServer,
    laptop: Laptop,
    monkeypatch: pytest.MonkeyPatch,
    shots: Shots,
) -> None:
    from inspector_app.operations import inspections as ops
    from inspector_app.server import expert_db

    monkeypatch.setattr(service, "china_today", lambda: D("2026-10-09"))

    def expert(name: str, employer: str) -> str:
        return expert_db.add_expert(
            live.ctx.engine,
            REVIEWER,
            expert_db.ExpertInput(
                kind="expert",
                name=name,
                specialties=["sterile"],
                employer=employer,
                teams=[],
                available=True,
                note="",
            ),
        )

    sun = expert("孙专家", "江南药业有限公司")
    own = expert("周专家", "华东制药（集团）有限公司")  # the company's own group: refused
    rid = service.create_request(
        live.ctx.engine,
        REVIEWER,
        company=COMPANY,
        item_code="licence-pre",
        products="注射用头孢曲松钠",
        received_on=D("2026-09-25"),
    )
    service.accept(live.ctx.engine, REVIEWER, rid, D("2026-09-30"))
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    browser.get(f"{live.url}/console/requests/{rid}")

    Select(by_id(browser, "create-team")).select_by_value("team-1")
    Select(by_id(browser, "create-type")).select_by_value("gmp_compliance")
    Select(by_id(browser, "create-checklist")).select_by_value("mini-gmp")
    by_id(browser, "create-tag-mini-gmp-sterile").click()
    set_date(browser, "create-start", "2026-10-12")
    set_date(browser, "create-end", "2026-10-13")
    type_into(browser, "create-document", "预检〔2026〕9号")
    Select(by_id(browser, "m1-expert")).select_by_value(own)
    Select(by_id(browser, "m1-role")).select_by_value("lead")
    type_into(browser, "m2-name", "中心李工")
    submit(browser, "create-button")
    failure = by_id(browser, "request-failure").text
    assert "第 1 名组员不能参加" in failure and "华东制药（集团）有限公司" in failure
    assert by_id(browser, "no-linked").is_displayed()  # nothing was written
    # What was typed is kept; only the expert changes.
    assert by_id(browser, "create-document").get_attribute("value") == "预检〔2026〕9号"
    assert by_id(browser, "m2-name").get_attribute("value") == "中心李工"

    Select(by_id(browser, "m1-expert")).select_by_value(sun)
    shots(browser, "request-create")
    submit(browser, "create-button")
    assert by_id(browser, "request-saved").is_displayed()
    linked = browser.find_elements(By.CSS_SELECTOR, "#linked-table tbody tr[id^='linked-']")
    assert len(linked) == 1
    iid = linked[0].get_attribute("id").removeprefix("linked-")
    history = by_id(browser, "history-table").text
    assert f"创建检查 {iid}（team-1，mini-gmp v1）" in history

    # The team's laptop receives it on its next sync, with the request's deadline.
    assert laptop.sync().ok
    row = next(r for r in ops.list_inspections(laptop.app) if r.id == iid)
    assert row.status == "draft" and row.planned_start == "2026-10-12"
    assert row.deadline is not None and row.deadline.due_on == "2026-11-03"
    assert row.deadline.left == 18
    team = ops.load_inspection(laptop.app, iid).team
    assert sorted((m.name, m.role.value) for m in team) == [
        ("中心李工", "member"),
        ("孙专家", "lead"),
    ]
