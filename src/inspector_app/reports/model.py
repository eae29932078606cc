"""What a report shows: the record, gathered once by operations/reports.py, then rendered.

The renderer reads only this (never the store), so tests can render a record with fixed
ids and dates, and rendering the same data twice gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path

from inspector_app.checklist.schema import Checklist
from inspector_app.domain.conclusion import FinalConclusion
from inspector_app.domain.model import (
    Defect,
    Inspection,
    ItemResult,
    Severity,
    SignatureRole,
    Status,
    TeamMember,
)
from inspector_app.files import InMemoryFile

SEVERITY_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.GENERAL)


class DocumentState(StrEnum):
    """What a document is, as printed on it and written into its metadata.

    draft: the company has not acknowledged the defect list (no company signature, or the
    record is not closed yet): every page carries the 草稿 watermark and no sentence says the
    defects were acknowledged. acknowledged: signed and closed, not yet issued by the center
    (a full report says 未经中心审核). issued: the center issued the report.
    """

    DRAFT = "draft"
    ACKNOWLEDGED = "acknowledged"
    ISSUED = "issued"


CHINA = timezone(timedelta(hours=8))  # the center's calendar (issued reports' dates)


@dataclass(frozen=True)
class ReportPhoto:
    # The ≤1600 px derivative, never the original; its bytes in memory in an encrypted folder.
    image: Path | InMemoryFile
    caption: str
    defect_id: str | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True)
class ReportSignature:
    role: SignatureRole
    name: str
    signed_at: datetime
    image_png: bytes | None = None


@dataclass(frozen=True)
class IssueInfo:
    """The center's issue of a report (server/issue.py): printed in the integrity block and
    written into the PDF's metadata, so `report verify` names the issuer."""

    number: str  # e.g. 〔2026〕第12号; a corrected revision keeps the number
    revision: int
    issued_by: str  # the reviewer's name
    issued_at: datetime
    account: str = ""  # the reviewer's server account
    replaces: str = ""  # the replaced issued report's id (revision 2 on)


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
    issue: IssueInfo | None = None  # set only when the center renders the issued report

    @property
    def company_signed(self) -> bool:
        return any(s.role is SignatureRole.COMPANY for s in self.signatures)

    @property
    def state(self) -> DocumentState:
        status = self.inspection.status
        # Both conditions: closing needs the company's signature, but a merged record could
        # in principle be closed without one, and then nothing was acknowledged on paper.
        if not self.company_signed or status not in (Status.CLOSED, Status.REPORT_ISSUED):
            return DocumentState.DRAFT
        if status is Status.REPORT_ISSUED:
            return DocumentState.ISSUED
        return DocumentState.ACKNOWLEDGED

    @property
    def is_draft(self) -> bool:
        return self.state is DocumentState.DRAFT

    @property
    def center_reviewed(self) -> bool:
        """The center issued the report through its review (status report_issued)."""
        return self.inspection.status is Status.REPORT_ISSUED

    def defects_in_order(self) -> list[Defect]:
        """Grade first (严重, 主要, 一般), then the order they were recorded in."""
        rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
        return sorted(self.defects, key=lambda d: (rank[d.severity], d.created_at, d.id))

    def defect_numbers(self) -> dict[str, int]:
        return {d.id: n for n, d in enumerate(self.defects_in_order(), start=1)}

    @property
    def document_date(self) -> datetime:
        """The date the PDF carries as its creation date: from the record, never the clock.
        An issued report is dated the moment it was issued, in China time (the center's
        calendar); a laptop rendering the day the inspection ended on site."""
        if self.issue is not None:
            at = self.issue.issued_at
            if at.tzinfo is not None:
                at = at.astimezone(CHINA)
            return at.replace(tzinfo=None, microsecond=0)
        end = self.inspection.actual_end or self.inspection.actual_start
        if end is not None:
            return datetime(end.year, end.month, end.day, 12, 0)
        return self.inspection.created_at.replace(tzinfo=None, microsecond=0)
