"""Hybrid logical clock (Kulkarni et al. 2014).

A timestamp is (wall milliseconds, counter). It never goes backwards on one device even when
the wall clock does, and after receiving a remote timestamp the local clock is ahead of it, so
"later" in the change log means "causally after or concurrent". Ties between devices are broken
by device id in the merge, not here.

Encoded as a fixed-width string so that string order equals clock order in SQL indexes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from inspector_app.domain.errors import InspectorError

_WALL_DIGITS = 15
_COUNTER_DIGITS = 6
MAX_COUNTER = 10**_COUNTER_DIGITS - 1


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    wall_ms: int
    counter: int = 0

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, _, counter = text.partition("-")
        if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS:
            raise ValueError(f"not a clock value: {text!r}")
        return cls(int(wall), int(counter))

    def __str__(self) -> str:
        return self.encode()


class ClockDriftError(InspectorError, ValueError):
    """A remote timestamp is further ahead of our wall clock than we accept."""


class HybridClock:
    """Thread-safe HLC. `now()` for local events, `observe()` when merging a remote one."""

    def __init__(
        self,
        last: Timestamp | None = None,
        wall: Callable[[], int] | None = None,
        max_drift_ms: int | None = None,
    ) -> None:
        self._last = last or Timestamp(0, 0)
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._max_drift_ms = max_drift_ms
        self._lock = threading.Lock()

    @property
    def last(self) -> Timestamp:
        return self._last

    def now(self) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if wall > self._last.wall_ms:
                ts = Timestamp(wall, 0)
            else:
                ts = self._bump(self._last.wall_ms, self._last.counter)
            self._last = ts
            return ts

    def observe(self, remote: Timestamp) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if self._max_drift_ms is not None and remote.wall_ms - wall > self._max_drift_ms:
                raise ClockDriftError(
                    f"remote clock is {(remote.wall_ms - wall) / 3_600_000:.1f} h ahead"
                )
            top = max(wall, self._last.wall_ms, remote.wall_ms)
            if top == self._last.wall_ms == remote.wall_ms:
                ts = self._bump(top, max(self._last.counter, remote.counter))
            elif top == self._last.wall_ms:
                ts = self._bump(top, self._last.counter)
            elif top == remote.wall_ms:
                ts = self._bump(top, remote.counter)
            else:
                ts = Timestamp(top, 0)
            self._last = ts
            return ts

    @staticmethod
    def _bump(wall_ms: int, counter: int) -> Timestamp:
        # On counter overflow borrow a millisecond from the future rather than repeat a value.
        if counter >= MAX_COUNTER:
            return Timestamp(wall_ms + 1, 0)
        return Timestamp(wall_ms, counter + 1)
