"""The lifecycle through the app's own controls: start on site, closing meeting, lock, and
the consistency warnings that accompany it; the closing dialog at the screens inspectors have.

Dialogs opened with exec() are answered from a timer that finds them among the top-level
widgets, as a user would find them on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from inspector_app.domain.model import ResultValue, Status, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.closing import ClosingMeetingDialog, SignaturePad
from inspector_app.ui.lifecycle import StartOnSiteDialog
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.window import WorkspaceWindow

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"

# Items with tiers (mini-gmp has none): two key items, two general ones.
KEY_CHECKLIST = """\
format: 1
id: key-mini
version: 1
title: 关键项目测试检查表
kind: drug-gmp
regulation:
  name: 药品生产质量管理规范
  issuer: 卫生部
  version: 2010年修订
  effective_date: 2011-03-01
tiers: [key, general]
rule_profile: drug-inspection-2023
sections:
  - id: ch1
    code: 第一章
    title: 质量管理
    items:
      - {id: k-1, code: "*1.1", refs: [5], requirement: 企业建立质量管理体系。, tier: key}
      - {id: k-2, code: "1.2", refs: [6], requirement: 质量手册经批准。, tier: general}
      - {id: k-3, code: "*1.3", refs: [7], requirement: 偏差经调查并记录。, tier: key}
      - {id: k-4, code: "1.4", refs: [8], requirement: 年度质量回顾按时完成。, tier: general}
