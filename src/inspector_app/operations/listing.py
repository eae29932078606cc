"""What the inspections list shows, and the fast first read of it.

Light on purpose (no store, no pydantic): the main window's first paint imports only this,
then the full app replaces the rows (docs/startup-budget.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


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

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def first_paint_rows(data_dir: Path) -> list[InspectionSummary] | None:
    """The list as stored, read without opening the store (None: wait for the store)."""
    from inspector_app.store.quick import inspection_rows

    rows = inspection_rows(data_dir)
    if rows is None:
        return None
    return [
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
