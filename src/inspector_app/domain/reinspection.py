"""Re-inspection (复查, issue 15): a follow-up inspection that re-checks the defects of an
issued one on site.

A defect of the re-inspection may carry the original defect it re-checks
(`Defect.origin_defect_id`), a read-only snapshot of what the company answered and the
center verified (`Defect.origin_answer`, an `AnswerSnapshot`) and the inspector's on-site
outcome (`Defect.followup`: closed / partly / not_closed, None until checked). Plain data: the
snapshot is taken from the server's answer by operations/reinspection.py.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from inspector_app.domain.vocabulary import Severity


class Followup(StrEnum):
    CLOSED = "closed"  # 已整改
    PARTLY = "partly"  # 部分整改
    NOT_CLOSED = "not_closed"  # 未整改


FOLLOWUP_LABELS: dict[Followup, str] = {
    Followup.CLOSED: "已整改",
    Followup.PARTLY: "部分整改",
    Followup.NOT_CLOSED: "未整改",
}

# The wire (sync/rectification.py) limits each text to 20,000 characters; the snapshot keeps
# what came, so it is not shortened here.
SNAPSHOT_TEXT = 20_000


class AnswerSnapshot(BaseModel):
    """What the company answered to one defect and what the center verified, as fetched.

    Never edited on the laptop: it is the record of what the inspector was shown. Field names
    follow the wire's; `status` is "none" when the company gave no answer at all.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    report_number: str = Field(default="", max_length=200)
    severity: Severity  # as issued (a reviewer's adjusted grade wins)
    facts: str = Field(max_length=SNAPSHOT_TEXT)  # as issued
    status: str = Field(default="none", max_length=20)  # draft/submitted/accepted/insufficient
    cause: str = Field(default="", max_length=SNAPSHOT_TEXT)
    actions: str = Field(default="", max_length=SNAPSHOT_TEXT)
    completed_on: date | None = None
    evidence: list[str] = Field(default_factory=list, max_length=100)  # file names, display only
    verification: str | None = Field(default=None, max_length=20)  # accepted / insufficient
    verification_comment: str = Field(default="", max_length=SNAPSHOT_TEXT)
    verified_by: str = Field(default="", max_length=200)
    objection: str = Field(default="", max_length=SNAPSHOT_TEXT)  # the company's reasons
    objection_outcome: str | None = Field(default=None, max_length=20)  # upheld / rejected
    objection_answer: str = Field(default="", max_length=SNAPSHOT_TEXT)
    fetched_at: datetime | None = None  # when the server made the answer

    def action_summary(self, limit: int = 200) -> str:
        """One line for a table: the actions taken (else the cause), and the verification."""
        text = " ".join((self.actions or self.cause).split())
        if not text:
            text = "企业未提交整改情况"
        elif len(text) > limit:
            text = text[: limit - 1] + "…"
        if self.verification == "accepted":
            text += "（中心审核：通过）"
        elif self.verification == "insufficient":
            text += "（中心审核：整改不充分）"
        return text
