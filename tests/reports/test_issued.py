"""Issued reports: the issue (number, revision, issuer, time) printed and embedded at render
time, no 未经中心审核 mark, and `report verify` naming the issuer from the center's record of
the file's SHA-256; a byte changed after issue fails."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

from pypdf import PdfReader

from inspector_app import cli
from inspector_app.domain.model import IssuedReport, Status
from inspector_app.operations import App
from inspector_app.operations.reports import report_data, verify_report
from inspector_app.reports import fonts, render, templates
from inspector_app.reports.integrity import read_claims
from inspector_app.reports.model import DocumentState, IssueInfo

ISSUED_AT = datetime(2026, 11, 28, 3, 30, tzinfo=UTC)
NUMBER = "〔2026〕第7号"


def _issued_pdf(app: App, iid: str, revision: int = 1, replaces: str = "") -> bytes:
    """The PDF as the server renders it (server/issue.py): status report_issued, the number
    as the document number, and the issue."""
    data = report_data(app, iid)
    data.inspection = data.inspection.model_copy(
        update={"status": Status.REPORT_ISSUED, "document_no": NUMBER}
    )
    data.issue = IssueInfo(NUMBER, revision, "赵审核", ISSUED_AT, "zhao", replaces)
    return render.render(data, templates.load_template("full"), fonts.resolve_font())


def _record(app: App, iid: str, pdf: bytes, revision: int = 1) -> IssuedReport:
    """The issued_report record as a laptop holds it after a pull."""
    report = IssuedReport(
        id=f"issued-{revision}",
        inspection_id=iid,
        number=NUMBER,
        revision=revision,
        template="full",
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by="赵审核",
        issued_at=ISSUED_AT,
    )
    with app.store.write("赵审核") as uow:
        uow.add(report)
    return report


def test_an_issued_pdf_prints_and_embeds_its_issue(demo):
    app, iid = demo
    pdf = _issued_pdf(app, iid)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert NUMBER in text
    assert "签发人：赵审核（zhao）" in text
    assert "未经中心审核" not in text
    claims = read_claims(pdf)
    assert claims is not None and claims.state == DocumentState.ISSUED.value
    issued = claims.issued
    assert issued is not None
    assert (issued.number, issued.revision, issued.issued_by, issued.issued_at) == (
        NUMBER,
        1,
        "赵审核",
        "2026-11-28T03:30:00Z",
    )


def test_verify_names_the_issuer_and_fails_on_an_altered_file(fresh_demo, tmp_path):
    app, iid = fresh_demo
    pdf = _issued_pdf(app, iid)
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)

    result = verify_report(app, path)  # no issued_report record yet: not provable here
    assert result.status == "unknown" and "sync, then verify again" in result.message

    _record(app, iid, pdf)
    result = verify_report(app, path)
    assert result.ok, result.message
    assert f"issued report {NUMBER} (revision 1)" in result.message
    assert "issued by 赵审核 at 2026-11-28 03:30 UTC" in result.message

    # One byte of page content changed after issue (same length, the metadata intact).
    at = pdf.index(b"stream\n") + 20
    altered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    path.write_bytes(altered)
    result = verify_report(app, path)
    assert result.status == "differs"
    assert "altered after issue" in result.message and "赵审核" in result.message


def test_verify_says_when_a_revision_replaced_it(fresh_demo, tmp_path):
    app, iid = fresh_demo
    first = _issued_pdf(app, iid)
    _record(app, iid, first)
    second = _issued_pdf(app, iid, revision=2, replaces="issued-1")
    _record(app, iid, second, revision=2)
    path = tmp_path / "first.pdf"
    path.write_bytes(first)
    result = verify_report(app, path)
    assert result.ok and "revision 2 has since replaced it" in result.message


def test_cli_report_verify_names_the_issuer(fresh_demo, tmp_path, capsys):
    app, iid = fresh_demo
    pdf = _issued_pdf(app, iid)
    _record(app, iid, pdf)
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    app.close()  # the CLI opens the same data dir (fresh_demo's tmp_path / "data")
    code = cli.main(["--data-dir", str(tmp_path / "data"), "report", "verify", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"issued report {NUMBER}") and "issued by 赵审核" in out


def test_an_issued_report_is_dated_the_day_it_was_issued_and_names_its_issuer_on_the_cover(
    demo,
):
    """Issued 2026-12-31 17:30 UTC: in China it is already 2027-01-01, the report's date; the
    cover names the issuer and the number. A laptop rendering keeps the on-site end date."""
    app, iid = demo
    data = report_data(app, iid)
    laptop_date = data.document_date
    assert data.issue is None and laptop_date.date() == (
        data.inspection.actual_end or data.inspection.actual_start
    )
    data.inspection = data.inspection.model_copy(
        update={"status": Status.REPORT_ISSUED, "document_no": NUMBER}
    )
    late = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    data.issue = IssueInfo(NUMBER, 1, "赵审核", late, "zhao")
    assert data.document_date == datetime(2027, 1, 1, 1, 30)
    pdf = render.render(data, templates.load_template("full"), fonts.resolve_font())
    cover = (PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").replace(" ", "")
    assert "报告日期：2027年1月1日" in cover, cover
    assert "签发人：赵审核" in cover and NUMBER in cover
