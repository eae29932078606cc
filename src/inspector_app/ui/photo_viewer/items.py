"""Graphics items for annotation shapes, and their conversion to and from domain shapes.

Items live in scene coordinates equal to the displayed image's pixels (the pixmap sits at
0,0); domain shapes are normalised to 0..1. Line width, arrow head and text height follow
the domain's sizing rules, so the viewer shows what the report will print.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from inspector_app.domain.annotations import (
    DEFAULT_COLOR,
    DEFAULT_TEXT_SIZE,
    Arrow,
    Ellipse,
    Rect,
    Shape,
    Text,
    arrow_head_px,
    clamp,
    stroke_px,
    text_px,
)

_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
)


class _Confined:
    """Keeps a moved item inside the image (the scene's image rect)."""

    image_size: tuple[float, float]

    def _confine(self, item: QGraphicsItem, pos: QPointF) -> QPointF:
        w, h = self.image_size
        box = item.mapRectToParent(self._geometry_rect()).translated(pos - item.pos())
        dx = -box.left() if box.left() < 0 else min(0.0, w - box.right())
        dy = -box.top() if box.top() < 0 else min(0.0, h - box.bottom())
        return QPointF(pos.x() + dx, pos.y() + dy)

    def _geometry_rect(self) -> QRectF:  # the shape's own extent, without line width
        raise NotImplementedError


def _pen(color: str, width: float) -> QPen:
    pen = QPen(QColor(color), width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class ArrowItem(_Confined, QGraphicsItem):
    def __init__(self, p1: QPointF, p2: QPointF, image_size: tuple[float, float], color: str):
        super().__init__()
        self.image_size = image_size
        self.color = color
        self.p1, self.p2 = QPointF(p1), QPointF(p2)
        self._sw = stroke_px(*image_size)
        self._head = arrow_head_px(*image_size)
        self.setFlags(_FLAGS)

    def set_end(self, p2: QPointF) -> None:
        self.prepareGeometryChange()
        self.p2 = QPointF(p2)
        self.update()

    def length(self) -> float:
        return QLineF(self.p1, self.p2).length()

    def _parts(self) -> tuple[QLineF, QPolygonF]:
        dx, dy = self.p2.x() - self.p1.x(), self.p2.y() - self.p1.y()
        length = math.hypot(dx, dy)
        if length < 1e-6:
            return QLineF(self.p1, self.p2), QPolygonF()
        head = min(self._head, length)
        ux, uy = dx / length, dy / length
        base = QPointF(self.p2.x() - ux * head, self.p2.y() - uy * head)
        half = head * 0.5
        left = QPointF(base.x() - uy * half, base.y() + ux * half)
        right = QPointF(base.x() + uy * half, base.y() - ux * half)
        return QLineF(self.p1, base), QPolygonF([self.p2, left, right])

    def _geometry_rect(self) -> QRectF:
        return QRectF(self.p1, self.p2).normalized()

    def boundingRect(self) -> QRectF:
        pad = self._head * 0.6 + self._sw
        return self._geometry_rect().adjusted(-pad, -pad, pad, pad)

    def shape(self) -> QPainterPath:
        line, head = self._parts()
        path = QPainterPath(line.p1())
        path.lineTo(line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self._sw * 3, 12.0))  # easy to hit with the mouse
        outline = stroker.createStroke(path)
        outline.addPolygon(head)
        return outline

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        line, head = self._parts()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_pen(self.color, self._sw))
        painter.drawLine(line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(self.color)))
        painter.drawPolygon(head)
        if self.isSelected():
            _selection_outline(painter, self.boundingRect())

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene():
            return self._confine(self, value)
        return super().itemChange(change, value)

    def to_shape(self) -> Arrow:
        w, h = self.image_size
        a, b = self.mapToScene(self.p1), self.mapToScene(self.p2)
        return Arrow(
            x1=clamp(a.x() / w),
            y1=clamp(a.y() / h),
            x2=clamp(b.x() / w),
            y2=clamp(b.y() / h),
            color=self.color,
        )


