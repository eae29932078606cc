"""The photo viewer: opened from a defect's thumbnail, zoom and pan, annotations drawn with
the mouse and saved as a layer of the photo record; the photo file itself never changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inspector_app.domain.annotations import Arrow, Ellipse, Text
from inspector_app.domain.model import Severity
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import demo_signature_png
from inspector_app.operations.photos import annotated_image
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.photo_viewer import PhotoViewer
from inspector_app.ui.photo_viewer.canvas import Tool
from inspector_app.ui.session import InspectionSession

W, H = 640, 480


def camera_photo(path: Path) -> Path:
    img = Image.new("RGB", (W, H), (90, 120, 140))
    for x in range(0, W, 40):  # some structure, so a screenshot shows the photo
        for y in range(H):
            img.putpixel((x, y), (230, 230, 230))
    img.save(path, "JPEG", quality=90)
    return path


@pytest.fixture
def recorded(app, tmp_path):
    """An inspection on site with one defect and its photo; returns (session, photo)."""
    insp = ops.create_inspection(
        app, company_name="标注药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    defect = ops.add_defect(app, insp.id, severity=Severity.MAJOR, facts="压差表读数 3Pa。")
    photo = ops.attach_photo(
        app, insp.id, camera_photo(tmp_path / "IMG_0042.JPG"), defect_id=defect.id
    )
    return InspectionSession(app, insp.id), photo


def open_editor(qtbot, session, defect_id) -> DefectEditor:
    editor = DefectEditor(session, defect_id=defect_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def open_viewer_by_double_click(qtbot, editor) -> PhotoViewer:
    strip = editor.photo_strip
    rect = strip.visualItemRect(strip.item(0))
    # What a real double-click delivers: a click, then the double-click.
    QTest.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = strip.viewer
    assert isinstance(viewer, PhotoViewer)
    qtbot.waitExposed(viewer)
    viewer.confirm_discard = lambda: True  # teardown closes it; no modal question then
    return viewer


def make_viewer(qtbot, session, photo_id) -> PhotoViewer:
    viewer = PhotoViewer(session, photo_id)
    qtbot.addWidget(viewer)
    viewer.confirm_discard = lambda: True
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def view_pos(viewer: PhotoViewer, x: float, y: float) -> QPoint:
    """Where image pixel (x, y) is on the canvas's viewport."""
    return viewer.canvas.mapFromScene(QPointF(x, y))


def drag(viewer: PhotoViewer, start: tuple[float, float], end: tuple[float, float]) -> None:
    port = viewer.canvas.viewport()
    a, b = view_pos(viewer, *start), view_pos(viewer, *end)
    QTest.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 6):
        QTest.mouseMove(port, a + (b - a) * (i / 5))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)


def choose(viewer: PhotoViewer, tool: Tool) -> None:
    viewer.tool_actions[tool].trigger()
    assert viewer.canvas.tool is tool


def audit_rows(app, photo_id):
    return [
        r for r in ops.audit_trail(app, _inspection(app, photo_id)) if r["record_id"] == photo_id
    ]


def _inspection(app, photo_id):
    return app.store.get("photo", photo_id).inspection_id


