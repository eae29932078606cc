"""Rendered PDFs, read back with pypdf: every defect, the counts, page numbers, the rule."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from inspector_app.domain.model import Severity
from inspector_app.operations import inspections as ops
from inspector_app.operations.reports import record_digest, render_bytes, render_report
from inspector_app.reports.integrity import read_claims
from inspector_app.reports.typography import CLOSING, OPENING

TEMPLATES = ["defect-list", "full"]


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(demo_dir):
    from inspector_app.operations import App

    data, iid = demo_dir
    with App(data) as app:
        return {t: render_bytes(app, iid, t) for t in TEMPLATES}, iid


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_defect_is_in_the_text(rendered, demo, template):
    pdfs, iid = rendered
    app, _ = demo
    text = squash("".join(pages_text(pdfs[template])))
    defects = ops.load_inspection(app, iid).defects
    assert len(defects) == 10
    for defect in defects:
        assert squash(defect.facts) in text, defect.facts


@pytest.mark.parametrize("template", TEMPLATES)
def test_counts_by_grade(rendered, demo, template):
    pdfs, iid = rendered
    app, _ = demo
    defects = ops.load_inspection(app, iid).defects
    text = squash("".join(pages_text(pdfs[template])))
    for severity, label in (
        (Severity.CRITICAL, "严重缺陷"),
        (Severity.MAJOR, "主要缺陷"),
        (Severity.GENERAL, "一般缺陷"),
    ):
        n = sum(1 for d in defects if d.severity is severity)
        assert f"{label}（{n}项）" in text
        assert f"{label}{n}项" in text
    assert re.search(f"缺陷(合计)?{len(defects)}项", text)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_page_is_numbered_and_carries_the_notice(rendered, template):
    pdfs, _iid = rendered
    pages = pages_text(pdfs[template])
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {len(pages)} 页" in text
        assert "不是药品监督管理部门的正式检查结论" in squash(text)
        assert "文书编号：YJC-" in text


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(rendered, template):
    pdfs, _ = rendered
    for text in pages_text(pdfs[template]):
        for line in text.splitlines():
            line = line.strip()
            if line:
                assert line[0] not in CLOSING, line
                assert line[-1] not in OPENING, line


def test_full_report_has_its_parts(rendered):
    pdfs, _ = rendered
    text = squash("".join(pages_text(pdfs["full"])))
    for part in (
        "基本情况",
        "检查组",
        "检查范围",
        "检查情况汇总",
        "预检查结论",
        "缺陷项目",
        "申报内容与现场情况核对",
        "签字",
        "附件1检查项目逐项结果",
        "附件2现场照片",
        "图1（缺陷1）",
    ):
        assert part in text, part
    assert "王建国" in text and "陈立" in text


def test_signatures_are_embedded_as_images(rendered):
    pdfs, _ = rendered
    reader = PdfReader(io.BytesIO(pdfs["defect-list"]))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) >= 3  # two inspectors and the company representative
    text = "".join(pages_text(pdfs["defect-list"]))
    assert "赵质量" in text and "李敏" in text


def test_the_font_is_embedded_as_a_subset(rendered):
    pdfs, _ = rendered
    reader = PdfReader(io.BytesIO(pdfs["defect-list"]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    # Subset fonts are named with a six-letter tag: ABCDEF+Name.
    assert fonts and all(re.match(r"/[A-Z]{6}\+", str(name)) for name in fonts)


@pytest.mark.parametrize("template", TEMPLATES)
def test_claims_are_in_metadata_and_text(rendered, demo, template):
    pdfs, iid = rendered
    app, _ = demo
    digest = record_digest(app, iid)
    claims = read_claims(pdfs[template])
    assert claims is not None
    assert (claims.inspection_id, claims.digest) == (iid, digest)
    assert claims.template_id == {"full": "full-report"}.get(template, template)
    assert claims.template_version == 2
    assert claims.state == "acknowledged"
    meta = PdfReader(io.BytesIO(pdfs[template])).metadata
    assert meta["/InspectorAppSHA256"] == digest
    text = squash("".join(pages_text(pdfs[template])))
    assert digest in text and iid in text


def test_same_data_same_bytes(rendered, demo):
    pdfs, iid = rendered
    app, _ = demo
    assert render_bytes(app, iid, "defect-list") == pdfs["defect-list"]


def test_creation_date_comes_from_the_record(rendered, demo):
    pdfs, iid = rendered
    app, _ = demo
    inspection = ops.get_inspection(app, iid)
    last_day = inspection.actual_end or inspection.actual_start
    meta = PdfReader(io.BytesIO(pdfs["defect-list"])).metadata
    assert meta["/CreationDate"].startswith(f"D:{last_day:%Y%m%d}")


def test_render_report_writes_the_file_and_reports_progress(demo, tmp_path):
    app, iid = demo
    seen = []
    out = render_report(
        app, iid, "defect-list", tmp_path / "清单.pdf", lambda d, t, text: seen.append((d, t, text))
    )
    assert out.read_bytes().startswith(b"%PDF-")
    assert seen and seen[-1][0] == seen[-1][1]


def test_cancel_from_progress_leaves_no_file(demo, tmp_path):
    app, iid = demo

    class Stop(Exception):
        pass

    def progress(done, total, text):
        if text == "排版":
            raise Stop

    with pytest.raises(Stop):
        render_report(app, iid, "full", tmp_path / "r.pdf", progress)
    assert list(tmp_path.iterdir()) == []
