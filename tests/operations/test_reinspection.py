"""Re-inspection (复查, issue 15): the company's answers fetched over real HTTP and kept, the
follow-up inspection preloaded from them offline, on-site outcomes with their audit rows,
and the refusals (original not issued, no answers kept, an outcome not one of three)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.operations.rectification_stub import TOKEN, RectificationStub, answer_for

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Status, TeamRole
from inspector_app.domain.reinspection import AnswerSnapshot, Followup
from inspector_app.operations import inspections as ops
from inspector_app.operations import reinspection as re_ops
from inspector_app.operations.sync import credentials
from inspector_app.store.merge import set_meta
from inspector_app.sync.state import SERVER_KEY

from .test_inspections import new_inspection, sign_both


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    server = RectificationStub()
    yield server
    server.stop()


def enrol(app, url: str) -> None:
    set_meta(app.store, SERVER_KEY, url)
    credentials(app).set(url, TOKEN)


def issued_inspection(app, issue: bool = True):
    insp = new_inspection(app)
    item = next(iter(ops.checklist_of(app, insp).items_by_id()))
    ops.start_on_site(app, insp.id, on=date(2026, 11, 24))
    d1 = ops.add_defect(
        app, insp.id, severity="major", facts="培训记录不全", item_id=item, location="QA办公室"
    )
    d2 = ops.add_defect(app, insp.id, severity="general", facts="偏差未调查")
    d3 = ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    d4 = ops.add_defect(app, insp.id, severity="general", facts="记录已提供")
    sign_both(app, insp.id)
    ops.close_on_site(app, insp.id, on=date(2026, 11, 25))
    if issue:  # what pulling the center's issue brings to the laptop
        ops.mark_report_issued(app, insp.id)
    return insp, [d1, d2, d3, d4]


TEAM = [ops.TeamMemberInput("李组长", TeamRole.LEAD)]


def test_preloaded_from_answers_kept_while_online_then_created_offline(app, stub):
    enrol(app, stub.url)
    original, defects = issued_inspection(app)
    stub.answers[original.id] = answer_for(original, defects, upheld=defects[3].id)
    assert re_ops.kept_answers(app, original.id) is None

    kept = re_ops.fetch_answers(app, original.id)
    assert stub.requests == [f"/api/v1/inspections/{original.id}/rectification"]
    assert kept.answer.report_number == "〔2026〕第7号" and kept.answered == 2
    stub.stop()  # offline from here: the kept answers are enough

    assert re_ops.kept_answers(app, original.id).answer == kept.answer
    follow = re_ops.create_reinspection(
        app,
        original.id,
        planned_start=date(2027, 1, 5),
        planned_end=date(2027, 1, 6),
        team=TEAM,
    )
    record = ops.load_inspection(app, follow.id)
    insp = record.inspection
    assert insp.follows_inspection_id == original.id
    assert insp.status is Status.DRAFT
    assert (insp.company_name, insp.inspection_type, insp.checklist_id) == (
        original.company_name,
        original.inspection_type,
        original.checklist_id,
    )
    assert (insp.checklist_version, insp.scope_tags, insp.scope_sections) == (
        original.checklist_version,
        original.scope_tags,
        original.scope_sections,
    )
    assert (insp.planned_start, insp.planned_end) == (date(2027, 1, 5), date(2027, 1, 6))
    assert [(m.name, m.role) for m in record.team] == [("李组长", TeamRole.LEAD)]

    preloaded = re_ops.originals_of(record.defects)
    # One per defect as issued, in the issued order; the upheld objection's defect is withdrawn.
    assert [d.origin_defect_id for d in preloaded] == [d.id for d in defects[:3]]
    first, second, third = preloaded
    assert first.facts == "培训记录不全（审核后）" and first.severity == "major"
    assert first.item_id == defects[0].item_id and first.location == "QA办公室"
    assert first.clause_refs == defects[0].clause_refs
    assert all(d.followup is None and d.followup_note == "" for d in preloaded)
    assert first.origin_answer == AnswerSnapshot(
        report_number="〔2026〕第7号",
        severity="major",
        facts="培训记录不全（审核后）",
        status="accepted",
        cause="人员培训不到位",
        actions="修订SOP-QA-012并对全体QA人员培训",
        completed_on=date(2026, 12, 10),
        evidence=["培训记录.pdf"],
        verification="accepted",
        verification_comment="证据充分",
        verified_by="审核员周",
        fetched_at=kept.fetched_at,
    )
    assert second.origin_answer.verification == "insufficient"
    assert "整改不充分" in second.origin_answer.action_summary()
    assert third.origin_answer.status == "none"
    assert third.origin_answer.action_summary() == "企业未提交整改情况"
    # The original is untouched.
    assert len(ops.load_inspection(app, original.id).defects) == 4


def test_outcomes_are_recorded_audited_and_refused_when_not_one_of_three(app, stub):
    enrol(app, stub.url)
    original, defects = issued_inspection(app)
    stub.answers[original.id] = answer_for(original, defects)
    re_ops.fetch_answers(app, original.id)
    follow = re_ops.create_reinspection(app, original.id, team=TEAM)
    first, second, *_ = re_ops.originals_of(ops.load_inspection(app, follow.id).defects)
    ops.start_on_site(app, follow.id)

    done = re_ops.record_followup(app, follow.id, first.id, "closed", "SOP已修订，培训记录齐全")
    assert done.followup is Followup.CLOSED
    re_ops.record_followup(app, follow.id, second.id, Followup.PARTLY, "调查报告未完成")
    re_ops.record_followup(app, follow.id, second.id, "not_closed", "未见调查报告")
    assert app.store.get("defect", second.id).followup is Followup.NOT_CLOSED
    trail = [
        (r["old"], r["new"])
        for r in ops.audit_trail(app, follow.id)
        if r["record_id"] == second.id and r["field"] == "followup"
    ]
    assert trail == [(None, "partly"), ("partly", "not_closed")]

    with pytest.raises(DomainError, match=r"'fixed' is not a re-inspection outcome.*closed 已整改"):
        re_ops.record_followup(app, follow.id, first.id, "fixed")
    new = ops.add_defect(app, follow.id, severity="general", facts="复查新发现：温湿度记录缺失")
    with pytest.raises(DomainError, match="found on this visit") as caught:
        re_ops.record_followup(app, follow.id, new.id, "closed")
    assert caught.value.field == "followup"
    with pytest.raises(DomainError, match=f"inspection {follow.id} has no defect {defects[0].id}"):
        re_ops.record_followup(app, follow.id, defects[0].id, "closed")
    assert app.store.get("defect", first.id).followup is Followup.CLOSED  # refusals wrote nothing

    # Closed on site: the record is locked, a change needs a revision reason.
    sign_both(app, follow.id)
    ops.close_on_site(app, follow.id)
    with pytest.raises(DomainError, match="revision reason"):
        re_ops.record_followup(app, follow.id, first.id, "partly")
    re_ops.record_followup(app, follow.id, first.id, "partly", "复核", revision_reason="复核更正")
    assert app.store.get("defect", first.id).followup is Followup.PARTLY


def test_refusals_say_what_and_where(app, stub):
    enrol(app, stub.url)
    draft, _ = issued_inspection(app, issue=False)
    with pytest.raises(DomainError, match=rf"inspection {draft.id} .* has no issued report"):
        re_ops.create_reinspection(app, draft.id, team=TEAM)
    with pytest.raises(DomainError, match="has no issued report"):
        re_ops.fetch_answers(app, draft.id)
    assert stub.requests == []  # refused before asking

    original, _ = issued_inspection(app)
    with pytest.raises(DomainError, match=r"no answers of the company .* are kept") as kept:
        re_ops.create_reinspection(app, original.id, team=TEAM)
    assert original.id in str(kept.value) and kept.value.field == "rectification"
    # The server has nothing for this laptop (not issued there, or not the team's): 404.
    with pytest.raises(DomainError, match=f"{stub.url} has no issued report of inspection"):
        re_ops.fetch_answers(app, original.id)
    assert re_ops.kept_answers(app, original.id) is None
    assert len(app.store.find("inspection")) == 2  # nothing created by any refusal


def test_export_and_import_keep_the_link_the_snapshot_and_the_outcome(app, stub, tmp_path):
    import json
    from pathlib import Path

    from inspector_app.operations import App
    from inspector_app.operations.interchange import export_inspection, import_inspection

    enrol(app, stub.url)
    original, defects = issued_inspection(app)
    stub.answers[original.id] = answer_for(original, defects)
    re_ops.fetch_answers(app, original.id)
    follow = re_ops.create_reinspection(app, original.id, team=TEAM)
    first = re_ops.originals_of(ops.load_inspection(app, follow.id).defects)[0]
    re_ops.record_followup(app, follow.id, first.id, "partly", "培训记录仍缺两人")

    data = export_inspection(app, follow.id)
    doc = json.loads(data)
    assert doc["inspection"]["follows_inspection_id"] == original.id
    exported = next(d for d in doc["defects"] if d["id"] == first.id)
    assert exported["followup"] == "partly" and exported["origin_defect_id"] == defects[0].id
    assert exported["origin_answer"]["completed_on"] == "2026-12-10"
    fixtures = Path(__file__).parent / "fixtures"
    with App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[fixtures]) as other:
        import_inspection(other, data, "reinspection.json")
        copy = other.store.get("defect", first.id)
        assert copy.origin_answer == first.origin_answer
        assert (copy.followup, copy.followup_note) == (Followup.PARTLY, "培训记录仍缺两人")
        assert other.store.get("inspection", follow.id).follows_inspection_id == original.id


def test_the_link_and_the_answer_snapshot_are_read_only(app, stub):
    enrol(app, stub.url)
    original, defects = issued_inspection(app)
    stub.answers[original.id] = answer_for(original, defects)
    re_ops.fetch_answers(app, original.id)
    follow = re_ops.create_reinspection(app, original.id, team=TEAM)
    first = re_ops.originals_of(ops.load_inspection(app, follow.id).defects)[0]
    for field, value in (("origin_answer", None), ("origin_defect_id", defects[1].id)):
        with pytest.raises(DomainError, match="the company's answer cannot be changed"):
            ops.update_defect(app, first.id, {field: value})
    assert app.store.get("defect", first.id) == first
    # Its grade, facts and the rest stay editable like any defect's.
    assert ops.update_defect(app, first.id, {"location": "QA档案室"}).location == "QA档案室"