def test_draw_arrow_ellipse_text_and_save_through_the_viewer(qtbot, app, recorded, tmp_path):
    session, photo = recorded
    original = app.blobs.original_path(photo.sha256)
    original_bytes = original.read_bytes()
    editor = open_editor(qtbot, session, photo.defect_id)
    viewer = open_viewer_by_double_click(qtbot, editor)

    # Evidence identity is shown: file name and the start of the hash.
    assert "IMG_0042.JPG" in viewer.identity.text()
    assert photo.sha256[:12] in viewer.identity.text()
    assert viewer.canvas.fitting  # fit to the window by default
    assert viewer.canvas.image_size == (W, H)

    choose(viewer, Tool.ARROW)
    drag(viewer, (100, 100), (300, 240))
    choose(viewer, Tool.ELLIPSE)
    drag(viewer, (400, 100), (560, 220))
    choose(viewer, Tool.TEXT)
    viewer.canvas.text_provider = lambda: "压差表 3Pa"
    port = viewer.canvas.viewport()
    QTest.mouseClick(port, Qt.MouseButton.LeftButton, pos=view_pos(viewer, 60, 400))
    # A click with the arrow tool is no shape.
    choose(viewer, Tool.ARROW)
    QTest.mouseClick(port, Qt.MouseButton.LeftButton, pos=view_pos(viewer, 500, 400))
    assert [type(s) for s in viewer.canvas.shapes()] == [Arrow, Ellipse, Text]
    assert viewer.dirty
    assert viewer.status.text() == "3 个标注，尚未保存。"
    # A language change re-renders every text, the status message included.
    QApplication.sendEvent(viewer, QEvent(QEvent.Type.LanguageChange))
    assert viewer.status.text() == "3 个标注，尚未保存。"
    assert viewer.save_button.text() == "保存标注"

    # Nothing is stored before Save.
    assert app.store.get("photo", photo.id).annotations == []
    qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    assert viewer.result() == PhotoViewer.DialogCode.Accepted

    stored = app.store.get("photo", photo.id)
    arrow, ellipse, text = stored.annotations
    tol = 0.02  # a few screen pixels at the fitted zoom

    def near(value, pixels, size):
        return value == pytest.approx(pixels / size, abs=tol)

    assert near(arrow.x1, 100, W) and near(arrow.y1, 100, H)
    assert near(arrow.x2, 300, W) and near(arrow.y2, 240, H)
    assert near(ellipse.x, 400, W) and near(ellipse.w, 160, W)
    assert near(ellipse.y, 100, H) and near(ellipse.h, 120, H)
    assert text.text == "压差表 3Pa" and near(text.x, 60, W)

    # One audited change of the photo record, old layer → new layer.
    [change] = [r for r in audit_rows(app, photo.id) if r["field"] == "annotations"]
    assert change["action"] == "update" and change["old"] == [] and len(change["new"]) == 3
    assert change["new"][0]["type"] == "arrow"
    # The audit trail view says what changed in words, not as JSON.
    from inspector_app.ui.audit_view import FIELD_LABELS, display_value

    assert FIELD_LABELS["annotations"] == "照片标注"
    assert display_value("photo", "annotations", change["new"]) == "3 处标注"

    # The evidence is untouched: same bytes, same SHA-256, the record points at the same file.
    assert original.read_bytes() == original_bytes
    assert hashlib.sha256(original.read_bytes()).hexdigest() == photo.sha256 == stored.sha256

    # The thumbnail now says it is annotated (and shows the annotated copy).
    qtbot.waitUntil(lambda: "已标注 3 处" in editor.photo_strip.item(0).toolTip())
    assert annotated_image(app, stored).exists()

    # The session's undo restores the previous (empty) layer, audited as well.
    session.undo_stack.undo()
    assert app.store.get("photo", photo.id).annotations == []
    session.undo_stack.redo()
    assert len(app.store.get("photo", photo.id).annotations) == 3


