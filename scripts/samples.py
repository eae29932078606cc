"""Render the sample PDFs in docs/samples/ from a freshly seeded demo inspection.

    .venv/bin/python scripts/samples.py [OUT_DIR]

The demo's team and company representative sign first, so the defect list shows the
acknowledgement blocks as they look after a closing meeting.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import demo_signature_png, seed_demo
from inspector_app.operations.reports import render_report


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/samples")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, App(Path(tmp), actor="王建国") as app:
        iid = seed_demo(app)
        ops.sign(app, iid, "inspector", "王建国", demo_signature_png(1))
        ops.sign(app, iid, "inspector", "李敏", demo_signature_png(2))
        ops.sign(app, iid, "company", "赵质量（质量受权人）", demo_signature_png(3))
        for template, name in (
            ("defect-list", "demo-defect-list.pdf"),
            ("full", "demo-full-report.pdf"),
        ):
            print(render_report(app, iid, template, out / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
