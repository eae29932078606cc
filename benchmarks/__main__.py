"""Run the performance suite: `python -m benchmarks [NAME-FILTER ...]`.

Prints one line per figure: verdict, median, p95 and the target beside it. Exit status 1 if
any figure misses its target. Each `benchmarks/*_bench.py` module lists its figures in a
module-level `BENCHMARKS`; this runner collects them in the order of MODULES.
"""

from __future__ import annotations

import importlib
import sys

from benchmarks.harness import Benchmark, Result

MODULES = [
    "store_bench",
    "checklist_bench",
    "startup_bench",
    "workspace_bench",
    "photo_bench",
    "report_bench",
    "sync_bench",
]


def collect() -> list[Benchmark]:
    found: list[Benchmark] = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"benchmarks.{name}":
                raise
            continue  # that part of the product has no benchmarks yet
        found.extend(module.BENCHMARKS)
    return found


def main(argv: list[str]) -> int:
    benchmarks = collect()
    chosen = [b for b in benchmarks if not argv or any(f in b.name for f in argv)]
    if not chosen:
        print(f"no benchmark matches {argv}", file=sys.stderr)
        return 2
    failed = 0
    for bench in chosen:
        result = Result(bench, bench.run())
        print(result.line(), flush=True)
        failed += not result.passed
    print(f"benchmarks: {len(chosen) - failed} met their target, {failed} missed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