def test_select_delete_undo_and_move_keep_the_layer_in_step(qtbot, app, recorded):
    session, photo = recorded
    editor = open_editor(qtbot, session, photo.defect_id)
    viewer = open_viewer_by_double_click(qtbot, editor)
    choose(viewer, Tool.RECT)
    drag(viewer, (50, 50), (150, 150))
    choose(viewer, Tool.ARROW)
    drag(viewer, (300, 300), (400, 350))
    assert len(viewer.canvas.shapes()) == 2

    # Undo removes the last shape; a new arrow takes its place.
    qtbot.mouseClick(viewer.toolbar.widgetForAction(viewer.undo_action), Qt.MouseButton.LeftButton)
    assert [s.type for s in viewer.canvas.shapes()] == ["rect"]
    drag(viewer, (300, 300), (400, 350))

    # Select the rectangle by clicking its edge, delete it with the Delete key.
    choose(viewer, Tool.SELECT)
    port = viewer.canvas.viewport()
    QTest.mouseClick(port, Qt.MouseButton.LeftButton, pos=view_pos(viewer, 100, 51))
    assert [i.to_shape().type for i in viewer.canvas.items_in_order() if i.isSelected()] == ["rect"]
    QTest.keyClick(viewer.canvas, Qt.Key.Key_Delete)
    assert [s.type for s in viewer.canvas.shapes()] == ["arrow"]

    # Drag the arrow by its shaft: it moves, and stays inside the photo.
    before = viewer.canvas.shapes()[0]
    drag(viewer, (350, 325), (350, 200))
    moved = viewer.canvas.shapes()[0]
    assert moved.y1 < before.y1 and moved.x1 == pytest.approx(before.x1, abs=0.01)

    assert viewer.save()
    [stored] = app.store.get("photo", photo.id).annotations
    assert stored.type == "arrow" and stored.y2 == pytest.approx(moved.y2)


