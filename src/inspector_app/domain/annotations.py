"""Annotations drawn over a photo: arrows, ellipses, rectangles and text, as data.

The annotation layer is kept apart from the photo: the original file and its SHA-256 stay the
evidence, and the layer is drawn over a copy only when shown or printed. Coordinates are
normalised to 0..1 of the photo *as displayed* (EXIF orientation applied), x to the right and
y downwards, so the same shapes fit the original, the ≤1600 px derivative and any thumbnail.

Sizes used for drawing (line width, arrow head, text height) are fractions of the image's
long side, shared by the Qt viewer and the Pillow burn-in so both look alike.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator

MAX_SHAPES = 200
MAX_TEXT_CHARS = 200
DEFAULT_COLOR = "#e00000"

# Fractions of the image's long side.
STROKE_WIDTH = 0.004
ARROW_HEAD = 0.03
DEFAULT_TEXT_SIZE = 0.035
MIN_TEXT_SIZE = 0.01
MAX_TEXT_SIZE = 0.2

Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-f]{6}$")]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    color: Color = DEFAULT_COLOR


class Arrow(_Shape):
    """From the tail (x1, y1) to the head (x2, y2), the point being shown."""

    type: Literal["arrow"] = "arrow"
    x1: Unit
    y1: Unit
    x2: Unit
    y2: Unit

    @model_validator(mode="after")
    def _has_length(self) -> Arrow:
        if self.x1 == self.x2 and self.y1 == self.y2:
            raise ValueError("an arrow needs two different points")
        return self


class _Box(_Shape):
    """A box inside the image: top-left (x, y), width w, height h."""

    x: Unit
    y: Unit
    w: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    h: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _inside(self) -> _Box:
        # A little slack for float rounding when a shape is drawn up to the edge.
        if self.x + self.w > 1.000001 or self.y + self.h > 1.000001:
            raise ValueError("the shape reaches outside the photo")
        return self


class Ellipse(_Box):
    """The ellipse inscribed in the box (a circle when the box is square in pixels)."""

    type: Literal["ellipse"] = "ellipse"


class Rect(_Box):
    type: Literal["rect"] = "rect"


class Text(_Shape):
    """Text whose top-left corner is at (x, y); `size` is its height, relative to the long side."""

    type: Literal["text"] = "text"
    x: Unit
    y: Unit
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)
    ]
    size: Annotated[float, Field(ge=MIN_TEXT_SIZE, le=MAX_TEXT_SIZE)] = DEFAULT_TEXT_SIZE


Shape = Annotated[Arrow | Ellipse | Rect | Text, Field(discriminator="type")]
Annotations = Annotated[list[Shape], Field(max_length=MAX_SHAPES)]

_ADAPTER: TypeAdapter[list[Shape]] = TypeAdapter(Annotations)


def parse_annotations(value: object) -> list[Shape]:
    """Validate a list of shapes (dicts or models); raises pydantic's ValidationError."""
    return _ADAPTER.validate_python(value)


def dump_annotations(shapes: list[Shape]) -> list[dict]:
    """The JSON form stored in the row, the change log and the interchange file (D6)."""
    return _ADAPTER.dump_python(shapes, mode="json")


def stroke_px(width: float, height: float) -> int:
    """Line width in pixels on an image of this size (viewer and burn-in alike)."""
    return max(2, round(STROKE_WIDTH * max(width, height)))


def arrow_head_px(width: float, height: float) -> float:
    """Length of an arrow's head in pixels; its base is half as wide."""
    return max(4.0 * stroke_px(width, height), ARROW_HEAD * max(width, height))


def text_px(size: float, width: float, height: float) -> int:
    """Text height in pixels for a Text shape's relative `size`."""
    return max(8, round(size * max(width, height)))


def clamp(value: float) -> float:
    """A coordinate pulled into 0..1 (a drag may end outside the photo)."""
    return min(1.0, max(0.0, value))
