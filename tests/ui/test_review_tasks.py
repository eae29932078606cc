"""The center's review in the workspace: returns as tasks answered in place, the center's
adjustment beside the inspector's defect, the issued report's banner and PDF (issue 11).

Real widgets on a real store; the center's records are written as a pull leaves them
(tests/operations/test_reviews.py helpers); tests/sync/test_review_loop.py does the real sync.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from tests.operations.test_reviews import center_review, closed_inspection, issue

from inspector_app.domain.model import ReviewState, Severity
from inspector_app.operations import inspections as ops
from inspector_app.operations import reviews
from inspector_app.ui.workspace.window import WorkspaceWindow


def open_window(qtbot, app, iid) -> WorkspaceWindow:
    window = WorkspaceWindow(app, iid)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def inside_window(window, widget) -> bool:
    """The widget is shown within the window (and within its scroll area's viewport)."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_returns_show_as_tasks_and_are_answered_in_place(qtbot, app):
    insp, d1, _ = closed_inspection(app)
    center_review(app, insp.id, ReviewState.COMMENTED, d1.id, comment="只是批注，不是任务")
    ret_defect = center_review(
        app, insp.id, ReviewState.RETURNED, d1.id, comment="请补充培训记录的批号"
    )
    center_review(app, insp.id, ReviewState.RETURNED, comment="请补充检查组成员的声明")
    window = open_window(qtbot, app, insp.id)
    tasks = window.show_review_tasks()
    assert window.tabs.tabText(2) == "中心审核（2）"
    assert tasks.heading.text() == "中心退回 2 项，待回复 2 项"
    assert [c.request.text() for c in tasks.cards] == [
        "请补充培训记录的批号",
        "请补充检查组成员的声明",
    ]
    first, whole = tasks.cards
    assert "缺陷1：培训记录不全" in first.heading.text() and "审核员周" in first.heading.text()
    assert "待回复" in first.heading.text() and "整个检查" in whole.heading.text()
    assert inside_window(window, first.send_button) and inside_window(window, whole.answer_edit)

    # Nothing typed: nothing sent.
    qtbot.mouseClick(first.send_button, Qt.MouseButton.LeftButton)
    assert tasks.message.text() == "请先写回复内容。"
    assert reviews.review_items(app, insp.id)[1].answers == ()

    first.answer_edit.setFocus()
    first.answer_edit.insertPlainText("已补充：培训记录批号 TR-2026-11")
    qtbot.mouseClick(first.send_button, Qt.MouseButton.LeftButton)
    # The closed record asked for no revision reason: an answer is not an edit.
    answered = next(i for i in reviews.review_items(app, insp.id) if i.review.id == ret_defect.id)
    assert [(a.text, a.author) for a in answered.answers] == [
        ("已补充：培训记录批号 TR-2026-11", "测试员")
    ]
    assert tasks.message.text() == "回复已保存，下次同步时发送给中心。"
    assert window.tabs.tabText(2) == "中心审核（1）"
    done = next(c for c in tasks.cards if c.item.review.id == ret_defect.id)
    assert done.answer_edit is None and "已回复 ✓" in done.heading.text()
    assert "已补充：培训记录批号 TR-2026-11（测试员" in done.answers.text()
    assert tasks.cards[0].item.is_open  # the open one is listed first
    assert window.pending_label.text() != ""


def test_the_centers_adjustment_shows_beside_the_defect(qtbot, app):
    insp, _, d2 = closed_inspection(app)
    window = open_window(qtbot, app, insp.id)
    window.show_all_defects.setChecked(True)
    panel = window.defect_panel
    panel.select_defect(d2.id)
    assert not panel.adjustment.isVisible()
    center_review(
        app,
        insp.id,
        ReviewState.ADJUSTED,
        d2.id,
        adjusted_severity=Severity.GENERAL,
        adjusted_facts="偏差 DV-12 未按规程调查",
        reason="已有纠正措施",
    )
    window.reload_from_store()
    panel.select_defect(d2.id)
    text = panel.adjustment.text()
    assert panel.adjustment.isVisible() and text.startswith("中心调整（审核员周，")
    assert "等级：一般缺陷（原：主要缺陷）" in text
    assert "表述：偏差 DV-12 未按规程调查" in text and "原表述：偏差未调查" in text
    assert "理由：已有纠正措施" in text
    row = panel.tree.currentItem()
    assert row.text(0).endswith("（中心调整）")
    # The inspector's own record is unchanged.
    assert next(d for d in ops.load_inspection(app, insp.id).defects if d.id == d2.id).severity == (
        Severity.MAJOR
    )
    panel.select_defect(next(d.id for d in panel.defects() if d.id != d2.id))
    assert not panel.adjustment.isVisible()


def test_an_issued_report_locks_the_workspace_and_opens_its_pdf(qtbot, app):
    insp, d1, _ = closed_inspection(app)
    center_review(app, insp.id, ReviewState.RETURNED, d1.id, comment="请改")
    window = open_window(qtbot, app, insp.id)
    tasks = window.review_tasks
    assert not tasks.issued_bar.isVisibleTo(window)
    assert not window.open_issued_action.isEnabled()
    report = issue(app, insp.id)
    window.reload_from_store()

    assert window.windowTitle() == "某某制药有限公司 — 报告已出具（〔2026〕第7号）"
    assert window.lock_label.text() == "报告已出具，记录不可再修改"
    window.show_review_tasks()
    assert tasks.issued_label.text().startswith("报告已出具：〔2026〕第7号（第1版），审核员周 于")
    assert inside_window(window, tasks.open_issued_button)
    # Closed for good: the open return can no longer be answered.
    assert [c.answer_edit for c in tasks.cards] == [None]
    # Nothing that would write is offered any more.
    assert not window.new_defect_action.isEnabled() and not window.import_photos_action.isEnabled()
    assert not any(a.isEnabled() for a in window.result_actions.values())
    assert not window.item_pane.note.isEnabled()
    assert not any(b.isEnabled() for b in window.item_pane.result_buttons.values())
    assert not window.defect_panel.new_button.isEnabled()
    window.show_all_defects.setChecked(True)
    window.defect_panel.select_defect(d1.id)
    assert window.defect_panel.edit_button.isEnabled()
    assert not window.defect_panel.delete_button.isEnabled()
    window.tabs.setCurrentIndex(0)
    window.step(+1)  # another item: its controls stay off
    assert not window.item_pane.note.isEnabled()
    window.show_review_tasks()

    opened: list[Path] = []
    tasks.open_file = lambda path: opened.append(path) or True
    qtbot.mouseClick(tasks.open_issued_button, Qt.MouseButton.LeftButton)
    assert window.open_issued_action.isEnabled()
    window.open_issued_action.trigger()
    assert len(opened) == 2
    assert hashlib.sha256(opened[0].read_bytes()).hexdigest() == report.pdf_sha256

    # An edit from the workspace is refused with the lock's own words; nothing changes.
    messages: list[str] = []
    window.session.failed.connect(messages.append)
    window.session.revision_reason_provider = lambda _prompt: "想改"
    window.session.update_defect(d1.id, {"facts": "改了"})
    QApplication.processEvents()
    assert messages == ["status: 报告已出具（〔2026〕第7号），记录不可再修改"]
    assert ops.load_inspection(app, insp.id).defects[0].facts == "培训记录不全"


def test_a_missing_issued_pdf_is_said_not_opened(qtbot, app):
    insp, _, _ = closed_inspection(app)
    report = issue(app, insp.id)
    app.blobs.original_path(report.pdf_sha256).unlink()  # as if not downloaded yet
    window = open_window(qtbot, app, insp.id)
    tasks = window.show_review_tasks()
    opened: list[Path] = []
    tasks.open_file = lambda path: opened.append(path) or True
    assert not tasks.open_issued_pdf()
    assert opened == [] and "尚未下载到本机：请先同步" in tasks.message.text()


def test_the_inspection_list_says_report_issued_with_its_number(qapp, app):
    from inspector_app.ui.inspections_model import COLUMNS, InspectionsModel

    insp, _, _ = closed_inspection(app)
    model = InspectionsModel(ops.list_inspections(app))
    column = [key for key, _ in COLUMNS].index("status")
    assert model.index(0, column).data() == "已锁定，等待中心审核"
    issue(app, insp.id)
    model.set_rows(ops.list_inspections(app))
    assert model.index(0, column).data() == "报告已出具（〔2026〕第7号）"
    assert ops.list_inspections(app)[0].as_dict()["issued_number"] == "〔2026〕第7号"


def test_a_return_pulled_by_sync_is_answered_in_the_open_workspace(
    qtbot, app, tmp_path, monkeypatch
):
    """The real path: the server's return arrives by sync in an open workspace, the answer
    typed there goes back by the next sync."""
    pytest.importorskip("fastapi")
    from tests.sync.conftest import LiveServer, enrolled

    from inspector_app.operations import sync as sync_ops
    from inspector_app.server import admin, review
    from inspector_app.store.merge import laptop_state_hash

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    server = LiveServer(tmp_path / "server")
    try:
        admin.add_user(server.ctx.engine, "zhou", "reviewer", ["team-1"], display_name="审核员周")
        enrolled(app, server, "wang")
        insp, d1, _ = closed_inspection(app)
        assert sync_ops.sync_now(app).ok
        window = open_window(qtbot, app, insp.id)
        assert window.tabs.tabText(2) == "中心审核"
        review.return_for_correction(server.ctx, "zhou", insp.id, d1.id, "请补充批号")
        assert sync_ops.sync_now(app).ok
        window.reload_from_store()  # what the main window does after a sync
        assert window.tabs.tabText(2) == "中心审核（1）"
        card = window.show_review_tasks().cards[0]
        assert card.request.text() == "请补充批号" and "审核员周" in card.heading.text()
        card.answer_edit.insertPlainText("批号 TR-2026-11 已补充")
        qtbot.mouseClick(card.send_button, Qt.MouseButton.LeftButton)
        assert window.tabs.tabText(2) == "中心审核"
        assert sync_ops.sync_now(app).ok
        assert laptop_state_hash(app.store, insp.id) == server.state_hash(insp.id)
    finally:
        server.stop()