def test_zoom_and_pan(qtbot, app, recorded):
    session, photo = recorded
    viewer = make_viewer(qtbot, session, photo.id)
    canvas = viewer.canvas
    fitted = canvas.zoom
    assert canvas.fitting and fitted > 0

    # Ctrl+wheel zooms in.
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom == pytest.approx(fitted * 1.25) and not canvas.fitting
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(canvas.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        canvas.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.zoom == pytest.approx(fitted * 1.25 * 1.25)

    # 100% and back to fit, from the toolbar.
    viewer.findChild(type(viewer.undo_action), "zoomActual").trigger()
    assert canvas.zoom == pytest.approx(1.0)
    assert viewer.zoom_label.text() == "100%"
    for _ in range(3):
        viewer.zoom_in_action.trigger()
    assert canvas.zoom == pytest.approx(1.25**3)

    # Pan by dragging the photo (select tool): the visible part moves.
    hbar, vbar = canvas.horizontalScrollBar(), canvas.verticalScrollBar()
    assert hbar.maximum() > 0 and vbar.maximum() > 0
    hbar.setValue(hbar.maximum() // 2)
    vbar.setValue(vbar.maximum() // 2)
    start = (hbar.value(), vbar.value())
    port = canvas.viewport()
    a = port.rect().center()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 6):
        QTest.mouseMove(port, a + QPoint(-12 * i, -8 * i))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, pos=a + QPoint(-60, -40))
    assert (hbar.value(), vbar.value()) != start
    assert canvas.shapes() == []  # panning drew nothing

    viewer.findChild(type(viewer.undo_action), "zoomFit").trigger()
    assert canvas.fitting and canvas.zoom == pytest.approx(fitted)


def test_dialog_fits_the_screen(qtbot, recorded):
    session, photo = recorded
    viewer = make_viewer(qtbot, session, photo.id)
    avail = (viewer.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    # Capped to the available area (the offscreen screen is smaller than 1280×720).
    assert viewer.width() <= avail.width() and viewer.height() <= avail.height()
    frame = QRect(viewer.mapToGlobal(QPoint(0, 0)), viewer.size())
    for button in (viewer.save_button, viewer.cancel_button):
        assert button.isVisible()
        assert frame.contains(QRect(button.mapToGlobal(QPoint(0, 0)), button.size()))


def test_locked_record_asks_for_a_reason_and_keeps_the_drawing_if_refused(qtbot, app, recorded):
    session, photo = recorded
    iid = session.inspection_id
    ops.sign(app, iid, "inspector", "王建国", demo_signature_png(1))
    ops.sign(app, iid, "company", "赵质量", demo_signature_png(2))
    ops.close_on_site(app, iid)
    session.reload()
    asked: list[str] = []
    session.revision_reason_provider = lambda prompt: asked.append(prompt) or None

    viewer = make_viewer(qtbot, session, photo.id)
    choose(viewer, Tool.ARROW)
    drag(viewer, (100, 100), (300, 240))

    qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    assert asked  # the reason was asked
    assert viewer.isVisible() and viewer.dirty  # nothing lost, nothing saved
    assert "取消" in viewer.status.text()
    assert app.store.get("photo", photo.id).annotations == []

    session.revision_reason_provider = lambda prompt: "企业补充说明后加注位置"
    qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    assert not viewer.isVisible()
    assert len(app.store.get("photo", photo.id).annotations) == 1
    [change] = [r for r in audit_rows(app, photo.id) if r["field"] == "annotations"]
    assert change["reason"] == "企业补充说明后加注位置"


def test_cancel_discards_the_drawing(qtbot, app, recorded):
    session, photo = recorded
    viewer = make_viewer(qtbot, session, photo.id)
    choose(viewer, Tool.ELLIPSE)
    drag(viewer, (100, 100), (200, 200))
    asked = []
    viewer.confirm_discard = lambda: asked.append(True) or False  # "keep editing"
    qtbot.mouseClick(viewer.cancel_button, Qt.MouseButton.LeftButton)
    assert viewer.isVisible() and asked
    viewer.confirm_discard = lambda: True
    qtbot.mouseClick(viewer.cancel_button, Qt.MouseButton.LeftButton)
    assert not viewer.isVisible()
    assert app.store.get("photo", photo.id).annotations == []
    assert not [r for r in audit_rows(app, photo.id) if r["field"] == "annotations"]


def test_existing_layer_is_shown_and_a_photo_awaiting_sync_is_handled(qtbot, app, recorded):
    session, photo = recorded
    from inspector_app.operations.photos import save_annotations

    save_annotations(app, photo.id, [Arrow(x1=0.1, y1=0.1, x2=0.5, y2=0.5)])
    session.reload()
    viewer = PhotoViewer(session, photo.id)
    qtbot.addWidget(viewer)
    assert [s.type for s in viewer.canvas.shapes()] == ["arrow"]
    assert viewer.canvas.shapes()[0].x2 == pytest.approx(0.5)
    viewer.close()

    # A photo record that arrived by sync before its file: the viewer says so, no tools.
    with app.store.write("同步") as uow:
        pending = uow.add(
            photo.model_copy(
                update={
                    "id": "01900000-0000-7000-8000-0000000000aa",
                    "sha256": "c" * 64,
                    "annotations": [],
                }
            )
        )
    session.reload()
    viewer = PhotoViewer(session, pending.id)
    qtbot.addWidget(viewer)
    viewer.show()
    assert not viewer.available and not viewer.save_button.isEnabled()
    assert not viewer.tool_actions[Tool.ARROW].isEnabled()
    labels = [i.text() for i in viewer.canvas.scene().items() if hasattr(i, "text")]
    assert any("照片待同步" in t for t in labels)
    assert not viewer.save()


def test_screenshot(qtbot, app, recorded, tmp_path):
    """A picture of the viewer with a few annotations, for a human to look at."""
    session, photo = recorded
    viewer = make_viewer(qtbot, session, photo.id)
    viewer.resize(1000, 700)
    choose(viewer, Tool.ARROW)
    drag(viewer, (120, 380), (300, 240))
    choose(viewer, Tool.ELLIPSE)
    drag(viewer, (280, 180), (420, 300))
    viewer.canvas.text_provider = lambda: "压差表读数 3Pa"
    choose(viewer, Tool.TEXT)
    QTest.mouseClick(
        viewer.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_pos(viewer, 60, 400)
    )
    choose(viewer, Tool.SELECT)
    out = tmp_path / "photo_viewer.png"
    assert viewer.grab().save(str(out))
    assert out.stat().st_size > 0
    import os

    if os.environ.get("PHOTO_VIEWER_SHOT"):
        viewer.grab().save(os.environ["PHOTO_VIEWER_SHOT"])
