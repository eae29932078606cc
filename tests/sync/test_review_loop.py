"""The center's review through real sync: a return becomes a task, the answer flows back,
the issued report and its PDF come down and lock the record (issue 11)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image
from tests.sync.conftest import FIXTURES, enrolled, new_inspection
from tests.sync.test_trail import laptop_trail, rows_of, server_trail

from inspector_app.domain.audit import Person
from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import IssuedReport, SignatureRole, Status
from inspector_app.operations import App, reviews
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store.merge import laptop_state_hash
from inspector_app.sync.client import missing_blobs, pending_uploads, referenced_blobs

PDF = b"%PDF-1.4\n% the center's issued report\n%%EOF\n"


def test_an_issued_pdf_is_a_referenced_blob_fetched_not_uploaded(laptop):
    a = laptop("a")
    insp = new_inspection(a)
    sha = a.blobs.put_bytes(PDF).sha256
    with a.store.write(Person(name="审核员周", account="zhou", role="reviewer")) as uow:
        uow.add(
            IssuedReport(
                id=new_id(),
                inspection_id=insp.id,
                number="〔2026〕第1号",
                template="full",
                pdf_sha256=sha,
                issued_by="审核员周",
                issued_at=datetime.now(UTC),
            )
        )
    assert referenced_blobs(a.store) == {sha: False}  # no photo derivative for a PDF
    assert missing_blobs(a.store, a.blobs) == []
    b_sha = "cd" * 32
    with a.store.write("审核员周") as uow:
        uow.update("issued_report", uow.find("issued_report")[0].id, {"pdf_sha256": b_sha})
    assert missing_blobs(a.store, a.blobs) == [b_sha]  # the next sync fetches it
    assert b_sha not in pending_uploads(a.store, a.blobs)


def close_with_signatures(app, inspection_id: str) -> None:
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, "PNG")
    ops.start_on_site(app, inspection_id, on=date(2026, 11, 24))
    ops.sign(app, inspection_id, SignatureRole.INSPECTOR, "王组长", png.getvalue())
    ops.sign(app, inspection_id, SignatureRole.COMPANY, "企业代表张三", png.getvalue())
    ops.close_on_site(app, inspection_id, on=date(2026, 11, 25))


def test_the_full_review_loop_through_real_sync(tmp_path: Path, server):
    """Laptop pushes → reviewer returns a defect → laptop pulls, answers, pushes → reviewer
    approves and issues → laptop pulls the issued state and PDF and is locked for good."""
    review = pytest.importorskip("inspector_app.server.review")
    issue = pytest.importorskip("inspector_app.server.issue")
    from inspector_app.server import admin
    from inspector_app.server.errors import ApiError

    admin.add_user(server.ctx.engine, "zhou", "reviewer", ["team-1"], display_name="审核员周")
    # The server renders the issued report from the checklist version the laptop used.
    admin.add_checklist_file(server.ctx.engine, FIXTURES / "mini-gmp.v1.yaml")
    a = App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES])
    try:
        enrolled(a, server, "wang")
        insp = new_inspection(a)
        d1 = ops.add_defect(a, insp.id, severity="general", facts="培训记录不全")
        d2 = ops.add_defect(a, insp.id, severity="major", facts="偏差未调查")
        close_with_signatures(a, insp.id)
        assert sync_ops.sync_now(a).ok

        # The center returns one defect; the laptop pulls and the task appears.
        returned = review.return_for_correction(
            server.ctx, "zhou", insp.id, d1.id, "请写明缺少哪几个月的培训记录"
        )
        assert reviews.open_tasks(a, insp.id) == []
        assert sync_ops.sync_now(a).ok
        tasks = reviews.open_tasks(a, insp.id)
        assert [(t.review.id, t.review.defect_id) for t in tasks] == [(returned, d1.id)]
        assert tasks[0].review.comment == "请写明缺少哪几个月的培训记录"
        assert tasks[0].review.reviewer == "审核员周"

        # Approving with the return unanswered is refused.
        with pytest.raises(ApiError, match=r"(?i)answer|returned"):
            review.approve(server.ctx, "zhou", insp.id)

        # The inspector corrects the defect (a revision with a reason) and answers.
        ops.update_defect(
            a, d1.id, {"facts": "缺少2026年3月、4月培训记录"}, revision_reason="按中心退回意见修改"
        )
        answer = reviews.answer_review(a, returned, "已改为：缺少2026年3月、4月培训记录")
        assert reviews.open_tasks(a, insp.id) == []
        assert sync_ops.sync_now(a).ok

        # The reviewer approves and issues; the laptop pulls the issued state and the PDF.
        review.accept(server.ctx, "zhou", insp.id, d2.id)
        review.approve(server.ctx, "zhou", insp.id, "同意出具")
        issued = issue.issue_report(server.ctx, "zhou", insp.id)
        report = sync_ops.sync_now(a)
        assert report.ok, report

        record = ops.load_inspection(a, insp.id)
        assert record.inspection.status is Status.REPORT_ISSUED
        assert [r.id for r in record.issued_reports] == [issued.id]
        assert [r.text for r in record.review_responses] == [answer.text]
        path = reviews.issued_pdf_path(a, issued.id)
        pdf = path.read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
        assert pdf == server.ctx.blob_path(issued.pdf_sha256).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert sync_ops.sync_status(a).photos_pending == 0

        # Locked for good: no revision, no answer, even with a reason.
        message = f"报告已出具（{issued.number}），记录不可再修改"
        with pytest.raises(DomainError, match=re.escape(message)):
            ops.update_defect(a, d2.id, {"facts": "再改"}, revision_reason="想再改")
        with pytest.raises(DomainError, match=re.escape(message)):
            reviews.answer_review(a, returned, "再回复")

        # One trail, byte-identical on the laptop and the server, naming both people.
        assert sync_ops.sync_now(a).ok
        trail = laptop_trail(a, insp.id)
        assert trail == server_trail(server, insp.id)
        rows = rows_of(trail)
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row["kind"], set()).add((row["actor"], row["account"], row["role"]))
        assert by_kind["review_response"] == {("王五", "wang", "inspector")}
        assert ("审核员周", "zhou", "reviewer") in by_kind["review"]
        assert ("审核员周", "zhou", "reviewer") in by_kind["issued_report"]
        revision = next(r for r in rows if r["kind"] == "defect" and r["field"] == "facts")
        assert (revision["actor"], revision["reason"]) == ("王五", "按中心退回意见修改")
        assert laptop_state_hash(a.store, insp.id) == server.state_hash(insp.id)
    finally:
        a.close()
