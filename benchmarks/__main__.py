"""Run the performance suite: `python -m benchmarks [NAME-FILTER ...]`.

Prints one line per figure: verdict, median, p95 and the target beside it. Exit status 1 if
any figure misses its target. Each `benchmarks/*_bench.py` module lists its figures in a
module-level `BENCHMARKS`; this runner collects them in the order of MODULES.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from benchmarks.harness import Benchmark, Result

MODULES = [
    "store_bench",
    "checklist_bench",
    "startup_bench",
    "workspace_bench",
    "photo_bench",
    "report_bench",
    "sync_bench",
    "console_bench",
    "statistics_bench",
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


def _quiet_offscreen_qt() -> Callable[[], None]:
    """The offscreen platform warns on every window resize that it cannot propagate size
    hints; thousands of those lines would bury the figures. Other Qt messages still show.
    Returns the undo: the handler must be gone before the interpreter shuts down, or Qt calls
    into a finalising Python."""
    try:
        from PySide6.QtCore import qInstallMessageHandler
    except ImportError:
        return lambda: None
    previous = None

    def handler(mode, context, message):
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    return lambda: qInstallMessageHandler(previous)


def main(argv: list[str]) -> int:
    restore = _quiet_offscreen_qt()
    try:
        return _run(argv)
    finally:
        restore()


def _run(argv: list[str]) -> int:
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
