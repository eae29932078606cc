"""Closing meeting: draw signatures, lock, then a change that demands a revision reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from inspector_app.domain.model import SignatureRole, Status, TeamRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.audit_view import AuditTrailDialog
from inspector_app.ui.closing import ClosingMeetingDialog, SignaturePad
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.revision_reason import RevisionReasonDialog, ask_revision_reason
from inspector_app.ui.session import InspectionSession


def type_text(widget, text: str) -> None:
    """Real key events carrying Chinese text (QTest.keyClicks handles only Latin-1)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def draw(qtbot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


ZIGZAG = [(20 + 12 * n, 40 + (25 if n % 2 else 0)) for n in range(20)]


@pytest.fixture
def session(app, qtbot):
    team = [
        ops.TeamMemberInput("王建国", TeamRole.LEAD),
        ops.TeamMemberInput("李敏", TeamRole.MEMBER),
    ]
    insp = ops.create_inspection(
        app,
        company_name="末次会议药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        team=team,
    )
    ops.start_on_site(app, insp.id)
    s = InspectionSession(app, insp.id)
    s.add_defect(severity="major", facts="灭菌柜装载方式变更后未再验证", item_id="t-048")
    s.add_defect(severity="general", facts="天平校准标识过期")
    return s


def test_pad_draws_and_exports_at_twice_the_size(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 140)
    pad.show()
    assert pad.is_empty()
    draw(qtbot, pad, ZIGZAG)
    assert pad.stroke_count() == 1 and not pad.is_empty()
    clear = Image.open(io.BytesIO(pad.to_png(2.0, "transparent")))
    white = Image.open(io.BytesIO(pad.to_png(2.0, "white")))
    assert clear.size == white.size == (800, 280)
    assert clear.mode == "RGBA"
    assert clear.getpixel((2, 2))[3] == 0  # transparent where nothing was drawn
    assert white.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    assert clear.getchannel("A").getextrema()[1] == 255  # there is ink
    pad.clear()
    assert pad.is_empty()


def test_sign_and_lock_then_a_change_needs_a_reason(qtbot, app, session):
    dialog = ClosingMeetingDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "缺陷合计 2 项" in dialog.findChild(type(dialog.status_label), "defectCounts").text()
    assert [b.fixed_name for b in dialog.inspector_boxes] == ["王建国", "李敏"]
    assert not dialog.lock_button.isEnabled()

    lead = dialog.inspector_boxes[0]
    assert not lead.sign_button.isEnabled()  # nothing drawn yet
    draw(qtbot, lead.pad, ZIGZAG)
    qtbot.mouseClick(lead.sign_button, Qt.MouseButton.LeftButton)
    assert lead.signed is not None
    assert not dialog.lock_button.isEnabled()  # the company has not signed

    company = dialog.company_box
    draw(qtbot, company.pad, [(30, 90), (80, 30), (130, 90), (180, 30)])
    assert not company.sign_button.isEnabled()  # no name yet
    type_text(company.name_edit, "张总（质量负责人）")
    qtbot.mouseClick(company.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.lock_button.isEnabled()

    dialog.confirm_lock = lambda: True
    qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)

    record = ops.load_inspection(app, session.inspection_id)
    assert record.inspection.status is Status.CLOSED
    signatures = {s.role: s for s in record.signatures}
    assert signatures[SignatureRole.INSPECTOR].name == "王建国"
    assert signatures[SignatureRole.COMPANY].name == "张总（质量负责人）"
    for signature in signatures.values():
        png = Image.open(io.BytesIO(app.blobs.read(signature.image_sha256)))
        assert png.format == "PNG" and png.mode == "RGBA"
    assert session.locked

    # A change after the lock: the real reason dialog is asked, through the session.
    session.revision_reason_provider = lambda prompt: ask_revision_reason(None, prompt)

    def answer():
        reason_dialog = QApplication.activeModalWidget()
        assert isinstance(reason_dialog, RevisionReasonDialog)
        ok = reason_dialog.buttons.buttons()[0]
        assert not ok.isEnabled()  # a reason is required
        type_text(reason_dialog.reason_edit, "企业补充提交了再验证方案，经复核降级")
        reason_dialog.accept()

    defect = next(d for d in record.defects if d.severity.value == "major")
    editor = DefectEditor(session, None, defect_id=defect.id)
    qtbot.addWidget(editor)
    editor.show()
    QTimer.singleShot(0, answer)
    editor.grade_combo.setCurrentIndex(2)  # major → general, saved at once
    editor.close()

    [changed] = [
        d for d in ops.load_inspection(app, session.inspection_id).defects if d.id == defect.id
    ]
    assert changed.severity.value == "general"
    trail = ops.audit_trail(app, session.inspection_id)
    [row] = [r for r in trail if r["record_id"] == defect.id and r["field"] == "severity"]
    assert row["reason"] == "企业补充提交了再验证方案，经复核降级"
    assert (row["old"], row["new"]) == ("major", "general")

    # The audit trail view lists it, newest first, with Chinese labels.
    audit = AuditTrailDialog(session)
    qtbot.addWidget(audit)
    table = audit.table
    assert table.item(0, 3).text() == "缺陷等级"
    assert table.item(0, 4).text() == "主要缺陷 → 一般缺陷"
    assert table.item(0, 5).text() == "企业补充提交了再验证方案，经复核降级"
    assert "灭菌柜" in table.item(0, 2).text()
    audit.kind_filter.setCurrentIndex(audit.kind_filter.findData("signature"))
    assert table.rowCount() == 2
    assert {table.item(r, 3).text() for r in range(2)} == {"新建"}
    audit.kind_filter.setCurrentIndex(0)
    audit.reasons_only.setChecked(True)
    assert table.rowCount() == 1


def test_cancelled_reason_leaves_the_locked_record_unchanged(qtbot, app, session):
    png = io.BytesIO()
    Image.new("RGBA", (40, 20)).save(png, "PNG")
    ops.sign(app, session.inspection_id, SignatureRole.INSPECTOR, "王建国", png.getvalue())
    ops.sign(app, session.inspection_id, SignatureRole.COMPANY, "张总", png.getvalue())
    ops.close_on_site(app, session.inspection_id)
    session.reload()
    session.revision_reason_provider = lambda prompt: ask_revision_reason(None, prompt)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    defect = session.record.defects[0]
    assert session.update_defect(defect.id, {"location": "灌装间"}) is None
    assert ops.load_inspection(app, session.inspection_id).defects[0].location == ""


def test_not_available_unless_on_site(qtbot, app):
    insp = ops.create_inspection(
        app, company_name="草稿药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    dialog = ClosingMeetingDialog(InspectionSession(app, insp.id))
    qtbot.addWidget(dialog)
    assert dialog.lock_button is None and dialog.company_box is None
    note = dialog.findChild(type(dialog.status_label), "closingUnavailable")
    assert "尚未开始" in note.text()
