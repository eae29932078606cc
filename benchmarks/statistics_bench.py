"""Statistics and export benchmarks (issue 14), PostgreSQL with 10,000 inspections and 200,000
defects: the console benchmark's synthetic world (console_bench._world: one laptop-made
template inspection with 20 defects copied set-based 9,999 times, plus three 150-defect
inspections; all dated 2026, so the year's page covers every inspection and defect).

Figures:
- each statistics page (the year, a date range, the annual summary) ≤ 500 ms server time,
  p95 of loopback HTTP round trips to uvicorn in this process (an upper bound of the
  server's time). The per-process digests (server/console/stats.py) are built once before
  timing, as a running server has them; that cold build is printed, not judged.
- XLSX export of the year's 200,000+ defects ≤ 20 s (the HTTP download, whole file) and
  ≤ 300 MB: peak resident memory of a fresh child process that opens the database, builds
  the digests and writes the same XLSX (write-only mode) to a file. Printed: the times of
  its digest build and of the export.

A figure that could not be measured (no PostgreSQL) is reported as missing (inf).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks import console_bench as cb
from benchmarks.harness import Benchmark, Target

PAGE_ROUNDS = 20
EXPORT_ROUNDS = 2
PAGES = {
    "year": ("/console/statistics", {"year": "2026"}),
    "range": ("/console/statistics", {"from": "2026-02-01", "to": "2026-06-30"}),
    "annual": ("/console/statistics/annual", {"year": "2026"}),
}
_state: dict[str, Any] = {}

# The child process: cold digests, then the export to a file, reporting time and memory.
_CHILD = r"""
import json, resource, sys, time
from inspector_app.server import db
from inspector_app.server.console import exports, stats
engine = db.make_engine(sys.argv[1])
t0 = time.perf_counter()
stats.refresh(engine)
t1 = time.perf_counter()
period = stats.Period.year(2026)
sheet = exports.sheets(engine, period)["defects"]
with open(sys.argv[2], "wb") as out:
    exports.write_xlsx([sheet], out)
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rows = sum(len(d.defects) for d in stats.refresh(engine).values() if period.holds(d.day))
print(json.dumps({"digests_s": t1 - t0, "export_s": t2 - t1, "rss_mb": rss, "rows": rows}))
"""


def _world() -> dict[str, Any] | None:
    world = cb._world()
    if world is None or world["cookies"] is None:
        return None
    if "warm" not in _state:
        from inspector_app.server.console import stats

        started = time.perf_counter()
        digests = stats.refresh(world["ctx"].engine)
        print(
            f"statistics_bench: digests of {len(digests):,} inspections built in "
            f"{time.perf_counter() - started:.1f} s (cold, once per server process)",
            file=sys.stderr,
        )
        figures = stats.statistics(world["ctx"].engine, stats.Period.year(2026))
        print(
            f"statistics_bench: 2026: {figures.inspections:,} inspections, "
            f"{figures.companies:,} companies, {figures.defects:,} defects",
            file=sys.stderr,
        )
        _state["warm"] = figures
    return world


def _page(name: str) -> list[float]:
    world = _world()
    if world is None:
        return cb._missing(cb._state.get("why", "no data"))
    path, params = PAGES[name]
    samples = []
    with httpx.Client(base_url=world["url"], cookies=world["cookies"], timeout=60) as client:
        for n in range(PAGE_ROUNDS + 2):
            start = time.perf_counter()
            response = client.get(path, params=params)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                return cb._missing(f"GET {path} answered {response.status_code}")
            if n >= 2:  # warm-up: template compilation, connection pool
                samples.append(elapsed)
    return samples


def bench_year_page() -> list[float]:
    return _page("year")


def bench_range_page() -> list[float]:
    return _page("range")


def bench_annual_page() -> list[float]:
    return _page("annual")


def bench_export_http() -> list[float]:
    world = _world()
    if world is None:
        return cb._missing(cb._state.get("why", "no data"))
    samples = []
    with httpx.Client(base_url=world["url"], cookies=world["cookies"], timeout=120) as client:
        for _ in range(EXPORT_ROUNDS):
            start = time.perf_counter()
            response = client.get(
                "/console/statistics/export/defects.xlsx", params={"year": "2026"}
            )
            elapsed = time.perf_counter() - start
            if response.status_code != 200 or not response.content.startswith(b"PK"):
                return cb._missing(f"export answered {response.status_code}")
            samples.append(elapsed)
            print(
                f"statistics_bench: export {len(response.content) / 2**20:.1f} MB in "
                f"{elapsed:.1f} s",
                file=sys.stderr,
            )
    return samples


def bench_export_memory() -> list[float]:
    world = _world()
    if world is None:
        return cb._missing(cb._state.get("why", "no data"))
    url = world["ctx"].engine.url.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="inspector-stats-bench.") as tmp:
        target = Path(tmp) / "defects.xlsx"
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, url, str(target)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
        if done.returncode != 0:
            return cb._missing(f"export child failed: {done.stderr[-500:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        size = target.stat().st_size / 2**20
        rows = figures["rows"]
    print(
        f"statistics_bench: export child: digests {figures['digests_s']:.1f} s, XLSX of "
        f"{rows:,} defects ({size:.1f} MB) {figures['export_s']:.1f} s, process peak RSS "
        f"{figures['rss_mb']:.0f} MB",
        file=sys.stderr,
    )
    return [figures["rss_mb"]]


BENCHMARKS = [
    Benchmark(
        "statistics: page for a year, 10,000 inspections (PostgreSQL)",
        14,
        Target(500, "ms", "p95"),
        bench_year_page,
    ),
    Benchmark(
        "statistics: page for a date range (PostgreSQL)",
        14,
        Target(500, "ms", "p95"),
        bench_range_page,
    ),
    Benchmark(
        "statistics: annual summary page (PostgreSQL)",
        14,
        Target(500, "ms", "p95"),
        bench_annual_page,
    ),
    Benchmark(
        "statistics: XLSX export of 200,000 defects (HTTP)",
        14,
        Target(20, "s", "max"),
        bench_export_http,
    ),
    Benchmark(
        "statistics: XLSX export peak memory (fresh process)",
        14,
        Target(300, "MB", "max"),
        bench_export_memory,
    ),
]
