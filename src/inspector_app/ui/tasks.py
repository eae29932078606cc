"""Long work off the GUI thread (photo import, PDF export, sync) with progress and cancel.

    task = Task(lambda progress: import_folder(app, iid, folder, progress), parent=window)
    task.progressed.connect(bar.update)      # (done, total, text)
    task.succeeded.connect(on_done)          # the function's return value
    task.failed.connect(show_error)          # one-line message
    cancel_button.clicked.connect(task.cancel)
    task.start()                             # connect first: a signal with no receiver is lost

The function receives a `Progress`; it reports with `progress(done, total, text)` and should
call it often: that is where a cancel request takes effect (it raises `Cancelled`). Signals
are emitted from the worker thread and delivered on the GUI thread (queued connections), so
slots may touch widgets.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside the worker at the next progress report after `cancel()`."""


class Progress:
    def __init__(self, task: Task) -> None:
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task._cancel.is_set()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled
        self._task.progressed.emit(done, total, text)


class Task(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    # Always last, whatever the outcome: dialogs close on it.
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._done = threading.Event()

    def start(self) -> Task:
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker finished (tests and shutdown only; never on the GUI path)."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        try:
            result = self._fn(Progress(self))
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # reported to the user as one line; details to stderr
            traceback.print_exc()
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.succeeded.emit(result)
        finally:
            self._done.set()
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()
