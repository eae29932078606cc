"""Consistency of an inspection's records: warnings the team sees, never a refusal.

On site the team records in whatever order the walk allows, so nothing here blocks a save,
a signature or the lock. The warnings say where results and defects disagree, and what is
still unanswered, so it can be fixed before the company signs the defect list:

* an item marked 不符合 with no defect recorded against it;
* a defect linked to an item that is unanswered, conforming or not applicable (the team may
  mark the item 不符合 with one click);
* key items (tier key or critical, as the checklist's "关键项目" filter) still unanswered;
* N of M in-scope items still unanswered — while N > 0 the suggested conclusion is provisional.

Pure Python: the records in, structured warnings out; the UI words them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from inspector_app.domain.checklist import Checklist, Tier
from inspector_app.domain.conclusion import facts_from
from inspector_app.domain.model import Defect, Inspection, ItemResult, ResultValue

KEY_TIERS = frozenset({Tier.KEY, Tier.CRITICAL})


class WarningKind(StrEnum):
    NON_CONFORMING_WITHOUT_DEFECT = "non_conforming_without_defect"
    DEFECT_ON_ITEM_NOT_NON_CONFORMING = "defect_on_item_not_non_conforming"
    KEY_ITEMS_UNANSWERED = "key_items_unanswered"
    ITEMS_UNANSWERED = "items_unanswered"


@dataclass(frozen=True)
class ConsistencyWarning:
    kind: WarningKind
    item_ids: tuple[str, ...] = ()  # in checklist order
    defect_id: str | None = None
    # For a defect on an item: the item's result that disagrees with the defect.
    result: ResultValue | None = None
    count: int = 0  # unanswered warnings: how many items
    total: int = 0  # unanswered warnings: of how many in-scope items

    @property
    def offers_non_conforming(self) -> bool:
        """The fix is one click: mark the defect's item 不符合."""
        return self.kind is WarningKind.DEFECT_ON_ITEM_NOT_NON_CONFORMING


@dataclass(frozen=True)
class ConsistencyReport:
    warnings: tuple[ConsistencyWarning, ...]
    unanswered: int
    total: int

    @property
    def provisional(self) -> bool:
        """A conclusion suggested while items are unanswered may still change."""
        return self.unanswered > 0

    def of_kind(self, kind: WarningKind) -> list[ConsistencyWarning]:
        return [w for w in self.warnings if w.kind is kind]


def check(
    checklist: Checklist,
    inspection: Inspection,
    results: Iterable[ItemResult],
    defects: Iterable[Defect],
) -> ConsistencyReport:
    """Every warning for one inspection, most specific first (items, defects, then counts)."""
    facts = facts_from(checklist, inspection, results, defects)
    warnings: list[ConsistencyWarning] = [
        ConsistencyWarning(WarningKind.NON_CONFORMING_WITHOUT_DEFECT, item_ids=(item.id,))
        for item in facts.items
        if item.result is ResultValue.NON_CONFORMING and not item.defect_ids
    ]
    in_scope = {item.id: item for item in facts.items}
    # A defect on an item outside the scope has no result to disagree with: not warned.
    for defect in facts.defects:
        item = in_scope.get(defect.item_id) if defect.item_id else None
        if item is not None and item.result is not ResultValue.NON_CONFORMING:
            warnings.append(
                ConsistencyWarning(
                    WarningKind.DEFECT_ON_ITEM_NOT_NON_CONFORMING,
                    item_ids=(item.id,),
                    defect_id=defect.id,
                    result=item.result,
                )
            )
    unanswered = [item for item in facts.items if item.result is ResultValue.NOT_CHECKED]
    key = [item.id for item in unanswered if item.tier in KEY_TIERS]
    if key:
        warnings.append(
            ConsistencyWarning(
                WarningKind.KEY_ITEMS_UNANSWERED, item_ids=tuple(key), count=len(key)
            )
        )
    if unanswered:
        warnings.append(
            ConsistencyWarning(
                WarningKind.ITEMS_UNANSWERED,
                item_ids=tuple(item.id for item in unanswered),
                count=len(unanswered),
                total=len(facts.items),
            )
        )
    return ConsistencyReport(tuple(warnings), unanswered=len(unanswered), total=len(facts.items))
