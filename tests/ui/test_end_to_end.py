"""The inspector's whole path, from an empty laptop, through the app's own controls only.

No operation and no demo is called to get anywhere: at first start the app asks who is working
(the inspector profile, typed into its dialog), the main window's menu opens the wizard,
the workspace's menus, shortcuts and buttons start the inspection, answer items, record
defects with a photo, hold the closing meeting and lock; a locked record is revised with a
reason; both PDFs are exported through the file dialog. Only the checks at the end read the
store, the audit trail (also as the audit view shows it) and the PDFs' text.

This is the walk that found a wizard-made inspection could never be started (issue 9).
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QDate, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTextBrowser,
    QWizard,
)
from tests.ui.drive import answer_dialog, check, choose, click, draw, type_text

from inspector_app.domain.model import ResultValue, Severity, Status
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.audit_view import AuditTrailDialog
from inspector_app.ui.closing import ClosingMeetingDialog
from inspector_app.ui.defects.clause_picker import ClausePicker
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.lifecycle import StartOnSiteDialog
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.photo_viewer import PhotoViewer
from inspector_app.ui.photo_viewer.canvas import Tool
from inspector_app.ui.profile import ProfileDialog
from inspector_app.ui.revision_reason import RevisionReasonDialog

COMPANY = "江南示例生物制药有限公司"
DEFECTS = [
    # (grade shown in the editor, facts typed, location typed)
    ("严重缺陷", "无菌灌装线A级区未进行动态悬浮粒子监测", "灌装间"),
    ("主要缺陷", "纯化水系统未按规定周期进行微生物监测", "水系统"),
    ("一般缺陷", "称量间电子天平校准标签已过期", "称量间"),
]


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


INSPECTOR = "王建国"  # who types their name at first start (the team's lead)


@pytest.fixture
def empty_app(tmp_path):
    """A new laptop: empty data directory, the bundled checklists, no demo, no profile."""
    application = App(tmp_path / "data")
    yield application
    application.close()


# Set by scripts/shots_lifecycle.sh: the same walk, under Xvfb on a 1280x720 (or 1366x768)
# screen with the xcb platform, saves a picture of the whole screen at each step.
SHOTS = Path(os.environ["INSPECTOR_SHOTS"]) if os.environ.get("INSPECTOR_SHOTS") else None


def shot(qtbot, name: str) -> None:
    if SHOTS is None:
        return
    qtbot.wait(300)  # let the window manager map and paint what just opened
    SHOTS.mkdir(parents=True, exist_ok=True)
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(SHOTS / f"{name}.png"))


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (1600, 1200), (180, 190, 200))
    for x in range(300, 700):
        for y in range(400, 420):
            image.putpixel((x, y), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def _accept_file(path: Path):
    def handler(dialog: QFileDialog) -> None:
        dialog.selectFile(str(path))
        dialog.accept()

    return handler


def _first_start(qtbot, window: MainWindow) -> None:
    """The first-start dialog over the main window: name and unit typed, 开始使用."""

    def fill(dialog: ProfileDialog) -> None:
        assert dialog.first_start and "审计记录以此姓名记录每一次修改" in dialog.why.text()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        type_text(qtbot, dialog.name_edit, INSPECTOR)
        type_text(qtbot, dialog.unit_edit, "新药服务中心")
        shot(qtbot, "00-first-start-profile")
        click(qtbot, ok)

    asked = answer_dialog(ProfileDialog, fill)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(asked) and not asked[0].isVisible())
    check(asked)
    assert window.person_label.text() == f"检查员：{INSPECTOR}"


def _create_with_wizard(qtbot, window: MainWindow) -> None:
    window.new_action.trigger()
    wizard = window.wizard
    assert wizard is not None and wizard.isVisible()

    def next_page() -> None:
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))

    type_text(qtbot, wizard.company_page.company, COMPANY)
    type_text(qtbot, wizard.company_page.site_address, "苏州市工业园区示例路8号")
    type_text(qtbot, wizard.company_page.products, "注射用示例单抗")
    next_page()

    page = wizard.checklist_page
    assert wizard.currentPage() is page
    choose(qtbot, page.type_combo, "GMP符合性检查预检查")
    chosen = page.checklist()
    assert chosen is not None and chosen.kind == "drug-gmp", "the drug GMP checklist is proposed"
    next_page()

    assert wizard.currentPage() is wizard.scope_page
    next_page()  # the whole checklist

    team = wizard.team_page
    assert wizard.currentPage() is team
    for name, role, org in (("王建国", "组长", "新药服务中心"), ("李敏", "组员", "新药服务中心")):
        type_text(qtbot, team.name, name)
        choose(qtbot, team.role, role)
        type_text(qtbot, team.organisation, org)
        team.declared.setChecked(True)
        click(qtbot, team.add_button)
    assert team.table.rowCount() == 2
    next_page()

    dates = wizard.dates_page
    assert wizard.currentPage() is dates
    today = QDate.currentDate()
    dates.start.setDate(today)
    dates.end.setDate(today.addDays(2))
    next_page()

    assert wizard.currentPage() is wizard.confirm_page
    assert COMPANY in wizard.confirm_page.summary.text()
    shot(qtbot, "01-wizard-confirm")
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))


def _record_defect(qtbot, workspace, grade: str, facts: str, location: str, photo: Path | None):
    """Through 新建缺陷 (Ctrl+N): grade, facts, a clause from the picker, a photo, 保存缺陷."""

    def fill(editor: DefectEditor) -> None:
        choose(qtbot, editor.grade_combo, grade)
        type_text(qtbot, editor.facts_edit, facts)
        type_text(qtbot, editor.location_edit, location)

        def pick(picker: ClausePicker) -> None:
            assert picker.part_combo.currentIndex() == 0  # 正文 first, chosen explicitly
            picker.clause_list.setCurrentRow(0)
            if photo is not None:
                shot(qtbot, "05-clause-picker")
            click(qtbot, picker.ok_button)

        picked = answer_dialog(ClausePicker, pick)
        click(qtbot, editor.findChild(type(editor.save_button), "addRefButton"))
        check(picked)
        assert editor.refs_list.count() >= 1

        if photo is not None:
            chosen = answer_dialog(QFileDialog, _accept_file(photo))
            click(qtbot, editor.findChild(type(editor.save_button), "addPhotosButton"))
            check(chosen)
            strip = editor.photo_strip
            qtbot.waitUntil(lambda: len(strip.photo_ids()) == 1, timeout=30_000)
            shot(qtbot, "06-defect-editor")
            _annotate(qtbot, strip)
        click(qtbot, editor.save_button)

    seen = answer_dialog(DefectEditor, fill, timeout_ms=20_000)
    workspace.new_defect_action.trigger()
    check(seen)


def _annotate(qtbot, strip) -> None:
    """Double-click the thumbnail, draw an arrow onto the photo, 保存标注."""
    rect = strip.visualItemRect(strip.item(0))
    QTest.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = strip.viewer
    assert isinstance(viewer, PhotoViewer)
    qtbot.waitExposed(viewer)
    viewer.tool_actions[Tool.ARROW].trigger()
    port = viewer.canvas.viewport()
    a = viewer.canvas.mapFromScene(QPointF(200, 150))
    b = viewer.canvas.mapFromScene(QPointF(600, 400))
    QTest.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 6):
        QTest.mouseMove(port, a + (b - a) * (i / 5))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)
    shot(qtbot, "06b-photo-annotated")
    click(qtbot, viewer.save_button)
    qtbot.waitUntil(lambda: not viewer.isVisible())


def _sign_and_lock(qtbot, dialog: ClosingMeetingDialog) -> None:
    # Every defect's facts in full, for the company representative to read before signing.
    text = dialog.findChild(QTextBrowser, "closingDefectList").toPlainText()
    for _grade, facts, _location in DEFECTS:
        assert facts in text
    shot(qtbot, "07-closing-meeting")
    for n, box in enumerate(dialog.inspector_boxes):
        draw(qtbot, box.pad, seed=n)
        click(qtbot, box.sign_button)
    company = dialog.company_box
    type_text(qtbot, company.name_edit, "张总 质量负责人")
    draw(qtbot, company.pad, seed=7)
    click(qtbot, company.sign_button)
    assert dialog.lock_button.isEnabled()
    shot(qtbot, "08-closing-signed")

    def yes(box: QMessageBox) -> None:
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))

    confirmed = answer_dialog(QMessageBox, yes)
    click(qtbot, dialog.lock_button)
    check(confirmed)
    click(qtbot, dialog.close_button)


def _export(qtbot, workspace, template_id: str, target: Path) -> None:
    chosen = answer_dialog(QFileDialog, _accept_file(target))
    workspace.export_actions[template_id].trigger()
    check(chosen)
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 0, timeout=60_000)
    # With no PDF viewer on this machine the app says where the file is; close that.
    qtbot.wait(200)
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "noPdfViewer" and widget.isVisible():
            widget.close()


def _pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def test_an_inspection_from_an_empty_laptop_to_both_pdfs(qtbot, empty_app, tmp_path):
    app = empty_app
    assert ops.list_inspections(app) == []
    window = MainWindow(app)
    qtbot.addWidget(window)
    # 0. First start: nothing can be saved before the app knows who is working.
    assert app.person.name == ""
    _first_start(qtbot, window)
    assert app.person.name == INSPECTOR

    # 1. The wizard makes the inspection; its workspace opens.
    _create_with_wizard(qtbot, window)
    qtbot.waitUntil(lambda: len(ops.list_inspections(app)) == 1)
    iid = ops.list_inspections(app)[0].id
    qtbot.waitUntil(lambda: window.workspace(iid) is not None)
    workspace = window.workspace(iid)
    qtbot.waitExposed(workspace)
    assert ops.get_inspection(app, iid).status is Status.DRAFT

    # 2. 开始现场检查: the dialog asks the actual start date, today by default.
    shot(qtbot, "02-workspace-draft")

    def start(dialog: StartOnSiteDialog) -> None:
        assert dialog.date_edit.date() == QDate.currentDate()
        shot(qtbot, "03-start-on-site")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    started = answer_dialog(StartOnSiteDialog, start)
    workspace.start_action.trigger()
    check(started)
    assert ops.get_inspection(app, iid).status is Status.ON_SITE
    assert ops.get_inspection(app, iid).actual_start == date.today()
    assert not workspace.start_action.isEnabled()

    # 3. Answer items with the result keys; a note typed into the first.
    workspace.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is workspace)
    first = workspace.current_item_id
    assert first is not None
    type_text(qtbot, workspace.item_pane.note, "查阅质量手册2025版")
    workspace.result_actions[ResultValue.CONFORMING].trigger()
    answered = [first]
    for value in (ResultValue.NON_CONFORMING, ResultValue.NON_CONFORMING, ResultValue.CONFORMING):
        workspace.next_action.trigger()
        answered.append(workspace.current_item_id)
        workspace.result_actions[value].trigger()
    non_conforming = answered[1]
    shot(qtbot, "04-workspace-on-site")

    # 4. Three defects of different grades; the first with a photo.
    workspace.go_to_item(non_conforming)
    photo = _photo(tmp_path / "IMG_0001.jpg")
    for n, (grade, facts, location) in enumerate(DEFECTS):
        _record_defect(qtbot, workspace, grade, facts, location, photo if n == 0 else None)

    # 5. 末次会议: signatures, then the lock.
    closing = answer_dialog(
        ClosingMeetingDialog, lambda d: _sign_and_lock(qtbot, d), timeout_ms=20_000
    )
    workspace.closing_action.trigger()
    check(closing)
    assert ops.get_inspection(app, iid).status is Status.CLOSED
    assert "等待中心审核" in workspace.windowTitle()
    shot(qtbot, "09-workspace-locked")

    # 6. A revision after the lock: the note is changed, the app asks for the reason.
    workspace.go_to_item(first)

    def reason(dialog: RevisionReasonDialog) -> None:
        type_text(qtbot, dialog.reason_edit, "企业补充提供2025年版质量手册")
        shot(qtbot, "10-revision-reason")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    asked = answer_dialog(RevisionReasonDialog, reason, timeout_ms=20_000)
    note = workspace.item_pane.note
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, note, "，已核对")
    workspace.item_pane.flush()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    check(asked)

    # 7. The audit view (审计记录…) names the person typed at first start on every row.
    def read_trail(dialog: AuditTrailDialog) -> None:
        table = dialog.table
        assert table.rowCount() == len(ops.audit_trail(app, iid))
        assert {table.item(r, 1).text() for r in range(table.rowCount())} == {INSPECTOR}
        assert {table.item(r, 6).text() for r in range(table.rowCount())} == {""}
        shot(qtbot, "10b-audit-trail")
        click(qtbot, dialog.close_button)

    trail_seen = answer_dialog(AuditTrailDialog, read_trail)
    workspace.audit_action.trigger()
    check(trail_seen)

    # 8. Both PDFs through the export menu and the file dialog.
    defect_list = tmp_path / "out" / "缺陷清单.pdf"
    full = tmp_path / "out" / "预检查报告.pdf"
    defect_list.parent.mkdir()
    _export(qtbot, workspace, "defect-list", defect_list)
    _export(qtbot, workspace, "full", full)
    workspace.close()
    window.refresh()
    window.activateWindow()
    shot(qtbot, "11-list-awaiting-review")

    # ---- what the store, the audit trail and the PDFs say ------------------------------
    record = ops.load_inspection(app, iid)
    inspection = record.inspection
    assert inspection.company_name == COMPANY
    assert inspection.status is Status.CLOSED
    assert {m.name for m in record.team} == {"王建国", "李敏"}
    results = {r.item_id: r for r in record.results}
    assert results[first].result is ResultValue.CONFORMING
    assert results[first].note == "查阅质量手册2025版，已核对"
    assert results[non_conforming].result is ResultValue.NON_CONFORMING
    live = [d for d in record.defects if not d.deleted]
    assert sorted(d.severity for d in live) == sorted(
        [Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL]
    )
    assert {d.facts for d in live} == {facts for _g, facts, _l in DEFECTS}
    assert all(d.clause_refs for d in live)
    critical = next(d for d in live if d.severity is Severity.CRITICAL)
    photos = [p for p in record.photos if not p.deleted]
    assert [p.defect_id for p in photos] == [critical.id]
    assert photos[0].original_name == "IMG_0001.jpg"
    # The evidence is the untouched file; the arrow is a layer on the record.
    assert hashlib.sha256(photo.read_bytes()).hexdigest() == photos[0].sha256
    assert app.blobs.original_path(photos[0].sha256).read_bytes() == photo.read_bytes()
    assert [shape.type for shape in photos[0].annotations] == ["arrow"]
    assert {s.role.value for s in record.signatures} == {"inspector", "company"}

    trail = ops.audit_trail(app, iid)
    revised = [row for row in trail if row["reason"]]
    assert revised, "the revision after the lock carries its reason"
    assert {row["reason"] for row in revised} == {"企业补充提供2025年版质量手册"}
    assert any(r["field"] == "note" and r["new"] == "查阅质量手册2025版，已核对" for r in revised)
    statuses = [r["new"] for r in trail if r["kind"] == "inspection" and r["field"] == "status"]
    assert statuses == ["on_site", "closed"]
    assert {row["actor"] for row in trail} == {INSPECTOR}
    assert not any(row["legacy"] or row["imported_from"] for row in trail)

    listed = "\n".join(_pdf_text(defect_list))
    report = _pdf_text(full)
    for _grade, facts, _location in DEFECTS:
        assert facts in listed.replace("\n", "")
        assert facts in "".join(report).replace("\n", "")
    assert COMPANY in listed
    assert "草稿" not in listed  # signed by the company and closed: not a draft
    assert all("未经中心审核" in page for page in report)  # the center has not issued it
    for text in (listed, *report):
        assert "待核实" not in text
