"""The 综合评定 through the server (issue 15 item 5, D37), SQLite and PostgreSQL: the 2023
drug inspection measures' second step from the company's answers, the center's verification,
objections and a re-inspection's on-site outcomes; issuing the final conclusion and the
rectification report (refusals write nothing; the PDF read back)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from tests.server import rectificationdata as rd
from tests.server import reviewdata

from inspector_app.domain.conclusion import RectificationStatus as S
from inspector_app.domain.workdays import WorkCalendar
from inspector_app.reports.integrity import read_claims
from inspector_app.server import assessment, issue, review
from inspector_app.server import rectification as rect
from inspector_app.server.rectification_db import rect_audit, rect_reports

CAL = WorkCalendar.standard()


@pytest.fixture
def world(ctx) -> rd.World:
    return rd.world(ctx)


def issued_a(ctx, world) -> rect.Issued:
    issued = rect.issued_inspection(ctx.engine, world.a.inspection_id)
    assert issued is not None
    return issued


def answer(ctx, issued, did, verdict: str | None = None, name: str = "整改记录.pdf") -> None:
    rect.save_rectification(
        ctx,
        "qiye_a",
        issued,
        did,
        cause="培训不到位",
        actions="修订规程并培训全体人员",
        completed_on=dt.date(2026, 12, 1),
        files=[rect.Upload(name, rd.pdf_bytes(did))],
        submit=True,
    )
    if verdict:
        comment = "证据不足" if verdict == "insufficient" else "证据充分"
        rect.verify(ctx.engine, "zhao", "reviewer", issued, did, verdict, comment)


def assess(ctx, issued, today=None):
    return assessment.assess(ctx.engine, CAL, issued, today or rd.issue_day(), company=False)


def written(ctx) -> tuple[int, int]:
    with ctx.engine.connect() as conn:
        reports = conn.execute(select(func.count()).select_from(rect_reports)).scalar_one()
        finals = conn.execute(
            select(func.count()).where(rect_audit.c.what == "final_issue")
        ).scalar_one()
    return reports, finals


def test_the_world_is_a_two_step_inspection(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    assert [d.severity for d in issued.defects] == ["major", "general"]
    result = assess(ctx, issued)
    assert result.profile_id == "drug-inspection-2023" and result.has_second_step
    assert result.assessment.first.label == "待整改后评定"
    assert result.state == "awaiting_rectification"
    assert set(result.assessment.awaiting) == {major, general}
    assert [line.ruling.source for line in result.lines] == ["open", "open"]


def test_all_accepted_is_compliant(ctx, world):
    issued = issued_a(ctx, world)
    for d in issued.defects:
        answer(ctx, issued, d.id, "accepted")
    result = assess(ctx, issued)
    assert result.state == "assessed"
    assert (result.assessment.conclusion.outcome, result.assessment.conclusion.label) == (
        "compliant",
        "符合要求",
    )
    assert result.refusal() is None


def test_a_major_not_sufficient_is_non_compliant(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    answer(ctx, issued, major, "insufficient")
    answer(ctx, issued, general, "accepted")
    result = assess(ctx, issued)
    final = result.assessment.conclusion
    assert result.state == "assessed" and final.label == "不符合要求"
    assert final.reasons[0].rule_id == "major-not-rectified"
    assert final.reasons[0].defect_ids == (major,)
    assert result.reason_rows(final)[0]["defects"] == [1]


def test_overdue_is_non_compliant_and_the_due_day_itself_still_waits(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    answer(ctx, issued, major, "accepted")
    due = assess(ctx, issued).sheet.due_on
    assert due is not None
    on_the_day = assess(ctx, issued, due)
    assert on_the_day.state == "awaiting_rectification"
    assert on_the_day.lines[1].ruling.status is S.PENDING
    after = assess(ctx, issued, due + dt.timedelta(days=1))
    assert (after.lines[1].ruling.status, after.lines[1].ruling.source) == (S.MISSING, "overdue")
    assert after.state == "assessed" and after.assessment.conclusion.label == "不符合要求"
    assert after.assessment.conclusion.reasons[0].rule_id == "rectification-missing"
    assert general in after.assessment.conclusion.reasons[0].defect_ids


def test_pending_waits_and_issuing_is_refused_writing_nothing(ctx, world):
    issued = issued_a(ctx, world)
    major, _ = (d.id for d in issued.defects)
    answer(ctx, issued, major)  # submitted, not verified
    result = assess(ctx, issued)
    assert result.state == "awaiting_rectification"
    assert result.lines[0].ruling.source == "waiting"
    with pytest.raises(rect.Refused) as refused:
        assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert refused.value.key == "as_err_pending" and refused.value.values["defects"] == "1、2"
    assert written(ctx) == (0, 0)


def test_an_upheld_objection_withdraws_the_major_defect(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    rect.object_to(ctx, CAL, "qiye_a", issued, major, "该记录已存在", [], rd.issue_day())
    result = assess(ctx, issued)
    assert result.lines[0].ruling.source == "objection_open"
    rect.answer_objection(ctx.engine, "zhao", "reviewer", issued, major, "upheld", "记录齐全")
    answer(ctx, issued, general, "accepted")
    result = assess(ctx, issued)
    assert result.lines[0].ruling.withdrawn
    assert result.state == "assessed" and result.assessment.conclusion.label == "符合要求"
    # The first step stays as issued.
    assert result.assessment.first.label == "待整改后评定"


def push_reinspection(ctx, world, outcomes: dict[str, str]) -> str:
    """A re-inspection of A's inspection on the team's laptop, with on-site outcomes."""
    from inspector_app.domain.ids import new_id

    device = world.device
    rid = new_id()
    _, entries = reviewdata.record(
        device,
        rid,
        "inspection",
        {
            "company_name": rd.COMPANY_A,
            "site_address": "上海市浦东新区张江路1号",
            "products": ["阿莫西林胶囊"],
            "inspection_type": "gmp_compliance",
            "checklist_id": reviewdata.CHECKLIST[0],
            "checklist_version": reviewdata.CHECKLIST[1],
            "created_at": "2026-12-20T08:00:00.000000Z",
            "status": "on_site",
            "follows_inspection_id": world.a.inspection_id,
        },
    )
    for origin, outcome in outcomes.items():
        _, e = reviewdata.record(
            device,
            rid,
            "defect",
            {
                "inspection_id": rid,
                "severity": "major",
                "facts": "复查：压差记录",
                "origin_defect_id": origin,
                "followup": outcome,
                "followup_note": f"现场核实：{outcome}",
                "created_at": "2026-12-20T09:00:00.000000Z",
            },
        )
        entries += e
    reviewdata.push(ctx, device, entries)
    return rid


def test_a_reinspection_outcome_decides_the_defect(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    answer(ctx, issued, major, "accepted")
    due = assess(ctx, issued).sheet.due_on
    late = due + dt.timedelta(days=1)
    # The general defect: never answered (overdue) but closed on site; the major defect,
    # accepted on paper, found partly rectified.
    rid = push_reinspection(ctx, world, {general: "closed", major: "partly"})
    result = assess(ctx, issued, late)
    by_id = {line.id: line for line in result.lines}
    assert (by_id[general].ruling.status, by_id[general].ruling.source) == (
        S.ACCEPTED,
        "reinspection",
    )
    assert by_id[general].followup.inspection_id == rid
    assert by_id[major].ruling.status is S.INSUFFICIENT
    assert result.assessment.conclusion.label == "不符合要求"
    assert result.assessment.conclusion.reasons[0].rule_id == "major-not-rectified"
    # A later re-inspection closes the major defect: the latest outcome wins.
    push_reinspection(ctx, world, {major: "closed"})
    result = assess(ctx, issued, late)
    assert result.assessment.conclusion.label == "符合要求"


def test_issue_renders_numbers_stores_and_audits_the_report(ctx, world):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    answer(ctx, issued, major, "accepted", name="培训记录.pdf")
    answer(ctx, issued, general, "accepted")
    row = assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert row["number"] == f"{issued.number}-ZG" and row["label"] == "符合要求"
    assert row["issued_by_name"] == "赵审核"
    pdf = ctx.blob_path(row["pdf_sha256"]).read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    for expected in (
        "缺陷整改情况报告",
        row["number"],
        issued.number,
        rd.COMPANY_A,
        "待整改后评定",
        "符合要求",
        "全部缺陷的整改经核实均已到位",
        "修订规程并培训全体人员",
        "培训记录.pdf",
        rd.ADJUSTED.rstrip("。"),  # the defect as issued
        "赵审核",
    ):
        assert "".join(expected.split()) in flat, expected
    sha_short = rect.check_files([rect.Upload("x.pdf", rd.pdf_bytes(major))])[0].sha256[:12]
    assert sha_short in flat
    claims = read_claims(pdf)
    assert claims is not None and claims.inspection_id == issued.id
    assert claims.template_id == "rectification-report" and claims.issued.number == row["number"]
    assert written(ctx) == (1, 1)
    s = rect.sheet(ctx.engine, CAL, issued, rd.issue_day(), company=True)
    assert s.audit[-1]["what"] == "final_issue"  # the company sees it in its trail
    with pytest.raises(rect.Refused) as refused:
        assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert refused.value.key == "as_err_issued"
    assert written(ctx) == (1, 1)
    assert assess(ctx, issued).final["number"] == row["number"]


def test_a_single_step_outcome_issues_once_every_defect_is_decided(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device, defects=1)
    did = pushed.defect_ids[0]
    review.adjust(ctx, reviewer, pushed.inspection_id, did, severity="general", reason="降级")
    review.approve(ctx, reviewer, pushed.inspection_id)
    issue.issue_report(ctx, reviewer, pushed.inspection_id)
    rect.create_company_account(ctx.engine, "admin", "qiye_a", rd.COMPANY_A)
    issued = rect.issued_inspection(ctx.engine, pushed.inspection_id)
    result = assess(ctx, issued)
    # Only a general defect: 符合要求 at the first step, no second step for it.
    assert result.state == "single_step" and result.assessment.conclusion.label == "符合要求"
    with pytest.raises(rect.Refused) as refused:
        assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert refused.value.key == "as_err_pending"
    answer(ctx, issued, did, "insufficient")
    row = assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert (row["state"], row["label"]) == ("single_step", "符合要求")
    text = "".join(p.extract_text() for p in PdfReader(ctx.blob_path(row["pdf_sha256"])).pages)
    assert "本规则无整改后评定" in "".join(text.split())


def test_an_answer_changed_while_rendering_refuses_the_issue(ctx, world, monkeypatch):
    issued = issued_a(ctx, world)
    major, general = (d.id for d in issued.defects)
    answer(ctx, issued, major, "accepted")
    answer(ctx, issued, general, "accepted")
    real = assessment._render

    def render_meanwhile(data):
        # Another writer acts on the inspection while the PDF is made.
        rect.rate(ctx.engine, "qiye_a", issued, 4, "", None)
        return real(data)

    monkeypatch.setattr(assessment, "_render", render_meanwhile)
    with pytest.raises(rect.Refused) as refused:
        assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
    assert refused.value.key == "as_err_changed"
    assert written(ctx) == (0, 0)
    monkeypatch.setattr(assessment, "_render", real)
    assert assessment.issue_final(ctx, CAL, "zhao", "reviewer", issued, rd.issue_day())