class _BoxMixin(_Confined):
    def _setup(self, image_size: tuple[float, float], color: str) -> None:
        self.image_size = image_size
        self.color = color
        self.setPen(_pen(color, stroke_px(*image_size)))
        self.setFlags(_FLAGS)

    def _geometry_rect(self) -> QRectF:
        return self.rect()

    def set_corners(self, a: QPointF, b: QPointF, square: bool = False) -> None:
        if square:  # Shift: a circle / a square
            side = max(abs(b.x() - a.x()), abs(b.y() - a.y()))
            b = QPointF(
                a.x() + math.copysign(side, b.x() - a.x()),
                a.y() + math.copysign(side, b.y() - a.y()),
            )
            w, h = self.image_size
            b = QPointF(min(max(b.x(), 0.0), w), min(max(b.y(), 0.0), h))
        self.setRect(QRectF(a, b).normalized())

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene():
            return self._confine(self, value)
        return super().itemChange(change, value)

    def _box(self) -> dict[str, float]:
        w, h = self.image_size
        r = self.mapRectToScene(self.rect())
        x0, y0 = clamp(r.left() / w), clamp(r.top() / h)
        x1, y1 = clamp(r.right() / w), clamp(r.bottom() / h)
        return {"x": x0, "y": y0, "w": max(x1 - x0, 1e-6), "h": max(y1 - y0, 1e-6)}


class EllipseItem(_BoxMixin, QGraphicsEllipseItem):
    def __init__(self, rect: QRectF, image_size: tuple[float, float], color: str):
        QGraphicsEllipseItem.__init__(self, rect)
        self._setup(image_size, color)

    def to_shape(self) -> Ellipse:
        return Ellipse(**self._box(), color=self.color)


class RectItem(_BoxMixin, QGraphicsRectItem):
    def __init__(self, rect: QRectF, image_size: tuple[float, float], color: str):
        QGraphicsRectItem.__init__(self, rect)
        self._setup(image_size, color)

    def to_shape(self) -> Rect:
        return Rect(**self._box(), color=self.color)


class TextItem(_Confined, QGraphicsItem):
    """Red text on a white box, top-left corner at the item's origin (as the burn-in draws)."""

    def __init__(
        self,
        origin: QPointF,
        text: str,
        image_size: tuple[float, float],
        color: str,
        size: float = DEFAULT_TEXT_SIZE,
    ):
        super().__init__()
        self.image_size = image_size
        self.color = color
        self.text = text
        self.size = size
        self.font = QFont()
        self.font.setPixelSize(text_px(size, *image_size))
        self._pad = stroke_px(*image_size)
        self.setPos(origin)
        self.setFlags(_FLAGS)

    def _geometry_rect(self) -> QRectF:
        metrics = QFontMetricsF(self.font)
        return QRectF(0, 0, metrics.horizontalAdvance(self.text), metrics.height())

    def boundingRect(self) -> QRectF:
        p = self._pad
        return self._geometry_rect().adjusted(-p, -p, p, p)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.boundingRect(), QColor("#ffffff"))
        painter.setFont(self.font)
        painter.setPen(QColor(self.color))
        painter.drawText(QPointF(0, QFontMetricsF(self.font).ascent()), self.text)
        if self.isSelected():
            _selection_outline(painter, self.boundingRect())

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene():
            return self._confine(self, value)
        return super().itemChange(change, value)

    def to_shape(self) -> Text:
        w, h = self.image_size
        return Text(
            x=clamp(self.pos().x() / w),
            y=clamp(self.pos().y() / h),
            text=self.text,
            size=self.size,
            color=self.color,
        )


AnnotationItem = ArrowItem | EllipseItem | RectItem | TextItem


def item_for(shape: Shape, image_size: tuple[float, float]) -> AnnotationItem:
    """A graphics item showing a stored shape on an image of `image_size` pixels."""
    w, h = image_size
    if isinstance(shape, Arrow):
        return ArrowItem(
            QPointF(shape.x1 * w, shape.y1 * h),
            QPointF(shape.x2 * w, shape.y2 * h),
            image_size,
            shape.color,
        )
    if isinstance(shape, Ellipse | Rect):
        rect = QRectF(shape.x * w, shape.y * h, shape.w * w, shape.h * h)
        cls = EllipseItem if isinstance(shape, Ellipse) else RectItem
        return cls(rect, image_size, shape.color)
    return TextItem(
        QPointF(shape.x * w, shape.y * h), shape.text, image_size, shape.color, shape.size
    )


def _selection_outline(painter: QPainter, rect: QRectF) -> None:
    pen = QPen(QColor("#1e6fd9"), 0, Qt.PenStyle.DashLine)  # cosmetic: 1 px at any zoom
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)


__all__ = [
    "DEFAULT_COLOR",
    "AnnotationItem",
    "ArrowItem",
    "EllipseItem",
    "RectItem",
    "TextItem",
    "item_for",
]
