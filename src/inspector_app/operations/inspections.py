"""Verbs on an inspection: create, answer items, record defects and photos, sign, lock.

Every verb validates its input against the pinned checklist and the lifecycle before it
writes, and writes through one unit of work, so a refused change leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector_app.checklist.applicability import KINDS_FOR_TYPE, serves
from inspector_app.checklist.citation import format_ref
from inspector_app.checklist.schema import Checklist
from inspector_app.domain import lifecycle
from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import item_result_id, new_id
from inspector_app.domain.model import (
    Defect,
    Inspection,
    InspectionType,
    ItemResult,
    Photo,
    ResultValue,
    Severity,
    Signature,
    SignatureRole,
    Status,
    TeamMember,
    TeamRole,
)
from inspector_app.operations.context import App

# Judging and the record's shape live apart (a report reaches them without this module's
# SQL); callers keep importing them from here.
from inspector_app.operations.judging import checklist_of as checklist_of
from inspector_app.operations.judging import conclusion_of as conclusion_of
from inspector_app.operations.judging import profile_of as profile_of
from inspector_app.operations.listing import InspectionSummary
from inspector_app.operations.records import InspectionRecord as InspectionRecord

if TYPE_CHECKING:
    from inspector_app.domain.conclusion import FinalConclusion
from inspector_app.store import queries

# attach_photo raises it; the UI takes it from here (ui/ imports no store/).
from inspector_app.store.blobs import PhotoRefused
from inspector_app.store.store import UnitOfWork, pending_changes, validate_entity


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TeamMemberInput:
    name: str
    role: TeamRole
    organisation: str = ""
    declaration_signed_at: datetime | None = None
    expert_id: str | None = None  # picked from the expert pool (operations/experts.py)


# ---- creating ----------------------------------------------------------------------------


def create_inspection(
    app: App,
    *,
    company_name: str,
    inspection_type: InspectionType | str,
    checklist_id: str,
    checklist_version: int | None = None,
    site_address: str = "",
    products: Sequence[str] = (),
    scope_sections: Sequence[str] = (),
    scope_tags: Sequence[str] = (),
    planned_start: date | None = None,
    planned_end: date | None = None,
    document_no: str = "",
    team: Iterable[TeamMemberInput] = (),
) -> Inspection:
    checklist = _checklist_for_new(app, checklist_id, checklist_version)
    _check_type(checklist, inspection_type)
    _check_scope(checklist, scope_sections, scope_tags)
    inspection = validate_entity(
        Inspection,
        {
            "id": new_id(),
            "company_name": company_name,
            "site_address": site_address,
            "products": list(products),
            "inspection_type": inspection_type,
            "checklist_id": checklist.id,
            "checklist_version": checklist.version,
            "scope_sections": list(scope_sections),
            "scope_tags": list(scope_tags),
            "planned_start": planned_start,
            "planned_end": planned_end,
            "document_no": document_no,
            "created_at": _now(),
        },
    )
    team = list(team)
    # An expert picked from the pool whose employer or declared conflicts match the company
    # is refused here, for every caller (operations/experts.py).
    from inspector_app.operations.experts import check_team

    check_team(app, company_name, team)
    members = [
        validate_entity(
            TeamMember,
            {"id": new_id(), "inspection_id": inspection.id, **m.__dict__},
        )
        for m in team
    ]
    with app.store.write(app.person) as uow:
        uow.add(inspection)
        for member in members:
            uow.add(member)
    return inspection


def _checklist_for_new(app: App, checklist_id: str, version: int | None) -> Checklist:
    try:
        checklist = (
            app.library.get(checklist_id, version) if version else app.library.latest(checklist_id)
        )
    except KeyError as exc:
        raise DomainError("checklist_id", str(exc.args[0]) if exc.args else str(exc)) from None
    if not checklist.is_current:
        raise DomainError(
            "checklist_id",
            f"{checklist.id} v{checklist.version} follows {checklist.regulation.name}"
            f"（{checklist.regulation.version}）, which was replaced by "
            f"{checklist.regulation.replaced_by}; it stays for old inspections only",
        )
    return checklist


def _check_type(checklist: Checklist, inspection_type: InspectionType | str) -> None:
    try:
        kind = InspectionType(inspection_type)
    except ValueError:
        return  # the entity's own validation names the bad value
    if not serves(checklist, kind):
        raise DomainError(
            "checklist_id",
            f"{checklist.id}（{checklist.kind.value}）does not serve a {kind.value} "
            f"inspection; use one of: " + ", ".join(k.value for k in KINDS_FOR_TYPE[kind]),
        )


def _check_scope(checklist: Checklist, sections: Sequence[str], tags: Sequence[str]) -> None:
    known_sections = {s.id for chain, _ in checklist.walk_items() for s in chain}
    for sid in sections:
        if sid not in known_sections:
            raise DomainError("scope_sections", f"{checklist.id} has no section '{sid}'")
    known_tags = {t.id for t in checklist.tags}
    for tag in tags:
        if tag not in known_tags:
            raise DomainError(
                "scope_tags",
                f"'{tag}' is not an applicability tag of {checklist.id} "
                f"(known: {', '.join(sorted(known_tags)) or 'none'})",
            )


# ---- guarded writes ----------------------------------------------------------------------


@contextmanager
def guarded_write(
    app: App, inspection_id: str, revision_reason: str | None
) -> Iterator[tuple[UnitOfWork, Inspection]]:
    """A unit of work on one inspection that refuses changes to a locked one without a reason,
    and every change once the center issued the report (locked for good).

    The status is read inside the write transaction, so a lock taken in between by another
    process cannot be bypassed.
    """
    with app.store.write(app.person) as uow:
        inspection = uow.get("inspection", inspection_id)
        if inspection is None or inspection.deleted:
            raise DomainError("inspection_id", f"no inspection with id {inspection_id}")
        assert isinstance(inspection, Inspection)
        if inspection.status is Status.REPORT_ISSUED:
            in_force = lifecycle.report_in_force(
                uow.find("issued_report", inspection_id=inspection_id)  # type: ignore[arg-type]
            )
            number = in_force.number if in_force else None
            lifecycle.check_not_issued(inspection.status, number)
        lifecycle.check_revision_reason(inspection.status, revision_reason)
        if lifecycle.is_locked(inspection.status):
            uow.reason = (revision_reason or "").strip()
        yield uow, inspection


def get_inspection(app: App, inspection_id: str) -> Inspection:
    inspection = app.store.get("inspection", inspection_id)
    if inspection is None or inspection.deleted:
        raise DomainError("inspection_id", f"no inspection with id {inspection_id}")
    assert isinstance(inspection, Inspection)
    return inspection


def update_inspection(
    app: App, inspection_id: str, changes: dict[str, Any], revision_reason: str | None = None
) -> Inspection:
    forbidden = {"status", "checklist_id", "checklist_version", "created_at", "id"} & set(changes)
    if forbidden:
        raise DomainError(sorted(forbidden)[0], "is changed by its own action, not edited")
    with guarded_write(app, inspection_id, revision_reason) as (uow, inspection):
        if "scope_sections" in changes or "scope_tags" in changes:
            _check_scope(
                checklist_of(app, inspection),
                changes.get("scope_sections", inspection.scope_sections),
                changes.get("scope_tags", inspection.scope_tags),
            )
        result = uow.update("inspection", inspection_id, changes)
    assert isinstance(result, Inspection)
    return result


def add_team_member(
    app: App, inspection_id: str, member: TeamMemberInput, revision_reason: str | None = None
) -> TeamMember:
    entity = validate_entity(
        TeamMember, {"id": new_id(), "inspection_id": inspection_id, **member.__dict__}
    )
    with guarded_write(app, inspection_id, revision_reason) as (uow, inspection):
        if member.expert_id:
            from inspector_app.operations.experts import check_team

            check_team(app, inspection.company_name, [member])
        return uow.add(entity)


# ---- lifecycle ---------------------------------------------------------------------------


def start_on_site(app: App, inspection_id: str, on: date | None = None) -> Inspection:
    """The team is on site: the checklist work and the closing meeting can begin.

    `on` is the actual start date the inspector gave (it may be earlier than today when the
    start is recorded late); without it an actual start already set is kept, else today.
    The status is read inside the write transaction, so a second start is refused.
    """
    with app.store.write(app.person) as uow:
        inspection = uow.get("inspection", inspection_id)
        if inspection is None or inspection.deleted:
            raise DomainError("inspection_id", f"no inspection with id {inspection_id}")
        lifecycle.check_transition(inspection.status, Status.ON_SITE)
        changes: dict[str, Any] = {"status": Status.ON_SITE}
        if on is not None:
            changes["actual_start"] = on
        elif inspection.actual_start is None:
            changes["actual_start"] = date.today()
        return uow.update("inspection", inspection_id, changes)  # type: ignore[return-value]


def close_on_site(app: App, inspection_id: str, on: date | None = None) -> Inspection:
    """The company acknowledged the defect list: the record locks from here on."""
    record = load_inspection(app, inspection_id)
    lifecycle.check_transition(record.inspection.status, Status.CLOSED)
    if not any(s.role is SignatureRole.COMPANY for s in record.signatures):
        raise DomainError(
            "signatures", "the company representative has not signed the defect list yet"
        )
    if not any(s.role is SignatureRole.INSPECTOR for s in record.signatures):
        raise DomainError("signatures", "no inspector of the team has signed yet")
    changes: dict[str, Any] = {"status": Status.CLOSED}
    if record.inspection.actual_end is None:
        changes["actual_end"] = on or date.today()
    with app.store.write(app.person) as uow:
        return uow.update("inspection", inspection_id, changes)  # type: ignore[return-value]


def mark_report_issued(app: App, inspection_id: str) -> Inspection:
    inspection = get_inspection(app, inspection_id)
    lifecycle.check_transition(inspection.status, Status.REPORT_ISSUED)
    with app.store.write(app.person) as uow:
        return uow.update(  # type: ignore[return-value]
            "inspection", inspection_id, {"status": Status.REPORT_ISSUED}
        )


def sign(
    app: App,
    inspection_id: str,
    role: SignatureRole | str,
    name: str,
    image_png: bytes | None = None,
) -> Signature:
    inspection = get_inspection(app, inspection_id)
    if inspection.status is not Status.ON_SITE:
        raise DomainError("status", "signatures are collected on site, at the closing meeting")
    image_sha = app.blobs.put_bytes(image_png).sha256 if image_png else None
    signature = validate_entity(
        Signature,
        {
            "id": new_id(),
            "inspection_id": inspection_id,
            "role": role,
            "name": name,
            "image_sha256": image_sha,
            "signed_at": _now(),
        },
    )
    with app.store.write(app.person) as uow:
        return uow.add(signature)


# ---- item results ------------------------------------------------------------------------


def record_result(
    app: App,
    inspection_id: str,
    item_id: str,
    result: ResultValue | str,
    *,
    reason: str | None = None,
    note: str | None = None,
    declared_value: str | None = None,
    observed_value: str | None = None,
    revision_reason: str | None = None,
) -> ItemResult:
    given = {
        "result": result,
        "reason": reason,
        "note": note,
        "declared_value": declared_value,
        "observed_value": observed_value,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    rid = item_result_id(inspection_id, item_id)
    with guarded_write(app, inspection_id, revision_reason) as (uow, inspection):
        checklist = checklist_of(app, inspection)
        item = checklist.items_by_id().get(item_id)
        if item is None:
            raise DomainError(
                "item_id", f"{checklist.id} v{checklist.version} has no item '{item_id}'"
            )
        if (declared_value or observed_value) and item.declared_observed is None:
            raise DomainError("declared_value", f"item {item.code} has no declared/observed values")
        existing = uow.get("item_result", rid)
        if existing is None:
            entity = validate_entity(
                ItemResult,
                {"id": rid, "inspection_id": inspection_id, "item_id": item_id, **changes},
            )
            return uow.add(entity)
        return uow.update("item_result", rid, changes)  # type: ignore[return-value]


# ---- defects and photos ------------------------------------------------------------------


def add_defect(
    app: App,
    inspection_id: str,
    *,
    severity: Severity | str,
    facts: str,
    item_id: str | None = None,
    clause_refs: Sequence[str] | None = None,
    location: str = "",
    suggested_rectification: str = "",
    falsification: bool = False,
    affects_quality: bool = False,
    revision_reason: str | None = None,
) -> Defect:
    inspection = get_inspection(app, inspection_id)
    if item_id is not None:
        item = checklist_of(app, inspection).items_by_id().get(item_id)
        if item is None:
            raise DomainError("item_id", f"the checklist has no item '{item_id}'")
        if clause_refs is None:
            clause_refs = [format_ref(ref) for ref in item.refs]
    defect = validate_entity(
        Defect,
        {
            "id": new_id(),
            "inspection_id": inspection_id,
            "item_id": item_id,
            "severity": severity,
            "facts": facts,
            "clause_refs": list(clause_refs or []),
            "location": location,
            "suggested_rectification": suggested_rectification,
            "falsification": falsification,
            "affects_quality": affects_quality,
            "author": app.actor,
            "created_at": _now(),
        },
    )
    with guarded_write(app, inspection_id, revision_reason) as (uow, _):
        return uow.add(defect)


def update_defect(
    app: App, defect_id: str, changes: dict[str, Any], revision_reason: str | None = None
) -> Defect:
    defect = _get(app, "defect", defect_id)
    # A re-inspection's link to the original and the company's answer are read-only (issue 15).
    if {"inspection_id", "author", "created_at", "origin_defect_id", "origin_answer"} & set(
        changes
    ):
        raise DomainError(
            "defect",
            "inspection, author, creation time, the original defect and the company's answer "
            "cannot be changed",
        )
    with guarded_write(app, defect.inspection_id, revision_reason) as (uow, _):
        return uow.update("defect", defect_id, changes)  # type: ignore[return-value]


def delete_defect(app: App, defect_id: str, revision_reason: str | None = None) -> Defect:
    """Tombstone the defect and its photos in one unit of work; each photo records that it
    went with this defect (`deleted_with`), so a restore brings back exactly these."""
    defect = _get(app, "defect", defect_id)
    with guarded_write(app, defect.inspection_id, revision_reason) as (uow, _):
        deleted = uow.delete("defect", defect_id)
        for photo in uow.find("photo", defect_id=defect_id):
            uow.update("photo", photo.id, {"deleted": True, "deleted_with": defect_id})
    return deleted  # type: ignore[return-value]


def restore_defect(app: App, defect_id: str, revision_reason: str | None = None) -> Defect:
    """Undo a delete: the defect and exactly the photos that were deleted together with it."""
    defect = app.store.get("defect", defect_id)
    if defect is None:
        raise DomainError("id", f"no defect with id {defect_id}")
    if not defect.deleted:
        return defect  # type: ignore[return-value]
    with guarded_write(app, defect.inspection_id, revision_reason) as (uow, _):
        restored = uow.update("defect", defect_id, {"deleted": False})
        for photo in uow.find("photo", include_deleted=True, deleted_with=defect_id):
            uow.update("photo", photo.id, {"deleted": False, "deleted_with": None})
    return restored  # type: ignore[return-value]


def attach_photo(
    app: App,
    inspection_id: str,
    source: Path,
    *,
    defect_id: str | None = None,
    caption: str = "",
    taken_at: datetime | None = None,
    revision_reason: str | None = None,
) -> Photo:
    """Store the file (refused with PhotoRefused if it is no usable photo), then the record."""
    get_inspection(app, inspection_id)
    if defect_id is not None:
        defect = _get(app, "defect", defect_id)
        if defect.inspection_id != inspection_id:
            raise DomainError("defect_id", "the defect belongs to another inspection")
    stored = app.blobs.import_photo(Path(source))
    photo = validate_entity(
        Photo,
        {
            "id": new_id(),
            "inspection_id": inspection_id,
            "defect_id": defect_id,
            "sha256": stored.sha256,
            "original_name": Path(source).name,
            "caption": caption,
            "taken_at": taken_at,
        },
    )
    with guarded_write(app, inspection_id, revision_reason) as (uow, _):
        return uow.add(photo)


def update_photo(
    app: App, photo_id: str, changes: dict[str, Any], revision_reason: str | None = None
) -> Photo:
    if set(changes) - {"caption", "taken_at", "defect_id", "deleted"}:
        raise DomainError("photo", "only caption, time, defect link and deletion can change")
    photo = _get(app, "photo", photo_id)
    with guarded_write(app, photo.inspection_id, revision_reason) as (uow, _):
        return uow.update("photo", photo_id, changes)  # type: ignore[return-value]


def _get(app: App, kind: str, record_id: str) -> Any:
    entity = app.store.get(kind, record_id)
    if entity is None or entity.deleted:
        raise DomainError("id", f"no {kind.replace('_', ' ')} with id {record_id}")
    return entity


# ---- conclusion --------------------------------------------------------------------------


def suggested_conclusion(app: App, inspection_id: str) -> FinalConclusion:
    return conclusion_of(app, load_inspection(app, inspection_id))


def override_conclusion(
    app: App,
    inspection_id: str,
    outcome: str | None,
    reason: str = "",
    revision_reason: str | None = None,
) -> Inspection:
    """Set (or with outcome None, clear) the inspector's final conclusion and its reason."""
    inspection = get_inspection(app, inspection_id)
    profile = profile_of(app, inspection)
    if outcome is not None and outcome not in profile.outcomes:
        raise DomainError(
            "conclusion_override",
            f"'{outcome}' is not an outcome of {profile.id} "
            f"(one of: {', '.join(profile.outcomes)})",
        )
    changes = {
        "conclusion_override": outcome,
        "conclusion_override_reason": reason if outcome else "",
    }
    return update_inspection(app, inspection_id, changes, revision_reason)


