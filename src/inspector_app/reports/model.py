"""What a report shows: the record, gathered once by operations/reports.py, then rendered.

The renderer reads only this (never the store), so tests can render a record with fixed
ids and dates, and rendering the same data twice gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from inspector_app.checklist.schema import Checklist
from inspector_app.domain.conclusion import FinalConclusion
from inspector_app.domain.model import (
    Defect,
    Inspection,
    ItemResult,
    Severity,
    SignatureRole,
    TeamMember,
)

SEVERITY_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL)


@dataclass(frozen=True)
class ReportPhoto:
    image: Path  # the ≤1600 px derivative, never the original
    caption: str
    defect_id: str | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True)
class ReportSignature:
    role: SignatureRole
    name: str
    signed_at: datetime
    image_png: bytes | None = None


@dataclass
class ReportData:
    inspection: Inspection
    checklist: Checklist
    conclusion: FinalConclusion
    rule_basis: str  # where the conclusion rule comes from, e.g. 《…》第二十七条
    digest: str  # SHA-256 of the canonical record
    team: list[TeamMember] = field(default_factory=list)
    results: dict[str, ItemResult] = field(default_factory=dict)  # by item id
    defects: list[Defect] = field(default_factory=list)
    photos: list[ReportPhoto] = field(default_factory=list)
    signatures: list[ReportSignature] = field(default_factory=list)
    app_version: str = ""

    def defects_in_order(self) -> list[Defect]:
        """Grade first (严重, 主要, 一般), then the order they were recorded in."""
        rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
        return sorted(self.defects, key=lambda d: (rank[d.severity], d.created_at, d.id))

    def defect_numbers(self) -> dict[str, int]:
        return {d.id: n for n, d in enumerate(self.defects_in_order(), start=1)}

    @property
    def document_date(self) -> datetime:
        """The date the PDF carries as its creation date: from the record, never the clock."""
        end = self.inspection.actual_end or self.inspection.actual_start
        if end is not None:
            return datetime(end.year, end.month, end.day, 12, 0)
        return self.inspection.created_at.replace(tzinfo=None, microsecond=0)
