"""A PDF the server issued, checked by a laptop's `report verify` once the laptop pulled and
merged the issued_report record: it names the issuer, number and time; a changed byte fails."""

from __future__ import annotations

from tests.server import reviewdata

from inspector_app.operations import App
from inspector_app.operations.reports import verify_report
from inspector_app.server import auth, changelog, issue, review
from inspector_app.store.merge import apply_changes


def test_a_laptop_verifies_the_server_issued_pdf(ctx, tmp_path):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device)
    review.approve(ctx, reviewer, pushed.inspection_id)
    issued = issue.issue_report(ctx, reviewer, pushed.inspection_id)
    pdf = ctx.blob_path(issued.pdf_sha256).read_bytes()
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)

    with App(tmp_path / "laptop", actor="王检查") as app:
        assert verify_report(app, path).status == "unknown"  # not pulled yet
        # The pull: every entry of the team's inspections, merged as the sync client does.
        with ctx.engine.connect() as conn:
            principal = auth.authenticate(conn, device.token)
        page = changelog.pull(ctx, principal, 0, 100_000)
        assert not page.more
        merged = apply_changes(app.store, page.changes, acknowledged=True)
        assert not merged.refused and merged.pending == 0
        held = app.store.get("issued_report", issued.id)
        assert held is not None and held.pdf_sha256 == issued.pdf_sha256
        assert app.store.get("inspection", pushed.inspection_id).status == "report_issued"
        result = verify_report(app, path)
        assert result.ok, result.message
        assert f"issued report {issued.number} (revision 1)" in result.message
        assert "issued by 赵审核" in result.message

        altered = bytearray(pdf)
        at = pdf.index(b"stream\n") + 40
        altered[at] ^= 0x01
        path.write_bytes(bytes(altered))
        result = verify_report(app, path)
        assert result.status == "differs" and "altered after issue" in result.message
