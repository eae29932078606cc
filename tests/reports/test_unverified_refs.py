"""A clause the checklist marks `verified: false` prints as a plain citation in both PDFs.

The app marks such clauses 〔条号待核实〕 for the inspector and the center; the company's
documents show the clause and nothing about its verification. Uses the shipped checklists
(their flags are real data), a real store, and the PDFs parsed back.
"""

from __future__ import annotations

import re

import pytest
from tests.reports.conftest import sign_demo
from tests.reports.test_document_state import EMPTY_BRACKETS, TEMPLATES, pages_text

from inspector_app.checklist.citation import format_ref
from inspector_app.domain.model import ResultValue, Severity, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.reports import render_bytes

# Anything the app shows beside an unverified clause, or the checklist's key for it (pages are
# squashed, so "verified: false" would read "verified:false"; English requirement texts may
# say "verified" as a verb).
NOTES = ("待核实", "未核实", "〔", "〕", "verified:")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Per checklist: the flagged clause texts a defect cites, the record, and both PDFs."""
    data = tmp_path_factory.mktemp("unverified")
    out = {}
    with App(data, actor="测试员") as app:
        for checklist_id, inspection_type, item_ids in (
            # 第一百二十九条 (note 5) and a chapter-2 estimate; the device GMP has no tags
            # limiting these items.
            ("device-gmp-2025", "gmp_compliance", ("dgmp25-129", "dgmp25-007")),
            # A 2025 GMP ref cited with `source` (remapped numbering, per the notes).
            ("device-registration-qms-2022", "registration_verification", None),
        ):
            inspection = ops.create_inspection(
                app,
                company_name="条号核对医疗器械有限公司",
                inspection_type=inspection_type,
                checklist_id=checklist_id,
            )
            iid = inspection.id
            lead = ops.TeamMemberInput(name="王建国", role=TeamRole.EXPERT, organisation="中心")
            ops.add_team_member(app, iid, lead)
            ops.start_on_site(app, iid)
            checklist = ops.checklist_of(app, inspection)
            items = checklist.items_by_id()
            if item_ids is None:  # the first item citing a flagged 2025 ref
                item_ids = (
                    next(i.id for i in items.values() if any(not r.verified for r in i.refs)),
                )
            cited = []
            for n, item_id in enumerate(item_ids):
                item = items[item_id]
                flagged = [format_ref(r) for r in item.refs if not r.verified]
                assert flagged, item_id  # the test is about flagged clauses
                cited += flagged
                ops.record_result(app, iid, item_id, ResultValue.NON_CONFORMING)
                # The first defect cites the clauses as the editor stores them; the second
                # leaves them out, so the report falls back to the item's own refs.
                ops.add_defect(
                    app,
                    iid,
                    severity=Severity.MAJOR,
                    facts=f"缺陷{n + 1}的事实。",
                    item_id=item_id,
                    clause_refs=[format_ref(r) for r in item.refs] if n == 0 else [],
                )
            sign_demo(app, iid)
            ops.close_on_site(app, iid)
            out[checklist_id] = (
                cited,
                ops.load_inspection(app, iid),
                {t: render_bytes(app, iid, t) for t in TEMPLATES},
            )
    return out


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("checklist_id", ["device-gmp-2025", "device-registration-qms-2022"])
def test_a_flagged_clause_prints_as_a_plain_citation(documents, checklist_id, template):
    cited, record, pdfs = documents[checklist_id]
    # Stored as the plain citation: the marker lives only in the app's widgets.
    stored = {ref for d in record.defects for ref in d.clause_refs}
    assert set(cited) & stored  # the first defect cites flagged clauses
    assert not any(note in ref for ref in stored for note in NOTES)

    pages = pages_text(pdfs[template])
    whole = "".join(pages)
    for clause in cited:
        squashed = re.sub(r"\s+", "", clause)
        assert squashed in whole, (template, clause)
        # Whatever follows the citation on paper, it is not a note about the number.
        for match in re.finditer(re.escape(squashed), whole):
            following = whole[match.end() : match.end() + 8]
            assert not any(note in following for note in NOTES), (clause, following)
    for number, text in enumerate(pages, start=1):
        for note in NOTES:
            assert note not in text, (checklist_id, template, number, note)
        assert not EMPTY_BRACKETS.search(text), (checklist_id, template, number)


def test_the_full_report_prints_the_items_of_flagged_clauses_without_a_note(documents):
    cited, record, pdfs = documents["device-gmp-2025"]
    whole = "".join(pages_text(pdfs["full"]))
    # The item-results table lists the item by its code (第一百二十九条 for the annex-chapter
    # item) and the defect without clause refs falls back to its item's refs (第七条).
    assert "第一百二十九条" in whole
    assert "第七条" in whole
    assert [d.clause_refs for d in record.defects] == [["第一百二十九条"], []]
    assert cited == ["第一百二十九条", "第七条"]


def test_the_apps_marker_never_prints_even_if_copied_into_a_reference(tmp_path):
    """The item pane's text is selectable: 〔条号待核实〕 copied into a free-text clause is
    kept in the record for the center and left off paper."""
    with App(tmp_path / "data", actor="测试员") as app:
        iid = ops.create_inspection(
            app,
            company_name="条号核对医疗器械有限公司",
            inspection_type="gmp_compliance",
            checklist_id="device-gmp-2025",
        ).id
        ops.start_on_site(app, iid)
        ops.add_defect(
            app,
            iid,
            severity=Severity.GENERAL,
            facts="复制了标注的条款。",
            item_id="dgmp25-129",
            clause_refs=["第一百二十九条 〔条号待核实〕", "〔条号待核实〕"],
        )
        sign_demo(app, iid)
        [defect] = ops.load_inspection(app, iid).defects
        assert "〔条号待核实〕" in defect.clause_refs  # the app keeps what was stored
        for template in TEMPLATES:
            whole = "".join(pages_text(render_bytes(app, iid, template)))
            assert "第一百二十九条" in whole
            for note in NOTES:
                assert note not in whole, (template, note)
