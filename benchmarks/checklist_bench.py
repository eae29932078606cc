"""Checklist benchmark (issue 2/3): load and validate the whole shipped library."""

from __future__ import annotations

import time

from benchmarks.harness import Benchmark, Target


def load_all_checklists(runs: int = 21) -> list[float]:
    from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
    from inspector_app.checklist.profiles import bundled_profiles

    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        profiles = bundled_profiles()
        library = ChecklistLibrary.load([bundled_checklists_dir()], rule_profiles=set(profiles))
        samples.append((time.perf_counter() - t0) * 1000)
        assert library.all()
    return samples


BENCHMARKS = [
    Benchmark("load and validate all checklists", 2, Target(300, "ms"), load_all_checklists),
]
