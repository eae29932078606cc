"""Run the performance suite: `python -m benchmarks [NAME-FILTER ...]`.

Prints one line per figure: verdict, median, p95 and the target beside it. Exit status 1 if
any figure misses its target.
"""

from __future__ import annotations

import sys

from benchmarks.checklist_bench import load_all_checklists
from benchmarks.harness import Benchmark, Result, Target
from benchmarks.store_bench import defect_save_at_100k, open_and_list_1000

BENCHMARKS = [
    Benchmark(
        "durable defect save (+audit +change log) at 100,000 defects",
        2,
        Target(15, "ms", "p95"),
        defect_save_at_100k,
    ),
    Benchmark(
        "open the store and list 1,000 inspections",
        2,
        Target(200, "ms", "median"),
        open_and_list_1000,
    ),
    Benchmark(
        "load and validate all checklists", 2, Target(300, "ms", "median"), load_all_checklists
    ),
]


def main(argv: list[str]) -> int:
    chosen = [b for b in BENCHMARKS if not argv or any(f in b.name for f in argv)]
    if not chosen:
        print(f"no benchmark matches {argv}", file=sys.stderr)
        return 2
    failed = 0
    for bench in chosen:
        result = Result(bench, bench.run())
        print(result.line(), flush=True)
        failed += not result.passed
    print(f"{len(chosen) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
