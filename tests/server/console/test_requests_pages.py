"""The request pages of the console (SQLite and PostgreSQL, FastAPI over a real ASGI
transport): a request recorded, accepted, its clock stopped and resumed, an inspection synced
by a laptop linked and its report issued through the console; the list's due dates, days
left, overdue and due soon with filters; refusals shown beside the form that change nothing;
the catalogue's versioned edit; the page saying what to do when a year is unknown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from inspector_app.server import issue, service
from inspector_app.server.service_db import request_events, service_requests

from .conftest import inspection, person, session_csrf, sign_in

D = dt.date.fromisoformat


@pytest.fixture
def today(monkeypatch):
    """The console's today, fixed: deadlines must not depend on the wall clock."""
    day = {"value": D("2026-10-09")}
    monkeypatch.setattr(service, "china_today", lambda: day["value"])
    return day


def _post(client, path: str, token: str, **data: str):
    answer = client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:1500]
    return client.get(answer.headers["location"])


def _new_request(client, token: str, **data: str) -> str:
    fields = {
        "company": "华东制药有限公司",
        "item": "licence-pre",
        "products": "阿莫西林胶囊",
        "received_on": "2026-09-25",
        "requested_start": "2026-10-12",
        "requested_end": "2026-10-13",
        **data,
    }
    page = _post(client, "/console/requests", token, **fields)
    found = re.search(r"/console/requests/([0-9a-f-]{36})", str(page.url))
    assert found, page.text[:800]
    return found.group(1)


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, f"no #{element_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_request_from_received_to_issued_on_time(
    ctx, client, reviewer, laptop, published, today, monkeypatch
):
    token = session_csrf(client, "/console/requests")
    rid = _new_request(client, token)
    page = client.get(f"/console/requests/{rid}").text
    assert _text(page, "rq-state") == "待受理" and 'id="accept-form"' in page
    assert _text(page, "rq-products") == "阿莫西林胶囊"

    page = _post(client, f"/console/requests/{rid}/accept", token, on="2026-09-30").text
    assert 'id="request-saved"' in page
    assert _text(page, "rq-due") == "2026-11-03" and _text(page, "rq-limit") == "20"
    assert _text(page, "rq-left") == "剩 18 个工作日"  # 10-08, 10-09 used

    page = _post(
        client, f"/console/requests/{rid}/stop", token, on="2026-10-12", reason="待企业补充验证资料"
    ).text
    today["value"] = D("2026-10-16")
    page = client.get(f"/console/requests/{rid}").text
    assert _text(page, "rq-state") == "计时暂停" and _text(page, "rq-due") == "—"
    assert 'id="resume-form"' in page and 'id="stop-form"' not in page
    assert "待企业补充验证资料" in page

    _post(client, f"/console/requests/{rid}/resume", token, on="2026-10-19")
    today["value"] = D("2026-11-09")
    page = client.get(f"/console/requests/{rid}").text
    assert _text(page, "rq-due") == "2026-11-10"
    assert _text(page, "rq-state") == "即将到期" and _text(page, "rq-left") == "剩 1 个工作日"

    # The team synced its inspection; it is linked here and its report issued in the console.
    pushed = inspection(ctx, laptop)
    page = client.get(f"/console/requests/{rid}").text
    assert f'<option value="{pushed.inspection_id}">' in page  # offered in the link form
    page = _post(
        client, f"/console/requests/{rid}/link", token, inspection=pushed.inspection_id
    ).text
    assert f'id="linked-{pushed.inspection_id}"' in page
    base = f"/console/inspections/{pushed.inspection_id}"
    _post(client, f"{base}/defects/{pushed.defect_ids[0]}/accept", token)
    _post(client, f"{base}/approve", token, text="同意")
    at = dt.datetime(2026, 11, 10, 8, 0, tzinfo=dt.UTC)  # 16:00 in China, the due day
    monkeypatch.setattr(issue, "utc_now", lambda: at)
    _post(client, f"{base}/issue", token, template="full")
    today["value"] = D("2026-11-20")
    page = client.get(f"/console/requests/{rid}").text
    assert _text(page, "rq-state") == "按时办结"
    assert _text(page, "rq-left") == "报告签发 2026-11-10"
    assert 'id="stop-form"' not in page and 'id="resume-form"' not in page
    # Everything done is attributed and shown.
    whats = re.findall(r'class="event" data-what="([a-z_]+)"', page)
    assert whats == ["received", "accepted", "clock_stopped", "clock_resumed", "linked"]
    assert page.count("<td>zhao</td>") >= 5
    assert "受理（2026-09-30），办结时限 20 个工作日" in page

    listing = client.get("/console/requests").text
    row = listing.split(f'id="request-{rid}"')[1].split("</tr>")[0]
    assert 'data-state="on_time"' in listing and "2026-11-10" in row


