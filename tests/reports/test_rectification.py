"""The rectification report's renderer (reports/rectification.py) and its template: the
template is checked (every label, id and version), the same data gives the same bytes, long
text splits across pages with the page count in the footer, and the claims read back."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector_app.reports import fonts
from inspector_app.reports import rectification as rr
from inspector_app.reports.integrity import read_claims
from inspector_app.reports.templates import TemplateError, templates_dir


def data(defects: int = 2, facts: str = "洁净区压差记录不完整。") -> rr.RectificationReport:
    return rr.RectificationReport(
        inspection_id="insp-1",
        number="〔2026〕第7号-ZG",
        report_number="〔2026〕第7号",
        company="华东制药有限公司",
        issue_day=date(2026, 9, 29),
        due_on=date(2026, 10, 19),
        rule="报告签发后 10 个工作日",
        issued_by="赵审核",
        account="zhao",
        issued_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
        profile="药品GMP符合性检查结论（drug-inspection-2023 第2版）",
        single_step=False,
        first="待整改后评定",
        first_reasons=["存在1项主要缺陷"],
        final="不符合要求",
        final_reasons=["存在1项整改不到位或未按期整改的主要缺陷"],
        defects=[
            rr.DefectSection(
                n=n,
                severity="主要缺陷",
                facts=facts,
                answered=n == 1,
                cause="培训不到位",
                actions="修订规程",
                completed_on="2026-10-10",
                submitted="qiye · 2026-10-09 10:00",
                evidence=[rr.EvidenceLine("记录.pdf", 2048, "ab" * 32)] if n == 1 else [],
                objection="记录已存在" if n == 2 else "",
                objection_answer="异议不成立：未见记录" if n == 2 else "",
                status="整改不到位（依中心核实意见）",
            )
            for n in range(1, defects + 1)
        ],
    )


def text_of(pdf: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_template_loads_and_a_missing_label_is_refused(tmp_path: Path):
    template = rr.load_template()
    assert (template.id, template.version) == ("rectification-report", 1)
    assert set(rr.LABEL_KEYS) <= set(template.labels)
    source = templates_dir() / "rectification-report.v1.yaml"
    broken = tmp_path / "rectification-report.v1.yaml"
    broken.write_text(
        source.read_text(encoding="utf-8").replace("  no_answer:", "  no_answer_x:"),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="labels missing: no_answer"):
        rr.load_template(directory=tmp_path)
    with pytest.raises(TemplateError, match="no version 9"):
        rr.load_template(9)
    shutil.copy(source, tmp_path / "rectification-report.v2.yaml")
    with pytest.raises(TemplateError, match="do not match the file name"):
        rr.load_template(directory=tmp_path)


def test_the_same_data_gives_the_same_bytes_and_the_claims_read_back():
    template, font = rr.load_template(), fonts.resolve_font()
    pdf = rr.render(data(), template, font)
    assert rr.render(data(), template, font) == pdf
    text = text_of(pdf)
    for expected in (
        "缺陷整改情况报告",
        "〔2026〕第7号-ZG",
        "不符合要求",
        "记录.pdf·2.0KB·abababababab",
    ):
        assert expected in text, expected
    assert "企业未提交整改材料" in text  # defect 2 has no answer
    assert "异议不成立：未见记录" in text
    claims = read_claims(pdf)
    assert claims.template_id == "rectification-report" and claims.digest == data().digest
    assert claims.state == "issued" and claims.issued.number == "〔2026〕第7号-ZG"


def test_long_text_runs_over_pages_with_the_page_count():
    pdf = rr.render(
        data(defects=12, facts="洁净区压差记录不完整，缺少多个批次的数据。" * 12),
        rr.load_template(),
        fonts.resolve_font(),
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 2
    last = "".join(pages[-1].extract_text().split())
    assert f"第{len(pages)}页共{len(pages)}页" in last and "说明" in text_of(pdf)
