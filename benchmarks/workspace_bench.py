"""Workspace benchmarks (issue 4): next item on a 400-item inspection; search over 2,000 items.

Real widgets on Qt's offscreen platform. Each sample is the user's action plus the event
processing that follows it (selection, item pane, defect list, repaint), not only our code.
The checklists are synthetic (written to a temp folder) but load through the real library
and use a bundled rule profile (drug-inspection-2023), like a checklist from the center.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Benchmark, Target
from benchmarks.synthetic import write_synthetic_checklist

# Two-character queries an inspector types, from common to rare among the items.
QUERIES = ("记录", "验证", "偏差", "灭菌", "取样", "审计", "压差", "整改")


def _with_workspace(items: int, measure: Callable[..., list[float]]) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops
    from inspector_app.ui.workspace.window import WorkspaceWindow

    qt = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as tmp:
        root = Path(tmp)
        # Never touch the user's own window layout.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
        checklists = root / "checklists"
        checklists.mkdir()
        checklist_id = write_synthetic_checklist(checklists, items)
        app = App(root / "data", actor="bench", checklist_dirs=[checklists])
        try:
            insp = ops.create_inspection(
                app,
                company_name="基准测试药业",
                inspection_type="gmp_compliance",
                checklist_id=checklist_id,
            )
            ops.start_on_site(app, insp.id)
            for n in range(0, items, 5):  # a day's work in progress: some answers, a defect
                ops.record_result(app, insp.id, f"it-{n:04d}", "conforming")
            ops.add_defect(app, insp.id, severity="major", facts="偏差未调查", item_id="it-0003")
            window = WorkspaceWindow(app, insp.id)
            window.resize(1280, 800)
            window.show()
            qt.processEvents()
            try:
                return measure(qt, window)
            finally:
                window.hide()
                window.deleteLater()
                qt.processEvents()
        finally:
            app.close()


def _next_item(qt, window) -> list[float]:
    samples = []
    first = window.model.neighbour(None, +1)
    for _ in range(3):  # three passes over the whole checklist
        window.go_to_item(first)
        qt.processEvents()
        while True:
            before = window.current_item_id
            t0 = time.perf_counter()
            window.next_action.trigger()
            qt.processEvents()
            elapsed = (time.perf_counter() - t0) * 1000
            if window.current_item_id == before:
                break
            samples.append(elapsed)
    return samples


def _search(qt, window) -> list[float]:
    from PySide6.QtGui import QInputMethodEvent

    samples = []
    for run in range(60):
        window.search.clear()
        qt.processEvents()
        query = QUERIES[run % len(QUERIES)]
        event = QInputMethodEvent()
        event.setCommitString(query)  # what a Chinese input method delivers
        t0 = time.perf_counter()
        qt.sendEvent(window.search, event)  # → textChanged → index lookup → tree filtered
        qt.processEvents()  # the view lays out and paints the filtered tree
        samples.append((time.perf_counter() - t0) * 1000)
        assert window.search.text() == query
        assert 0 < len(window.model.visible_item_ids()) < window.model.item_count
    return samples


def next_item_400() -> list[float]:
    return _with_workspace(400, _next_item)


def search_2000() -> list[float]:
    return _with_workspace(2000, _search)


BENCHMARKS = [
    Benchmark(
        "workspace: move to the next item (400-item inspection)", 4, Target(16, "ms"), next_item_400
    ),
    Benchmark(
        "workspace: 2-character Chinese search, tree filtered (2,000 items)",
        4,
        Target(30, "ms"),
        search_2000,
    ),
]
