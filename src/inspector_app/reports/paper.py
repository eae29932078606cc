"""What may go on paper: reference text without the center's internal notes.

Checklists and rule profiles are written by the center, and where a clause number could not
be checked against the published text the author says so in the text itself, e.g.
"评定标准条款（条号待核实）" in a profile's `regulation.clause`, or in a clause reference a
defect carries. Those notes are for the center (the app keeps and shows them); a document the
company receives never prints them. The invariant kept here: `for_paper(text)` contains no
internal-note marker and no empty bracket pair such as "（  ）" or "()".

Only reference text (checklist, rule profile, clause references) goes through this. What the
inspector typed (facts, notes, values, captions) is printed as typed, because it is what the
company read and signed; an empty bracket pair is the one thing removed from it too
(`drop_empty_brackets`), since it can only be an unfilled blank.
"""

from __future__ import annotations

import re

# Words that mark a note as internal ("to be verified", "not verified"). Narrow on purpose:
# checklist requirements legitimately say 核实 (verify) and 待验 (quarantine status).
MARKERS = ("待核实", "未核实", "未经核实")
_MARKER = "|".join(map(re.escape, MARKERS))

# A bracketed aside holding a marker: （条号待核实）, (待核实), 【待核实】, [未核实], and the
# app's own 〔条号待核实〕 should it ever be copied into a reference.
_NOTE_IN_BRACKETS = re.compile(
    rf"\s*(?:（[^（）]*(?:{_MARKER})[^（）]*）|\([^()]*(?:{_MARKER})[^()]*\)"
    rf"|【[^【】]*(?:{_MARKER})[^【】]*】|\[[^\[\]]*(?:{_MARKER})[^\[\]]*\]"
    rf"|〔[^〔〕]*(?:{_MARKER})[^〔〕]*〕)"
)
# A trailing clause holding a marker: "第一百二十九条，待核实", "第5条 条号待核实".
_NOTE_CLAUSE = re.compile(rf"\s*[，,；;、]?\s*(?:条号|条款号|出处|编号)?(?:{_MARKER})")
_EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)|【\s*】|\[\s*\]|《\s*》|〔\s*〕")


def drop_empty_brackets(text: str) -> str:
    """ "温度（  ）" → "温度": an unfilled blank is never printed."""
    if not text:
        return text
    previous = None
    while previous != text:  # "（（ ））" collapses in two passes
        previous = text
        text = _EMPTY_BRACKETS.sub("", text)
    return text


def for_paper(text: str) -> str:
    """Reference text with every internal note and every empty bracket pair removed."""
    if not text:
        return text
    text = _NOTE_IN_BRACKETS.sub("", text)
    text = _NOTE_CLAUSE.sub("", text)
    return drop_empty_brackets(text).strip()


def is_internal(text: str) -> bool:
    """True when the text carries an internal-note marker (the app may flag it)."""
    return any(marker in text for marker in MARKERS)


def refs_for_paper(refs: list[str]) -> list[str]:
    """Clause references to print: notes stripped; a reference that was only a note dropped."""
    out = []
    for ref in refs:
        clean = for_paper(ref)
        if clean and clean not in out:
            out.append(clean)
    return out
