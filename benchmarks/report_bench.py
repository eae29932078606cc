"""Report benchmarks (issue 5): defect list with 150 defects; full report for a 400-item
inspection with 150 defects and 60 photos (time, file size, peak memory). Issue 13: what a
user waits for — the process wall of `inspector-app report ID --template defect-list` for the
150 defects (a fresh process each run), paired in the same run with the status quo it replaces,
a Word template filled by python-docx and converted by LibreOffice (`soffice --headless
--convert-to pdf`), and their ratio (goal ≤ 1/3).

The inspection is built once through the real verbs (results, defects, photos imported with
their derivatives) in a temporary data dir. Peak memory is measured in a fresh interpreter
that only renders (ru_maxrss), so it includes Python, ReportLab and the font, honestly.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import random
import shutil
import statistics
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


# ---- issue 13: the CLI's process wall beside the Word + LibreOffice status quo --------------

CLI_RUNS, STATUS_QUO_RUNS = 7, 5  # medians, after one warm-up run of each
RATIO_GOAL = 1 / 3
# The issue measured the status quo at 3.15 s on its machine; a third of that is the CLI's own
# limit. The ratio, measured here in the same run, is the figure that decides.
CLI_LIMIT_S = 1.05
SEVERITY_LABELS = {"critical": "严重缺陷", "major": "主要缺陷", "general": "一般缺陷"}
CJK_FONT = "WenQuanYi Micro Hei"  # what fonts-wqy-microhei gives fontconfig, for LibreOffice


def _cli() -> list[str]:
    """The installed console script, as a user runs it; else the module."""
    script = Path(sys.executable).with_name("inspector-app")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspector_app"]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def status_quo_missing() -> list[str]:
    """What the status quo needs and this machine lacks, each with how to get it."""
    missing = []
    try:
        import docx  # noqa: F401
    except ImportError:
        missing.append(
            "python-docx (the `bench` dependency group): ./dev bench installs it, or "
            "uv sync --frozen --all-extras --group bench"
        )
    if _soffice() is None:
        missing.append(
            "LibreOffice's soffice: ./dev bench installs it, or apt-get install -y "
            "--no-install-recommends libreoffice-writer-nogui"
        )
    return missing


def _defect_rows(data: Path, iid: str) -> list[list[str]]:
    """The defect list's rows (序号, 类别, 条款, 缺陷描述, 地点, 整改建议) from the record."""
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops

    with App(data) as app:
        record = ops.load_inspection(app, iid)
        checklist = ops.checklist_of(app, record.inspection)
        codes = {item.id: item.code for _, item in checklist.walk_items()}
        return [
            [
                str(n),
                SEVERITY_LABELS.get(str(d.severity), str(d.severity)),
                codes.get(d.item_id or "", ""),
                d.facts,
                d.location or "",
                d.suggested_rectification or "",
            ]
            for n, d in enumerate(record.defects, 1)
        ]


def _word_template(path: Path) -> None:
    """A defect-list template as a center would keep it in Word: title, header lines and an
    empty table with its header row, the CJK font set for East Asian text."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    doc.add_heading("药品GMP预检查缺陷项目清单", level=1)
    doc.add_paragraph("被检查单位：{{company}}")
    doc.add_paragraph("检查日期：{{dates}}    文书编号：{{document_no}}")
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["序号", "类别", "条款", "缺陷描述", "地点", "整改建议"], strict=True
    ):
        cell.text = text
    doc.add_paragraph("检查组签名：{{team}}    企业签名：{{company_sign}}")
    doc.save(path)


# Run in a fresh interpreter, as the status quo's fill script is: open the template, fill the
# header lines and one table row per defect, save.
_FILL = """
import json, sys
from docx import Document
template, rows_json, out = sys.argv[1:4]
rows = json.loads(open(rows_json, encoding="utf-8").read())
doc = Document(template)
fields = {"{{company}}": "基准测试制药有限公司", "{{dates}}": "2026年11月20日至21日",
          "{{document_no}}": "YJC-BENCH-0001", "{{team}}": "张检查", "{{company_sign}}": ""}
