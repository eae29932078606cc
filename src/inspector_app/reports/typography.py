"""Line breaking for Chinese text with the punctuation rule of GB/T 15834 (避头尾).

ReportLab's CJK wrapping may start a line with a closing mark (，。）…) or end one with an
opening mark (（《“…). We break lines ourselves: a break is allowed between two characters
unless the next one may not start a line, the previous one may not end a line, both belong
to one Latin word or number, or both are halves of a two-character mark (—— ……). When a
line is full we go back to the last allowed break, which carries the preceding character
down with the punctuation (推出), so no line ever starts or ends the wrong way. Only a
single unbreakable run wider than the whole line (a 64-digit hash in a narrow cell) is cut
where it must, and even then never next to punctuation if any other cut exists.
"""

from __future__ import annotations

from collections.abc import Callable

# Marks that may not start a line (closing brackets and quotes, sentence and clause marks,
# connecting and separating marks). Dashes and ellipses may start one (GB/T 15834), but
# their two halves stay together.
CLOSING = set("，。、；：？！）》」』”’〉】〕〗〙〛｝］·‥〃々～％,.;:?!)]}%")
# Marks that may not end a line (opening brackets and quotes).
OPENING = set("（《「『“‘〈【〔〖〘〚｛［([{")
# Two-character marks that must stay on one line.
_PAIRED = set("—…")


def _word_char(ch: str) -> bool:
    """Latin letters, digits and the joiners inside codes like GMP-2010/3.1 or 10.5%."""
    return ch.isascii() and (ch.isalnum() or ch in "-_./:#+@&'\"")


def may_break_between(prev: str, nxt: str) -> bool:
    if nxt in CLOSING or prev in OPENING:
        return False
    if prev in _PAIRED and nxt == prev:
        return False
    return not (_word_char(prev) and _word_char(nxt))


def _punctuation_ok(prev: str, nxt: str) -> bool:
    return nxt not in CLOSING and prev not in OPENING


Measure = Callable[[str], float]


def break_lines(text: str, width: float, measure: Measure) -> list[str]:
    """Lines of `text` no wider than `width` (hard newlines kept), in reading order."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_break_paragraph(paragraph, width, measure))
    return lines


def _break_paragraph(text: str, width: float, measure: Measure) -> list[str]:
    text = text.strip()
    if not text:
        return [""]
    widths = [measure(ch) for ch in text]
    out: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        used = 0.0
        end = start
        while end < n and used + widths[end] <= width + 1e-6:
            used += widths[end]
            end += 1
        if end >= n:
            out.append(text[start:].rstrip())
            break
        if end == start:  # not even one character fits: give it a line of its own
            end = start + 1
        cut = _best_cut(text, start, end)
        out.append(text[start:cut].rstrip())
        start = cut
        while start < n and text[start] == " ":
            start += 1
    return out


def _best_cut(text: str, start: int, end: int) -> int:
    """Where to end a line that could hold text[start:end] (the next char does not fit)."""
    # A space is always a good place; otherwise the last allowed break.
    for cut in range(end, start, -1):
        if text[cut] == " " or text[cut - 1] == " ":
            # A space is a break unless the marks around it forbid one ("A !" stays whole).
            before = text[start:cut].rstrip()[-1:]
            after = text[cut:].lstrip()[:1]
            if before and after and _punctuation_ok(before, after):
                return cut
            continue
        if may_break_between(text[cut - 1], text[cut]):
            return cut
    # One run wider than the line: cut inside the word, still respecting punctuation.
    for cut in range(end, start, -1):
        if _punctuation_ok(text[cut - 1], text[cut]):
            return cut
    return end


def line_violations(lines: list[str]) -> list[str]:
    """Lines that start with a closing mark or end with an opening mark (for tests/checks)."""
    bad = []
    for line in lines:
        stripped = line.strip()
        if stripped and (stripped[0] in CLOSING or stripped[-1] in OPENING):
            bad.append(line)
    return bad
