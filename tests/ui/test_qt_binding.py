"""The Qt binding itself: faults seen in the app that came from PySide6, not from our code.

PySide6 6.12.0's `Signal.emit()` returned `True` without taking a reference, so every emit
dropped one reference to the `True` object. On Python 3.11 (Debian 12's) `True` is not
immortal: after a few hundred emits the interpreter aborts ("bool_dealloc: deallocating True
or False") — the crash seen while exporting a PDF with two workspaces open, where each
progress report is an emit. pyproject.toml excludes that release; this test keeps any other
release with the same fault out of the lock.
"""

import gc
import sys
import threading
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)


@contextmanager
def _no_collection():
    """Other tests' garbage freed mid-measurement also drops references to True/False (in
    a whole-suite run up to ~200); no collection while we count."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _lost(before: tuple[int, int]) -> int:
    return max(before[0] - sys.getrefcount(True), before[1] - sys.getrefcount(False))


def test_emit_keeps_the_reference_counts_of_true_and_false(qapp):
    emitter = _Emitter()
    received = []
    emitter.progressed.connect(lambda *args: received.append(args))
    emitter.succeeded.connect(received.append)
    with _no_collection():
        before = sys.getrefcount(True), sys.getrefcount(False)
        for i in range(2000):
            emitter.bare.emit()
            emitter.progressed.emit(i, 2000, "第1张")
            emitter.succeeded.emit(i)
        lost = _lost(before)
    assert len(received) == 4000
    # 6,000 emits: the faulty release loses 6,000 references; allow the interpreter's own churn.
    assert lost < 1000


def test_emit_from_worker_threads_keeps_reference_counts(qapp):
    emitter = _Emitter()
    received = []
    emitter.progressed.connect(lambda *args: received.append(args))

    def work():
        for i in range(500):
            emitter.progressed.emit(i, 500, "")

    with _no_collection():
        before = sys.getrefcount(True), sys.getrefcount(False)
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        while len(received) < 2000:
            QCoreApplication.processEvents()
        lost = _lost(before)
    assert lost < 1000  # the faulty release loses 2,000 here
