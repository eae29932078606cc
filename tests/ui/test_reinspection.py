"""新建复查 in the desktop app (issue 15), with real widgets: from the demo inspection, issued,
the list's action opens the dialog, which fetches the company's answers from a real HTTP
server with the laptop's credentials; the re-inspection is created with the chosen dates and
team; the defect editor of a preloaded defect shows the company's answer read-only and
saves the on-site outcome. Offline, the dialog uses the answers kept from the fetch. The same
walk against the center's real server (issue, company answer, verification, the window's
sync bringing the outcome to the center) closes the file."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from tests.operations.rectification_stub import TOKEN, RectificationStub, answer_for

from inspector_app.domain.model import SignatureRole, Status, TeamRole
from inspector_app.domain.reinspection import Followup
from inspector_app.operations import inspections as ops
from inspector_app.operations import reinspection as re_ops
from inspector_app.operations.sync import credentials
from inspector_app.store.merge import set_meta
from inspector_app.sync.state import SERVER_KEY
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.reinspection import ReinspectionDialog
from inspector_app.ui.session import InspectionSession

CHECKLISTS = Path(__file__).parents[2] / "checklists"


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    server = RectificationStub()
    yield server
    server.stop()


def issue(app, iid: str) -> None:
    png = io.BytesIO()
    Image.new("RGB", (60, 30), "white").save(png, "PNG")
    ops.sign(app, iid, SignatureRole.INSPECTOR, "王建国", png.getvalue())
    ops.sign(app, iid, SignatureRole.COMPANY, "企业代表张三", png.getvalue())
    ops.close_on_site(app, iid)
    ops.mark_report_issued(app, iid)  # what pulling the center's issue brings


def window_on(qtbot, app) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return window


def test_new_reinspection_from_the_list_then_outcomes_in_the_defect_editor(qtbot, demo, stub):
    app, iid = demo
    window = window_on(qtbot, app)
    action = window.reinspection.action
    assert window.select(iid)
    assert not action.isEnabled()  # on site, not issued: no re-inspection yet
    assert action in window.table.actions() and action in window.file_menu.actions()

    issue(app, iid)
    original = ops.load_inspection(app, iid)
    stub.answers[iid] = answer_for(original.inspection, original.defects)
    set_meta(app.store, SERVER_KEY, stub.url)
    credentials(app).set(stub.url, TOKEN)
    window.refresh()
    assert window.select(iid)
    assert action.isEnabled() and action.text() == "新建复查(&V)…"

    action.trigger()
    dialog = window.reinspection.dialog
    assert isinstance(dialog, ReinspectionDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.fetch_task is not None and dialog.fetch_task.is_done)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    n = len(original.defects)
    assert f"{n}项缺陷中2项已答复" in dialog.answers_label.text()
    assert "〔2026〕第7号" in dialog.answers_label.text()
    # The team: the original's members, checked; one left out, one added.
    assert dialog.team_list.count() == 3
    dialog.team_list.item(1).setCheckState(dialog.team_list.item(1).checkState().Unchecked)
    dialog.member_edit.setText("赵新")
    dialog.add_member_button.click()
    dialog.set_dates(date(2027, 3, 1), date(2027, 3, 2))
    dialog.ok_button.click()
    assert not dialog.isVisible() and dialog.created_id

    follow = ops.load_inspection(app, dialog.created_id)
    assert follow.inspection.follows_inspection_id == iid
    assert follow.inspection.planned_start == date(2027, 3, 1)
    assert [(m.name, m.role) for m in follow.team] == [
        ("王建国", TeamRole.LEAD),
        ("陈立", TeamRole.EXPERT),
        ("赵新", TeamRole.MEMBER),
    ]
    assert all(m.declaration_signed_at is None for m in follow.team)  # declared anew
    assert window.current_id() == dialog.created_id  # the list shows the new one
    preloaded = re_ops.originals_of(follow.defects)
    assert len(preloaded) == n

    # The defect editor of a preloaded defect: the answer read-only, the outcome saved.
    ops.start_on_site(app, follow.inspection.id)
    session = InspectionSession(app, follow.inspection.id)
    editor = DefectEditor(session, None, defect_id=preloaded[0].id)
    qtbot.addWidget(editor)
    editor.show()
    box = editor.followup_box
    answer = box.answer_view.toPlainText()
    assert box.answer_view.isReadOnly()
    assert "整改措施：修订SOP-QA-012并对全体QA人员培训" in answer
    assert "证据：培训记录.pdf" in answer and "中心审核：通过（审核员周）" in answer
    assert [box.outcome_combo.itemText(i) for i in range(4)] == [
        "（待核实）",
        "已整改",
        "部分整改",
        "未整改",
    ]
    box.note_edit.setText("SOP已修订，抽查培训记录齐全")
    box.outcome_combo.setCurrentIndex(1)
    saved = app.store.get("defect", preloaded[0].id)
    assert saved.followup is Followup.CLOSED
    assert saved.followup_note == "SOP已修订，抽查培训记录齐全"
    assert editor.photo_strip.isVisibleTo(editor)  # photos as for any defect
    editor.close()

    # A defect found on this visit has no such box.
    new = ops.add_defect(app, follow.inspection.id, severity="general", facts="复查新发现")
    session.reload()
    plain = DefectEditor(session, None, defect_id=new.id)
    qtbot.addWidget(plain)
    assert not hasattr(plain, "followup_box")

    # Offline: a second re-inspection is prepared from the kept answers.
    stub.stop()
    credentials(app).set(stub.url, "")  # not enrolled any more: no fetch is tried
    assert window.select(iid)
    action.trigger()
    offline = window.reinspection.dialog
    assert offline is not dialog and offline.fetch_task is None
    assert offline.ok_button.isEnabled()
    assert "〔2026〕第7号" in offline.answers_label.text()
    offline.reject()
    QApplication.processEvents()


def test_without_kept_answers_or_a_lead_nothing_is_created(qtbot, demo, monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    app, iid = demo
    issue(app, iid)
    dialog = ReinspectionDialog(app, iid)  # not enrolled: nothing to fetch, nothing kept
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fetch_task is None
    assert not dialog.ok_button.isEnabled()
    assert "没有企业的整改答复" in dialog.answers_label.text()

    # With answers kept but the lead unchecked: refused in the dialog, saying why.
    original = ops.load_inspection(app, iid)
    set_meta(
        app.store,
        "rectification:" + iid,
        answer_for(original.inspection, original.defects).model_dump_json(),
    )
    dialog = ReinspectionDialog(app, iid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled()
    dialog.team_list.item(0).setCheckState(dialog.team_list.item(0).checkState().Unchecked)
    dialog.ok_button.click()
    assert dialog.isVisible() and "须有一名组长" in dialog.message.text()
    assert [i.id for i in app.store.find("inspection")] == [iid]
    assert ops.get_inspection(app, iid).status is Status.REPORT_ISSUED


def test_the_walk_against_the_real_server(qtbot, tmp_path, monkeypatch):
    """From an empty data dir: the demo inspection synced, issued at the center and answered
    by the company there; 新建复查 fetches the answers over the real API; the outcome chosen in
    the editor reaches the center with the window's own sync."""
    pytest.importorskip("fastapi")
    import stamina
    from sqlalchemy import select
    from tests.sync.conftest import LiveServer

    from inspector_app.operations import App
    from inspector_app.operations import sync as sync_ops
    from inspector_app.operations.demo import CHECKLIST_ID, seed_demo
    from inspector_app.server import admin, db, review
    from inspector_app.server import issue as issuing
    from inspector_app.server import rectification as rect

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=3)
    server = LiveServer(tmp_path / "server")
    app = App(tmp_path / "laptop", actor="王建国")
    try:
        sync_ops.enroll(app, server.url, server.code_for("wang"))
        iid = seed_demo(app)
        checklist = app.library.latest(CHECKLIST_ID)
        admin.add_checklist_file(
            server.ctx.engine, CHECKLISTS / f"{checklist.id}.v{checklist.version}.yaml"
        )
        admin.add_user(server.ctx.engine, "zhou", "reviewer", ["team-1"], display_name="审核员周")
        png = io.BytesIO()
        Image.new("RGB", (60, 30), "white").save(png, "PNG")
        ops.sign(app, iid, SignatureRole.INSPECTOR, "王建国", png.getvalue())
        ops.sign(app, iid, SignatureRole.COMPANY, "企业代表张三", png.getvalue())
        ops.close_on_site(app, iid)
        assert sync_ops.sync_now(app).ok
        review.approve(server.ctx, "zhou", iid, "同意出具")
        issuing.issue_report(server.ctx, "zhou", iid)
        assert sync_ops.sync_now(app).ok
        original = ops.load_inspection(app, iid)
        issued = rect.issued_inspection(server.ctx.engine, iid)
        first_id = issued.defects[0].id
        rect.create_company_account(
            server.ctx.engine, "zhou", "qa", original.inspection.company_name
        )
        pdf = io.BytesIO()
        Image.new("RGB", (40, 20), "white").save(pdf, "PDF")
        rect.save_rectification(
            server.ctx,
            "qa",
            issued,
            first_id,
            cause="压差监控SOP未覆盖",
            actions="修订SOP并加装压差报警",
            completed_on=issued.issue_day,
            files=[rect.Upload("压差报警验收.pdf", pdf.getvalue())],
            submit=True,
        )
        rect.verify(server.ctx.engine, "zhou", "reviewer", issued, first_id, "accepted", "")

        window = window_on(qtbot, app)
        assert window.select(iid)
        window.reinspection.action.trigger()
        dialog = window.reinspection.dialog
        qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
        assert dialog.fetch_error is None
        assert f"{len(issued.defects)}项缺陷中1项已答复" in dialog.answers_label.text()
        dialog.ok_button.click()
        follow_id = dialog.created_id
        preloaded = re_ops.originals_of(ops.load_inspection(app, follow_id).defects)
        carried = next(d for d in preloaded if d.origin_defect_id == first_id)
        assert carried.origin_answer.actions == "修订SOP并加装压差报警"

        ops.start_on_site(app, follow_id)
        session = InspectionSession(app, follow_id)
        editor = DefectEditor(session, None, defect_id=carried.id)
        qtbot.addWidget(editor)
        editor.show()
        assert "证据：压差报警验收.pdf" in editor.followup_box.answer_view.toPlainText()
        editor.followup_box.note_edit.setText("压差报警已安装并验证")
        editor.followup_box.outcome_combo.setCurrentIndex(1)  # 已整改
        editor.close()

        task = window.sync.sync_now()
        qtbot.waitUntil(lambda: task.is_done, timeout=20_000)
        assert window.sync.last_error is None, window.sync.last_error
        w = db.winners.c
        with server.ctx.engine.connect() as conn:
            values = dict(
                conn.execute(
                    select(w.field, w.value).where(
                        w.kind == "defect",
                        w.record_id == carried.id,
                        w.field.in_(("followup", "followup_note")),
                    )
                ).all()
            )
        assert values == {"followup": "closed", "followup_note": "压差报警已安装并验证"}
        window.sync.stop_auto_sync()
    finally:
        app.close()
        server.stop()
        stamina.set_testing(False)