# ---- reading -----------------------------------------------------------------------------


def load_inspection(app: App, inspection_id: str) -> InspectionRecord:
    with app.store.read() as conn:
        from inspector_app.store.store import find_entities, load_entity

        inspection = load_entity(conn, "inspection", inspection_id)
        if inspection is None or inspection.deleted:
            raise DomainError("inspection_id", f"no inspection with id {inspection_id}")
        return InspectionRecord(
            inspection=inspection,  # type: ignore[arg-type]
            team=find_entities(conn, "team_member", inspection_id=inspection_id),  # type: ignore[arg-type]
            results=find_entities(conn, "item_result", inspection_id=inspection_id),  # type: ignore[arg-type]
            defects=find_entities(conn, "defect", inspection_id=inspection_id),  # type: ignore[arg-type]
            photos=find_entities(conn, "photo", inspection_id=inspection_id),  # type: ignore[arg-type]
            signatures=find_entities(conn, "signature", inspection_id=inspection_id),  # type: ignore[arg-type]
            reviews=find_entities(conn, "review", inspection_id=inspection_id),  # type: ignore[arg-type]
            review_responses=find_entities(conn, "review_response", inspection_id=inspection_id),  # type: ignore[arg-type]
            issued_reports=find_entities(conn, "issued_report", inspection_id=inspection_id),  # type: ignore[arg-type]
        )


