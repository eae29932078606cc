"""Switching language with windows open: every open window follows, through the main
window's own 视图 › 语言 menu action, and switching back gives Chinese again.

Opened on the seeded demo: the main window, the inspection's workspace on its summary tab,
the closing meeting and the audit trail. In English no interface text may contain Chinese
characters; user data (company, team names, defect facts, checklist texts, regulation name)
stays as typed, so each check removes the data it knows the text carries before looking.
The item pane and the defect panel belong to their own tests.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.audit_view import AuditTrailDialog
from inspector_app.ui.closing import ClosingMeetingDialog
from inspector_app.ui.main_window import MainWindow

# CJK ideographs and the full-width punctuation that comes with Chinese text (（），：。、…).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


def _window_actions(window) -> list[QAction]:
    """Menu titles and every action in the menus and tool bars (not the item pane's)."""
    actions = []
    for top in window.menuBar().actions():
        actions.append(top)
        actions += _menu_actions(top.menu())
    for toolbar in window.findChildren(type(window.addToolBar(""))):
        actions += toolbar.actions()
    return actions


def _headers(model) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


class Texts:
    """Collects (where, text) and reports the ones with Chinese left in them."""

    def __init__(self, data: list[str]) -> None:
        # Longest first, so a name inside a longer datum does not leave a remainder.
        self.data = sorted({d for d in data if d}, key=len, reverse=True)
        self.seen: list[tuple[str, str]] = []

    def add(self, where: str, text: str | None) -> None:
        self.seen.append((where, text or ""))

    def chinese_left(self) -> list[tuple[str, str]]:
        """(where, the Chinese found) for texts with Chinese beyond the user data."""
        left = []
        for where, text in self.seen:
            rest = text
            for datum in self.data:
                rest = rest.replace(datum, "")
            found = "".join(CJK.findall(rest))
            if found:
                left.append((where, found[:60]))
        return left


def _user_data(app: App, iid: str) -> list[str]:
    record = ops.load_inspection(app, iid)
    inspection = record.inspection
    checklist = app.library.get(inspection.checklist_id, inspection.checklist_version)
    profile = app.profiles[checklist.rule_profile]
    data = [
        inspection.company_name,
        profile.regulation.name,
        profile.regulation.version,
        app.actor,
        *(m.name for m in record.team),
        *(d.facts for d in record.defects),
        *(d.location for d in record.defects),
    ]
    for d in record.defects:
        data += d.clause_refs
    for item in checklist.items_by_id().values():
        data += [item.code, item.requirement]
    return data


def _collect(app, iid, window, workspace, summary, closing, audit) -> Texts:
    texts = Texts(_user_data(app, iid))
    # Main window: title, menus and actions (the language names are each in their own
    # language on purpose), status bar, list headers and the worded columns.
    texts.add("main title", window.windowTitle())
    for action in _window_actions(window):
        if not action.objectName().startswith("language:"):
            texts.add(f"main action {action.objectName()}", action.text())
    for name in ("countLabel", "syncLabel", "syncStatusLabel", "syncButton"):
        widget = window.findChild(object, name)
        texts.add(f"main status {name}", widget.text())
    texts.add("main headers", " | ".join(_headers(window.model)))
    for column in (0, 2, 3, 7, 8):  # state, type, dates, sync, next step
        texts.add(f"main cell {column}", window.model.index(0, column).data())

    # Workspace: title, menus, tool bar, status bar, tabs, the checklist tree's words.
    texts.add("workspace title", workspace.windowTitle())
    for action in _window_actions(workspace):
        texts.add(f"workspace action {action.objectName()}", action.text())
    for label in (
        workspace.state_label,
        workspace.lock_label,
        workspace.pending_label,
        workspace.saved_label,
        workspace.progress,
    ):
        texts.add(f"workspace status {label.objectName()}", label.text())
    for n in range(workspace.tabs.count()):
        texts.add(f"workspace tab {n}", workspace.tabs.tabText(n))
    texts.add("tree headers", " | ".join(_headers(workspace.model)))
    for item_id in workspace.model.visible_item_ids()[:60]:
        texts.add(f"tree result {item_id}", workspace.model.index_of(item_id, 1).data())

    # Summary: conclusion, reasons, counts, final conclusion, warnings, headers, titles.
    for label in (summary.suggested, summary.reasons, summary.counts, summary.final):
        texts.add(f"summary {label.objectName()}", label.text())
    for box in (summary.suggested_box, summary.counts_box, summary.final_box):
        texts.add("summary box", box.title())
    texts.add("summary chapter headers", " | ".join(_headers(summary.chapters.model())))
    for n in range(summary.outcome.count()):
        texts.add("summary outcome", summary.outcome.itemText(n))
    texts.add("consistency title", summary.consistency.title())
    for text in summary.consistency.texts():
        texts.add("consistency warning", text)

    # Closing meeting: title, counts, the defect list's words, signers, buttons, status.
    texts.add("closing title", closing.windowTitle())
    texts.add("closing counts", closing.counts_label.text())
    texts.add("closing defect list", closing.defect_list.toPlainText())
    texts.add("closing status", closing.status_label.text())
    for button in (closing.lock_button, closing.close_button):
        texts.add("closing button", button.text())
    for box in [closing.company_box, *closing.inspector_boxes]:
        texts.add("signature box", box.title())
        texts.add("signature state", box.state.text())
        texts.add("signature button", box.sign_button.text())

    # Audit trail: title, headers, filter, and the worded columns of every row.
    texts.add("audit title", audit.windowTitle())
    texts.add("audit headers", " | ".join(_headers(audit.table.model())))
    for n in range(audit.kind_filter.count()):
        texts.add("audit filter", audit.kind_filter.itemText(n))
    texts.add("audit count", audit.count_label.text())
    texts.add("audit button", audit.reasons_only.text())
    for row in range(audit.table.rowCount()):
        # "Defect: <the start of its facts>": the kind is ours, the name is data (cut short).
        kind, _, _name = audit.table.item(row, 2).text().partition(": ")
        texts.add(f"audit record kind {row}", kind)
        texts.add(f"audit field {row}", audit.table.item(row, 3).text())
    return texts


def test_every_open_window_follows_the_language_menu(qtbot, demo, translations):
    app, iid = demo
    window = MainWindow(app, translations=translations)
    qtbot.addWidget(window)
    window.show()
    workspace = window.open_inspection(iid)
    summary = workspace.show_summary()
    closing = ClosingMeetingDialog(workspace.session, workspace)
    closing.show()
    audit = AuditTrailDialog(workspace.session, workspace)
    audit.show()
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert "1 项严重缺陷" in summary.counts.text()

    window.language_actions["en"].trigger()  # 视图 › 语言 › English
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "&File")
    qtbot.waitUntil(lambda: workspace.menuBar().actions()[0].text() == "&Edit")

    texts = _collect(app, iid, window, workspace, summary, closing, audit)
    assert len(texts.seen) > 150  # the collection looked at the windows' texts
    left = texts.chinese_left()
    assert not left, "Chinese left in English:\n" + "\n".join(map(str, left))
    # The words the issue names, in English and with plural forms.
    assert window.count_label.text() == "1 inspection"
    assert window.model.index(0, 0).data() == "On site"
    assert summary.suggested.text().startswith("Does not meet requirements")
    assert "provisional" in summary.suggested.text()
    assert summary.reasons.text() == "• Critical defects: 1"
    counts = summary.counts.text()
    assert "10 defects" in counts and "1 critical defect," in counts
    assert "4 major defects" in counts and "5 general defects" in counts
    assert "10 defects in total" in closing.counts_label.text()
    assert "1 critical defect" in closing.counts_label.text()
    assert "Critical defect" in closing.defect_list.toPlainText()
    assert [a.text() for a in workspace.result_actions.values()] == [
        "Conforming",
        "Non-conforming",
        "Not applicable…",
        "Not checked",
    ]
    assert audit.table.horizontalHeaderItem(0).text() == "Time"

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == "文件(&F)")
    qtbot.waitUntil(lambda: workspace.menuBar().actions()[0].text() == "编辑(&E)")
    assert window.count_label.text() == "共 1 项检查"
    assert window.model.index(0, 0).data() == "现场检查中"
    assert summary.suggested.text().startswith("不符合要求（暂定")
    assert summary.reasons.text() == "• 存在1项严重缺陷"
    assert "1 项严重缺陷" in summary.counts.text()
    assert "缺陷合计 10 项" in closing.counts_label.text()
    assert closing.windowTitle() == "末次会议：缺陷确认与签名"
    assert audit.table.horizontalHeaderItem(0).text() == "时间"
    assert workspace.result_actions[next(iter(workspace.result_actions))].text() == "符合"
    # Chinese again everywhere the English check looked.
    back = _collect(app, iid, window, workspace, summary, closing, audit)
    english_left = [
        (where, text)
        for where, text in back.seen
        if text and not CJK.search(text) and re.search(r"[a-z]{4,}", text)
    ]
    assert english_left == []
    closing.close()
    audit.close()
    workspace.close()


