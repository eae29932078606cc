"""SQL tables. Entity columns mirror domain/model.py field names one to one.

Values are stored in their JSON form (dates and times as ISO text, lists as JSON), the same
form the change log and the interchange format carry, so a value never changes shape between
the row, the audit trail and the wire.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()


def _entity(name: str, *columns: Column, parent: bool = True) -> Table:
    cols: list[Column] = [Column("id", Text, primary_key=True)]
    if parent:
        cols.append(
            Column("inspection_id", Text, ForeignKey("inspection.id"), nullable=False, index=True)
        )
    cols.extend(columns)
    cols.append(Column("deleted", Boolean, nullable=False, default=False))
    return Table(name, metadata, *cols)


inspection = _entity(
    "inspection",
    Column("company_name", Text, nullable=False),
    Column("site_address", Text, nullable=False, default=""),
    Column("products", JSON, nullable=False),
    Column("inspection_type", Text, nullable=False),
    Column("checklist_id", Text, nullable=False),
    Column("checklist_version", Integer, nullable=False),
    Column("scope_sections", JSON, nullable=False),
    Column("scope_tags", JSON, nullable=False),
    Column("planned_start", Text),
    Column("planned_end", Text),
    Column("actual_start", Text),
    Column("actual_end", Text),
    Column("status", Text, nullable=False),
    Column("document_no", Text, nullable=False, default=""),
    Column("conclusion_override", Text),
    Column("conclusion_override_reason", Text, nullable=False, default=""),
    Column("created_at", Text, nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("follows_inspection_id", Text),  # schema 0010: a re-inspection's original
    parent=False,
)

team_member = _entity(
    "team_member",
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("organisation", Text, nullable=False, default=""),
    Column("declaration_signed_at", Text),
    Column("expert_id", Text),  # schema 0009: the expert pool entry (issue 14)
)

item_result = _entity(
    "item_result",
    Column("item_id", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("declared_value", Text, nullable=False, default=""),
    Column("observed_value", Text, nullable=False, default=""),
)

defect = _entity(
    "defect",
    Column("item_id", Text),
    Column("severity", Text, nullable=False),
    Column("facts", Text, nullable=False),
    Column("clause_refs", JSON, nullable=False),
    Column("location", Text, nullable=False, default=""),
    Column("suggested_rectification", Text, nullable=False, default=""),
    Column("falsification", Boolean, nullable=False, default=False),
    Column("affects_quality", Boolean, nullable=False, default=False),  # schema 0007
    Column("author", Text, nullable=False, default=""),
    Column("created_at", Text, nullable=False),
    # schema 0010: a re-inspection's preloaded defect (domain/reinspection.py)
    Column("origin_defect_id", Text),
    Column("origin_answer", JSON),
    Column("followup", Text),
    Column("followup_note", Text, nullable=False, default=""),
)

photo = _entity(
    "photo",
    Column("defect_id", Text, ForeignKey("defect.id"), index=True),
    Column("sha256", Text, nullable=False),
    Column("original_name", Text, nullable=False, default=""),
    Column("caption", Text, nullable=False, default=""),
    Column("taken_at", Text),
    Column("annotations", JSON, nullable=False),  # schema 0004; a JSON list of shapes
    Column("deleted_with", Text),  # schema 0008; the defect deleted together with it
)

signature = _entity(
    "signature",
    Column("role", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("image_sha256", Text),
    Column("signed_at", Text, nullable=False),
)

review = _entity(
    "review",
    Column("defect_id", Text),
    Column("state", Text, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("adjusted_severity", Text),
    Column("reason", Text, nullable=False, default=""),
    Column("reviewer", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("adjusted_facts", Text),  # schema 0006
)

# The team's answer to a returned review (schema 0006).
review_response = _entity(
    "review_response",
    Column("review_id", Text, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# A report the center issued (schema 0006); its PDF is a blob.
issued_report = _entity(
    "issued_report",
    Column("number", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("replaces_id", Text),
    Column("template", Text, nullable=False),
    Column("pdf_sha256", Text, nullable=False),
    Column("issued_by", Text, nullable=False),
    Column("issued_at", Text, nullable=False),
)

ENTITY_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        inspection,
        team_member,
        item_result,
        defect,
        photo,
        signature,
        review,
        review_response,
        issued_report,
    )
}

# Who (a person) changed what, when, from what to what, and why: domain/audit.py. Rows are
# append-only and travel as `audit` change entries (schema 0005).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Text, primary_key=True),
    Column("at", Text, nullable=False),  # wall-clock UTC, ISO 8601
    Column("actor", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False),
    Column("action", Text, nullable=False),  # create | update | delete
    Column("field", Text, nullable=False),  # "*" for a whole-record create
    Column("old", JSON),
    Column("new", JSON),
    Column("reason", Text, nullable=False, default=""),
    Column("account", Text, nullable=False, default=""),
    Column("role", Text, nullable=False, default=""),
    Column("imported_from", Text, nullable=False, default=""),
    Column("imported_by", Text, nullable=False, default=""),
    Column("imported_at", Text, nullable=False, default=""),
    Column("legacy", Boolean, nullable=False, default=False),
    Index("ix_audit_inspection", "inspection_id", "at"),
)

# One row per field change, for sync. `seq` orders the local outbox; `hlc` + `device_id`
# decide last-writer-wins per field.
change_log = Table(
    "change_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("change_id", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", JSON),
    Column("hlc", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    # Set when the server acknowledged the change (schema 0002); until then it is in the outbox.
    Column("acked_at", Text),
    # The clock of the value this change overwrote on its device; None for a new record
    # (schema 0003). Tells a deliberate edit from a concurrent one (domain/merge.py).
    Column("base_hlc", Text),
    # The author device's Ed25519 signature (base64) over `domain.merge.signing_bytes`;
    # NULL until this laptop signs its own entry as it leaves (push, bundle). Schema 0005.
    Column("signature", Text),
    Index("ix_change_field", "kind", "record_id", "field", "hlc"),
    Index("ix_change_inspection", "inspection_id", "seq"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# A concurrent local value that lost the last-writer-wins merge (schema 0002). Kept so the
# team lead can see and, if needed, restore it; nothing recorded on a laptop is dropped.
conflict = Table(
    "conflict",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False, index=True),
    Column("field", Text, nullable=False),
    Column("losing_value", JSON),
    Column("losing_hlc", Text, nullable=False),
    Column("losing_device_id", Text, nullable=False),
    Column("winning_value", JSON),
    Column("winning_hlc", Text, nullable=False),
    Column("winning_device_id", Text, nullable=False),
    Column("detected_at", Text, nullable=False),
    Column("resolved_at", Text),
)


# The public keys of the team's devices, as the server last listed them (schema 0005).
device_key = Table(
    "device_key",
    metadata,
    Column("device_id", Text, primary_key=True),
    Column("public_key", Text, nullable=False),  # raw Ed25519, base64
    Column("user_name", Text, nullable=False),
    Column("revoked_at", Text),
    Column("fetched_at", Text, nullable=False),
)

# Bundle entries signed by a device whose key is not known here yet: they wait, unapplied
# and listed, until a sync brings the key (schema 0005).
held_change = Table(
    "held_change",
    metadata,
    Column("change_id", Text, primary_key=True),
    Column("entry", JSON, nullable=False),  # the ChangeEntry as it came, signature included
    Column("device_id", Text, nullable=False),
    Column("inspection_id", Text, nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),  # the bundle's file name
    Column("received_at", Text, nullable=False),
)
