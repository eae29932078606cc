"""Substring search over checklist items, precomputed once per open inspection.

Chinese has no word boundaries, so the index is plain substring matching over one folded
string per item (code, clause references, requirement, what to check, evidence). Latin text is
case-folded so "sop" finds "SOP". Several space-separated terms must all match. Matching
2,000 items is a loop of `in` tests on short strings: well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector_app.checklist.citation import display_code, format_ref
from inspector_app.checklist.schema import Item


def item_text(item: Item) -> str:
    """Everything an inspector might type to find the item, in one string."""
    parts = [
        item.code,
        display_code(item),
        *(format_ref(ref) for ref in item.refs),
        item.requirement,
        item.check,
    ]
    parts.extend(item.evidence)
    if item.declared_observed is not None:
        parts.append(item.declared_observed.label)
    return "\n".join(p for p in parts if p)


class SearchIndex:
    def __init__(self, items: Iterable[Item]) -> None:
        # Kept in the order given (document order), so results come out in that order too.
        self._entries: list[tuple[str, str]] = [(i.id, item_text(i).casefold()) for i in items]

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def terms(query: str) -> list[str]:
        return query.casefold().split()

    def matching(self, query: str) -> set[str] | None:
        """Ids of the items containing every term; None when the query is blank (no filter)."""
        terms = self.terms(query)
        if not terms:
            return None
        if len(terms) == 1:
            term = terms[0]
            return {iid for iid, text in self._entries if term in text}
        return {iid for iid, text in self._entries if all(t in text for t in terms)}
