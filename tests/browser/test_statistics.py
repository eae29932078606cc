"""The statistics page in Chromium (issue 14): an inspection a real laptop made and synced is
counted, Chart.js (served by the console, no CDN) draws every chart under the console's
Content-Security-Policy, the annual summary reads as the sentence, and an export downloads
as an XLSX file with the reviewer's session."""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from tests.browser.conftest import DEFECTS, REVIEWER, REVIEWER_PASSWORD, Laptop, LiveServer
from tests.browser.test_console import by_id, sign_in

CHARTS = (
    "chart-grade",
    "chart-chapter",
    "chart-clauses",
    "chart-month",
    "chart-type",
    "chart-band",
    "chart-conclusions",
)


def test_statistics_page_draws_its_charts(
    browser: Any, live: LiveServer, laptop: Laptop, shots: Any
) -> None:
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "nav-statistics")))
    by_id(browser, "nav-statistics").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "period-form")))
    # The synced inspection is dated in some year; the whole period always holds it.
    by_id(browser, "period-all").click()
    WebDriverWait(browser, 10).until(ec.url_contains("all=1"))
    assert by_id(browser, "n-inspections").text == "1"
    assert by_id(browser, "n-defects").text == str(len(DEFECTS))
    assert by_id(browser, "n-companies").text == "1"

    # Every chart drawn by the vendored library (statistics.js marks a canvas it drew).
    WebDriverWait(browser, 10).until(
        lambda d: all(by_id(d, c).get_attribute("data-drawn") for c in CHARTS)
    )
    assert browser.execute_script("return typeof Chart") == "function"
    assert browser.execute_script("return Chart.version").startswith("4.")
    assert by_id(browser, "chart-grade").get_attribute("data-drawn") == "3"
    width = browser.execute_script("return document.getElementById('chart-grade').width")
    assert width > 100
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-grade tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == ["1", "1", "1"]
    scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
    assert all(s.startswith(live.url) for s in scripts if s), scripts  # nothing from a CDN
    shots(browser, "statistics")

    # An export downloads with the session (fetched from the page: headless Chromium saves
    # downloads silently); an XLSX file is a ZIP.
    head = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(document.getElementById('export-defects').href)
          .then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'),
                                                    Array.from(new Uint8Array(b).slice(0, 2))])))
          .catch(e => done(String(e)));
        """
    )
    assert head[0] == 200 and head[1].startswith("application/vnd.openxmlformats")
    assert head[2] == [0x50, 0x4B]  # "PK"

    by_id(browser, "annual-link").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "annual-sentence")))
    year = by_id(browser, "p-year").get_attribute("value")
    browser.get(f"{live.url}/console/statistics/annual?year={year}")
    sentence = by_id(browser, "annual-sentence").text
    assert sentence.startswith(f"{year}年，中心为")
    assert "技术服务" in sentence and "发现缺陷" in sentence
    shots(browser, "statistics-annual")
