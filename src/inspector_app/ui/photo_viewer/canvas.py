"""The zoomable, pannable photo view on which annotation shapes are drawn.

A QGraphicsView over a scene whose coordinates are the displayed image's pixels. Tools:
select (click a shape; drag the background to pan), arrow, ellipse, rectangle, text. Any
tool pans with the middle or right mouse button. Zoom: Ctrl+wheel, +/-, "100%", "fit";
the view fits the window until the user zooms.

The canvas keeps a small history of its own (a shape added, shapes deleted) for "undo the
last shape"; nothing is saved until the dialog's Save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from inspector_app.domain.annotations import DEFAULT_COLOR, MAX_SHAPES, Shape
from inspector_app.ui.photo_viewer.items import (
    AnnotationItem,
    ArrowItem,
    EllipseItem,
    RectItem,
    TextItem,
    item_for,
)

MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.02, 16.0, 1.25
MIN_DRAG_PX = 6  # on screen: shorter drags are clicks, not shapes


class Tool(StrEnum):
    SELECT = "select"
    ARROW = "arrow"
    ELLIPSE = "ellipse"
    RECT = "rect"
    TEXT = "text"


class AnnotationCanvas(QGraphicsView):
    # After every change of the shapes (added, deleted, moved, undone).
    shapes_changed = Signal()
    zoom_changed = Signal(float)
    # A shape was refused: the layer already holds MAX_SHAPES (the dialog says so).
    limit_reached = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationCanvas")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(QColor("#3a3a3a"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.color = DEFAULT_COLOR
        self.image_size: tuple[float, float] = (0.0, 0.0)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._tool = Tool.SELECT
        self._fit = True
        self._drawing: AnnotationItem | None = None
        self._start = QPointF()
        self._press_view_pos = None
        self._panning_from = None
        # Undo history: ("add", [item]) or ("delete", [items]).
        self._history: list[tuple[str, list[AnnotationItem]]] = []
        self._moved = False
        # Asks for a text shape's words; the dialog sets it (tests replace it).
        self.text_provider: Callable[[], str | None] = lambda: None
        self.set_tool(Tool.SELECT)

    # ---- content -------------------------------------------------------------------------

    @property
    def has_image(self) -> bool:
        return self._pixmap_item is not None

    def set_image(self, image: QImage) -> None:
        self.scene().clear()
        self._history.clear()
        self._pixmap_item = self.scene().addPixmap(QPixmap.fromImage(image))
        self._pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._pixmap_item.setZValue(-1)
        self.image_size = (float(image.width()), float(image.height()))
        self.scene().setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self.fit()

    def show_message(self, text: str) -> None:
        """No photo to show (not yet synced, unreadable): say so in the middle of the view."""
        self.scene().clear()
        self._pixmap_item = None
        label = QGraphicsSimpleTextItem(text)
        label.setBrush(QColor("#f0f0f0"))
        font = label.font()
        font.setPointSize(font.pointSize() + 4)
        label.setFont(font)
        self.scene().addItem(label)
        self.scene().setSceneRect(label.boundingRect().adjusted(-40, -40, 40, 40))
        self.resetTransform()

    def set_shapes(self, shapes: Sequence[Shape]) -> None:
        for item in self.items_in_order():
            self.scene().removeItem(item)
        for shape in shapes:
            self.scene().addItem(item_for(shape, self.image_size))
        self._history.clear()

    def items_in_order(self) -> list[AnnotationItem]:
        """Shapes bottom to top, i.e. in the order they were drawn."""
        found = [
            i
            for i in self.scene().items(Qt.SortOrder.AscendingOrder)
            if isinstance(i, ArrowItem | EllipseItem | RectItem | TextItem)
        ]
        return found

    def shapes(self) -> list[Shape]:
        return [item.to_shape() for item in self.items_in_order()]

    # ---- tools and editing ---------------------------------------------------------------

    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool | str) -> None:
        self._tool = Tool(tool)
        selecting = self._tool is Tool.SELECT
        self.setDragMode(
            QGraphicsView.DragMode.ScrollHandDrag if selecting else QGraphicsView.DragMode.NoDrag
        )
        for item in self.items_in_order():
            item.setFlag(item.GraphicsItemFlag.ItemIsSelectable, selecting)
            item.setFlag(item.GraphicsItemFlag.ItemIsMovable, selecting)
        if not selecting:
            self.scene().clearSelection()
        self.viewport().setCursor(
            Qt.CursorShape.OpenHandCursor if selecting else Qt.CursorShape.CrossCursor
        )

    def delete_selected(self) -> int:
        chosen = [i for i in self.items_in_order() if i.isSelected()]
        if not chosen:
            return 0
        for item in chosen:
            self.scene().removeItem(item)
        self._history.append(("delete", chosen))
        self.shapes_changed.emit()
        return len(chosen)

    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> bool:
        """Undo the last shape added (or the last delete)."""
        if not self._history:
            return False
        action, items = self._history.pop()
        if action == "add":
            for item in items:
                self.scene().removeItem(item)
        else:
            for item in items:
                self.scene().addItem(item)
        self.shapes_changed.emit()
        return True

    def _add(self, item: AnnotationItem) -> bool:
        if len(self.items_in_order()) >= MAX_SHAPES:
            self.limit_reached.emit()
            return False
        if item.scene() is None:
            self.scene().addItem(item)
        item.setFlag(item.GraphicsItemFlag.ItemIsSelectable, self._tool is Tool.SELECT)
        item.setFlag(item.GraphicsItemFlag.ItemIsMovable, self._tool is Tool.SELECT)
        self._history.append(("add", [item]))
        self.shapes_changed.emit()
        return True

    # ---- zoom ----------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    @property
    def fitting(self) -> bool:
        return self._fit

    def fit(self) -> None:
        self._fit = True
        if self._pixmap_item is not None:
            self.fitInView(self._pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.zoom)

    def set_zoom(self, factor: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self._fit = False
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.resetTransform()
        self.scale(factor, factor)
        self.setTransformationAnchor(anchor)
        self.zoom_changed.emit(self.zoom)

    def zoom_by(self, step: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * step))
        self._fit = False
        self.scale(factor / self.zoom, factor / self.zoom)
        self.zoom_changed.emit(self.zoom)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        # The dialog's actions carry the same keys as shortcuts; these cover the canvas having
        # focus when a shortcut does not reach it (e.g. the window is not the active one).
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ---- mouse: draw, or pan -------------------------------------------------------------

    def _image_point(self, view_pos) -> QPointF:
        p = self.mapToScene(view_pos)
        w, h = self.image_size
        return QPointF(min(max(p.x(), 0.0), w), min(max(p.y(), 0.0), h))

    def mousePressEvent(self, event) -> None:
        if event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.RightButton):
            self._panning_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._tool is not Tool.SELECT
            and self.has_image
        ):
            self._start = self._image_point(event.position().toPoint())
            self._press_view_pos = event.position().toPoint()
            if self._tool is Tool.ARROW:
                self._drawing = ArrowItem(self._start, self._start, self.image_size, self.color)
            elif self._tool is Tool.ELLIPSE:
                self._drawing = EllipseItem(
                    QRectF(self._start, self._start), self.image_size, self.color
                )
            elif self._tool is Tool.RECT:
                self._drawing = RectItem(
                    QRectF(self._start, self._start), self.image_size, self.color
                )
            if self._drawing is not None:
                self.scene().addItem(self._drawing)
            event.accept()
            return
        self._moved = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._panning_from is not None:
            delta = event.position().toPoint() - self._panning_from
            self._panning_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._drawing is not None:
            point = self._image_point(event.position().toPoint())
            if isinstance(self._drawing, ArrowItem):
                self._drawing.set_end(point)
            else:
                square = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._drawing.set_corners(self._start, point, square)
            event.accept()
            return
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._moved = True
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._panning_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.RightButton,
        ):
            self._panning_from = None
            self.set_tool(self._tool)  # restores the tool's cursor
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._tool is not Tool.SELECT:
            self._finish_drawing(event.position().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self._moved and any(i.isSelected() for i in self.items_in_order()):
            self.shapes_changed.emit()  # a shape was dragged to a new place
        self._moved = False

    def _finish_drawing(self, view_pos) -> None:
        drawing, self._drawing = self._drawing, None
        dragged = (
            self._press_view_pos is not None
            and (view_pos - self._press_view_pos).manhattanLength() >= MIN_DRAG_PX
        )
        if self._tool is Tool.TEXT:
            if self.has_image:
                words = self.text_provider()
                if words and words.strip():
                    self._add(TextItem(self._start, words.strip(), self.image_size, self.color))
            return
        if drawing is None:
            return
        big_enough = dragged and (
            drawing.length() > 1
            if isinstance(drawing, ArrowItem)
            else drawing.rect().width() > 1 and drawing.rect().height() > 1
        )
        if not big_enough:
            self.scene().removeItem(drawing)  # a click, not a shape
            return
        if not self._add(drawing):
            self.scene().removeItem(drawing)
