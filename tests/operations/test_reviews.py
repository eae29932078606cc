"""The center's review on the laptop: tasks, answers, adjustments, issued reports and the lock.

The center's records are written here the way a pull would leave them (a unit of work naming
the reviewer); the real path through the server is tests/sync/test_review_loop.py.
"""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime

import pytest
from PIL import Image

from inspector_app.domain.audit import Person
from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import (
    IssuedReport,
    Review,
    ReviewState,
    Severity,
    SignatureRole,
    Status,
    TeamRole,
)
from inspector_app.operations import inspections as ops
from inspector_app.operations import reviews
from inspector_app.store.merge import changes_of

REVIEWER = Person(name="审核员周", account="zhou", role="reviewer")
PDF = b"%PDF-1.4\n% issued by the center\n%%EOF\n"


def closed_inspection(app):
    insp = ops.create_inspection(
        app,
        company_name="某某制药有限公司",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_tags=["sterile"],
        planned_start=date(2026, 11, 24),
        team=[ops.TeamMemberInput("王组长", TeamRole.LEAD)],
    )
    d1 = ops.add_defect(app, insp.id, severity="general", facts="培训记录不全")
    d2 = ops.add_defect(app, insp.id, severity="major", facts="偏差未调查")
    ops.start_on_site(app, insp.id, on=date(2026, 11, 24))
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, "PNG")
    ops.sign(app, insp.id, SignatureRole.INSPECTOR, "王组长", png.getvalue())
    ops.sign(app, insp.id, SignatureRole.COMPANY, "企业代表张三", png.getvalue())
    ops.close_on_site(app, insp.id, on=date(2026, 11, 25))
    return insp, d1, d2


def center_review(app, inspection_id, state, defect_id=None, **fields) -> Review:
    review = Review(
        id=new_id(),
        inspection_id=inspection_id,
        defect_id=defect_id,
        state=state,
        reviewer=REVIEWER.name,
        created_at=datetime.now(UTC),
        **fields,
    )
    with app.store.write(REVIEWER) as uow:
        uow.add(review)
    return review


def issue(app, inspection_id, number="〔2026〕第7号") -> IssuedReport:
    sha = app.blobs.put_bytes(PDF).sha256
    report = IssuedReport(
        id=new_id(),
        inspection_id=inspection_id,
        number=number,
        template="full",
        pdf_sha256=sha,
        issued_by=REVIEWER.name,
        issued_at=datetime.now(UTC),
    )
    with app.store.write(REVIEWER) as uow:
        uow.add(report)
        uow.update("inspection", inspection_id, {"status": Status.REPORT_ISSUED})
    return report


def test_returns_are_tasks_until_answered_and_answers_are_audited(app):
    insp, d1, _ = closed_inspection(app)
    center_review(app, insp.id, ReviewState.COMMENTED, d1.id, comment="措辞可再具体")
    ret_defect = center_review(
        app, insp.id, ReviewState.RETURNED, d1.id, comment="请补充培训记录的批号"
    )
    ret_whole = center_review(app, insp.id, ReviewState.RETURNED, comment="请补充检查组声明")
    items = reviews.review_items(app, insp.id)
    assert [i.review.state for i in items] == [
        ReviewState.COMMENTED,
        ReviewState.RETURNED,
        ReviewState.RETURNED,
    ]
    assert [t.review.id for t in reviews.open_tasks(app, insp.id)] == [ret_defect.id, ret_whole.id]

    # The record is locked (closed), yet the answer needs no revision reason.
    answer = reviews.answer_review(app, ret_defect.id, "已补充：培训记录批号 TR-2026-11")
    assert answer.author == "测试员" and answer.review_id == ret_defect.id
    assert [t.review.id for t in reviews.open_tasks(app, insp.id)] == [ret_whole.id]
    done = next(i for i in reviews.return_tasks(app, insp.id) if i.review.id == ret_defect.id)
    assert not done.is_open and [a.text for a in done.answers] == [answer.text]
    assert ops.load_inspection(app, insp.id).review_responses == [answer]

    trail = [r for r in ops.audit_trail(app, insp.id) if r["kind"] == "review_response"]
    assert {r["actor"] for r in trail} == {"测试员"} and trail[0]["reason"] == ""
    sent = [c for c in changes_of(app.store, insp.id) if c.record_id == answer.id]
    assert {c.kind for c in sent} == {"review_response"} and sent  # goes out with the next sync