def test_the_list_shows_overdue_and_due_soon_and_filters(ctx, client, reviewer, today):
    token = session_csrf(client, "/console/requests")
    today["value"] = D("2026-07-01")
    late = _new_request(client, token, company="甲药业", received_on="2026-06-01")
    soon = _new_request(client, token, company="乙药业", received_on="2026-06-01")
    waiting = _new_request(
        client, token, company="丙药业", received_on="2026-06-20", item="gmp-compliance"
    )
    _post(client, f"/console/requests/{late}/accept", token, on="2026-06-01")
    _post(client, f"/console/requests/{soon}/accept", token, on="2026-06-03")
    page = client.get("/console/requests").text
    order = re.findall(r'id="request-([0-9a-f-]{36})"', page)
    assert order == [late, soon, waiting]
    assert re.findall(r'data-state="([a-z_]+)"', page) == ["overdue", "due_soon", "received"]
    late_row = page.split(f'id="request-{late}"')[1].split("</tr>")[0]
    assert "2026-06-30" in late_row and '<td class="num left">-1</td>' in late_row
    assert "已超期" in late_row
    only = client.get("/console/requests?state=due_soon").text
    assert re.findall(r'id="request-([0-9a-f-]{36})"', only) == [soon]
    by_item = client.get("/console/requests?item=gmp-compliance").text
    assert re.findall(r'id="request-([0-9a-f-]{36})"', by_item) == [waiting]
    by_date = client.get("/console/requests?from=2026-06-10&company=药业").text
    assert re.findall(r'id="request-([0-9a-f-]{36})"', by_date) == [waiting]
    bad = client.get("/console/requests?state=sleeping&from=2026-02-30")
    assert bad.status_code == 400
    assert 'id="f-state-error"' in bad.text and 'id="f-from-error"' in bad.text


