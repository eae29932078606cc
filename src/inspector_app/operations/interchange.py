"""The JSON interchange format for one inspection (docs/interchange-format.md).

Export is canonical — sorted keys, records ordered by id, audit trail by (time, id), blobs
by hash, no export timestamp — so the same record always gives the same bytes, and
export → import → export gives the same records and the same trail rows. The audit trail
travels with the record: it is the legal history of the inspection, not the importer's, so
its rows keep their content — but each is marked as imported (`imported_from`: the file's
name and SHA-256, `imported_by`, `imported_at`), never passed off as written on this laptop,
and the import itself adds one row naming the importer. Rows marked already (a file exported
after an earlier import) keep their first marks.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspector_app.domain.audit import AuditRow
from inspector_app.domain.errors import DomainError, InspectorError
from inspector_app.domain.model import Defect, Inspection, ItemResult, Photo, Signature, TeamMember
from inspector_app.operations.context import App
from inspector_app.operations.records import FORMAT as FORMAT
from inspector_app.operations.records import FORMAT_VERSION as FORMAT_VERSION
from inspector_app.operations.records import SECTIONS as _SECTIONS
from inspector_app.operations.records import canonical_json as canonical_json
from inspector_app.operations.records import read_snapshot


class AuditEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    at: str
    actor: str
    device_id: str
    kind: str
    record_id: str
    inspection_id: str
    action: Literal["create", "update", "delete"]
    field: str
    old: Any = None
    new: Any = None
    reason: str = ""
    account: str = ""
    role: Literal["", "inspector", "reviewer", "admin"] = ""
    imported_from: str = ""
    imported_by: str = ""
    imported_at: str = ""


# The field of the row an import adds: "this inspection was imported from that file".
IMPORT_FIELD = "import"


class Blob(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base64: str = Field(description="the original file's bytes, base64-encoded")


class InspectionDocument(BaseModel):
    """One inspection with all its records, its audit trail and the photo/signature bytes."""

    model_config = ConfigDict(extra="forbid", title="inspector_app inspection interchange")

    format: Literal["inspector-app.inspection"]
    format_version: Literal[1]
    inspection: Inspection
    team_members: list[TeamMember] = Field(default_factory=list)
    item_results: list[ItemResult] = Field(default_factory=list)
    defects: list[Defect] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)
    audit_trail: list[AuditEntry] = Field(default_factory=list)
    blobs: dict[str, Blob] = Field(default_factory=dict, description="keyed by SHA-256")


def export_document(app: App, inspection_id: str, *, with_blobs: bool = True) -> dict[str, Any]:
    """The inspection as interchange data (tombstoned records included: the trail cites them).
    Without blobs: the records only (no "blobs" key), as the report digest covers them."""
    snapshot = read_snapshot(app, inspection_id)
    doc = snapshot.document()
    if not with_blobs:
        return doc
    blobs = {}
    for sha in sorted(snapshot.blob_hashes()):
        if not app.blobs.has(sha):
            raise DomainError("blobs", f"photo {sha} is referenced but its file is missing")
        blobs[sha] = {"base64": base64.b64encode(app.blobs.read(sha)).decode("ascii")}
    doc["blobs"] = blobs
    return doc


def export_inspection(app: App, inspection_id: str) -> bytes:
    return canonical_json(export_document(app, inspection_id))


class InterchangeError(InspectorError, ValueError):
    """The file cannot be imported; the message says where and why. Nothing was changed."""


def parse_document(data: bytes, source: str = "<input>") -> InspectionDocument:
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InterchangeError(
            f"{source}: not an inspector_app inspection file (format != {FORMAT})"
        )
    if raw.get("format_version") != FORMAT_VERSION:
        raise InterchangeError(
            f"{source}: format_version {raw.get('format_version')!r} is not supported "
            f"(this version reads {FORMAT_VERSION})"
        )
    try:
        return InspectionDocument.model_validate(raw)
    except ValidationError as exc:
        lines = [
            f"{source}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in exc.errors()[:20]
        ]
        raise InterchangeError("\n".join(lines)) from None


def import_inspection(app: App, data: bytes, source: str = "<input>") -> str:
    """Import one inspection as a new record on this laptop; returns its id."""
    doc = parse_document(data, source)
    inspection_id = doc.inspection.id
    _check_consistency(app, doc, source)
    blobs: dict[str, bytes] = {}
    for sha, blob in doc.blobs.items():
        content = base64.b64decode(blob.base64, validate=True)
        if hashlib.sha256(content).hexdigest() != sha:
            raise InterchangeError(f"{source}: blobs.{sha}: content does not match its SHA-256")
        blobs[sha] = content
    referenced = {p.sha256 for p in doc.photos} | {
        s.image_sha256 for s in doc.signatures if s.image_sha256
    }
    missing = referenced - set(blobs)
    if missing:
        raise InterchangeError(f"{source}: blobs: missing the file of {sorted(missing)[0]}")
    # Files first: a blob without a record is harmless; a record without its blob is not.
    for sha, content in blobs.items():
        app.blobs.put_bytes(content, expected_sha256=sha)
        if sha in {p.sha256 for p in doc.photos}:
            app.blobs.ensure_derivative(sha)
    person = app.person
    file_sha = hashlib.sha256(data).hexdigest()
    origin = f"{Path(source).name} (SHA-256 {file_sha})"
    with app.store.write(person, reason=f"从文件导入：{Path(source).name}") as uow:
        if uow.get("inspection", inspection_id) is not None:
            raise InterchangeError(
                f"{source}: inspection {inspection_id} already exists on this laptop "
                "(use a bundle import to merge changes from a team member)"
            )
        uow.add(doc.inspection, audit=False)
        for key, _kind in _SECTIONS:
            for record in getattr(doc, key):
                uow.add(record, audit=False)
        for entry in doc.audit_trail:
            values = entry.model_dump(mode="json")
            if not values["imported_from"]:
                values.update(imported_from=origin, imported_by=person.label(), imported_at=uow.at)
            uow.add_audit_row(_imported_row(values, source))
        uow.record_event(
            "inspection",
            inspection_id,
            inspection_id,
            IMPORT_FIELD,
            {"file": Path(source).name, "sha256": file_sha, "rows": len(doc.audit_trail)},
        )
    return inspection_id


def _imported_row(values: dict[str, Any], source: str) -> AuditRow:
    try:
        return AuditRow.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InterchangeError(
            f"{source}: audit_trail {values.get('id')}: "
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
        ) from None


def _check_consistency(app: App, doc: InspectionDocument, source: str) -> None:
    iid = doc.inspection.id
    for key, _kind in _SECTIONS:
        for index, record in enumerate(getattr(doc, key)):
            if record.inspection_id != iid:
                raise InterchangeError(
                    f"{source}: {key}.{index}.inspection_id: belongs to another inspection"
                )
    for index, entry in enumerate(doc.audit_trail):
        if entry.inspection_id != iid:
            raise InterchangeError(
                f"{source}: audit_trail.{index}.inspection_id: belongs to another inspection"
            )
    try:
        app.library.get(doc.inspection.checklist_id, doc.inspection.checklist_version)
    except KeyError:
        raise InterchangeError(
            f"{source}: inspection.checklist_id: checklist {doc.inspection.checklist_id} "
            f"v{doc.inspection.checklist_version} is not installed on this laptop"
        ) from None
    defect_ids = {d.id for d in doc.defects}
    for index, photo in enumerate(doc.photos):
        if photo.defect_id and photo.defect_id not in defect_ids:
            raise InterchangeError(
                f"{source}: photos.{index}.defect_id: no such defect in the file"
            )


def write_json_schema(path: Path) -> None:
    schema = InspectionDocument.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    path.write_text(
        json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":  # python -m inspector_app.operations.interchange docs/…schema.json
    import sys

    write_json_schema(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/interchange.schema.json"))
