"""The company's rectification on the wire (issue 15):
`GET /api/v1/inspections/{inspection_id}/rectification` → `RectificationResponse`.

The center's server keeps what a company answers to each defect of an issued report (cause,
actions, completion date, evidence files, the reviewer's verification) and any objection with
its answer. A laptop of the inspection's team (or a reviewer's) fetches this document to
prepare a re-inspection (复查): the follow-up inspection is preloaded with the original's
defects and what the company said and the center verified, so the inspector can check each on
site offline. The laptop keeps the answer as received (a snapshot the re-inspection cites);
it never edits it.

Limits mirror the server's input limits so a hostile or broken answer is refused whole.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RectificationStatus = Literal["draft", "submitted", "accepted", "insufficient"]
VerificationState = Literal["accepted", "insufficient"]
ObjectionOutcome = Literal["upheld", "rejected"]

TEXT = 20_000  # characters: a cause analysis or an action plan
SHORT = 200


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceFile(Wire):
    """A file the company attached; stored by its SHA-256, the name is display text only."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(max_length=SHORT)
    media_type: str = Field(max_length=100)
    size: int = Field(ge=0)


class Verification(Wire):
    """The center's reviewer on one response."""

    state: VerificationState
    comment: str = Field(default="", max_length=TEXT)
    by: str = Field(max_length=SHORT)
    at: datetime


class Rectification(Wire):
    status: RectificationStatus
    cause: str = Field(default="", max_length=TEXT)
    actions: str = Field(default="", max_length=TEXT)
    completed_on: date | None = None
    due_on: date | None = None
    submitted_at: datetime | None = None
    submitted_by: str = Field(default="", max_length=SHORT)
    evidence: list[EvidenceFile] = Field(default_factory=list, max_length=100)
    verification: Verification | None = None


class ObjectionAnswer(Wire):
    outcome: ObjectionOutcome
    reason: str = Field(max_length=TEXT)
    by: str = Field(max_length=SHORT)
    at: datetime


class Objection(Wire):
    reasons: str = Field(max_length=TEXT)
    submitted_at: datetime
    submitted_by: str = Field(max_length=SHORT)
    evidence: list[EvidenceFile] = Field(default_factory=list, max_length=100)
    answer: ObjectionAnswer | None = None


class DefectAnswer(Wire):
    """One defect as issued (the reviewer's adjusted grade and facts win) and its answers."""

    defect_id: str = Field(max_length=SHORT)
    severity: Literal["critical", "major", "general"]
    facts: str = Field(max_length=TEXT)
    rectification: Rectification | None = None
    objection: Objection | None = None


class RectificationResponse(Wire):
    inspection_id: str = Field(max_length=SHORT)
    company: str = Field(max_length=SHORT)
    report_number: str = Field(max_length=SHORT)
    issued_at: datetime
    defects: list[DefectAnswer] = Field(default_factory=list, max_length=5000)
    generated_at: datetime
