"""The photo viewer: the full-size photo with zoom and pan, and its annotation layer.

The viewer shows the original file (EXIF orientation applied; the derivative when Qt cannot
read the original's format), names it by file name and SHA-256 so the evidence is visible,
and edits the annotation layer, which Save stores through an operation as one audited,
undoable change of the photo record. The file itself is never written. Cancel discards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QGuiApplication,
    QImage,
    QKeySequence,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.annotations import MAX_SHAPES, MAX_TEXT_CHARS, Shape, dump_annotations
from inspector_app.domain.model import Photo
from inspector_app.operations.photos import (
    derivative_file,
    original_file,
    photo_arrived,
    save_annotations,
)
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.image_source import image_reader
from inspector_app.ui.photo_viewer.canvas import ZOOM_STEP, AnnotationCanvas, Tool
from inspector_app.ui.session import InspectionSession

# Beyond this many pixels the original is decoded scaled down (a 100 MP photo would need
# 400 MB as a QImage); 40 MP still shows more detail than any screen.
MAX_VIEW_PIXELS = 40_000_000


def load_photo_image(session: InspectionSession, photo: Photo) -> QImage | None:
    """The photo as displayed: the original if Qt reads it, else the derivative; None if the
    file has not arrived (synced record, blob pending) or cannot be read."""
    original = original_file(session.app, photo.sha256)
    candidates = [original] if original is not None else []
    with contextlib.suppress(OSError, ValueError):  # the original may still be readable
        derivative = derivative_file(session.app, photo.sha256)
        if derivative is not None:
            candidates.append(derivative)
    for path in candidates:
        reader = image_reader(path)
        reader.setAutoTransform(True)  # same orientation as the derivative (EXIF applied)
        size = reader.size()
        if size.isValid() and size.width() * size.height() > MAX_VIEW_PIXELS:
            scale = (MAX_VIEW_PIXELS / (size.width() * size.height())) ** 0.5
            reader.setScaledSize(
                QSize(max(1, int(size.width() * scale)), max(1, int(size.height() * scale)))
            )
        image = reader.read()
        if not image.isNull():
            return image
    return None


# ---- the session-level verb: save a layer, undoable ---------------------------------------


class _LayerCommand(QUndoCommand):
    """Undo/redo of a saved layer; both run the operation again, so they are audited too."""

    def __init__(
        self, session: InspectionSession, photo_id: str, before: list, after: list, text: str
    ) -> None:
        super().__init__(text)
        self._session, self._photo_id = session, photo_id
        self._before, self._after = before, after
        self._first = True

    def _apply(self, layer: list) -> None:
        s = self._session
        done = s.run(save_annotations, s.app, self._photo_id, layer, what=self.text())
        if done is None:
            self.setObsolete(True)
        else:
            s.changed.emit("photo", self._photo_id)

    def redo(self) -> None:
        if self._first:  # already saved when the user pressed Save
            self._first = False
            return
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)


def save_photo_layer(
    session: InspectionSession, photo_id: str, shapes: list[Shape]
) -> Photo | None:
    """Store the layer through the operation (asks a revision reason on a locked record) and
    push an undo command that restores the previous layer. None if refused or cancelled."""
    current = next((p for p in session.record.photos if p.id == photo_id), None)
    if current is None:
        session.failed.emit(QCoreApplication.translate("PhotoViewer", "该照片已不存在。"))
        return None
    before = dump_annotations(current.annotations)
    after = dump_annotations(shapes)
    if before == after:
        return current
    what = QCoreApplication.translate("PhotoViewer", "标注照片")
    saved = session.run(save_annotations, session.app, photo_id, after, what=what)
    if saved is None:
        return None
    session.changed.emit("photo", photo_id)
    session.undo_stack.push(_LayerCommand(session, photo_id, before, after, what))
    return saved


# ---- the dialog ---------------------------------------------------------------------------


class TextPrompt(QDialog):
    """One line of annotation text, at most 200 characters; Enter confirms."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationTextPrompt")
        self.label = QLabel(self)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(MAX_TEXT_CHARS)
        self.edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("添加文字标注"))
        self.label.setText(self.tr("文字（最多 {0} 字）：").format(MAX_TEXT_CHARS))
        self.edit.setPlaceholderText(self.tr("例如：压差表读数 3Pa"))


