"""Flowables that lay out Chinese text with our own line breaker (see typography.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from inspector_app.reports.typography import break_lines


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    color: Color = black
    align: str = "left"  # left, center, right
    bold: bool = False  # drawn with a thin outline: CJK system fonts rarely have a bold face
    space_before: float = 0
    space_after: float = 0
    indent: float = 0  # left indent of every line

    def with_(self, **changes: object) -> TextStyle:
        return replace(self, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _char_width(ch: str, font: str) -> float:
    return stringWidth(ch, font, 1000.0) / 1000.0


def wrap_text(text: str, style: TextStyle, width: float) -> list[str]:
    font = style.font
    size = style.size
    extra = size * 0.04 if style.bold else 0.0
    return break_lines(text, width, lambda ch: _char_width(ch, font) * size + extra)


def draw_line(canv, x: float, y: float, line: str, style: TextStyle, width: float) -> None:
    """One line at baseline y inside [x, x + width], aligned as the style says."""
    if not line:
        return
    if style.align != "left":
        used = stringWidth(line, style.font, style.size)
        x += (width - used) if style.align == "right" else (width - used) / 2
    canv.setFillColor(style.color)
    if style.bold:
        canv.saveState()
        canv.setStrokeColor(style.color)
        canv.setLineWidth(style.size * 0.035)
        text = canv.beginText(x, y)
        text.setTextRenderMode(2)  # fill and stroke: a faux bold that copies as plain text
        text.setFont(style.font, style.size)
        text.textOut(line)
        canv.drawText(text)
        canv.restoreState()
    else:
        canv.setFont(style.font, style.size)
        canv.drawString(x, y, line)


SPLIT_MIN_LINES = 6


class TextBlock(Flowable):
    """A paragraph of plain text: wraps with the punctuation rule and splits across pages."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        lines: list[str] | None = None,
        laid_for: float | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._lines = lines
        self._laid_for = laid_for  # the width `_lines` were broken for
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def _layout(self, avail_width: float) -> list[str]:
        # Tables wrap every cell several times; breaking once per width keeps that cheap.
        if self._lines is None or self._laid_for != avail_width:
            self._lines = wrap_text(self.text, self.style, avail_width - self.style.indent)
            self._laid_for = avail_width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(lines) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._layout(avail_width)
        fit = int((avail_height + 1e-6) // self.style.leading)
        if fit >= len(lines):
            return []  # it fits whole: nothing to split (callers expect [] or two parts)
        # Short paragraphs (and table rows) move whole; longer ones keep at least two lines
        # at the foot of one page and the head of the next.
        if len(lines) < SPLIT_MIN_LINES:
            return []
        fit = min(fit, len(lines) - 2)
        if fit < 2:
            return []
        head, tail = lines[:fit], lines[fit:]
        first = TextBlock("\n".join(head), self.style.with_(space_after=0), head, avail_width)
        rest = TextBlock("\n".join(tail), self.style.with_(space_before=0), tail, avail_width)
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        # Baseline inside each leading-high line box, centred on the glyphs' usual extent.
        y = self.height - style.leading + (style.leading - style.size) / 2 + style.size * 0.18
        for line in self._lines or []:
            draw_line(self.canv, style.indent, y, line, style, self.width - style.indent)
            y -= style.leading


class Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, thickness: float = 0.8, color: Color = black, gap: float = 4) -> None:
        super().__init__()
        self.thickness = thickness
        self.color = color
        self.gap = gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.gap * 2

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.gap, self.width, self.gap)
