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


def test_a_seeded_year_on_the_statistics_pages(browser: Any, live: LiveServer, shots: Any) -> None:
    """The seeded year of the server tests (37 pre-inspections, 174 defects, 25 companies)
    pushed to the live server, plus two requests of another item: the pages show the
    figures and the sentence reads as the center reports it. The README's screenshots."""
    from datetime import date

    from tests.server.conftest import enrol
    from tests.server.console.conftest import CHECKLIST, CHECKLISTS_DIR
    from tests.server.console.test_statistics import seed_year

    from inspector_app.server import admin, service

    ctx = live.ctx
    admin.add_checklist_file(ctx.engine, CHECKLISTS_DIR / f"{CHECKLIST[0]}.v{CHECKLIST[1]}.yaml")
    raw = seed_year(ctx, enrol(ctx, "zhou", "inspector", ["team-s"]))
    live_defects = len(raw["defects"])
    assert live_defects == 174
    for n, company in enumerate(("北方生物制药有限公司", "南山医疗器械有限公司")):
        service.create_request(
            ctx.engine,
            REVIEWER,
            company=company,
            item_code="registration-testing",
            products="样品",
            received_on=date(2026, 4 + n, 10),
        )

    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    browser.get(f"{live.url}/console/statistics?year=2026")
    WebDriverWait(browser, 10).until(
        lambda d: all(by_id(d, c).get_attribute("data-drawn") for c in CHARTS)
    )
    assert by_id(browser, "n-inspections").text == "37"
    assert by_id(browser, "n-defects").text == str(live_defects)
    assert by_id(browser, "n-companies").text == "25"
    items = browser.find_elements(By.CSS_SELECTOR, "#table-items tbody tr td:first-child")
    assert [c.text for c in items] == ["注册检验", "合计"]
    shots(browser, "06-statistics")
    browser.execute_script("document.getElementById('block-chapter').scrollIntoView()")
    shots(browser, "06-statistics-chapters")

    browser.get(f"{live.url}/console/statistics/annual?year=2026")
    sentence = by_id(browser, "annual-sentence").text
    assert sentence.startswith(
        f"2026年，中心为27家企业提供39次技术服务，其中预检查37次，发现缺陷{live_defects}条"
    )
    shots(browser, "07-statistics-annual")