# (tool, key) in toolbar order; the labels are set in retranslate_ui.
_TOOLS = (
    (Tool.SELECT, "V"),
    (Tool.ARROW, "A"),
    (Tool.ELLIPSE, "E"),
    (Tool.RECT, "R"),
    (Tool.TEXT, "T"),
)


class PhotoViewer(QDialog):
    """Full-size photo with zoom, pan and the annotation tools; Save stores the layer."""

    def __init__(
        self, session: InspectionSession, photo_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.session = session
        self.photo_id = photo_id
        self.photo = next(p for p in session.record.photos if p.id == photo_id)
        self.saved_photo: Photo | None = None
        self.available = False
        self._dirty = False
        self._status: Callable[[], str] = lambda: ""

        self.canvas = AnnotationCanvas(self)
        self.canvas.text_provider = self.ask_text
        self.canvas.shapes_changed.connect(self._on_shapes_changed)
        self.canvas.zoom_changed.connect(self._on_zoom)
        self.canvas.limit_reached.connect(
            lambda: self._say(
                lambda: self.tr("一张照片最多 {0} 个标注；请先删除不需要的标注。").format(
                    MAX_SHAPES
                )
            )
        )

        self.identity = QLabel(self)
        self.identity.setObjectName("photoIdentity")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity.setWordWrap(True)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("photoViewerTools")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tool_actions: dict[Tool, QAction] = {}
        group = QActionGroup(self)
        for tool, key in _TOOLS:
            action = QAction(self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setObjectName(f"tool_{tool.value}")
            action.triggered.connect(lambda _=False, t=tool: self.canvas.set_tool(t))
            group.addAction(action)
            self.toolbar.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[Tool.SELECT].setChecked(True)
        self.toolbar.addSeparator()
        self.delete_action = self._action(
            self._delete_selected, QKeySequence.StandardKey.Delete, "deleteShape"
        )
        self.undo_action = self._action(self._undo, QKeySequence.StandardKey.Undo, "undoShape")
        self.toolbar.addSeparator()
        self.zoom_in_action = self._action(
            lambda: self.canvas.zoom_by(ZOOM_STEP), QKeySequence("+"), "zoomIn"
        )
        self.zoom_in_action.setShortcuts([QKeySequence("+"), QKeySequence("=")])
        self.zoom_out_action = self._action(
            lambda: self.canvas.zoom_by(1 / ZOOM_STEP), QKeySequence("-"), "zoomOut"
        )
        self.actual_size_action = self._action(
            self.canvas.actual_size, QKeySequence("1"), "zoomActual"
        )
        self.fit_action = self._action(self.canvas.fit, QKeySequence("0"), "zoomFit")

        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.status = QLabel(self)
        self.status.setObjectName("viewerStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveAnnotations")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelAnnotations")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.zoom_label)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bottom)

        self._load()
        self._fit_to_screen()
        self.canvas.setFocus()
        self._update_actions()
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        name = self.photo.original_name or self.photo.sha256[:12]
        self.setWindowTitle(self.tr("照片：{0}").format(name))
        self.identity.setText(
            self.tr(
                "原始文件：{0}　SHA-256：{1}…{2}　原图不改动；标注另存，报告用标注后的图"
            ).format(name, self.photo.sha256[:12], self.photo.sha256[-4:])
        )
        self.identity.setToolTip(f"SHA-256: {self.photo.sha256}")
        labels = {
            Tool.SELECT: self.tr("选择/平移"),
            Tool.ARROW: self.tr("箭头"),
            Tool.ELLIPSE: self.tr("圆圈"),
            Tool.RECT: self.tr("方框"),
            Tool.TEXT: self.tr("文字"),
        }
        for tool, key in _TOOLS:
            self.tool_actions[tool].setText(labels[tool])
            self.tool_actions[tool].setToolTip(f"{labels[tool]} ({key})")
        for action, text in (
            (self.delete_action, self.tr("删除所选")),
            (self.undo_action, self.tr("撤销上一标注")),
            (self.zoom_in_action, self.tr("放大")),
            (self.zoom_out_action, self.tr("缩小")),
            (self.actual_size_action, "100%"),
            (self.fit_action, self.tr("适应窗口")),
        ):
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({keys})" if keys else text)
        self.save_button.setText(self.tr("保存标注"))
        self.cancel_button.setText(self.tr("取消"))
        if not self.available:
            self.canvas.show_message(self._unavailable_text())
        self.status.setText(self._status())

    def _action(self, slot, key, name: str) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _unavailable_text(self) -> str:
        if not photo_arrived(self.session.app, self.photo.sha256):
            return self.tr("照片待同步：文件尚未从服务器到达，暂不能查看或标注。")
        return self.tr("无法读取照片文件。")

    def _load(self) -> None:
        image = load_photo_image(self.session, self.photo)
        if image is None:
            self.available = False
            for action in self.tool_actions.values():
                action.setEnabled(False)
            self.save_button.setEnabled(False)
            return
        self.available = True
        self.canvas.set_image(image)
        self.canvas.set_shapes(self.photo.annotations)
        self._say(
            lambda: self.tr(
                "Ctrl+滚轮缩放；选择工具下拖动空白处平移，任何工具下均可按住右键或中键平移。"
            )
        )

    def _fit_to_screen(self) -> None:
        """As large as useful, never larger than the screen's available area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry()
        width = min(1400, int(avail.width() * 0.92))
        height = min(950, int(avail.height() * 0.9))
        self.setMinimumSize(min(480, width), min(360, height))
        self.resize(width, height)

    # ---- editing -------------------------------------------------------------------------

    def ask_text(self) -> str | None:
        prompt = TextPrompt(self)
        ok = prompt.exec() == QDialog.DialogCode.Accepted
        return prompt.edit.text() if ok else None

    def _delete_selected(self) -> None:
        self.canvas.delete_selected()

    def _undo(self) -> None:
        self.canvas.undo()

    def _on_shapes_changed(self) -> None:
        self._dirty = True
        count = len(self.canvas.items_in_order())
        self._say(lambda: self.tr("%n 个标注，尚未保存。", "", count))
        self._update_actions()

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())

    def _on_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"{factor * 100:.0f}%")

    def _say(self, text: Callable[[], str]) -> None:
        """Show a status message; kept as a function so a language change re-renders it."""
        self._status = text
        self.status.setText(text())

    @property
    def dirty(self) -> bool:
        return self._dirty

    # ---- save / cancel -------------------------------------------------------------------

    def save(self) -> bool:
        if not self.available:
            return False
        try:
            shapes = self.canvas.shapes()
        except ValueError as exc:  # a shape squeezed to nothing at the edge, say
            problem = str(exc)
            self._say(lambda: self.tr("未保存：{0}").format(problem))
            return False
        saved = save_photo_layer(self.session, self.photo_id, shapes)
        if saved is None:
            # Refused, or no revision reason given: keep the drawing so nothing is lost;
            # Cancel discards it.
            self._say(lambda: self.tr("未保存。可再次保存，或按“取消”放弃这些标注。"))
            return False
        self.saved_photo = saved
        self._dirty = False
        self.accept()
        return True

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("放弃标注"),
            self.tr("放弃尚未保存的标注吗？"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._dirty and not self.confirm_discard():
            return
        self._dirty = False
        super().reject()


def open_photo_viewer(
    session: InspectionSession, photo_id: str, parent: QWidget | None = None
) -> PhotoViewer | None:
    """Open the viewer (window-modal, not blocking); None if the photo no longer exists."""
    if not any(p.id == photo_id for p in session.record.photos):
        return None
    viewer = PhotoViewer(session, photo_id, parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.setWindowModality(Qt.WindowModality.WindowModal)
    viewer.open()
    return viewer
