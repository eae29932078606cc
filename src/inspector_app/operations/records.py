"""One read of one inspection — its records, tombstones and audit trail — for whatever only
reads it whole: a report (its data and the digest that ties the PDF to the record) and the
interchange export.

The rows come from `store/snapshot.py` (the standard library's sqlite3: no SQLAlchemy to
import, ≈ 0.2 s of the report command) when the file is at this build's schema, else from
the store proper; either way they are validated into the same entities. Both the report's
data and its digest are made from this one snapshot, so they cannot describe two different
moments of a record that a sync is changing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _string  # C, as json.dumps uses
from typing import TYPE_CHECKING, Any

from inspector_app.domain.audit import AuditRow
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import (
    ENTITY_TYPES,
    STORED,
    Defect,
    Entity,
    Inspection,
    IssuedReport,
    ItemResult,
    Photo,
    Review,
    ReviewResponse,
    Signature,
    TeamMember,
)

if TYPE_CHECKING:
    from inspector_app.operations.context import App

FORMAT = "inspector-app.inspection"
FORMAT_VERSION = 1

# (interchange section, kind) in the order the format lists them.
SECTIONS = (
    ("team_members", "team_member"),
    ("item_results", "item_result"),
    ("defects", "defect"),
    ("photos", "photo"),
    ("signatures", "signature"),
)
# InspectionRecord's list fields, per kind.
_RECORD_FIELDS = {
    "team_member": "team",
    "item_result": "results",
    "defect": "defects",
    "photo": "photos",
    "signature": "signatures",
    "review": "reviews",
    "review_response": "review_responses",
    "issued_report": "issued_reports",
}


@dataclass
class InspectionRecord:
    """An inspection with everything recorded in it (non-deleted records only)."""

    inspection: Inspection
    team: list[TeamMember] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    # The center's reviews, synced back to the laptop (comments, returns, grade adjustments).
    reviews: list[Review] = field(default_factory=list)
    # The team's answers to returns, and the reports the center issued (schema 0006).
    review_responses: list[ReviewResponse] = field(default_factory=list)
    issued_reports: list[IssuedReport] = field(default_factory=list)

    def result_for(self, item_id: str) -> ItemResult | None:
        return next((r for r in self.results if r.item_id == item_id), None)


@dataclass(frozen=True)
class Snapshot:
    inspection: Inspection
    children: dict[str, list[Entity]]  # per kind, tombstones included, by id
    audit: list[dict[str, Any]]  # stored audit rows, in (time, id) order

    def record(self) -> InspectionRecord:
        """What the app works with: the records not deleted."""
        if self.inspection.deleted:
            raise DomainError("inspection_id", f"no inspection with id {self.inspection.id}")
        lists = {
            field: [e for e in self.children.get(kind, []) if not e.deleted]
            for kind, field in _RECORD_FIELDS.items()
        }
        return InspectionRecord(inspection=self.inspection, **lists)  # type: ignore[arg-type]

    def document(self) -> dict[str, Any]:
        """The interchange document without blobs (docs/interchange-format.md)."""
        doc: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "inspection": self.inspection.model_dump(mode="json"),
        }
        for key, kind in SECTIONS:
            doc[key] = [r.model_dump(mode="json") for r in self.children.get(kind, [])]
        doc["audit_trail"] = [AuditRow.model_validate(row).wire() for row in self.audit]
        return doc

    def blob_hashes(self) -> set[str]:
        """Every photo and signature file the records reference (deleted ones too)."""
        hashes = set()
        for _, kind in SECTIONS:
            for record in self.children.get(kind, []):
                sha = getattr(record, "sha256", None) or getattr(record, "image_sha256", None)
                if sha:
                    hashes.add(sha)
        return hashes


def canonical_json(data: Any) -> bytes:
    """The interchange format's canonical bytes: exactly `json.dumps(data, ensure_ascii=False,
    sort_keys=True, indent=1, separators=(",", ": ")) + "\n"` in UTF-8 (the report digest and
    every exported file depend on them; tests/operations/test_canonical_json.py holds the two
    equal). Written out because json's indenting encoder is its pure-Python one: 40 ms of a
    150-defect report's half second went there; this makes the same text in about half."""
    parts: list[str] = []
    _encode(data, 0, parts.append)
    parts.append("\n")
    return "".join(parts).encode("utf-8")


def _encode(value: Any, level: int, out: Callable[[str], None]) -> None:
    if isinstance(value, str):
        out(_string(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        out(json.dumps(value))  # repr, or NaN/Infinity as json writes them
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        if not all(isinstance(k, str) for k in value):  # json's key coercion: let it decide
            out(
                _indented(
                    json.dumps(
                        value, ensure_ascii=False, sort_keys=True, indent=1, separators=(",", ": ")
                    ),
                    level,
                )
            )
            return
        inner = "\n" + " " * (level + 1)
        first = True
        for key in sorted(value):
            out(("{" if first else ",") + inner + _string(key) + ": ")
            first = False
            _encode(value[key], level + 1, out)
        out("\n" + " " * level + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out("[]")
            return
        inner = "\n" + " " * (level + 1)
        first = True
        for item in value:
            out(("[" if first else ",") + inner)
            first = False
            _encode(item, level + 1, out)
        out("\n" + " " * level + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _indented(text: str, level: int) -> str:
    return text.replace("\n", "\n" + " " * level)


def read_snapshot(app: App, inspection_id: str) -> Snapshot:
    """The inspection as stored now (a deleted one too: check `inspection.deleted`)."""
    from inspector_app.store.snapshot import CHILD_KINDS, read_record

    rows = read_record(app.data_dir, inspection_id, app.key)
    if rows is None:  # no such inspection, or a file only the store proper may open
        return _read_through_store(app, inspection_id)
    inspection = Inspection.model_validate(rows.inspection, context=STORED)
    children: dict[str, list[Entity]] = {}
    for kind in CHILD_KINDS:
        cls = ENTITY_TYPES[kind]
        children[kind] = [cls.model_validate(r, context=STORED) for r in rows.children[kind]]
    return Snapshot(inspection, children, rows.audit)


def _read_through_store(app: App, inspection_id: str) -> Snapshot:
    from inspector_app.store import queries
    from inspector_app.store.snapshot import CHILD_KINDS
    from inspector_app.store.store import find_entities, load_entity

    with app.store.read() as conn:
        inspection = load_entity(conn, "inspection", inspection_id)
        if inspection is None:
            raise DomainError("inspection_id", f"no inspection with id {inspection_id}")
        children = {
            kind: find_entities(conn, kind, include_deleted=True, inspection_id=inspection_id)
            for kind in CHILD_KINDS
        }
        audit = queries.audit_rows_of(conn, inspection_id)
    assert isinstance(inspection, Inspection)
    return Snapshot(inspection, children, audit)