def test_refusals_are_shown_beside_the_form_and_change_nothing(ctx, client, reviewer, today):
    token = session_csrf(client, "/console/requests")

    def counts() -> tuple[int, int]:
        with ctx.engine.connect() as conn:
            return (
                conn.execute(select(func.count()).select_from(service_requests)).scalar_one(),
                conn.execute(select(func.count()).select_from(request_events)).scalar_one(),
            )

    answer = client.post(
        "/console/requests",
        data={"csrf_token": token, "company": "", "item": "licence-pre", "received_on": "x"},
        follow_redirects=False,
    )
    page = client.get(answer.headers["location"]).text
    assert 'id="rq-company-error"' in page and 'id="rq-received-error"' in page
    assert "企业、收件日期" in _text(page, "request-failure")
    page = _post(
        client,
        "/console/requests",
        token,
        company="甲药业",
        item="licence-pre",
        received_on="2026-06-01",
        requested_start="2026-06-10",
        requested_end="2026-06-09",
    ).text
    assert _text(page, "request-failure") == "申请结束日期 2026-06-09 早于开始日期 2026-06-10。"
    assert counts() == (0, 0)

    rid = _new_request(client, token, company="甲药业", received_on="2026-06-01")
    before = counts()
    page = _post(client, f"/console/requests/{rid}/accept", token, on="2026-05-31").text
    assert _text(page, "request-failure") == "受理日期 2026-05-31 早于收件日期 2026-06-01。"
    page = _post(client, f"/console/requests/{rid}/stop", token, on="2026-06-02", reason="x").text
    assert "尚未受理" in _text(page, "request-failure")
    page = _post(client, f"/console/requests/{rid}/link", token, inspection="nope").text
    assert "尚未受理" in _text(page, "request-failure")
    assert counts() == before
    # Without the session's token nothing is written.
    forged = client.post(f"/console/requests/{rid}/accept", data={"on": "2026-06-02"})
    assert forged.status_code == 403 and counts() == before
    assert (
        client.post(f"/console/requests/{rid}/explode", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.get("/console/requests/no-such-request").status_code == 404


def test_only_signed_in_staff_open_the_request_pages(ctx, client):
    person(ctx, "wang", "inspector")
    assert sign_in(client, "wang").status_code == 403  # inspectors have no console
    for path in ("/console/requests", "/console/requests/catalogue", "/console/requests/new"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and "/console/login" in answer.headers["location"]
    person(ctx, "li", "admin")
    assert sign_in(client, "li").status_code == 303
    assert client.get("/console/requests").status_code == 200


def test_the_catalogue_edit_makes_a_version_and_keeps_accepted_limits(ctx, client, reviewer, today):
    token = session_csrf(client, "/console/requests/catalogue")
    page = client.get("/console/requests/catalogue").text
    names = re.findall(r'<td class="item-name">([^<]+)</td>', page)
    assert names[0] == "许可预检查" and len(names) == 5
    rid = _new_request(client, token, received_on="2026-09-25")
    _post(client, f"/console/requests/{rid}/accept", token, on="2026-09-30")
    page = _post(
        client,
        "/console/requests/catalogue/licence-pre",
        token,
        name="许可预检查",
        limit_days="10",
        position="1",
        report_template="defect-list",
        pre_inspection="on",
        reason="主任办公会核定",
    ).text
    row = page.split('id="row-licence-pre"')[1].split("</tr>")[0]
    assert '<td class="num limit">10</td>' in row and "v2" in row and "主任办公会核定" in row
    # The accepted request keeps its 20 days.
    assert _text(client.get(f"/console/requests/{rid}").text, "rq-limit") == "20"
    # A refused edit says why beside its form and adds no version.
    page = _post(
        client,
        "/console/requests/catalogue/licence-pre",
        token,
        name="注册核查",
        limit_days="10",
        position="1",
        report_template="full",
        reason="改名",
    ).text
    assert "已被服务事项 registration-verification 使用" in _text(page, "catalogue-failure")
    assert len(service.item_history(ctx.engine, "licence-pre")) == 2
    page = _post(
        client,
        "/console/requests/catalogue",
        token,
        code="gmp-pre",
        name="GMP符合性检查预检查",
        limit_days="15",
        position="2",
        report_template="full",
        pre_inspection="on",
    ).text
    names = re.findall(r'<td class="item-name">([^<]+)</td>', page)
    assert names[:2] == ["许可预检查", "GMP符合性检查预检查"]
    page = _post(
        client,
        "/console/requests/catalogue",
        token,
        code="bad code!",
        name="x",
        limit_days="0x",
        position="1",
        report_template="full",
    ).text
    assert 'id="new-code-error"' in page and 'id="new-limit-error"' in page


def test_a_year_past_the_calendar_says_which_file_to_extend(
    ctx, client, reviewer, today, tmp_path, monkeypatch
):
    monkeypatch.setenv(service.ENV_HOLIDAYS, str(tmp_path / "holiday-overrides.yaml"))
    token = session_csrf(client, "/console/requests")
    today["value"] = D("2026-12-10")
    rid = _new_request(client, token, received_on="2026-12-10")
    _post(client, f"/console/requests/{rid}/accept", token, on="2026-12-10")
    page = client.get("/console/requests").text
    note = _text(page, "calendar-note")
    assert "2026 年" in note and str(tmp_path / "holiday-overrides.yaml") in note
    assert 'data-state="unknown"' in page
    (tmp_path / "holiday-overrides.yaml").write_text(
        "years:\n  2027:\n    holidays: [2027-01-01]\n", encoding="utf-8"
    )
    page = client.get(f"/console/requests/{rid}").text
    assert 'id="calendar-note"' not in page and _text(page, "rq-due") == "2027-01-08"
    (tmp_path / "holiday-overrides.yaml").write_text("years: [", encoding="utf-8")
    page = client.get(f"/console/requests/{rid}").text
    assert "节假日覆盖文件有误" in _text(page, "calendar-note")
