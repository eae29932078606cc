"""Report benchmarks (issue 5): defect list with 150 defects; full report for a 400-item
inspection with 150 defects and 60 photos (time, file size, peak memory).

The inspection is built once through the real verbs (results, defects, photos imported with
their derivatives) in a temporary data dir. Peak memory is measured in a fresh interpreter
that only renders (ru_maxrss), so it includes Python, ReportLab and the font, honestly.
"""

from __future__ import annotations

import atexit
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

from benchmarks.harness import Benchmark, Target

ITEMS, DEFECTS, PHOTOS = 400, 150, 60
SEVERITIES = ("critical", "major", "major", "general", "general", "general")


def _checklist_with(items: int, target: Path) -> None:
    """drug-gmp-2010 plus a generated chapter, so the sterile scope holds exactly `items`."""
    from inspector_app.checklist.library import bundled_checklists_dir

    source = bundled_checklists_dir() / "drug-gmp-2010.v1.yaml"
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    have = _count_items(doc["sections"])
    doc["sections"].append(
        {
            "id": "bench-extra",
            "code": "附加",
            "title": "基准测试附加检查项目",
            "items": [
                {
                    "id": f"bench-{n:03d}",
                    "code": f"附加{n}",
                    "refs": [{"article": n, "source": "基准测试规范"}],
                    "requirement": f"基准测试项目{n}：应建立并执行相应的管理规程，记录完整可追溯。",
                }
                for n in range(1, items - have + 1)
            ],
        }
    )
    (target / source.name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _count_items(sections: list) -> int:
    return sum(len(s.get("items", [])) + _count_items(s.get("sections", [])) for s in sections)


def _photo(n: int, rng: random.Random) -> bytes:
    img = Image.new("RGB", (1600, 1200), (190, 196, 200))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randrange(1500), rng.randrange(1100)
        shade = tuple(rng.randrange(60, 230) for _ in range(3))
        draw.rectangle([x, y, x + rng.randrange(60, 400), y + rng.randrange(60, 300)], fill=shade)
    draw.text((60, 60), f"IMG {n:04d}", fill=(0, 0, 0))
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


@cache
def prepared() -> tuple[Path, str]:
    """(data dir, inspection id) with ITEMS items answered, DEFECTS defects, PHOTOS photos."""
    from inspector_app.domain.conclusion import in_scope_items
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops

    root = Path(tempfile.mkdtemp(prefix="bench-report-"))
    atexit.register(shutil.rmtree, root, True)
    lists = root / "checklists"
    lists.mkdir()
    _checklist_with(ITEMS, lists)
    rng = random.Random(5)
    with App(root / "data", actor="bench", checklist_dirs=[lists]) as app:
        insp = ops.create_inspection(
            app,
            company_name="基准测试制药有限公司",
            site_address="某市某区某路1号",
            products=["注射液"],
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
            scope_tags=["sterile"],
            document_no="YJC-BENCH-0001",
            team=[ops.TeamMemberInput("张检查", "lead", "区新药服务中心")],
        )
        iid = insp.id
        ops.start_on_site(app, iid)
        items = [item for _, item in in_scope_items(ops.checklist_of(app, insp), insp)]
        assert len(items) == ITEMS, len(items)
        for n, item in enumerate(items):
            value = "non_conforming" if n % 3 == 0 else "conforming"
            ops.record_result(app, iid, item.id, value, note="抽查记录2批。" if n % 5 else "")
        defects = []
        for n in range(DEFECTS):
            defects.append(
                ops.add_defect(
                    app,
                    iid,
                    severity=SEVERITIES[n % len(SEVERITIES)],
                    facts=f"第{n + 1}项：抽查批生产记录发现称量记录与电子天平打印条不一致，"
                    f"偏差编号DEV-{n:04d}未按规程在规定时限内完成调查。",
                    item_id=items[(n * 3) % len(items)].id,
                    location="配液间",
                    suggested_rectification="完善记录复核程序并评估对已放行批次的影响。",
                )
            )
        photo_dir = root / "photos"
        photo_dir.mkdir()
        taken = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        for n in range(PHOTOS):
            path = photo_dir / f"IMG_{n:04d}.jpg"
            path.write_bytes(_photo(n, rng))
            ops.attach_photo(
                app,
                iid,
                path,
                defect_id=defects[n * 2].id,
                caption=f"现场照片{n + 1}：配液间称量台及记录",
                taken_at=taken + timedelta(minutes=n),
            )
    return root / "data", iid


def _render_times(template: str, runs: int, out_name: str) -> list[float]:
    from inspector_app.operations import App
    from inspector_app.operations.reports import render_report

    data, iid = prepared()
    app = App(data)
    try:
        render_report(app, iid, template, data.parent / out_name)  # warm: fonts, checklist
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            render_report(app, iid, template, data.parent / out_name)
            samples.append(time.perf_counter() - t0)
        return samples
    finally:
        app.close()


def defect_list_150() -> list[float]:
    return _render_times("defect-list", 7, "list.pdf")


def full_report_time() -> list[float]:
    return _render_times("full", 5, "full.pdf")


def full_report_size() -> list[float]:
    data, _ = prepared()
    path = data.parent / "full.pdf"
    if not path.exists():
        _render_times("full", 1, "full.pdf")
    return [path.stat().st_size / 1e6]


# VmHWM belongs to the process's own address space, new at exec; ru_maxrss is carried over
# from the parent across fork and exec on Linux, so after the Qt benchmarks had grown this
# process it reported the parent's size (423 MB in a whole run against 149 MB alone).
_PEAK = """
import sys
from inspector_app.operations import App
from inspector_app.operations.reports import render_report
with App(sys.argv[1]) as app:
    render_report(app, sys.argv[2], "full", sys.argv[3])
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def full_report_peak_memory(runs: int = 3) -> list[float]:
    data, iid = prepared()
    samples = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", _PEAK, str(data), iid, str(data.parent / "peak.pdf")],
            capture_output=True,
            text=True,
            check=True,
        )
        kib = int(proc.stdout.split()[-1])  # Linux reports KiB (macOS bytes: not supported)
        samples.append(kib / 1024)
    return samples


BENCHMARKS = [
    Benchmark("report: defect list, 150 defects", 5, Target(1, "s"), defect_list_150),
    Benchmark(
        "report: full, 400 items, 150 defects, 60 photos (time)",
        5,
        Target(5, "s"),
        full_report_time,
    ),
    Benchmark(
        "report: full, 400 items, 150 defects, 60 photos (file size)",
        5,
        Target(15, "MB"),
        full_report_size,
    ),
    Benchmark(
        "report: full report, peak memory of the rendering process",
        5,
        Target(500, "MB"),
        full_report_peak_memory,
    ),
]