"""

LONG_FACTS = (
    "抽查2025年3月至6月的灭菌柜装载记录，发现装载方式已由“单层平铺”改为“双层叠放”，"
    "但未对变更后的装载方式进行热分布和热穿透再验证，也未按变更控制程序评估对无菌保证的影响；"
    "现场询问质量负责人，称该变更仅为临时措施，但已持续执行三个月，涉及批次共计四十二批。"
)

SCREENS = {
    "1280x720": QRect(0, 0, 1280, 720 - 40),  # less a task bar
    "1366x768": QRect(0, 0, 1366, 768 - 40),
    "1280x720 at 125%": QRect(0, 0, 1024, 576 - 32),
    "1366x768 at 125%": QRect(0, 0, 1093, 614 - 32),
}


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture
def key_app(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "key-mini.v1.yaml").write_text(KEY_CHECKLIST, encoding="utf-8")
    application = App(tmp_path / "keydata", actor="测试员", checklist_dirs=[FIXTURES, folder])
    yield application
    application.close()


def create(app, checklist_id="mini-gmp", company="生命周期药业", **kw) -> str:
    team = [
        ops.TeamMemberInput("王建国", TeamRole.LEAD),
        ops.TeamMemberInput("李敏", TeamRole.MEMBER),
    ]
    return ops.create_inspection(
        app,
        company_name=company,
        inspection_type="gmp_compliance",
        checklist_id=checklist_id,
        team=team,
        **kw,
    ).id


def open_workspace(qtbot, app, iid) -> WorkspaceWindow:
    window = WorkspaceWindow(app, iid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def answer_dialog(qtbot, cls: type, handler: Callable[[QWidget], None]) -> list[QWidget]:
    """Call `handler` on the first visible top-level `cls` once it is shown (exec() blocks)."""
    seen: list[QWidget] = []

    def look(tries: int = 0) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        if not found:
            assert tries < 200, f"no {cls.__name__} appeared"
            QTimer.singleShot(10, lambda: look(tries + 1))
            return
        dialog = found[0]
        seen.append(dialog)
        try:
            handler(dialog)
        finally:
            if dialog.isVisible():  # a failed check must not leave the test hanging
                dialog.reject()

    QTimer.singleShot(0, look)
    return seen


def choose_start_date(qtbot, on: date) -> Callable[[QWidget], None]:
    def handler(dialog: StartOnSiteDialog) -> None:
        assert dialog.date_edit.calendarPopup()
        assert dialog.date_edit.date() == QDate.currentDate()  # today by default
        dialog.date_edit.setDate(QDate(on.year, on.month, on.day))
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    return handler


def draw(qtbot, pad: SignaturePad) -> None:
    points = [(20 + 12 * n, 40 + (25 if n % 2 else 0)) for n in range(15)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def sign_and_lock(qtbot) -> Callable[[QWidget], None]:
    def handler(dialog: ClosingMeetingDialog) -> None:
        assert not dialog.lock_button.isEnabled()
        lead = dialog.inspector_boxes[0]
        draw(qtbot, lead.pad)
        qtbot.mouseClick(lead.sign_button, Qt.MouseButton.LeftButton)
        company = dialog.company_box
        company.name_edit.setText("张总（质量负责人）")
        draw(qtbot, company.pad)
        qtbot.mouseClick(company.sign_button, Qt.MouseButton.LeftButton)
        assert dialog.lock_button.isEnabled()
        dialog.confirm_lock = lambda: True
        qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    return handler


def all_menu_actions(window) -> list:
    out = []

    def walk(menu):
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())
            elif not action.isSeparator():
                out.append(action)

    for top in window.menuBar().actions():
        walk(top.menu())
    return out


# ---- the workspace ---------------------------------------------------------------------------


def test_start_from_the_workspace_menu_with_a_chosen_date(qtbot, app):
    iid = create(app)
    window = open_workspace(qtbot, app, iid)
    assert window.start_action.isEnabled()
    assert not window.closing_action.isEnabled()  # nothing to sign before the start
    assert window.start_action in all_menu_actions(window)
    assert window.start_action.shortcut().toString() == "Ctrl+Shift+B"
    assert "草稿" in window.state_label.text()

    on = date.today() - timedelta(days=2)  # the start is recorded two days late
    seen = answer_dialog(qtbot, StartOnSiteDialog, choose_start_date(qtbot, on))
    window.start_action.trigger()
    assert seen, "the start-date dialog was not shown"

    stored = ops.get_inspection(app, iid)
    assert stored.status is Status.ON_SITE
    assert stored.actual_start == on
    assert not window.start_action.isEnabled()
    assert window.closing_action.isEnabled()
    assert "现场检查中" in window.windowTitle()
    assert "现场检查中" in window.state_label.text()
    trail = ops.audit_trail(app, iid)
    assert any(r["field"] == "status" and r["new"] == "on_site" for r in trail)


def test_cancelling_the_start_changes_nothing(qtbot, app):
    iid = create(app)
    window = open_workspace(qtbot, app, iid)
    seen = answer_dialog(qtbot, StartOnSiteDialog, lambda d: d.reject())
    window.start_action.trigger()
    assert seen
    assert ops.get_inspection(app, iid).status is Status.DRAFT
    assert window.start_action.isEnabled()


def test_start_date_cannot_be_in_the_future(qtbot, app):
    iid = create(app)
    dialog = StartOnSiteDialog(None, ops.get_inspection(app, iid), today=date(2026, 3, 10))
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 3, 20))
    assert dialog.chosen_date() == date(2026, 3, 10)


def test_closing_meeting_from_the_menu_then_the_record_awaits_the_center(qtbot, app):
    iid = create(app)
    ops.start_on_site(app, iid)  # precondition; the start itself is tested above
    ops.add_defect(app, iid, severity="major", facts=LONG_FACTS, item_id="t-048")
    window = open_workspace(qtbot, app, iid)
    assert window.closing_action.shortcut().toString() == "Ctrl+Shift+M"
    assert window.closing_action in window.lifecycle_toolbar.actions()

    seen = answer_dialog(qtbot, ClosingMeetingDialog, sign_and_lock(qtbot))
    window.closing_action.trigger()
    assert seen

    assert ops.get_inspection(app, iid).status is Status.CLOSED
    assert "等待中心审核" in window.windowTitle()
    assert "等待中心审核" in window.state_label.text()
    assert window.review_state_action.isVisible() and not window.review_state_action.isEnabled()
    assert not window.start_action.isEnabled() and not window.closing_action.isEnabled()
    # Issuing the report is the center's decision: nothing in the app offers it.
    texts = [a.text() for a in all_menu_actions(window)]
    assert not any("报告已出具" in t or "出具报告" in t for t in texts)

    main = MainWindow(app)
    qtbot.addWidget(main)
    status = main.model.index(main.model.row_of(iid), 0).data()
    assert "等待中心审核" in status


def test_workspace_shortcuts_are_all_different(qtbot, app):
    window = open_workspace(qtbot, app, create(app))
    keys = [
        seq.toString()
        for action in window.actions()
        for seq in action.shortcuts()
        if not seq.isEmpty()
    ]
    assert len(keys) == len(set(keys)), sorted(keys)


def test_workspace_fits_a_1280x720_screen_on_first_start(qtbot, app):
    window = open_workspace(qtbot, app, create(app))
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()


# ---- the inspections list --------------------------------------------------------------------


def test_the_list_shows_the_state_and_offers_the_next_step(qtbot, app):
    iid = create(app)
    main = MainWindow(app)
    qtbot.addWidget(main)
    main.show()
    main.select(iid)
    row = main.model.row_of(iid)
    next_step = main.model.index(row, main.model.columnCount() - 1)
    assert next_step.data() == "开始现场检查"
    assert main.start_action.isEnabled() and not main.closing_action.isEnabled()
    assert main.open_action.isEnabled()
    context = main.table.actions()
    assert main.start_action in context and main.closing_action in context
    assert main.open_action in context
    assert main.start_action in main.file_menu.actions()

    on = date.today() - timedelta(days=1)
    seen = answer_dialog(qtbot, StartOnSiteDialog, choose_start_date(qtbot, on))
    main.start_action.trigger()  # the same dialog as in the workspace
    assert seen
    stored = ops.get_inspection(app, iid)
    assert (stored.status, stored.actual_start) == (Status.ON_SITE, on)
    assert main.model.index(row, 0).data() == "现场检查中"
    assert next_step.data() == "末次会议与签名"
    assert not main.start_action.isEnabled() and main.closing_action.isEnabled()

    # 末次会议 from the list: held in the inspection's workspace.
    seen = answer_dialog(qtbot, ClosingMeetingDialog, sign_and_lock(qtbot))
    main.closing_action.trigger()
    assert seen
    assert ops.get_inspection(app, iid).status is Status.CLOSED
    assert main.workspace(iid) is not None
    assert "等待中心审核" in main.workspace(iid).windowTitle()
    assert "等待中心审核" in main.model.index(row, 0).data()
    assert next_step.data() == "等待中心审核"
    assert not main.start_action.isEnabled() and not main.closing_action.isEnabled()
    main.close()


def test_starting_from_the_list_refreshes_an_open_workspace(qtbot, app):
    iid = create(app)
    main = MainWindow(app)
    qtbot.addWidget(main)
    main.show()
    workspace = main.open_inspection(iid)
    main.select(iid)
    answer_dialog(qtbot, StartOnSiteDialog, choose_start_date(qtbot, date.today()))
    main.start_action.trigger()
    assert "现场检查中" in workspace.windowTitle()
    assert workspace.closing_action.isEnabled()
    main.close()


# ---- consistency warnings --------------------------------------------------------------------


def inconsistent(app) -> tuple[str, dict[str, str]]:
    """k-1 key unanswered; k-2 不符合 without a defect; k-3 key and conforming with a defect;
    k-4 conforming."""
    iid = create(app, checklist_id="key-mini", company="一致性药业")
    ops.start_on_site(app, iid)
    ops.record_result(app, iid, "k-2", "non_conforming")
    ops.record_result(app, iid, "k-3", "conforming")
    ops.record_result(app, iid, "k-4", "conforming")
    defect = ops.add_defect(
        app, iid, severity="general", facts="偏差记录缺少根本原因分析", item_id="k-3"
    )
    return iid, {"defect": defect.id}


EXPECTED_WARNINGS = [
    "检查项 1.2 判定为不符合，但尚未记录缺陷。",
    "缺陷“偏差记录缺少根本原因分析”关联的检查项 *1.3 结果为“符合”，与缺陷不一致。",
    "关键项目尚未检查（1 项）：*1.1",
    "共 4 项中仍有 1 项未检查。",
]


def test_warnings_in_the_summary_with_a_provisional_conclusion_and_a_fix(qtbot, key_app):
    iid, _ = inconsistent(key_app)
    window = open_workspace(qtbot, key_app, iid)
    summary = window.show_summary()
    assert summary.consistency.texts() == EXPECTED_WARNINGS
    assert "（暂定，仍有 1 项未检查）" in summary.suggested.text()
    assert "暂定" in summary.final.text()

    # 转到 shows the item in the checklist.
    unanswered_row = summary.consistency.rows[3]
    qtbot.mouseClick(unanswered_row.go_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == 0 and window.current_item_id == "k-1"

    # The offered fix: mark the defect's item 不符合, saved at once and undoable.
    window.show_summary()
    [row] = [r for r in summary.consistency.rows if r.mark_button is not None]
    qtbot.mouseClick(row.mark_button, Qt.MouseButton.LeftButton)
    assert ops.load_inspection(key_app, iid).result_for("k-3").result is ResultValue.NON_CONFORMING
    assert not any("*1.3" in t for t in summary.consistency.texts())
    window.undo_action.trigger()
    assert ops.load_inspection(key_app, iid).result_for("k-3").result is ResultValue.CONFORMING

    # Answering the last item: the conclusion is no longer provisional.
    window.go_to_item("k-1")
    window.result_actions[ResultValue.CONFORMING].trigger()
    summary.refresh()
    assert "暂定" not in summary.suggested.text()
    assert not any("未检查" in t for t in summary.consistency.texts())


def test_no_warning_when_consistent(qtbot, key_app):
    iid = create(key_app, checklist_id="key-mini")
    for item in ("k-1", "k-2", "k-3", "k-4"):
        ops.record_result(key_app, iid, item, "conforming")
    window = open_workspace(qtbot, key_app, iid)
    summary = window.show_summary()
    assert summary.consistency.rows == []
    # Shown once the event loop runs (Qt shows widgets added to a visible parent late).
    qtbot.waitUntil(lambda: summary.consistency.ok_label.isVisibleTo(window))
    assert "暂定" not in summary.suggested.text()


def test_warnings_again_in_the_closing_meeting_and_they_never_block(qtbot, key_app):
    iid, _ = inconsistent(key_app)
    session = InspectionSession(key_app, iid)
    dialog = ClosingMeetingDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.consistency.texts() == EXPECTED_WARNINGS
    assert all(r.go_button is None for r in dialog.consistency.rows)  # no workspace to go to
    [row] = [r for r in dialog.consistency.rows if r.mark_button is not None]
    qtbot.mouseClick(row.mark_button, Qt.MouseButton.LeftButton)
    assert ops.load_inspection(key_app, iid).result_for("k-3").result is ResultValue.NON_CONFORMING
    assert len(dialog.consistency.texts()) == 3

    sign_and_lock(qtbot)(dialog)  # warnings remain; the lock still goes through
    assert ops.get_inspection(key_app, iid).status is Status.CLOSED


# ---- the closing dialog on small screens ----------------------------------------------------


def on_site_with_defects(app, n: int = 6) -> InspectionSession:
    iid = create(app)
    ops.start_on_site(app, iid)
    for k in range(n):
        ops.add_defect(
            app,
            iid,
            severity=("critical", "major", "general")[k % 3],
            facts=f"{k + 1}. {LONG_FACTS}",
            item_id="t-048" if k % 2 else None,
            location="灭菌间" if k == 0 else "",
        )
    return InspectionSession(app, iid)


def inside(widget: QWidget, screen: QRect) -> bool:
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    return screen.contains(rect)


@pytest.mark.parametrize("name", list(SCREENS))
def test_closing_dialog_buttons_lie_inside_small_screens(qtbot, app, name):
    screen = SCREENS[name]
    dialog = ClosingMeetingDialog(on_site_with_defects(app))
    qtbot.addWidget(dialog)
    geometry = dialog.fit_to_screen(screen)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.geometry() == geometry
    assert screen.contains(dialog.geometry()), (name, dialog.geometry())
    assert dialog.geometry().top() - screen.top() >= 24  # room for the title bar
    for button in (dialog.lock_button, dialog.close_button):
        assert button.isVisible() and inside(button, screen), (name, button.objectName())
    # The signatures pane and the defect list keep a usable share of the height.
    panes = dialog.splitter.sizes()
    assert panes[1] >= 100 and panes[2] >= 100, panes


def test_closing_dialog_shows_every_defects_full_facts_wrapped(qtbot, app):
    session = on_site_with_defects(app)
    dialog = ClosingMeetingDialog(session)
    qtbot.addWidget(dialog)
    dialog.fit_to_screen(SCREENS["1280x720"])
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.defect_list.toPlainText()
    for defect in session.record.defects:
        assert defect.facts in text.replace("\n", "").replace("\u2029", "")
    assert "位置：灭菌间" in text
    assert "第四十八条" in text
    # Wrapped, not cut: nothing wider than the view, so no sideways scrolling is needed.
    document_width = dialog.defect_list.document().size().width()
    assert document_width <= dialog.defect_list.viewport().width() + 1
    assert dialog.defect_list.horizontalScrollBar().maximum() == 0
    # Most serious first, numbered.
    assert text.index("1. ") < text.index("4. ") < text.index("2. ")


def test_closing_dialog_and_workspace_grab_at_1280x720(qtbot, app, tmp_path):
    session = on_site_with_defects(app, 4)
    dialog = ClosingMeetingDialog(session)
    qtbot.addWidget(dialog)
    dialog.fit_to_screen(SCREENS["1280x720"])
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.grab()
    assert image.width() <= 1280 and image.height() <= 720
    assert image.save(str(tmp_path / "closing.png"))

    window = open_workspace(qtbot, app, session.inspection_id)
    window.resize(1280, 720 - 40)
    shot = window.grab()
    assert shot.save(str(tmp_path / "workspace.png"))
    assert window.statusBar().isVisible()