def test_answer_refused_for_a_comment_an_empty_text_and_an_unknown_review(app):
    insp, d1, _ = closed_inspection(app)
    comment = center_review(app, insp.id, ReviewState.COMMENTED, d1.id, comment="看过")
    ret = center_review(app, insp.id, ReviewState.RETURNED, d1.id, comment="请改")
    with pytest.raises(DomainError, match="only a return is answered"):
        reviews.answer_review(app, comment.id, "好的")
    with pytest.raises(DomainError) as err:
        reviews.answer_review(app, ret.id, "   ")
    assert err.value.field == "text"
    with pytest.raises(DomainError, match="no review with id nope"):
        reviews.answer_review(app, "nope", "好的")
    assert reviews.review_items(app, insp.id)[1].answers == ()


def test_after_a_return_the_defect_is_revised_with_a_reason(app):
    insp, d1, _ = closed_inspection(app)
    center_review(app, insp.id, ReviewState.RETURNED, d1.id, comment="请写明缺少哪几份记录")
    with pytest.raises(DomainError) as err:
        ops.update_defect(app, d1.id, {"facts": "缺少2026年3月、4月培训记录"})
    assert err.value.field == "revision_reason"
    ops.update_defect(
        app, d1.id, {"facts": "缺少2026年3月、4月培训记录"}, revision_reason="按中心退回意见修改"
    )
    row = [r for r in ops.audit_trail(app, insp.id) if r["field"] == "facts"][-1]
    assert (row["old"], row["new"], row["reason"]) == (
        "培训记录不全",
        "缺少2026年3月、4月培训记录",
        "按中心退回意见修改",
    )


def test_adjustments_keep_the_original_and_the_newest_wins(app):
    insp, _, d2 = closed_inspection(app)
    center_review(
        app,
        insp.id,
        ReviewState.ADJUSTED,
        d2.id,
        adjusted_severity=Severity.GENERAL,
        reason="已有纠正措施",
    )
    newest = center_review(
        app,
        insp.id,
        ReviewState.ADJUSTED,
        d2.id,
        adjusted_facts="偏差 DV-12 未按规程调查",
        reason="措辞规范",
    )
    record = ops.load_inspection(app, insp.id)
    adjusted = reviews.adjustments(record.reviews)
    assert set(adjusted) == {d2.id}
    assert adjusted[d2.id].review_id == newest.id
    assert adjusted[d2.id].facts == "偏差 DV-12 未按规程调查" and adjusted[d2.id].severity is None
    assert next(d for d in record.defects if d.id == d2.id).facts == "偏差未调查"


def test_issued_report_locks_for_good_and_its_pdf_opens(app):
    insp, d1, _ = closed_inspection(app)
    ret = center_review(app, insp.id, ReviewState.RETURNED, d1.id, comment="请改")
    assert reviews.current_issued_report(app, insp.id) is None
    report = issue(app, insp.id)

    message = "报告已出具（〔2026〕第7号），记录不可再修改"
    for attempt in (
        lambda: ops.update_defect(app, d1.id, {"facts": "x"}, revision_reason="想改"),
        lambda: ops.add_defect(app, insp.id, severity="general", facts="新", revision_reason="r"),
        lambda: ops.record_result(app, insp.id, "t-018", "conforming", revision_reason="r"),
        lambda: ops.update_inspection(app, insp.id, {"site_address": "x"}, "r"),
        lambda: reviews.answer_review(app, ret.id, "迟到的回复"),
    ):
        with pytest.raises(DomainError, match=message):
            attempt()
    assert ops.load_inspection(app, insp.id).defects[0].facts == "培训记录不全"

    assert reviews.issued_number(app, insp.id) == "〔2026〕第7号"
    assert [r.id for r in reviews.issued_reports(app, insp.id)] == [report.id]
    path = reviews.issued_pdf_path(app, report.id)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == report.pdf_sha256


def test_a_revision_is_the_report_in_force_and_a_missing_pdf_is_said(app):
    insp, _, _ = closed_inspection(app)
    first = issue(app, insp.id)
    second = IssuedReport(
        id=new_id(),
        inspection_id=insp.id,
        number="〔2026〕第9号",
        revision=2,
        replaces_id=first.id,
        template="full",
        pdf_sha256="ab" * 32,  # not on this laptop yet
        issued_by=REVIEWER.name,
        issued_at=datetime.now(UTC),
    )
    with app.store.write(REVIEWER) as uow:
        uow.add(second)
    assert reviews.current_issued_report(app, insp.id).id == second.id
    with pytest.raises(DomainError, match="报告已出具（〔2026〕第9号）"):
        ops.update_inspection(app, insp.id, {"site_address": "x"}, "r")
    with pytest.raises(DomainError, match=r"〔2026〕第9号.*尚未下载.*请先同步"):
        reviews.issued_pdf_path(app, second.id)
