"""The inspections list's 办结期限 column (issue 14, D32): the due date with the working days
left, late, or the clock stopped, from the deadlines the last sync kept in meta — in the main
window over the store and on the first-paint path."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from tests.conftest import FIXTURES

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.listing import DeadlineView, InspectionSummary, first_paint_rows
from inspector_app.store.merge import set_meta
from inspector_app.store.quick import DEADLINES_META_KEY
from inspector_app.ui.inspections_model import COLUMNS, InspectionsModel
from inspector_app.ui.main_window import MainWindow

KIND = "gmp_compliance"
COLUMN = [key for key, _ in COLUMNS].index("deadline")


def _row(iid: str, deadline: DeadlineView | None) -> InspectionSummary:
    return InspectionSummary(
        id=iid,
        company_name="华东示例制药",
        inspection_type="gmp_compliance",
        status="draft",
        checklist_id="mini-gmp",
        checklist_version=1,
        planned_start=None,
        planned_end=None,
        actual_start=None,
        actual_end=None,
        archived=False,
        critical=0,
        major=0,
        general=0,
        pending_sync=0,
        deadline=deadline,
    )


def _view(state: str, due: str | None, left: int | None, reason: str = "") -> DeadlineView:
    return DeadlineView(state, due, left, reason, "2026-10-09", "许可预检查")


def test_the_column_says_days_left_late_or_stopped(qtbot):
    model = InspectionsModel(
        [
            _row("a", _view("running", "2026-11-03", 18)),
            _row("b", _view("overdue", "2026-06-30", -1)),
            _row("c", _view("stopped", None, None, "待企业补充验证资料")),
            _row("d", None),
            _row("e", _view("on_time", "2026-11-10", 2)),
        ]
    )
    header = model.headerData(COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "办结期限"
    assert COLUMNS[-1][0] == "next_step"  # the team's next step stays the last column
    cells = [model.index(r, COLUMN).data() for r in range(model.rowCount())]
    assert cells == [
        "2026-11-03（剩余18个工作日）",
        "2026-06-30（已超期1个工作日）",
        "计时暂停",
        "—",
        "2026-11-10（按时办结）",
    ]
    tip = model.index(2, COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [
        "许可预检查",
        "暂停原因：待企业补充验证资料",
        "截至 2026-10-09（上次同步）",
    ]
    late = model.index(1, COLUMN).data(Qt.ItemDataRole.ForegroundRole)
    assert late == Qt.GlobalColor.darkRed
    assert model.index(0, COLUMN).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(3, COLUMN).data(Qt.ItemDataRole.ToolTipRole) is None


def _kept(iid: str, **over) -> str:
    row = {
        "inspection_id": iid,
        "request_id": "r1",
        "item_name": "许可预检查",
        "limit_days": 20,
        "accepted_on": "2026-09-30",
        "due_on": "2026-11-03",
        "left": 18,
        "state": "running",
        "stopped_on": None,
        "stop_reason": "",
        **over,
    }
    return json.dumps(
        {"deadlines": [row], "as_of": "2026-10-09", "generated_at": "2026-10-09T02:00:00Z"}
    )


def test_the_main_window_and_the_first_paint_show_the_kept_deadline(qtbot, tmp_path):
    data = tmp_path / "data"
    with App(data, actor="测试员", checklist_dirs=[FIXTURES]) as app:
        iid = ops.create_inspection(
            app,
            company_name="华东示例制药",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
        ).id
        plain = ops.create_inspection(
            app,
            company_name="另一家企业",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
        ).id
        set_meta(app.store, DEADLINES_META_KEY, _kept(iid, left=-2, state="overdue"))
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        model = window.table.model()
        by_id = {model.row_at(r).id: r for r in range(model.rowCount())}
        assert model.index(by_id[iid], COLUMN).data() == "2026-11-03（已超期2个工作日）"
        assert model.index(by_id[plain], COLUMN).data() == "—"
        window.close()

    # Before the store opens, the same cell from meta read with sqlite3 alone.
    first = MainWindow(None, first_rows=first_paint_rows(data))
    qtbot.addWidget(first)
    first.show()
    model = first.model
    by_id = {model.row_at(r).id: r for r in range(model.rowCount())}
    assert model.index(by_id[iid], COLUMN).data() == "2026-11-03（已超期2个工作日）"
    first.close()


def test_unreadable_kept_deadlines_show_nothing_rather_than_fail(qtbot, tmp_path):
    data = tmp_path / "data"
    with App(data, actor="测试员", checklist_dirs=[FIXTURES]) as app:
        ops.create_inspection(
            app,
            company_name="华东示例制药",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
        )
        set_meta(app.store, DEADLINES_META_KEY, "{not json")
        [row] = ops.list_inspections(app)
    assert row.deadline is None
    [first] = first_paint_rows(data)
    assert first.deadline is None
    assert InspectionsModel([first]).index(0, COLUMN).data() == "—"