def test_generated_reasons_are_reworded_in_english(qapp, translations):
    """Each shape of a generated reason (count, threshold, escalation, percentage) reads as
    English; in Chinese the domain's own sentence (the report's) is shown unchanged."""
    from inspector_app.domain.conclusion import Reason, ReasonDetail
    from inspector_app.domain.model import Severity
    from inspector_app.ui.conclusion_text import reason_text

    reasons = [
        Reason("r", "存在1项严重缺陷", detail=ReasonDetail(("defects.critical",), 1, trivial=True)),
        Reason(
            "r",
            "主要缺陷共7项（达到6项），其中1项为多项关联缺陷经综合分析评定",
            detail=ReasonDetail(("defects.major",), 7, ">=", 6, escalated=1),
        ),
        Reason(
            "r",
            "不符合要求的检查项目占比12.5%（超过10%；5/40项，不适用项目不计入）",
            detail=ReasonDetail(("items.failed_ratio",), 12.5, ">", 10, items=5, denominator=40),
        ),
        Reason(
            "e",
            "无菌保障多项关联缺陷（3项主要缺陷，达到3项），经综合分析按严重缺陷评定",
            detail=ReasonDetail(
                value=3,
                group="无菌保障",
                severity=Severity.MAJOR,
                counts_as=Severity.CRITICAL,
                min_count=3,
            ),
        ),
        Reason(
            "e",
            "实验室控制系统多项关联缺陷（3项主要缺陷，达到3项），"
            "表明该系统不能有效运行，经综合分析按严重缺陷评定",
            detail=ReasonDetail(
                value=3,
                group="实验室控制系统",
                severity=Severity.MAJOR,
                counts_as=Severity.CRITICAL,
                min_count=3,
                finding="表明该系统不能有效运行，经综合分析按严重缺陷评定",
            ),
        ),
        Reason("default", "未发现缺陷"),  # a sentence of the profile
    ]
    assert [reason_text(r) for r in reasons] == [r.text for r in reasons]
    translations.apply("en")
    assert [reason_text(r) for r in reasons] == [
        "Critical defects: 1",
        "Major defects: 7 (at least 6), of which 1 is a group of linked defects assessed together",
        "Non-conforming items: 12.5% (more than 10%; 5 of 40 items, not-applicable items excluded)",
        "无菌保障: several linked defects (3 major defects, at least 3), assessed together as"
        " one of the critical defects",
        "实验室控制系统: several linked defects (3 major defects, at least 3), showing that the"
        " system cannot work effectively; assessed together as a critical defect",
        "No defects found",
    ]
