"""Re-inspection through real sync (issue 15): a laptop's inspection is pushed, reviewed and
issued at the center; the company answers two defects and the reviewer verifies them; the
laptop fetches the answers over the real API, prepares the re-inspection from them, records
the outcomes on site and syncs — and the outcomes are in the center's materialised records."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select
from tests.sync.conftest import FIXTURES, enrolled, new_inspection
from tests.sync.test_review_loop import close_with_signatures

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Status, TeamRole
from inspector_app.domain.reinspection import Followup
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import reinspection as re_ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store.merge import laptop_state_hash


def winner(server, kind: str, record_id: str, field: str):
    from inspector_app.server import db

    w = db.winners.c
    with server.ctx.engine.connect() as conn:
        return conn.execute(
            select(w.value).where(w.kind == kind, w.record_id == record_id, w.field == field)
        ).scalar_one_or_none()


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PDF")
    return out.getvalue()


def test_reinspection_preloaded_through_real_sync_and_outcomes_reach_the_center(tmp_path, server):
    review = pytest.importorskip("inspector_app.server.review")
    issue = pytest.importorskip("inspector_app.server.issue")
    rect = pytest.importorskip("inspector_app.server.rectification")
    from inspector_app.server import admin

    admin.add_user(server.ctx.engine, "zhou", "reviewer", ["team-1"], display_name="审核员周")
    admin.add_checklist_file(server.ctx.engine, FIXTURES / "mini-gmp.v1.yaml")
    a = App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES])
    try:
        enrolled(a, server, "wang")
        insp = new_inspection(a)
        d1 = ops.add_defect(a, insp.id, severity="major", facts="偏差未调查")
        d2 = ops.add_defect(a, insp.id, severity="general", facts="培训记录不全")
        d3 = ops.add_defect(a, insp.id, severity="general", facts="标识不清")
        close_with_signatures(a, insp.id)
        assert sync_ops.sync_now(a).ok

        # Before the center issues: nothing to fetch, and the laptop refuses on its own.
        with pytest.raises(DomainError, match="has no issued report"):
            re_ops.fetch_answers(a, insp.id)

        review.approve(server.ctx, "zhou", insp.id, "同意出具")
        issued_report = issue.issue_report(server.ctx, "zhou", insp.id)
        assert sync_ops.sync_now(a).ok
        assert ops.get_inspection(a, insp.id).status is Status.REPORT_ISSUED

        # The company answers two defects; the reviewer accepts one, finds one insufficient.
        rect.create_company_account(server.ctx.engine, "zhou", "qa-lead", insp.company_name)
        issued = rect.issued_inspection(server.ctx.engine, insp.id)
        for did, actions in ((d1.id, "完成偏差调查并制定CAPA"), (d2.id, "补充培训")):
            rect.save_rectification(
                server.ctx,
                "qa-lead",
                issued,
                did,
                cause="规程执行不到位",
                actions=actions,
                completed_on=issued.issue_day,
                files=[rect.Upload("证据.pdf", pdf_bytes())],
                submit=True,
            )
        rect.verify(server.ctx.engine, "zhou", "reviewer", issued, d1.id, "accepted", "")
        rect.verify(
            server.ctx.engine, "zhou", "reviewer", issued, d2.id, "insufficient", "缺培训签到表"
        )

        kept = re_ops.fetch_answers(a, insp.id)
        assert kept.answer.report_number == issued_report.number
        follow = re_ops.create_reinspection(
            a, insp.id, team=[ops.TeamMemberInput("王组长", TeamRole.LEAD)]
        )
        first, second, third = re_ops.originals_of(ops.load_inspection(a, follow.id).defects)
        assert [d.origin_defect_id for d in (first, second, third)] == [d1.id, d2.id, d3.id]
        assert first.origin_answer.actions == "完成偏差调查并制定CAPA"
        assert first.origin_answer.verification == "accepted"
        assert first.origin_answer.evidence == ["证据.pdf"]
        assert second.origin_answer.verification_comment == "缺培训签到表"
        assert third.origin_answer.status == "none"

        ops.start_on_site(a, follow.id)
        re_ops.record_followup(a, follow.id, first.id, "closed", "CAPA已落实")
        re_ops.record_followup(a, follow.id, second.id, "partly", "签到表仍缺")
        re_ops.record_followup(a, follow.id, third.id, Followup.NOT_CLOSED)
        new = ops.add_defect(a, follow.id, severity="general", facts="复查新发现")
        report = sync_ops.sync_now(a)
        assert report.ok and not report.rejected, report

        assert winner(server, "inspection", follow.id, "follows_inspection_id") == insp.id
        assert winner(server, "defect", first.id, "followup") == "closed"
        assert winner(server, "defect", first.id, "followup_note") == "CAPA已落实"
        assert winner(server, "defect", second.id, "followup") == "partly"
        assert winner(server, "defect", third.id, "followup") == "not_closed"
        assert winner(server, "defect", first.id, "origin_defect_id") == d1.id
        answer = winner(server, "defect", first.id, "origin_answer")
        assert answer["actions"] == "完成偏差调查并制定CAPA" and answer["report_number"]
        assert winner(server, "defect", new.id, "origin_defect_id") is None
        # The laptop and the center agree on the re-inspection's record.
        assert server.state_hash(follow.id) == laptop_state_hash(a.store, follow.id)
    finally:
        a.close()
