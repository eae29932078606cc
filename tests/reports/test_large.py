"""A 2,000-defect report lays out without overflowing any page edge."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from inspector_app.domain.model import Defect, Severity
from inspector_app.operations.reports import report_data
from inspector_app.reports import fonts, render, templates

SEVERITIES = [Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL, Severity.GENERAL]


def many_defects(data, count: int) -> list[Defect]:
    items = [item for _, item in data.checklist.walk_items()]
    start = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    out = []
    for n in range(count):
        facts = f"第{n + 1}项：抽查批记录发现（{n % 7 + 1}）处记录与打印条不一致，未见偏差处理。"
        if n == 7:  # one fact longer than a whole page: the row must split
            facts = "现场发现，" * 900
        if n == 8:  # an unbreakable run wider than the column
            facts = "文件哈希" + "0123456789abcdef" * 8
        out.append(
            Defect(
                id=f"01900000-0000-7000-8000-{n:012d}",
                inspection_id=data.inspection.id,
                item_id=items[n % len(items)].id,
                severity=SEVERITIES[n % 4],
                facts=facts,
                clause_refs=["第四十八条", "附录《无菌药品》第十三条"],
                location="配液间（C级）",
                suggested_rectification="完善记录复核，评估影响。",
                created_at=start + timedelta(seconds=n),
            )
        )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("template_id", ["defect-list", "full"])
def test_2000_defects_render_within_the_page(demo, template_id):
    app, iid = demo
    data = report_data(app, iid)
    data = replace(data, defects=many_defects(data, 2000), photos=[])
    pdf = render.render(data, templates.load_template(template_id), fonts.resolve_font())
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    assert len(pages) > 50
    text = "".join(page.extract_text() for page in pages[-80:])
    assert f"第 {len(pages)} 页 共 {len(pages)} 页" in text
    outside: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, width=width, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not (20 <= x <= width - 20 and 20 <= y <= height - 20):
                outside.append((number, x, y, text[:20]))

        page.extract_text(visitor_text=visit)
    assert outside == []
