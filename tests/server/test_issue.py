"""Issuing the report on the server: the PDF from the reviewed record, the center's number
(unique, gapless, none spent by a failure), the blob the team may download, the status
report_issued written as the reviewer's signed entry, and revisions that never change the
first (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import threading
import time

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from tests.server import reviewdata
from tests.server.conftest import enrol, sign

from inspector_app.domain.merge import Change
from inspector_app.reports.integrity import read_claims
from inspector_app.server import auth, changelog, db, issue, review
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.sync import signing
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _approved(ctx: ServerContext, device, reviewer: str, defects: int = 2):
    pushed = reviewdata.closed_inspection(ctx, device, defects=defects)
    review.approve(ctx, reviewer, pushed.inspection_id)
    return pushed


def _winner(ctx: ServerContext, kind: str, record_id: str, field: str):
    w = db.winners.c
    with ctx.engine.connect() as conn:
        return conn.execute(
            select(w.value).where(w.kind == kind, w.record_id == record_id, w.field == field)
        ).scalar_one_or_none()


def test_issue_renders_the_reviewed_record_with_its_number_and_records_it(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device)
    iid, d1 = pushed.inspection_id, pushed.defect_ids[0]
    review.adjust(
        ctx,
        reviewer,
        iid,
        d1,
        severity="critical",
        facts="审核后措辞：压差失控。",
        reason="影响无菌保障",
    )
    review.approve(ctx, reviewer, iid)

    issued = issue.issue_report(ctx, reviewer, iid)
    year = issued.issued_at.astimezone(issue.CENTER_TZ).year
    assert issued.number == f"〔{year}〕第1号" and issued.revision == 1
    assert issued.issued_by == "赵审核" and issued.replaces_id is None
    pdf = ctx.blob_path(issued.pdf_sha256).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    text = _text(pdf)
    assert issued.number in text
    assert "审核后措辞：压差失控。" in text and "原始描述1" not in text  # the adjusted wording
    assert "严重缺陷" in text  # the adjusted grade
    assert "原始描述2" in text  # an unadjusted defect as recorded
    assert "未经中心审核" not in text
    claims = read_claims(pdf)
    assert claims is not None and claims.state == "issued"
    claim = claims.issued
    assert claim is not None
    assert (claim.number, claim.revision, claim.issued_by, claim.account) == (
        issued.number,
        1,
        "赵审核",
        "zhao",
    )

    # The record: status report_issued and the issued report, by the reviewer's console device.
    assert _winner(ctx, "inspection", iid, "status") == "report_issued"
    assert _winner(ctx, "issued_report", issued.id, "number") == issued.number
    assert _winner(ctx, "issued_report", issued.id, "pdf_sha256") == issued.pdf_sha256
    # The original defect is unchanged in the record.
    assert _winner(ctx, "defect", d1, "severity") == "major"
    c = db.changes.c
    with ctx.engine.connect() as conn:
        key = conn.execute(
            select(db.devices.c.public_key).where(db.devices.c.device_id == "console:zhao")
        ).scalar_one()
        rows = conn.execute(
            select(db.changes).where(c.inspection_id == iid, c.device_id == "console:zhao")
        ).all()
    assert all(signing.verify(key, Change.from_mapping(r._mapping), r.signature) for r in rows)
    audit = [r.value for r in rows if r.kind == "audit"]
    issue_rows = [a for a in audit if a["kind"] in ("issued_report", "inspection")]
    assert {(a["kind"], a["field"]) for a in issue_rows} == {
        ("issued_report", "*"),
        ("inspection", "status"),
    }
    status_row = next(a for a in issue_rows if a["kind"] == "inspection")
    assert (status_row["old"], status_row["new"]) == ("closed", "report_issued")
    assert all(a["account"] == "zhao" and a["role"] == "reviewer" for a in issue_rows)


def test_issue_order_rules(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device)
    with pytest.raises(ApiError, match="not approved yet") as err:
        issue.issue_report(ctx, reviewer, pushed.inspection_id)
    assert err.value.status == 409
    with pytest.raises(ApiError, match="template must be one of"):
        issue.issue_report(ctx, reviewer, pushed.inspection_id, template="poster")
    review.approve(ctx, reviewer, pushed.inspection_id)
    with pytest.raises(ApiError, match="only reviewers"):
        issue.issue_report(ctx, "wang", pushed.inspection_id)
    first = issue.issue_report(ctx, reviewer, pushed.inspection_id)
    with pytest.raises(ApiError, match=f"already issued as {first.number}"):
        issue.issue_report(ctx, reviewer, pushed.inspection_id)
    with pytest.raises(ApiError, match="status is report_issued"):
        review.approve(ctx, reviewer, pushed.inspection_id)
    with pytest.raises(ApiError, match=r"reason of the new revision .* is required"):
        issue.reissue(ctx, reviewer, pushed.inspection_id, " ")


def test_no_issue_without_the_company_signature(ctx):
    # Closed on site yet unsigned (a merge could do it): the PDF would be a draft.
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device, company_signs=False)
    review.approve(ctx, reviewer, pushed.inspection_id)
    with pytest.raises(ApiError, match="the company has not signed") as err:
        issue.issue_report(ctx, reviewer, pushed.inspection_id)
    assert err.value.status == 409
    with ctx.engine.connect() as conn:
        assert conn.execute(select(db.report_numbers)).first() is None


def test_a_failed_render_spends_no_number(ctx, monkeypatch):
    device, reviewer = reviewdata.team(ctx)
    a = _approved(ctx, device, reviewer)
    b = _approved(ctx, device, reviewer)
    real = issue.render_issued

    def broken(*args, **kwargs):
        raise ApiError(500, "render_failed", "cannot render the issued report: test")

    monkeypatch.setattr(issue, "render_issued", broken)
    with pytest.raises(ApiError, match="cannot render"):
        issue.issue_report(ctx, reviewer, a.inspection_id)
    monkeypatch.setattr(issue, "render_issued", real)
    assert _winner(ctx, "inspection", a.inspection_id, "status") == "closed"
    first = issue.issue_report(ctx, reviewer, b.inspection_id)
    second = issue.issue_report(ctx, reviewer, a.inspection_id)
    assert first.number.endswith("第1号") and second.number.endswith("第2号")


def test_numbers_are_unique_and_gapless_under_concurrent_issues(ctx):
    device, reviewer = reviewdata.team(ctx)
    inspections = [_approved(ctx, device, reviewer) for _ in range(4)]
    issued, errors = [], []
    start = threading.Barrier(len(inspections))

    def worker(iid: str) -> None:
        try:
            start.wait()
            issued.append(issue.issue_report(ctx, reviewer, iid))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p.inspection_id,)) for p in inspections]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(int(r.number.split("第")[1].rstrip("号")) for r in issued)
    assert numbers == [1, 2, 3, 4]
    # Each PDF prints its own number (a re-render inside the lock when the guess was taken).
    for report in issued:
        assert report.number in _text(ctx.blob_path(report.pdf_sha256).read_bytes())
    with ctx.engine.connect() as conn:
        assert conn.execute(select(db.report_numbers.c.last)).scalar_one() == 4


def test_reissue_is_a_new_revision_and_the_first_pdf_stays(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = _approved(ctx, device, reviewer)
    iid, d2 = pushed.inspection_id, pushed.defect_ids[1]
    first = issue.issue_report(ctx, reviewer, iid)
    first_bytes = ctx.blob_path(first.pdf_sha256).read_bytes()
    review.adjust(ctx, reviewer, iid, d2, facts="更正后的描述。", reason="笔误")
    second = issue.reissue(ctx, reviewer, iid, "更正缺陷2的描述")
    assert (second.number, second.revision, second.replaces_id) == (first.number, 2, first.id)
    assert second.pdf_sha256 != first.pdf_sha256
    assert ctx.blob_path(first.pdf_sha256).read_bytes() == first_bytes
    assert _winner(ctx, "issued_report", first.id, "revision") == 1
    text = _text(ctx.blob_path(second.pdf_sha256).read_bytes())
    assert "更正后的描述。" in text and "第2版" in text
    assert read_claims(ctx.blob_path(second.pdf_sha256).read_bytes()).issued.replaces == first.id
    with ctx.engine.connect() as conn:
        last = conn.execute(select(db.report_numbers.c.last)).scalar_one()
    assert last == 1  # a revision takes no new number


def test_the_team_downloads_the_issued_pdf_and_other_teams_do_not(ctx, live):
    device, reviewer = reviewdata.team(ctx)
    stranger = enrol(ctx, "sun", "inspector", ["team-b"])
    pushed = _approved(ctx, device, reviewer)
    issued = issue.issue_report(ctx, reviewer, pushed.inspection_id)
    with live.client(device) as client:
        got = client.get(f"/api/v1/blobs/{issued.pdf_sha256}")
    assert got.status_code == 200
    assert hashlib.sha256(got.content).hexdigest() == issued.pdf_sha256
    with live.client(stranger) as client:
        assert client.get(f"/api/v1/blobs/{issued.pdf_sha256}").status_code == 404


def test_a_reviewer_may_write_only_report_issued_on_an_inspection(ctx):
    device, _ = reviewdata.team(ctx)
    laptop = enrol(ctx, "qian", "reviewer", [])
    pushed = reviewdata.closed_inspection(ctx, device)
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, laptop.token)
    iid = pushed.inspection_id
    entries = [
        laptop.entry(iid, "status", "draft"),
        laptop.entry(iid, "company_name", "改名"),
        laptop.entry(iid, "status", "report_issued"),
    ]
    results = changelog.push(ctx, principal, [ChangeEntry(**sign(e)) for e in entries])
    assert [r.status for r in results] == [
        ChangeStatus.REJECTED,
        ChangeStatus.REJECTED,
        ChangeStatus.APPLIED,
    ]
    assert results[0].reason == "unauthorized: reviewers write review records only"


@pytest.mark.parametrize("uploaded", [True, False], ids=["uploaded", "cold"])
def test_issuing_a_150_defect_report_time(ctx, backend, uploaded):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device, defects=150)
    reviewdata.photos(ctx, device, pushed.inspection_id, pushed.defect_ids, 30, upload=uploaded)
    review.approve(ctx, reviewer, pushed.inspection_id)
    started = time.perf_counter()
    issued = issue.issue_report(ctx, reviewer, pushed.inspection_id)
    elapsed = time.perf_counter() - started
    # A figure for the note (target 2 s); the benchmark suite asserts it, not this test.
    # uploaded: the photos came through the upload path, which made their report
    # derivatives; cold: every 4000x3000 photo is decoded and scaled while issuing.
    how = "derivatives made at upload" if uploaded else "derivatives made while issuing"
    print(f"\nissuing a 150-defect report, 30 photos 4000x3000, {how} ({backend}): {elapsed:.2f} s")
    pdf = ctx.blob_path(issued.pdf_sha256).read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 5
    assert "照片30" in _text(pdf)