def list_inspections(app: App, include_archived: bool = False) -> list[InspectionSummary]:
    """Every inspection with defect counts by grade and its unsynced changes, newest first."""
    with app.store.read() as conn:
        rows = queries.inspection_rows(conn, include_archived)
    summaries = [
        InspectionSummary(
            id=r["id"],
            company_name=r["company_name"],
            inspection_type=r["inspection_type"],
            status=r["status"],
            checklist_id=r["checklist_id"],
            checklist_version=r["checklist_version"],
            planned_start=r["planned_start"],
            planned_end=r["planned_end"],
            actual_start=r["actual_start"],
            actual_end=r["actual_end"],
            archived=bool(r["archived"]),
            critical=int(r["n_critical"]),
            major=int(r["n_major"]),
            general=int(r["n_general"]),
            pending_sync=int(r["n_pending"]),
            issued_number=r["issued_number"],
        )
        for r in rows
    ]
    # Each request's 办结期限 as the last sync kept it (sync/deadlines.py, D32).
    from inspector_app.operations.listing import deadlines_from_meta, with_deadlines
    from inspector_app.store.quick import DEADLINES_META_KEY

    return with_deadlines(summaries, deadlines_from_meta(app.store.meta_value(DEADLINES_META_KEY)))


def audit_trail(app: App, inspection_id: str) -> list[dict[str, Any]]:
    with app.store.read() as conn:
        return queries.audit_rows_of(conn, inspection_id)


def pending_sync_count(app: App, inspection_id: str | None = None) -> int:
    with app.store.read() as conn:
        return pending_changes(conn, inspection_id)


__all__ = [
    "InspectionRecord",
    "InspectionSummary",
    "PhotoRefused",
    "TeamMemberInput",
    "UnitOfWork",
]
