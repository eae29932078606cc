"""The expert pool in a real Chromium against a real server (SQLite and PostgreSQL): a
reviewer adds an expert (a refused form first), records a conflict of interest, uploads the
scanned confidentiality agreement and finds the entry by specialty — with the browser only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from tests.browser.conftest import REVIEWER, REVIEWER_PASSWORD, LiveServer, Shots
from tests.browser.test_console import by_id, sign_in, submit, type_into

from inspector_app.server import expert_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def set_date(driver: Any, element_id: str, day: str) -> None:
    driver.execute_script("arguments[0].value = arguments[1]", by_id(driver, element_id), day)


def tick(driver: Any, element_id: str) -> None:
    box = by_id(driver, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()


def test_add_an_expert_record_a_conflict_and_upload_the_agreement(
    browser: Any, live: LiveServer, shots: Shots, tmp_path: Path
) -> None:
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    by_id(browser, "nav-experts").click()
    by_id(browser, "no-experts")

    # no specialty chosen: refused beside the field, what was typed kept, nothing stored
    type_into(browser, "add-name", "孙专家")
    type_into(browser, "add-employer", "江南药业有限公司")
    submit(browser, "add-expert-button")
    assert "请至少选择一个专业领域" in by_id(browser, "add-specialties-error").text
    assert by_id(browser, "add-name").get_attribute("value") == "孙专家"
    assert expert_db.list_experts(live.ctx.engine) == []

    tick(browser, "add-sp-sterile")
    tick(browser, "add-sp-qc_lab")
    set_date(browser, "add-agreement-date", "2026-03-01")
    submit(browser, "add-expert-button")
    assert by_id(browser, "expert-name").text.startswith("孙专家")
    assert by_id(browser, "notice").text == "已添加"
    assert by_id(browser, "expert-agreement-date").text == "2026-03-01"

    type_into(browser, "conflict-company", "华东制药有限公司")
    type_into(browser, "conflict-reason", "曾任其质量顾问")
    set_date(browser, "conflict-declared-on", "2026-05-06")
    submit(browser, "add-conflict-button")
    assert by_id(browser, "notice").text == "利益冲突已登记"
    rows = by_id(browser, "conflict-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1 and "华东制药有限公司" in rows[0].text and REVIEWER in rows[0].text

    scan = tmp_path / "保密协议.pdf"
    scan.write_bytes(PDF)
    by_id(browser, "agreement-file").send_keys(str(scan))
    submit(browser, "upload-agreement-button")
    assert by_id(browser, "notice").text == "扫描件已保存"
    assert "保密协议.pdf" in by_id(browser, "expert-agreement-file").text
    history = by_id(browser, "history-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[2].text for r in history] == [
        "添加",
        "登记利益冲突",
        "上传保密协议",
    ]
    shots(browser, "expert-entry")

    by_id(browser, "back-to-experts").click()
    Select(by_id(browser, "filter-specialty")).select_by_value("qc_lab")
    submit(browser, "filter-button")
    table = by_id(browser, "expert-table")
    assert "孙专家" in table.text and "华东制药有限公司" in table.text
    Select(by_id(browser, "filter-specialty")).select_by_value("ivd")
    submit(browser, "filter-button")
    assert by_id(browser, "no-experts").is_displayed()
