"""Golden renderings of the demo inspection, compared as pixels (pdftoppm → PNG).

The demo is seeded "today" with fresh ids, so the record is normalised first (fixed id,
dates, digest, times); what is compared is the layout. Tolerance: a pixel counts as
different when a channel differs by more than 48, and a page may have at most 0.5% such
pixels — enough for another poppler's anti-aliasing, far too little for a moved line.
Regenerate after an intended change: UPDATE_GOLDEN=1 pytest tests/reports/test_golden.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from inspector_app.operations.reports import report_data
from inspector_app.reports import fonts, render, templates

GOLDEN = Path(__file__).parent / "golden"
DPI = 50
MAX_DIFFERENT = 0.005
# (template, pages to keep as goldens): the whole defect list; the full report's cover,
# body pages, first appendix page and the photo page.
CASES = [("defect-list", None), ("full", [1, 2, 3, 4, 5, 6, -1])]


def normalised(data):
    day = date(2026, 11, 20)
    at = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    inspection = data.inspection.model_copy(
        update={
            "id": "01900000-0000-7000-8000-000000000001",
            "document_no": "YJC-2026-1120-DEMO",
            "planned_start": day,
            "planned_end": date(2026, 11, 22),
            "actual_start": day,
            "actual_end": date(2026, 11, 21),
            "created_at": at,
        }
    )
    team = [m.model_copy(update={"declaration_signed_at": at}) for m in data.team]
    photos = [replace(p, taken_at=at) for p in data.photos]
    signatures = [replace(s, signed_at=at) for s in data.signatures]
    return replace(
        data,
        inspection=inspection,
        team=team,
        photos=photos,
        signatures=signatures,
        digest="0" * 64,
        app_version="golden",
    )


def pdftoppm() -> str | None:
    found = shutil.which("pdftoppm")
    if found is None and os.environ.get("CI"):
        pytest.fail("pdftoppm (poppler-utils) is required in CI for the golden rendering test")
    return found


@pytest.mark.parametrize(("template_id", "keep"), CASES)
def test_demo_matches_its_golden_rendering(demo, tmp_path, template_id, keep):
    tool = pdftoppm()
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; ./dev setup installs it")
    app, iid = demo
    data = normalised(report_data(app, iid))
    pdf = render.render(data, templates.load_template(template_id), fonts.resolve_font())
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        [tool, "-r", str(DPI), "-png", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    chosen = [pages[i - 1] if i > 0 else pages[i] for i in keep] if keep else pages
    names = [f"{template_id}-page{pages.index(p) + 1:02d}.png" for p in chosen]
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.glob(f"{template_id}-page*.png"):
            old.unlink()
        for page, name in zip(chosen, names, strict=True):
            with Image.open(page) as image:  # grey keeps the repository small
                image.convert("L").save(GOLDEN / name, optimize=True)
        pytest.skip("golden images updated")
    expected = sorted(p.name for p in GOLDEN.glob(f"{template_id}-page*.png"))
    assert sorted(names) == expected, "page count changed: regenerate with UPDATE_GOLDEN=1"
    for page, name in zip(chosen, names, strict=True):
        with Image.open(page) as got, Image.open(GOLDEN / name) as want:
            assert got.size == want.size, name
            diff = ImageChops.difference(got.convert("L"), want.convert("L"))
            mask = diff.point(lambda v: 255 if v > 48 else 0)
            histogram = mask.histogram()  # 256 bins of the 0/255 mask
            different = histogram[255] / (got.width * got.height)
            assert different <= MAX_DIFFERENT, f"{name}: {different:.2%} of pixels differ"
