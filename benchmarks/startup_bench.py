"""Start-up benchmark (issue 4): cold start to an interactive window, 400-item inspection open.

Each sample is a fresh Python process (benchmarks/_startup_probe.py) on the offscreen
platform, timed by this process from spawn until the probe reports that the main window and
the inspection's workspace are shown and the event loop has gone idle. That is the time a
user waits. "Cold" means a new process; the OS file cache and Python's bytecode cache are
warm after the first (discarded) run, as on a laptop used every day. The bytecode goes to a
private PYTHONPYCACHEPREFIX, and PYTHONDONTWRITEBYTECODE is lifted for the child: with no
bytecode at all every start compiles SQLAlchemy and pydantic from source (about 0.7 s more),
which only the first start after an install that skipped compiling (`uv sync` without
--compile-bytecode) pays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Benchmark, Target
from benchmarks.synthetic import write_synthetic_checklist
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.profile import set_profile

RUNS = 11
ROOT = Path(__file__).resolve().parents[1]


def _prepare(root: Path) -> tuple[Path, Path, Path, str]:
    lists, data, settings = root / "checklists", root / "data", root / "settings"
    for folder in (lists, data, settings):
        folder.mkdir()
    checklist_id = write_synthetic_checklist(lists, 400, per_section=20, checklist_id="bench-400")
    with App(data, checklist_dirs=[lists]) as app:
        # A laptop in use has its inspector's name: the first-start dialog is not measured.
        set_profile(app, "基准")
        insp = ops.create_inspection(
            app,
            company_name="基准制药有限公司",
            inspection_type="gmp_compliance",
            checklist_id=checklist_id,
        )
        for n in range(0, 400, 3):  # a day's work: a third answered, some defects
            ops.record_result(app, insp.id, f"it-{n:04d}", "conforming")
        for n in range(10):
            ops.add_defect(
                app, insp.id, severity="general", facts=f"缺陷{n}", item_id=f"it-{n:04d}"
            )
    return data, lists, settings, insp.id


def spawn_once(data: Path, lists: Path, settings: Path, inspection_id: str) -> tuple[float, dict]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPYCACHEPREFIX": str(settings.parent / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks._startup_probe",
            str(data),
            str(lists),
            str(settings),
            inspection_id,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    waited = time.perf_counter() - start
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"startup probe failed ({proc.returncode}): {err.strip()[-2000:]}")
    report = json.loads(line)
    if not (report["main_visible"] and report["workspace_visible"]):
        raise RuntimeError(f"windows not shown: {report}")
    return waited, report


def cold_start() -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        data, lists, settings, iid = _prepare(Path(tmp))
        spawn_once(data, lists, settings, iid)  # warm the OS file cache; not counted
        return [spawn_once(data, lists, settings, iid)[0] for _ in range(RUNS)]


BENCHMARKS = [
    Benchmark(
        "cold start to interactive window, 400-item inspection open",
        4,
        Target(0.8, "s"),
        cold_start,
    ),
]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        args = _prepare(Path(tmp))
        for _ in range(3):
            waited, report = spawn_once(*args)
            print(f"wall {waited:.3f} s  in-process {report['probe_s']:.3f} s")
