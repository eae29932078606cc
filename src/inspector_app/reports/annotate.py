"""Burning a photo's annotation layer into a copy of its derivative, for reports and thumbnails.

The input is read, never written: the caller passes the derivative JPEG and gets new JPEG
bytes back. Same image + same shapes + same font give the same bytes (reports are verified
by rendering them again), so nothing here depends on time or randomness.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from inspector_app.domain.annotations import (
    Arrow,
    Ellipse,
    Rect,
    Shape,
    Text,
    arrow_head_px,
    stroke_px,
    text_px,
)

ANNOTATED_QUALITY = 90  # above the derivative's 82: the red lines should stay crisp

FontLike = ImageFont.FreeTypeFont | ImageFont.ImageFont


def annotate_image(
    image: Image.Image, shapes: Sequence[Shape], font_path: Path | None = None, font_index: int = 0
) -> Image.Image:
    """A copy of `image` (RGB) with the shapes drawn on it."""
    out = image.convert("RGB")  # always a copy
    width, height = out.size
    draw = ImageDraw.Draw(out)
    sw = stroke_px(width, height)
    for shape in shapes:
        color = shape.color
        if isinstance(shape, Arrow):
            _arrow(
                draw,
                (shape.x1 * width, shape.y1 * height),
                (shape.x2 * width, shape.y2 * height),
                color,
                sw,
                arrow_head_px(width, height),
            )
        elif isinstance(shape, Ellipse | Rect):
            box = (
                shape.x * width,
                shape.y * height,
                max(shape.x * width + 1, (shape.x + shape.w) * width),
                max(shape.y * height + 1, (shape.y + shape.h) * height),
            )
            if isinstance(shape, Ellipse):
                draw.ellipse(box, outline=color, width=sw)
            else:
                draw.rectangle(box, outline=color, width=sw)
        elif isinstance(shape, Text):
            font = _font(font_path, font_index, text_px(shape.size, width, height))
            origin = (shape.x * width, shape.y * height)
            left, top, right, bottom = draw.textbbox(origin, shape.text, font=font, anchor="la")
            # A white box behind the text keeps it readable on any background.
            pad = sw
            draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill="#ffffff")
            draw.text(origin, shape.text, fill=color, font=font, anchor="la")
    return out


def annotate_jpeg(
    source: Path | bytes,
    shapes: Sequence[Shape],
    font_path: Path | None = None,
    font_index: int = 0,
) -> bytes:
    """JPEG bytes of `source` (a path or JPEG bytes) with the shapes burnt in."""
    opened = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    with opened as img:
        img.load()
        drawn = annotate_image(img, shapes, font_path, font_index)
    out = io.BytesIO()
    drawn.save(out, "JPEG", quality=ANNOTATED_QUALITY)
    return out.getvalue()


def report_font() -> tuple[Path | None, int]:
    """The report's CJK font (so Chinese labels print), or (None, 0) for Pillow's own."""
    from inspector_app.reports.fonts import FontNotFound, resolve_font

    try:
        choice = resolve_font()
    except FontNotFound:
        return None, 0
    return choice.path, choice.subfont_index


def _arrow(
    draw: ImageDraw.ImageDraw,
    tail: tuple[float, float],
    tip: tuple[float, float],
    color: str,
    width: int,
    head: float,
) -> None:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    if length < 1:
        return
    head = min(head, length)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * head, tip[1] - uy * head)
    half = head * 0.5
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    draw.line((tail, base), fill=color, width=width)
    draw.polygon((tip, left, right), fill=color)


@functools.lru_cache(maxsize=16)  # a CJK font file is large; reports reuse a few sizes
def _font(path: Path | None, index: int, size: int) -> FontLike:
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size, index=index)
        except OSError:
            pass
    return ImageFont.load_default(size)
