"""Tables of the company's side of an issued report (schema 0009, issue 15): company accounts,
the rectification (整改) of each defect with its evidence files, objections (异议) to a
defect, the center's verifications and answers, who did what, and the company's rating of
the service.

Defined on `db.metadata`; migration 0009 creates the same tables. These are the center's
records, not synced change entries (docs/decisions.md D33): a laptop reads them through
`GET /api/v1/inspections/{id}/rectification`. Times are ISO UTC, dates ISO (China).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Identity, Index, Integer, Table, Text

from inspector_app.server.db import Seq, metadata

# A console user of role "company" sees the issued reports of exactly this company name (as
# the inspections record it in company_name).
company_accounts = Table(
    "company_accounts",
    metadata,
    Column("user_name", Text, ForeignKey("users.name"), primary_key=True),
    Column("company", Text, nullable=False, index=True),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
)

# One per defect of an issued report: the company's current answer and the center's latest
# verification of it. Earlier rounds live in rect_audit.
rect_responses = Table(
    "rect_responses",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("defect_id", Text, primary_key=True),
    Column("status", Text, nullable=False),  # draft | submitted | accepted | insufficient
    Column("cause", Text, nullable=False),
    Column("actions", Text, nullable=False),
    Column("completed_on", Text),
    Column("round", Integer, nullable=False),  # 1, then +1 after each "not sufficient"
    Column("submitted_at", Text),
    Column("submitted_by", Text),
    Column("verification", Text),  # accepted | insufficient (of the latest submission)
    Column("verification_comment", Text),
    Column("verified_by", Text),
    Column("verified_at", Text),
    Column("updated_at", Text, nullable=False),
    Column("updated_by", Text, nullable=False),
)

# One objection per defect, answered once by the center.
rect_objections = Table(
    "rect_objections",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("defect_id", Text, primary_key=True),
    Column("reasons", Text, nullable=False),
    Column("submitted_at", Text, nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("outcome", Text),  # upheld | rejected
    Column("answer", Text),
    Column("answered_by", Text),
    Column("answered_at", Text),
)

# Evidence files: the bytes are the server's blob of `sha256`; `name` is display text only.
rect_evidence = Table(
    "rect_evidence",
    metadata,
    Column("id", Seq, Identity(), primary_key=True),
    Column("inspection_id", Text, nullable=False),
    Column("defect_id", Text, nullable=False),
    Column("purpose", Text, nullable=False),  # rectification | objection
    Column("sha256", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("added_by", Text, nullable=False),
    Column("removed_at", Text),
    Column("removed_by", Text),
    Index("ix_rect_evidence_defect", "inspection_id", "defect_id"),
)

# Who did what, when, old → new: shown to the center whole, to the company its own actions
# and the center's verifications and answers.
rect_audit = Table(
    "rect_audit",
    metadata,
    Column("id", Seq, Identity(), primary_key=True),
    Column("inspection_id", Text, nullable=False, index=True),
    Column("defect_id", Text),
    Column("at", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("role", Text, nullable=False),  # company | reviewer | admin
    Column("what", Text, nullable=False),
    Column("old", JSON),
    Column("new", JSON),
)

# The company's rating of the service for one inspection: given once, never edited.
rect_satisfaction = Table(
    "rect_satisfaction",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("company", Text, nullable=False),
    Column("rating", Integer, nullable=False),  # 1–5 stars
    Column("comment", Text, nullable=False),
    Column("rated_at", Text, nullable=False, index=True),
    Column("rated_day", Text, nullable=False, index=True),  # China date of rated_at
    Column("rated_by", Text, nullable=False),
)

# The final conclusion (综合评定) and the rectification report the center issued (schema 0010,
# server/assessment.py): one per inspection, never changed. `number` is the issued report's
# number with the suffix "-ZG" (D37); `assessment` keeps what the PDF printed (each defect's
# status and its source, the reasons), so the pages show it as issued.
rect_reports = Table(
    "rect_reports",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("number", Text, nullable=False, unique=True),
    Column("report_number", Text, nullable=False),  # the original report's number
    Column("state", Text, nullable=False),  # single_step | assessed
    Column("profile_id", Text, nullable=False),
    Column("profile_version", Integer, nullable=False),
    Column("first_outcome", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("assessment", JSON, nullable=False),
    Column("pdf_sha256", Text, nullable=False),
    Column("issued_by", Text, nullable=False),
    Column("issued_by_name", Text, nullable=False),
    Column("issued_at", Text, nullable=False),
)
