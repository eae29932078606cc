"""The center's review through real sync: a return becomes a task, the answer flows back,
the issued report and its PDF come down and lock the record (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.sync.conftest import new_inspection

from inspector_app.domain.audit import Person
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import IssuedReport
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
