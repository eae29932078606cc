"""A re-inspection's documents (issue 15): the defect list and the full report carry the
section 原缺陷整改复查情况 — each original defect as issued, the company's action summary and
the outcome found on site — and mark each carried-over defect in the defect table; a first
inspection's documents have no such section. PDFs read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from tests.operations.rectification_stub import answer_for

from inspector_app.domain.model import TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import reinspection as re_ops
from inspector_app.operations.demo import demo_signature_png, seed_demo
from inspector_app.operations.reports import render_bytes
from inspector_app.store.merge import set_meta
from inspector_app.sync.client import RECTIFICATION_PREFIX

TEMPLATES = ["defect-list", "full"]


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def sign_and_close(app: App, iid: str) -> None:
    ops.sign(app, iid, "inspector", "王建国", demo_signature_png(1))
    ops.sign(app, iid, "company", "赵质量（质量受权人）", demo_signature_png(3))
    ops.close_on_site(app, iid)


@pytest.fixture(scope="module")
def reinspected(tmp_path_factory):
    data = tmp_path_factory.mktemp("reinspection")
    with App(data, actor="测试员") as app:
        iid = seed_demo(app)
        sign_and_close(app, iid)
        ops.mark_report_issued(app, iid)  # as pulled from the center
        original = ops.load_inspection(app, iid)
        answer = answer_for(original.inspection, original.defects)
        set_meta(app.store, RECTIFICATION_PREFIX + iid, answer.model_dump_json())
        follow = re_ops.create_reinspection(
            app, iid, team=[ops.TeamMemberInput("王建国", TeamRole.LEAD)]
        ).id
        ops.start_on_site(app, follow)
        first, second, third, *_ = re_ops.originals_of(ops.load_inspection(app, follow).defects)
        re_ops.record_followup(app, follow, first.id, "closed", "SOP已修订")
        re_ops.record_followup(app, follow, second.id, "partly", "调查报告未完成")
        re_ops.record_followup(app, follow, third.id, "not_closed")
        ops.add_defect(app, follow, severity="general", facts="复查新发现：温湿度记录缺失")
        sign_and_close(app, follow)
        pdfs = {t: render_bytes(app, follow, t) for t in TEMPLATES}
        first_pdf = render_bytes(app, iid, "defect-list")
        record = ops.load_inspection(app, follow)
    return pdfs, first_pdf, record, answer


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_section_lists_each_original_defect_with_action_and_outcome(reinspected, template):
    pdfs, _, record, answer = reinspected
    text = text_of(pdfs[template])
    assert "原缺陷整改复查情况" in text
    assert "原检查报告编号：〔2026〕第7号" in text
    originals = re_ops.originals_of(record.defects)
    n = len(originals)
    assert n == len(answer.defects) == 10
    assert f"原缺陷{n}项，其中已整改1项、部分整改1项、未整改1项、未核实{n - 3}项" in text
    for issued in answer.defects:
        assert re.sub(r"\s+", "", issued.facts) in text
    assert "修订SOP-QA-012并对全体QA人员培训（中心审核：通过）" in text
    assert "补充偏差调查（中心审核：整改不充分）" in text
    assert "企业未提交整改情况" in text
    for outcome in ("已整改（SOP已修订）", "部分整改（调查报告未完成）", "未整改"):
        assert outcome in text
    # In the defect table too, beside each carried-over defect; the new one is plain.
    assert "原缺陷复查：已整改（SOP已修订）" in text
    assert "复查新发现：温湿度记录缺失" in text
    # The section follows the defect table and lists only the carried-over defects.
    assert text.index("复查新发现") < text.index("原缺陷整改复查情况")
    assert "复查新发现" not in text[text.index("原缺陷整改复查情况") :]


def test_a_first_inspection_has_no_such_section(reinspected):
    _, first_pdf, _, _ = reinspected
    text = text_of(first_pdf)
    assert "原缺陷整改复查情况" not in text and "原缺陷复查" not in text
