"""The workspace on a 400-item checklist: keyboard navigation end to end, key-item filter."""

from __future__ import annotations

import pytest
from benchmarks.synthetic import write_synthetic_checklist
from PySide6.QtCore import Qt

from inspector_app.domain.model import ResultValue
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.workspace.window import WorkspaceWindow

ITEMS = 400


@pytest.fixture
def large(tmp_path, qtbot):
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    write_synthetic_checklist(checklists, ITEMS)
    app = App(tmp_path / "data", actor="测试员", checklist_dirs=[checklists])
    insp = ops.create_inspection(
        app,
        company_name="四百项药业",
        inspection_type="gmp_compliance",
        checklist_id="synthetic-gmp",
    )
    ops.start_on_site(app, insp.id)
    window = WorkspaceWindow(app, insp.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    yield app, insp.id, window
    window.close()
    app.close()


def test_navigate_400_items_first_to_last(qtbot, large):
    _app, _iid, window = large
    assert window.model.item_count == ITEMS
    assert window.current_item_id == "it-0000"
    for _ in range(ITEMS - 1):
        qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_item_id == f"it-{ITEMS - 1:04d}"
    assert window.tree.currentIndex() == window.model.index_of(f"it-{ITEMS - 1:04d}")
    assert window.item_pane.title.text().startswith("16.25")
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_item_id == f"it-{ITEMS - 1:04d}"  # stays on the last one
    qtbot.keyClick(window.tree, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_item_id == f"it-{ITEMS - 2:04d}"


def test_answers_update_rows_without_resetting_the_tree(qtbot, large):
    app, iid, window = large
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    changed = []
    window.model.dataChanged.connect(lambda a, b, *_: changed.append(a.row()))
    window.go_to_item("it-0030")
    qtbot.keyClick(window.tree, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert resets == []
    assert changed  # the item row and its section's progress cell
    assert ops.load_inspection(app, iid).result_for("it-0030").result is ResultValue.CONFORMING
    section = window.model.index_of("it-0030").parent()
    assert section.siblingAtColumn(1).data() == "已查 1/25"


def test_key_item_filter_and_navigation_through_it(qtbot, large):
    app, iid, window = large
    window.filter_key.trigger()
    shown = window.model.visible_item_ids()
    assert shown == [f"it-{n:04d}" for n in range(0, ITEMS, 7)]
    window.go_to_item(shown[0])
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_item_id == "it-0007"
    qtbot.keyClick(window.tree, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert ops.load_inspection(app, iid).result_for("it-0007").result is (
        ResultValue.NON_CONFORMING
    )
    # Combined with unanswered: the answered key item drops out when the filter is applied.
    window.filter_unanswered.trigger()
    assert "it-0007" not in window.model.visible_item_ids()
    assert len(window.model.visible_item_ids()) == len(shown) - 1
    # Next from an item the filter hides continues from its place in the document.
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_item_id == "it-0014"
