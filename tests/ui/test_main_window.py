from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.operations import inspections as ops
from inspector_app.ui.main_window import MainWindow


def test_lists_inspections_with_counts_by_grade(qtbot, app):
    insp = ops.create_inspection(
        app, company_name="华东示例制药", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.add_defect(app, insp.id, severity="critical", facts="A级区无动态监测")
    ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    window = MainWindow(app)
    qtbot.addWidget(window)
    model = window.table.model()
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[:3] == ["草稿", "华东示例制药", "GMP符合性检查预检查"]
    assert cells[4:7] == [1, 0, 1]
    assert "未同步" in cells[7]
    assert model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "严重"
    assert "未同步更改" in window.sync_label.text()


def test_refresh_picks_up_new_inspections(qtbot, app):
    window = MainWindow(app)
    qtbot.addWidget(window)
    assert window.table.model().rowCount() == 0
    ops.create_inspection(
        app, company_name="新公司", inspection_type="licence", checklist_id="mini-gmp"
    )
    window.refresh()
    assert window.table.model().rowCount() == 1
