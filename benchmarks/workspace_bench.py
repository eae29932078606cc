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


def _typed_note_durable(qt, window) -> list[float]:
    """Last keystroke of a note → the text readable by another connection to the file.

    What a crash right after typing can lose; the issue's bound is 0.3 s. Another sqlite3
    connection sees only committed (WAL-synced) data, so this is the durability the user
    gets, not the widget's own state.
    """
    import sqlite3

    from PySide6.QtGui import QInputMethodEvent

    db = sqlite3.connect(window.app.data_dir / "inspector.sqlite")
    samples = []
    try:
        item_ids = window.model.visible_item_ids()[:40]
        for n, item_id in enumerate(item_ids):
            window.go_to_item(item_id)
            qt.processEvents()
            note = window.item_pane.note
            note.setFocus()
            text = f"第{n}次记录：现场查阅批记录"
            for char in text:  # an input method commits one character at a time
                event = QInputMethodEvent()
                event.setCommitString(char)
                qt.sendEvent(note, event)
                qt.processEvents()
            t0 = time.perf_counter()
            while True:
                qt.processEvents()
                row = db.execute(
                    "SELECT note FROM item_result WHERE inspection_id = ? AND item_id = ?",
                    (window.session.inspection_id, item_id),
                ).fetchone()
                if row and row[0] == text:
                    break
                if time.perf_counter() - t0 > 5:
                    raise AssertionError(f"note of {item_id} not saved after 5 s")
                time.sleep(0.002)
            samples.append((time.perf_counter() - t0) * 1000)
    finally:
        db.close()
    return samples


def typed_note_durable() -> list[float]:
    return _with_workspace(400, _typed_note_durable)


def next_item_400() -> list[float]:
    return _with_workspace(400, _next_item)


def search_2000() -> list[float]:
    return _with_workspace(2000, _search)


BENCHMARKS = [
    Benchmark(
        "typed note durable after the last keystroke (other connection sees it)",
        9,
        Target(300, "ms", "p95"),
        typed_note_durable,
    ),
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
