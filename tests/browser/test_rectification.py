"""Companies' rectification in a real Chromium against a real server (SQLite and PostgreSQL):
the reviewer makes a company account; the company signs in with its one-time password, sees
only its issued report, answers every defect (cause, CAPA, completion date, an evidence file)
and objects to one; the reviewer verifies (one not sufficient, the rest accepted) and answers
the objection; the company sees the outcome, answers the insufficient one again and rates the
service. The approval and issue are the server's own functions (the console test walks them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from tests.browser.conftest import COMPANY, REVIEWER, REVIEWER_PASSWORD, Laptop, LiveServer, Shots
from tests.browser.test_console import by_id, gone, sign_in, submit, type_into

from inspector_app.server import issue, review


def set_date(driver: Any, element_id: str, day: str) -> None:
    driver.execute_script("arguments[0].value = arguments[1]", by_id(driver, element_id), day)


def sign_out(driver: Any) -> None:
    submit(driver, "logout-button")


def test_a_company_answers_every_defect_and_the_reviewer_verifies(
    browser: Any, live: LiveServer, laptop: Laptop, tmp_path: Path, shots: Shots
) -> None:
    iid = laptop.inspection_id
    review.approve(live.ctx, REVIEWER, iid)
    issued = issue.issue_report(live.ctx, REVIEWER, iid)
    defect_ids = list(laptop.defects.values())

    # The reviewer makes the company's account; its one-time password is shown once.
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    browser.get(f"{live.url}/console/companies")
    type_into(browser, "ca-name", "huadong")
    type_into(browser, "ca-display", "张质量")
    type_into(browser, "ca-company", COMPANY)
    submit(browser, "ca-add")
    found = re.search(r"：(\S+)$", by_id(browser, "account-added").text)
    assert found, by_id(browser, "account-added").text
    password = found.group(1)
    sign_out(browser)

    # The company: its own issued report only, defects as issued.
    sign_in(browser, live, "huadong", password)
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.company-report")
    assert [r.get_attribute("data-inspection") for r in rows] == [iid]
    assert gone(browser, "nav-inspections") and gone(browser, "nav-requests")
    rows[0].find_element(By.CSS_SELECTOR, "a.open-report").click()
    assert by_id(browser, "report-number").text == issued.number
    assert by_id(browser, "objection-window").get_attribute("data-open") == "yes"
    evidence = tmp_path / "整改记录.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% corrective action record\n%%EOF\n")
    for n, did in enumerate(defect_ids):
        type_into(browser, f"rect-{did}-cause", f"原因分析{n + 1}：培训不到位")
        type_into(browser, f"rect-{did}-actions", f"纠正预防措施{n + 1}：修订SOP并培训")
        set_date(browser, f"rect-{did}-completed", "2026-12-10")
        by_id(browser, f"rect-{did}-files").send_keys(str(evidence))
        submit(browser, f"rect-{did}-submit")
        section = by_id(browser, f"defect-{did}")
        status = section.find_element(By.CSS_SELECTOR, ".rc-status")
        assert status.get_attribute("data-status") == "submitted", section.text
        assert "整改记录.pdf" in section.text
    first, second = defect_ids[0], defect_ids[1]
    type_into(browser, f"object-{second}-reasons", "该记录现场已提供，见附件")
    submit(browser, f"object-{second}-button")
    objection = by_id(browser, f"defect-{second}").find_element(By.CSS_SELECTOR, ".rc-objection")
    assert objection.get_attribute("data-outcome") == "open"
    browser.execute_script("window.scrollTo(0, 0)")
    shots(browser, "company-rectification")
    sign_out(browser)

    # The reviewer verifies: the first not sufficient, the rest accepted; answers the objection.
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    by_id(browser, "nav-rectification").click()
    row = browser.find_element(By.CSS_SELECTOR, f'tr.center-report[data-inspection="{iid}"]')
    assert f"待确认 {len(defect_ids)}" in row.text and "待答复异议 1" in row.text
    row.find_element(By.CSS_SELECTOR, "a.open-rectification").click()
    for did in defect_ids:
        state = "insufficient" if did == first else "accepted"
        by_id(browser, f"verify-{did}-{state}").click()
        if did == first:
            type_into(browser, f"verify-{did}-comment", "缺少培训签到记录")
        submit(browser, f"verify-{did}-button")
        box = by_id(browser, f"defect-{did}").find_element(By.CSS_SELECTOR, ".rc-verification")
        assert box.get_attribute("data-state") == state
    by_id(browser, f"answer-{second}-upheld").click()
    type_into(browser, f"answer-{second}-reason", "核实属实，该缺陷撤销")
    submit(browser, f"answer-{second}-button")
    assert "核实属实" in by_id(browser, f"defect-{second}").text
    browser.execute_script("window.scrollTo(0, 0)")
    shots(browser, "center-rectification")
    sign_out(browser)

    # The company sees the outcome, answers the insufficient one again, and rates the service.
    sign_in(browser, live, "huadong", password)
    browser.get(f"{live.url}/console/company/inspections/{iid}")
    section = by_id(browser, f"defect-{first}")
    assert "缺少培训签到记录" in section.text
    assert section.find_element(By.CSS_SELECTOR, ".rc-status").get_attribute("data-status") == (
        "insufficient"
    )
    upheld = by_id(browser, f"defect-{second}").find_element(By.CSS_SELECTOR, ".rc-objection")
    assert upheld.get_attribute("data-outcome") == "upheld"
    for did in defect_ids[1:]:
        status = by_id(browser, f"defect-{did}").find_element(By.CSS_SELECTOR, ".rc-status")
        assert status.get_attribute("data-status") == "accepted"
        assert gone(browser, f"rect-{did}")  # accepted: no form
    type_into(browser, f"rect-{first}-actions", "补充培训签到记录并复训")
    submit(browser, f"rect-{first}-submit")
    section = by_id(browser, f"defect-{first}")
    assert "第 2 轮" in section.text
    by_id(browser, "rating-5").click()
    type_into(browser, "rate-comment", "检查专业，反馈及时")
    submit(browser, "rate-button")
    assert by_id(browser, "rated").get_attribute("data-rating") == "5"
    whats = [
        r.get_attribute("data-what")
        for r in browser.find_elements(By.CSS_SELECTOR, "tr.rc-audit-row")
    ]
    assert whats.count("verify") == len(defect_ids) and whats[-1] == "rate"
    # the center's other pages stay closed to the company
    browser.get(f"{live.url}/console/inspections/{iid}")
    assert "无权访问" in browser.page_source
    # No final conclusion for the company before the center issues it.
    browser.get(f"{live.url}/console/company/inspections/{iid}")
    assert by_id(browser, "as-none") and gone(browser, "as-pdf")
    sign_out(browser)

    # The reviewer: issuing is refused while the answer waits; verified, it is issued.
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    browser.get(f"{live.url}/console/rectification/{iid}")
    # A critical defect: 不符合要求 at the first step, which has no second step.
    assert by_id(browser, "as-state").get_attribute("data-state") == "single_step"
    submit(browser, "as-issue")
    assert "尚未评定" in by_id(browser, "as-refused").text
    assert gone(browser, "as-issued")
    by_id(browser, f"verify-{first}-accepted").click()
    submit(browser, f"verify-{first}-button")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.as-defect")
    assert [r.get_attribute("data-status") for r in rows] == ["accepted", "withdrawn"] + [
        "accepted"
    ] * (len(defect_ids) - 2)
    submit(browser, "as-issue")
    assert by_id(browser, "as-issued-ok")
    number = by_id(browser, "as-issued").get_attribute("data-number")
    assert number == f"{issued.number}-ZG"
    report = fetch_pdf(browser, by_id(browser, "as-pdf").get_attribute("href"))
    by_id(browser, "assessment").location_once_scrolled_into_view  # noqa: B018
    shots(browser, "center-final-assessment")
    shots.pdf(report, "rectification-report")
    sign_out(browser)

    # The company sees the final conclusion and downloads the same report.
    sign_in(browser, live, "huadong", password)
    browser.get(f"{live.url}/console/company/inspections/{iid}")
    assert by_id(browser, "as-issued").get_attribute("data-number") == number
    assert "不符合要求" in by_id(browser, "as-first").text
    assert fetch_pdf(browser, by_id(browser, "as-pdf").get_attribute("href")) == report


def fetch_pdf(driver: Any, url: str) -> bytes:
    """A download with the page's session (headless Chromium saves downloads silently)."""
    import base64

    status, kind, data = driver.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.blob().then(b => {"
        " const f = new FileReader();"
        " f.onload = () => done([r.status, r.headers.get('content-type'), f.result]);"
        " f.readAsDataURL(b); }));",
        url,
    )
    pdf = base64.b64decode(data.split(",", 1)[1])
    assert status == 200 and kind == "application/pdf" and pdf.startswith(b"%PDF-")
    return pdf
