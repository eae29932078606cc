"""Render the sample PDFs in docs/samples/ from a freshly seeded demo inspection.

    .venv/bin/python scripts/samples.py [OUT_DIR]

First the defect list as it looks before the company has signed (a draft: 草稿 on every page,
no acknowledgement sentence), with a PNG of its first page when pdftoppm is installed. Then
the team and the company representative sign and the closing meeting locks the record, and
both documents are rendered as the company receives them; the full report still says
未经中心审核, because only the center's review issues it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import demo_signature_png, seed_demo
from inspector_app.operations.reports import render_report


def first_page_png(pdf: Path, png: Path) -> Path | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    stem = png.with_suffix("")
    subprocess.run(
        [tool, "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
    )
    return png


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/samples")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, App(Path(tmp), actor="王建国") as app:
        iid = seed_demo(app)
        draft = render_report(app, iid, "defect-list", out / "demo-draft-defect-list.pdf")
        print(draft)
        png = first_page_png(draft, out / "demo-draft-defect-list-page1.png")
        if png:
            print(png)
        ops.sign(app, iid, "inspector", "王建国", demo_signature_png(1))
        ops.sign(app, iid, "inspector", "李敏", demo_signature_png(2))
        ops.sign(app, iid, "company", "赵质量（质量受权人）", demo_signature_png(3))
        ops.close_on_site(app, iid)
        for template, name in (
            ("defect-list", "demo-defect-list.pdf"),
            ("full", "demo-full-report.pdf"),
        ):
            print(render_report(app, iid, template, out / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
