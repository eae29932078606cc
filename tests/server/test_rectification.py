"""Companies' rectification on the server (issue 15), SQLite and PostgreSQL: due dates and
reminders at working-day boundaries (the 2026 National Day holiday and its 调休 Saturday),
the objection window open and closed, the service item's versioned rectification days, the
verification flow, the satisfaction figures, evidence typed by content, the laptop API's
scope and contents, and the console's upload limit refusing a body before reading it whole."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.server import rectificationdata as rd
from tests.server.conftest import VERSION_HEADERS, enrol

from inspector_app.domain.workdays import WorkCalendar
from inspector_app.server import rectification as rect
from inspector_app.server import service
from inspector_app.server.app import create_app
from inspector_app.server.rectification_db import rect_audit
from inspector_app.sync.rectification import RectificationResponse

CAL = WorkCalendar.standard()
ISSUED = dt.date(2026, 9, 29)  # a Tuesday before the National Day holiday


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---- deadlines (pure) ----------------------------------------------------------------------


def test_due_day_and_objection_window_count_working_days_across_the_holiday():
    # 09-30 (1), holiday 10-01..10-07, 10-08 (2), 10-09 (3), Saturday 10-10 worked (4), 10-12 (5)
    assert rect.objection_window(CAL, ISSUED, ISSUED).closes_on == d("2026-10-12")
    assert rect.due_day(CAL, ISSUED, 10) == d("2026-10-19")
    assert rect.objection_window(CAL, ISSUED, d("2026-10-12")).open  # the last day: open
    assert not rect.objection_window(CAL, ISSUED, d("2026-10-13")).open  # the day after
    assert not rect.objection_window(CAL, ISSUED, d("2026-09-28")).open  # before the issue


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        ("2026-10-13", "open", 4),  # 10-14, 15, 16, 19 left
        ("2026-10-14", "due_soon", 3),  # the first day of the reminder
        ("2026-10-17", "due_soon", 1),  # a Saturday: only Monday 10-19 left
        ("2026-10-19", "due_soon", 0),  # due today
        ("2026-10-20", "overdue", -1),  # the day after
        ("2026-10-24", "overdue", -4),  # a Saturday: four working days late
    ],
)
def test_reminders_at_the_working_day_boundaries(today, state, left):
    due = rect.due_day(CAL, ISSUED, 10)
    r = rect.reminder(CAL, due, None, d(today))
    assert (r.state, r.left) == (state, left)
    assert rect.reminder(CAL, due, "draft", d(today)).state == state
    assert rect.reminder(CAL, due, "insufficient", d(today)).state == state  # open again
    assert rect.reminder(CAL, due, "submitted", d(today)).state == "waiting"
    assert rect.reminder(CAL, due, "accepted", d(today)).state == "accepted"


def test_a_due_day_past_the_known_years_is_unknown_not_guessed():
    late = d(f"{CAL.last_year}-12-31")
    r = rect.reminder(CAL, late + dt.timedelta(days=30), None, late)
    assert r.state == "unknown" and str(CAL.last_year + 1) in r.problem
    window = rect.objection_window(CAL, late, late)
    assert not window.open and window.problem


def test_evidence_is_typed_by_its_bytes_and_names_are_display_text():
    assert rect.media_type_of(rd.pdf_bytes()) == "application/pdf"
    assert rect.media_type_of(rd.png_bytes()) == "image/png"
    assert rect.media_type_of(rd.jpeg_bytes()) == "image/jpeg"
    assert rect.media_type_of(rd.office_bytes("docx")).endswith("wordprocessingml.document")
    assert rect.media_type_of(rd.office_bytes("xlsx")).endswith("spreadsheetml.sheet")
    for bad in (b"MZ\x90\x00", b"PK\x03\x04broken", rd.office_bytes("zip"), b"<html>", b""):
        assert rect.media_type_of(bad) is None
    assert rect.display_name("../../etc/passwd") == "passwd"
    assert rect.display_name("C:\\Users\\a\\报告.pdf") == "报告.pdf"
    assert rect.display_name("..") == "evidence"
    with pytest.raises(rect.Refused):
        rect.display_name("a\x00.pdf")
    with pytest.raises(rect.Refused) as refused:
        rect.check_files([rect.Upload("run.pdf", b"#!/bin/sh\nrm -rf /")])
    assert refused.value.key == "rc_err_file_type"


# ---- on the database -----------------------------------------------------------------------


@pytest.fixture
def world(ctx) -> rd.World:
    return rd.world(ctx)


def issued_a(ctx, world) -> rect.Issued:
    issued = rect.company_inspection(ctx.engine, rd.COMPANY_A, world.a.inspection_id)
    assert issued is not None
    return issued


def test_only_the_companys_issued_inspections(ctx, world):
    assert rect.company_inspection(ctx.engine, rd.COMPANY_A, world.b.inspection_id) is None
    assert rect.company_inspection(ctx.engine, rd.COMPANY_A, world.a_open.inspection_id) is None
    assert rect.company_inspection(ctx.engine, rd.COMPANY_B, world.a.inspection_id) is None
    assert [i.id for i in rect.issued_list(ctx.engine, rd.COMPANY_A)] == [world.a.inspection_id]
    assert {i.id for i in rect.issued_list(ctx.engine)} == {
        world.a.inspection_id,
        world.b.inspection_id,
    }
    issued = issued_a(ctx, world)
    assert issued.defects[0].facts == rd.ADJUSTED and issued.number


def test_the_objection_window_closes_after_five_working_days(ctx, world):
    issued = issued_a(ctx, world)
    did = issued.defects[0].id
    closes = CAL.add_workdays(issued.issue_day, 5)
    with pytest.raises(rect.Refused) as refused:
        rect.object_to(ctx, CAL, "qiye_a", issued, did, "理由", [], closes + dt.timedelta(1))
    assert refused.value.key == "rc_err_window_closed"
    assert refused.value.values["day"] == closes.isoformat()
    rect.object_to(ctx, CAL, "qiye_a", issued, did, "理由", [], closes)  # the last day
    with pytest.raises(rect.Refused):
        rect.object_to(ctx, CAL, "qiye_a", issued, did, "再次", [], closes)
    rect.answer_objection(ctx.engine, "zhao", "reviewer", issued, did, "rejected", "证据不足")
    with pytest.raises(rect.Refused):  # answered once
        rect.answer_objection(ctx.engine, "zhao", "reviewer", issued, did, "upheld", "改判")
    s = rect.sheet(ctx.engine, CAL, issued, closes, company=True)
    assert s.defects[0].objection["outcome"] == "rejected"


def test_the_items_rectification_days_are_versioned(ctx, world):
    issued = issued_a(ctx, world)
    with ctx.engine.connect() as conn:
        assert rect.rectification_rule(conn, issued.id, issued.first_issued_at) == rect.Rule(20)
    request_id = service.create_request(
        ctx.engine,
        "zhao",
        company=rd.COMPANY_A,
        item_code="gmp-compliance",
        products="阿莫西林胶囊",
        received_on=d("2026-11-02"),
    )
    service.accept(ctx.engine, "zhao", request_id, d("2026-11-03"))
    service.link(ctx.engine, "zhao", request_id, issued.id)
    with ctx.engine.connect() as conn:  # linked, the item sets none: the placeholder
        rule = rect.rectification_rule(conn, issued.id, issued.first_issued_at)
    assert (rule.days, rule.item_code, rule.item_version) == (20, "gmp-compliance", 0)
    version = rect.set_rectification_days(ctx.engine, "zhao", "gmp-compliance", 15, "中心规定")
    with ctx.engine.connect() as conn:
        # set after the issue: the report keeps the rule in force when it was issued
        assert rect.rectification_rule(conn, issued.id, issued.first_issued_at).days == 20
        later = rect.rectification_rule(conn, issued.id, dt.datetime.now(dt.UTC))
    assert (later.days, later.item_version) == (15, version)
    # an edit of the item by the catalogue (no days in its row) keeps the 15 days
    item = service.catalogue(ctx.engine)[0]
    service.save_item(
        ctx.engine,
        "zhao",
        "gmp-compliance",
        name="GMP符合性检查",
        pre_inspection=False,
        position=item.position,
        limit_days=30,
        report_template="full",
        retired=False,
        reason="办结时限调整",
        new=False,
    )
    with ctx.engine.connect() as conn:
        assert rect.rectification_rule(conn, issued.id, dt.datetime.now(dt.UTC)).days == 15
    assert rect.rectification_days_by_item(ctx.engine)["gmp-compliance"] == 15
    with pytest.raises(rect.Refused):
        rect.set_rectification_days(ctx.engine, "zhao", "gmp-compliance", 0, "")


def test_verification_flow_and_its_audit(ctx, world):
    issued = issued_a(ctx, world)
    did = issued.defects[0].id
    with pytest.raises(rect.Refused):  # nothing submitted
        rect.verify(ctx.engine, "zhao", "reviewer", issued, did, "accepted", "")
    files = [rect.Upload("记录.pdf", rd.pdf_bytes())]
    kw = {"cause": "原因", "actions": "措施", "completed_on": d("2026-12-01")}
    assert (
        rect.save_rectification(ctx, "qiye_a", issued, did, files=files, submit=False, **kw)
        == "draft"
    )
    assert (
        rect.save_rectification(ctx, "qiye_a", issued, did, files=[], submit=True, **kw)
        == "submitted"
    )
    with pytest.raises(rect.Refused):  # submitted: the company waits
        rect.save_rectification(ctx, "qiye_a", issued, did, files=[], submit=False, **kw)
    with pytest.raises(rect.Refused):  # not sufficient needs a comment
        rect.verify(ctx.engine, "zhao", "reviewer", issued, did, "insufficient", "")
    rect.verify(ctx.engine, "zhao", "reviewer", issued, did, "insufficient", "缺少记录")
    rect.save_rectification(ctx, "qiye_a", issued, did, files=[], submit=True, **kw)
    rect.verify(ctx.engine, "zhao", "reviewer", issued, did, "accepted", "")
    with pytest.raises(rect.Refused):
        rect.save_rectification(ctx, "qiye_a", issued, did, files=[], submit=True, **kw)
    s = rect.sheet(ctx.engine, CAL, issued, rd.issue_day(), company=True)
    assert s.defects[0].response["round"] == 2 and s.defects[0].reminder.state == "accepted"
    assert [(a["who"], a["what"]) for a in s.audit] == [
        ("qiye_a", "save"),
        ("qiye_a", "submit"),
        ("zhao", "verify"),
        ("qiye_a", "submit"),
        ("zhao", "verify"),
    ]
    assert s.audit[2]["old"] == {"status": "submitted"}
    assert s.audit[2]["new"]["status"] == "insufficient"
    assert s.audit[0]["new"]["files_added"][0]["name"] == "记录.pdf"
    with ctx.engine.connect() as conn:
        assert len(conn.execute(select(rect_audit.c.id)).all()) == 5


def test_satisfaction_once_and_the_figures_per_period(ctx, world):
    issued = issued_a(ctx, world)
    other = rect.company_inspection(ctx.engine, rd.COMPANY_B, world.b.inspection_id)
    march = dt.datetime(2027, 3, 31, 17, 0, tzinfo=dt.UTC)  # 04-01 01:00 in China
    rect.rate(ctx.engine, "qiye_a", issued, 5, "很好", march)
    rect.rate(ctx.engine, "qiye_b", other, 2, "", dt.datetime(2027, 3, 31, 15, 0, tzinfo=dt.UTC))
    with pytest.raises(rect.Refused):
        rect.rate(ctx.engine, "qiye_a", issued, 4, "", march)  # once
    with pytest.raises(rect.Refused):
        rect.rate(ctx.engine, "qiye_b", other, 6, "", march)
    april = rect.satisfaction_figures(ctx.engine, d("2027-04-01"), d("2027-04-30"))
    assert (april.count, april.mean, april.by_stars[5]) == (1, 5.0, 1)
    q1 = rect.satisfaction_figures(ctx.engine, d("2027-01-01"), d("2027-03-31"))
    assert (q1.count, q1.mean) == (1, 2.0)
    both = rect.satisfaction_figures(ctx.engine, d("2027-03-01"), d("2027-04-30"))
    assert (both.count, both.mean) == (2, 3.5)
    none = rect.satisfaction_figures(ctx.engine, d("2026-01-01"), d("2026-12-31"))
    assert (none.count, none.mean) == (0, None)


# ---- the laptop API ------------------------------------------------------------------------


def test_the_api_answers_the_team_and_reviewers_and_404_for_anyone_else(ctx, world):
    issued = issued_a(ctx, world)
    d1, d2 = (x.id for x in issued.defects)
    kw = {"cause": "原因", "actions": "措施", "completed_on": d("2026-12-01")}
    files = [rect.Upload("记录.pdf", rd.pdf_bytes())]
    rect.save_rectification(ctx, "qiye_a", issued, d1, files=files, submit=True, **kw)
    rect.verify(ctx.engine, "zhao", "reviewer", issued, d1, "accepted", "可以")
    rect.save_rectification(ctx, "qiye_a", issued, d2, files=[], submit=False, **kw)
    rect.object_to(ctx, CAL, "qiye_a", issued, d2, "异议理由", [], issued.issue_day)
    rect.answer_objection(ctx.engine, "zhao", "reviewer", issued, d2, "upheld", "成立")
    other_team = enrol(ctx, "li", "inspector", ["team-b"])
    reviewer_laptop = enrol(ctx, "qian", "reviewer", [])
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as client:

        def get(device, iid):
            return client.get(f"/api/v1/inspections/{iid}/rectification", headers=device.headers)

        answer = get(world.device, issued.id)
        assert answer.status_code == 200, answer.text
        body = RectificationResponse.model_validate(answer.json())
        assert body.company == rd.COMPANY_A and body.report_number == issued.number
        first, second = body.defects
        assert first.facts == rd.ADJUSTED
        assert first.rectification.status == "accepted"
        assert first.rectification.verification.comment == "可以"
        assert first.rectification.evidence[0].name == "记录.pdf"
        assert first.rectification.due_on == rect.due_day(CAL, issued.issue_day, 20)
        # a draft: the company's own work, not given to the center yet
        assert second.rectification.status == "draft" and second.rectification.cause == ""
        assert second.objection.answer.outcome == "upheld"
        assert get(reviewer_laptop, issued.id).status_code == 200
        for device, iid in (
            (other_team, issued.id),  # not the team's
            (world.device, world.a_open.inspection_id),  # not issued
            (reviewer_laptop, world.a_open.inspection_id),
            (world.device, "no-such-inspection"),
        ):
            refused = get(device, iid)
            assert refused.status_code == 404 and "defects" not in refused.text
        assert client.get(f"/api/v1/inspections/{issued.id}/rectification").status_code == 401


# ---- the console's upload limit ------------------------------------------------------------


def test_an_evidence_body_over_the_limit_is_refused_before_it_is_read_whole(ctx, live):
    """The upload path's limit (30 MB + fields): a declared 100 MB is answered 413 before a
    byte is read; a chunked body is answered 413 once the count passes the limit, while the
    client is still sending (it never finishes its 100 MB)."""
    path = "/console/company/inspections/x/defects/y/rectification"
    total = 100 * 1024 * 1024

    def flood(chunked: bool) -> tuple[bytes, int]:
        sock = socket.create_connection(("127.0.0.1", live.port))
        sock.settimeout(10)
        head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{live.port}"]
        head.append("Content-Type: multipart/form-data; boundary=b")
        head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}")
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent, stop = 0, threading.Event()
        piece = b"0" * (256 * 1024)

        def send() -> None:
            nonlocal sent
            try:
                while sent < total and not stop.is_set():
                    data = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
                    sock.sendall(data)
                    sent += len(piece)
            except OSError:
                pass

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        started = time.monotonic()
        while b"\r\n\r\n" not in answer and time.monotonic() - started < 20:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        stop.set()
        sender.join(10)
        sock.close()
        return answer, sent

    answer, sent = flood(chunked=False)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    answer, sent = flood(chunked=True)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < total
