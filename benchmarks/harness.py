"""A tiny harness: each benchmark returns samples; we print median, p95 and the verdict.

Targets are stated on one statistic (median or p95) as the issue that set them does; the
other is printed for context. These machines are noisy, so we never judge on a single run.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    limit: float
    unit: str  # "ms", "s", "MB"
    statistic: str = "median"  # or "p95", "max"


@dataclass(frozen=True)
class Benchmark:
    name: str
    issue: int
    target: Target
    run: Callable[[], list[float]]  # samples, in the target's unit


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=100, method="inclusive")[94]

    @property
    def judged(self) -> float:
        stat = self.benchmark.target.statistic
        return {"median": self.median, "p95": self.p95, "max": max(self.samples)}[stat]

    @property
    def passed(self) -> bool:
        return self.judged <= self.benchmark.target.limit

    def line(self) -> str:
        t = self.benchmark.target
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{verdict}  {self.benchmark.name:<58} median {self.median:9.2f} {t.unit:<2}  "
            f"p95 {self.p95:9.2f} {t.unit:<2}  target {t.statistic} ≤ {t.limit:g} {t.unit}  "
            f"(n={len(self.samples)})"
        )
