"""Display of clause citations: 48 → 第四十八条, annex refs → 附录《无菌药品》第十三条."""

from __future__ import annotations

import re

from inspector_app.checklist.schema import ClauseRef, Item

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese numerals as statutes number articles (1–9999): 10 → 十, 102 → 一百零二."""
    if not 0 < n < 10_000:
        raise ValueError(f"article number out of range: {n}")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    pending_zero = False
    for value, name in units:
        digit = (n // value) % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        # 十 alone, not 一十, when it leads (第十条, 第十五条).
        if not (value == 10 and digit == 1 and not out):
            out.append(_DIGITS[digit])
        out.append(name)
    return "".join(out)


def format_ref(ref: ClauseRef) -> str:
    text = f"第{chinese_number(ref.article)}条"
    if ref.paragraph:
        text += f"第{chinese_number(ref.paragraph)}款"
    if ref.annex:
        text = f"附录《{ref.annex}》{text}"
    if ref.source:
        text = f"《{ref.source}》{text}"
    return text


# An internal sub-item code: one article checked as several items (第二十条（2）, and in an
# annex 附录1第九条（2）).
_SUB_ITEM = re.compile(r"^(\S*?第[零一二三四五六七八九十百千]+条)（\d+）$")


def display_code(item: Item) -> str:
    """The clause as the regulation names it, for screens and paper.

    A checklist may split one article into items coded 第二十条（2）, 第二十条（3）; an
    inspector reads that as 第（二）项, which the article may not have. The sub-item number
    stays internal (the code, the id): shown is 第二十条, or 第二十条第二款 when the item's
    first reference names the paragraph it checks. Other codes (*2.3.1, 3.1) show as written.
    """
    match = _SUB_ITEM.match(item.code)
    base = match.group(1) if match else item.code
    first = item.refs[0] if item.refs else None
    if (
        first is not None
        and first.paragraph
        and first.annex is None
        and first.source is None
        and base == f"第{chinese_number(first.article)}条"
    ):
        return f"{base}第{chinese_number(first.paragraph)}款"
    return base
