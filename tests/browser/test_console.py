"""The review console in a real Chromium against a real server: a reviewer takes an inspection
made and synced on a laptop from synced to issued, with the browser only, while the laptop
answers the return and ends locked with the issued PDF through real sync."""

from __future__ import annotations

import base64
import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from tests.browser.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    COMPANY,
    DEFECTS,
    REVIEWER,
    REVIEWER_PASSWORD,
    Laptop,
    LiveServer,
)

from inspector_app.domain.errors import DomainError
from inspector_app.operations import inspections as ops
from inspector_app.operations import reviews as review_ops
from inspector_app.server import db

CRITICAL, MAJOR, GENERAL = (facts for _, facts, _ in DEFECTS)


def by_id(driver: Any, element_id: str) -> Any:
    return WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, element_id)))


def gone(driver: Any, element_id: str) -> bool:
    try:
        driver.find_element(By.ID, element_id)
    except NoSuchElementException:
        return True
    return False


def type_into(driver: Any, element_id: str, text: str) -> None:
    field = by_id(driver, element_id)
    field.clear()
    field.send_keys(text)


def submit(driver: Any, button_id: str) -> None:
    """Click a submit button and wait for the next page (POST, 303, GET)."""
    button = by_id(driver, button_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(driver, 15).until(lambda _driver: _gone(button))


def _gone(element: Any) -> bool:
    """True once the page holding `element` has been replaced. ChromeDriver sometimes reports
    a replaced node as "unhandled inspector error: Node with given id does not belong to the
    document" instead of a stale reference: that too means the next page is there."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def sign_in(driver: Any, live: LiveServer, name: str, password: str) -> None:
    driver.get(f"{live.url}/console/login")
    type_into(driver, "login-name", name)
    type_into(driver, "login-password", password)
    submit(driver, "login-button")


def open_actions(driver: Any, defect_id: str) -> None:
    """The per-defect action forms sit in a <details>; a person opens it first."""
    details = by_id(driver, f"defect-{defect_id}-actions")
    if details.get_attribute("open") is None:
        summary = details.find_element(By.TAG_NAME, "summary")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.click()


def saved(driver: Any) -> str:
    assert gone(driver, "failure-message"), by_id(driver, "failure-message").text
    return by_id(driver, "saved-message").text


def review_rows(live: LiveServer, inspection_id: str) -> list[dict[str, Any]]:
    """The review records the server holds for the inspection, from its winners."""
    w = db.winners.c
    with live.ctx.engine.connect() as conn:
        rows = conn.execute(
            select(w.record_id, w.field, w.value).where(
                (w.kind == "review") & (w.inspection_id == inspection_id)
            )
        ).all()
    records: dict[str, dict[str, Any]] = {}
    for record_id, name, value in rows:
        records.setdefault(record_id, {"id": record_id})[name] = value
    return list(records.values())


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text by pdftotext (poppler-utils, which setup installs)."""
    source = tmp_path / "issued.pdf"
    source.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def test_reviewer_takes_a_synced_inspection_to_an_issued_report(
    browser: Any, live: LiveServer, laptop: Laptop, shots: Any, tmp_path: Path
) -> None:
    iid = laptop.inspection_id
    critical, major, general = (laptop.defects[f] for f in (CRITICAL, MAJOR, GENERAL))

    # Sign-in page, then a wrong password: the message, no session.
    browser.get(f"{live.url}/console/login")
    by_id(browser, "login-form")
    shots(browser, "01-sign-in")
    sign_in(browser, live, REVIEWER, "not-the-password-at-all")
    assert "用户名或密码不正确" in by_id(browser, "login-message").text
    assert browser.current_url.startswith(f"{live.url}/console/login")
    assert browser.get_cookie("console_session") is None

    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    session = browser.get_cookie("console_session")
    assert session is not None and session["httpOnly"] and session["sameSite"] == "Strict"
    assert by_id(browser, "inspection-table")

    # Filter: the company and a grade find it; a company nobody inspected finds nothing.
    type_into(browser, "f-company", "华东")
    Select(by_id(browser, "f-grade")).select_by_value("critical")
    submit(browser, "filter-button")
    assert by_id(browser, "result-count").get_attribute("data-total") == "1"
    row = by_id(browser, f"row-{iid}")
    assert COMPANY in row.text
    shots(browser, "02-review-list")
    type_into(browser, "f-company", "没有这家企业")
    submit(browser, "filter-button")
    assert by_id(browser, "result-count").get_attribute("data-total") == "0"
    assert by_id(browser, "no-rows")
    browser.back()
    by_id(browser, f"row-{iid}").find_element(By.CSS_SELECTOR, "a[href*='/inspections/']").click()

    # The defect log: every defect with its facts, photos as thumbnails.
    assert COMPANY in by_id(browser, "log-title").text
    for facts, defect_id in laptop.defects.items():
        assert by_id(browser, f"defect-{defect_id}-facts").text == facts
    thumbs = by_id(browser, f"defect-{critical}-photos").find_elements(By.TAG_NAME, "img")
    assert thumbs
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return arguments[0].complete", thumbs[0])
    )
    assert browser.execute_script("return arguments[0].naturalWidth", thumbs[0]) > 0, thumbs[
        0
    ].get_attribute("src")
    shots(browser, "03-defect-log")
    browser.execute_script(f"document.getElementById('defect-{critical}').scrollIntoView()")
    shots(browser, "03-defect-log-defects")
    browser.execute_script("window.scrollTo(0, 0)")

    # Comment on the critical defect.
    open_actions(browser, critical)
    type_into(browser, f"comment-{critical}-text", "请补充沉降菌监测的原始记录编号")
    submit(browser, f"comment-{critical}-button")
    saved(browser)
    assert "请补充沉降菌监测的原始记录编号" in by_id(browser, f"defect-{critical}-reviews").text

    # Adjust a grade: the reason is required (the form says so), then both grades show.
    open_actions(browser, major)
    Select(by_id(browser, f"adjust-{major}-severity")).select_by_value("general")
    browser.execute_script(f"document.getElementById('adjust-{major}-reason').required = false")
    submit(browser, f"adjust-{major}-button")
    assert by_id(browser, f"adjust-{major}-reason-error").text.strip()
    Select(by_id(browser, f"adjust-{major}-severity")).select_by_value("general")
    type_into(browser, f"adjust-{major}-reason", "报警后已有口头处理记录，风险较低，降为一般缺陷")
    submit(browser, f"adjust-{major}-button")
    saved(browser)
    assert by_id(browser, f"defect-{major}-adjusted-grade").text.strip()
    assert "降为一般缺陷" in by_id(browser, f"defect-{major}-reviews").text

    # Return the general defect to the inspector.
    open_actions(browser, general)
    type_into(browser, f"return-{general}-text", "请写明天平编号和缺失校准的日期")
    submit(browser, f"return-{general}-button")
    saved(browser)

    # Approving while the return is unanswered is refused, saying why.
    type_into(browser, "approve-inspection-text", "同意")
    submit(browser, "approve-inspection-button")
    assert "请写明天平编号和缺失校准的日期" in by_id(browser, "failure-message").text
    assert [r["state"] for r in review_rows(live, iid) if r["state"] == "accepted"] == []
    # The refusal came by a redirect: the address is the page's, a refresh sends nothing.
    assert browser.current_url.startswith(f"{live.url}/console/inspections/{iid}#")
    shots(browser, "03c-approval-refused")
    browser.refresh()
    assert gone(browser, "failure-message")
    assert [r["state"] for r in review_rows(live, iid) if r["state"] == "accepted"] == []

    # The laptop pulls the return as a task and answers it; the answer flows back.
    laptop.sync()
    tasks = review_ops.open_tasks(laptop.app, iid)
    assert [t.review.defect_id for t in tasks] == [general]
    reply = "天平编号 BAL-07，缺 11月3日至5日"
    answer = review_ops.answer_review(laptop.app, tasks[0].review.id, reply)
    laptop.sync()
    # Opened again by its address: a refresh would send the refused approval once more.
    browser.get(f"{live.url}/console/inspections/{iid}")
    assert by_id(browser, f"answer-{answer.id}").text.endswith(reply)

    # Approve, then issue.
    type_into(browser, "approve-inspection-text", "同意出具报告")
    submit(browser, "approve-inspection-button")
    saved(browser)
    Select(by_id(browser, "issue-inspection-template")).select_by_value("full")
    submit(browser, "issue-inspection-button")
    saved(browser)
    table = by_id(browser, "issued-table")
    assert REVIEWER in table.text or "李审评" in table.text
    # Issued: no approve or issue form any more, a reissue form instead.
    assert gone(browser, "issue-inspection") and gone(browser, "approve-inspection")
    assert by_id(browser, "reissue-inspection")
    shots(browser, "04-issue-confirmation")
    browser.execute_script("document.getElementById('audit').scrollIntoView()")
    shots(browser, "04b-audit-trail")
    link = table.find_element(By.CSS_SELECTOR, "a[id^='download-']")
    pdf = link.get_attribute("href")
    # The issued PDF is served to the signed-in reviewer (fetched with the page's cookie).
    status, kind, data = browser.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.blob().then(b => {"
        " const f = new FileReader();"
        " f.onload = () => done([r.status, r.headers.get('content-type'), f.result]);"
        " f.readAsDataURL(b); }));",
        pdf,
    )
    issued_pdf = base64.b64decode(data.split(",", 1)[1])
    assert status == 200 and kind == "application/pdf" and issued_pdf.startswith(b"%PDF-")
    shots.pdf(issued_pdf, "05-issued-report")
    # The PDF is the issued one: its number, and the grade as the reviewer adjusted it.
    number = table.find_element(By.CSS_SELECTOR, "tr[id^='issued-'] td").text.strip()
    text = pdf_text(issued_pdf, tmp_path)
    assert number and number.replace(" ", "") in text.replace(" ", "")
    assert "严重缺陷1项、主要缺陷0项、一般缺陷2项" in text

    # What the server holds: the reviewer's records, each by them.
    states = sorted(r["state"] for r in review_rows(live, iid))
    assert states == sorted(["commented", "adjusted", "returned", "accepted"])

    # The laptop pulls the issued state and PDF, and the record is locked.
    laptop.sync()
    report = review_ops.current_issued_report(laptop.app, iid)
    assert report is not None and report.issued_by in (REVIEWER, "李审评")
    assert review_ops.issued_pdf_path(laptop.app, report.id).read_bytes().startswith(b"%PDF-")
    assert ops.get_inspection(laptop.app, iid).status.value == "report_issued"
    with pytest.raises(DomainError):
        ops.add_defect(laptop.app, iid, severity="general", facts="出具后再加的缺陷")

    # Sign out: the session ends, the console asks for sign-in again.
    browser.get(f"{live.url}/console/inspections")
    submit(browser, "logout-button")
    assert browser.current_url.startswith(f"{live.url}/console/login")
    browser.get(f"{live.url}/console/inspections/{iid}")
    assert browser.current_url.startswith(f"{live.url}/console/login")
    assert gone(browser, "inspection-table")


class _Other(http.server.BaseHTTPRequestHandler):
    """Another origin (another port): a page whose form posts into the console."""

    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def other_origin() -> Iterator[tuple[str, type[_Other]]]:
    handler = type("Handler", (_Other,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_a_form_posted_from_another_origin_is_refused(
    browser: Any, live: LiveServer, laptop: Laptop, other_origin: Any
) -> None:
    """The session cookie goes along (another port is the same site), so the CSRF token is
    what stops it: without the session's token the console refuses and writes nothing."""
    url, handler = other_origin
    iid = laptop.inspection_id
    defect = laptop.defects[CRITICAL]
    sign_in(browser, live, REVIEWER, REVIEWER_PASSWORD)
    assert browser.get_cookie("console_session") is not None
    target = f"{live.url}/console/inspections/{iid}/defects/{defect}/comment"
    handler.page = (
        f'<form id="evil" method="post" action="{target}">'
        '<input name="csrf_token" value="guessed"><input name="text" value="伪造的意见">'
        '<button id="go" type="submit">go</button></form>'
    ).encode()
    browser.get(url)
    submit(browser, "go")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "伪造的意见" not in body
    assert "CSRF校验失败" in body
    assert review_rows(live, iid) == []
    # The same text through the console's own form is accepted: the refusal was the token.
    browser.get(f"{live.url}/console/inspections/{iid}")
    open_actions(browser, defect)
    type_into(browser, f"comment-{defect}-text", "真实的意见")
    submit(browser, f"comment-{defect}-button")
    saved(browser)
    assert [r["comment"] for r in review_rows(live, iid)] == ["真实的意见"]


def test_an_admin_signs_in_to_the_user_page(browser: Any, live: LiveServer) -> None:
    sign_in(browser, live, ADMIN, ADMIN_PASSWORD)
    assert browser.current_url.startswith(f"{live.url}/console/admin/users")
    assert REVIEWER in browser.find_element(By.TAG_NAME, "body").text


def test_an_inspector_account_cannot_sign_in_to_the_console(browser: Any, live: LiveServer) -> None:
    from inspector_app.server import admin

    admin.add_user(live.ctx.engine, "inspector2", "inspector", ["team-1"])
    admin.set_password(live.ctx.engine, "inspector2", "Jiancha-2026-correct")
    sign_in(browser, live, "inspector2", "Jiancha-2026-correct")
    assert "没有审核台权限" in by_id(browser, "login-message").text
    assert browser.get_cookie("console_session") is None
