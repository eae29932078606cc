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
