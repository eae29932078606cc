"""What the inspections list shows, and the fast first read of it.

Light on purpose (no store, no pydantic): the main window's first paint imports only this,
then the full app replaces the rows (docs/startup-budget.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey


@dataclass(frozen=True)
class DeadlineView:
    """Where the service request carrying an inspection stands (办结期限), as the server
    counted it on `as_of` at the last sync (sync/deadlines.py)."""

    state: str  # received | running | due_soon | overdue | stopped | on_time | late | unknown
    due_on: str | None
    left: int | None  # working days left; negative: that many late
    stop_reason: str
    as_of: str
    item_name: str = ""


@dataclass(frozen=True)
class InspectionSummary:
    id: str
    company_name: str
    inspection_type: str
    status: str
    checklist_id: str
    checklist_version: int
    planned_start: str | None
    planned_end: str | None
    actual_start: str | None
    actual_end: str | None
    archived: bool
    critical: int
    major: int
    general: int
    pending_sync: int
    # The number of the report the center issued (the revision in force), once synced.
    issued_number: str | None = None
    # The request's deadline, when a request carries this inspection (kept by sync).
    deadline: DeadlineView | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def deadlines_from_meta(value: str | None) -> dict[str, DeadlineView]:
    """inspection id → its request's deadline, from the meta value the last sync kept
    (`json` alone: the first paint reads it too). Nothing kept, or unreadable: empty."""
    if not value:
        return {}
    try:
        answer = json.loads(value)
        as_of = str(answer.get("as_of") or "")
        found = {}
        for d in answer.get("deadlines") or []:
            left = d.get("left")
            found[str(d["inspection_id"])] = DeadlineView(
                state=str(d.get("state") or "unknown"),
                due_on=d.get("due_on") or None,
                left=int(left) if left is not None else None,
                stop_reason=str(d.get("stop_reason") or ""),
                as_of=as_of,
                item_name=str(d.get("item_name") or ""),
            )
        return found
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def with_deadlines(
    rows: list[InspectionSummary], deadlines: dict[str, DeadlineView]
) -> list[InspectionSummary]:
    return [replace(r, deadline=deadlines[r.id]) if r.id in deadlines else r for r in rows]


def first_paint_rows(data_dir: Path, key: DataKey | None = None) -> list[InspectionSummary] | None:
    """The list as stored, read without opening the store (None: wait for the store). `key`:
    an encrypted folder's data key (store/crypto.py); without it such a folder gives None."""
    from inspector_app.store.quick import DEADLINES_META_KEY, inspection_rows, meta_value

    rows = inspection_rows(data_dir, key)
    if rows is None:
        return None
    deadlines = deadlines_from_meta(meta_value(data_dir, DEADLINES_META_KEY, key))
    summaries = [
        InspectionSummary(
            **{
                **row,
                "archived": bool(row["archived"]),
                "critical": int(row["critical"]),
                "major": int(row["major"]),
                "general": int(row["general"]),
                "pending_sync": int(row["pending_sync"]),
            }
        )
        for row in rows
    ]
    return with_deadlines(summaries, deadlines)