for p in doc.paragraphs:
    for key, value in fields.items():
        if key in p.text:
            p.text = p.text.replace(key, value)
table = doc.tables[0]
for row in rows:
    for cell, text in zip(table.add_row().cells, row):
        cell.text = text
doc.save(out)
"""


def _user_env(pycache: Path) -> dict[str, str]:
    """The environment of a user's start: with bytecode. An installed app has its .pyc files;
    a shell with PYTHONDONTWRITEBYTECODE (some containers and CI set it) would make every run
    compile the project's own modules from source. The warm-up fills a private cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _wall(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, timeout=300, env=env)
    return time.perf_counter() - t0


@cache
def paired_walls() -> tuple[list[float], list[float]]:
    """(CLI walls, status quo walls) in seconds, measured alternately in one run so both see
    the same machine; the second list is empty when the status quo cannot run here."""
    data, iid = prepared()
    work = data.parent / "wall"
    work.mkdir(exist_ok=True)
    cli = [*_cli(), "--data-dir", str(data), "report", iid, "--template", "defect-list"]
    out = str(work / "cli.pdf")
    env = _user_env(work / "pycache")
    status_quo = None
    if not status_quo_missing():
        rows = work / "rows.json"
        rows.write_text(json.dumps(_defect_rows(data, iid), ensure_ascii=False), "utf-8")
        template = work / "template.docx"
        _word_template(template)
        soffice = _soffice()
        assert soffice is not None
        # One LibreOffice profile for all runs, made by the warm-up: a user's machine has one.
        profile = (work / "lo-profile").as_uri()

        def status_quo() -> float:
            filled = work / "filled.docx"
            fill = _wall([sys.executable, "-c", _FILL, str(template), str(rows), str(filled)], env)
            to_pdf = ["--headless", "--convert-to", "pdf", "--outdir", str(work), str(filled)]
            convert = _wall([soffice, f"-env:UserInstallation={profile}", *to_pdf], env)
            if not (work / "filled.pdf").exists():
                raise RuntimeError(f"soffice wrote no PDF from {filled}")
            return fill + convert

    # Warm-ups: the OS file cache, bytecode, the font cache, LibreOffice's profile.
    _wall([*cli, "-o", out], env)
    if status_quo:
        status_quo()
    cli_walls, quo_walls = [], []
    for n in range(max(CLI_RUNS, STATUS_QUO_RUNS)):
        if n < CLI_RUNS:
            cli_walls.append(_wall([*cli, "-o", out], env))
        if status_quo and n < STATUS_QUO_RUNS:
            quo_walls.append(status_quo())
    return cli_walls, quo_walls


def cli_report_wall() -> list[float]:
    return paired_walls()[0]


def cli_vs_status_quo() -> list[float]:
    """One sample: median CLI wall / median status quo wall (NaN, a miss, when the status quo
    cannot run: the lines above it say what to install)."""
    cli_walls, quo_walls = paired_walls()
    missing = status_quo_missing()
    if missing:
        for what in missing:
            print(f"      status quo not measured: missing {what}", flush=True)
        return [float("nan")]
    cli, quo = statistics.median(cli_walls), statistics.median(quo_walls)
    print(
        f"      CLI report median {cli:.2f} s (n={len(cli_walls)}); status quo python-docx + "
        f"soffice median {quo:.2f} s (n={len(quo_walls)}); ratio {cli / quo:.2f}, "
        f"goal ≤ {RATIO_GOAL:.2f}",
        flush=True,
    )
    return [cli / quo]


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
    Benchmark(
        "report: `inspector-app report` defect list, 150 defects, wall",
        13,
        Target(CLI_LIMIT_S, "s"),
        cli_report_wall,
    ),
    Benchmark(
        "report: CLI wall / Word+LibreOffice status quo, 150 defects",
        13,
        Target(round(RATIO_GOAL, 3), "×"),
        cli_vs_status_quo,
    ),
]
