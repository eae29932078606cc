"""The expert pool on the server (issue 14): experts and third-party firms, the companies
each has declared a conflict of interest with, their scanned confidentiality agreements, and
the history of every change made in the console (who, when, what).

Invariants: every write is one serialised transaction that also appends its history row, so
the register never changes without saying who changed it; a refused write (`ApiError`,
naming the field or record) changes nothing. The declarations made in the laptop's wizard are
not copied here: they are the synced team-member records that name the expert
(`team_member.expert_id` + `declaration_signed_at` in `winners`) and are read from there, so
the register shows exactly what the laptops sent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    and_,
    cast,
    insert,
    select,
    update,
)

from inspector_app.domain.experts import SPECIALTIES, PoolExpert
from inspector_app.domain.ids import new_id
from inspector_app.server import db
from inspector_app.server.auth import Principal, iso, utc_now
from inspector_app.server.errors import ApiError

KINDS = ("expert", "firm")
MAX_NAME = 200
MAX_NOTE = 2_000
# A scanned agreement: a PDF or a photo of the signed page.
MAX_AGREEMENT_BYTES = 10 * 1024 * 1024
AGREEMENT_TYPES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}

experts = Table(
    "experts",
    db.metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),  # expert | firm
    Column("name", Text, nullable=False),
    Column("specialties", JSON, nullable=False),  # codes of domain.experts.SPECIALTIES
    Column("employer", Text, nullable=False, default=""),
    # Teams whose laptops receive the entry; empty: every team (the center's own pool).
    Column("teams", JSON, nullable=False),
    Column("available", Boolean, nullable=False, default=True),
    Column("note", Text, nullable=False, default=""),
    Column("agreement_date", Text),  # ISO date the confidentiality agreement was signed
    Column("agreement_sha256", Text),  # expert_files row of its scan
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("updated_by", Text, nullable=False),
)

# Scanned agreements by SHA-256 (immutable; a new scan is a new row).
expert_files = Table(
    "expert_files",
    db.metadata,
    Column("sha256", Text, primary_key=True),
    Column("media_type", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_at", Text, nullable=False),
    Column("uploaded_by", Text, nullable=False),
)

# Companies an expert declared a conflict of interest with (employment, consultancy, family,
# shares …). Append-only; a withdrawal is recorded, never a deletion.
expert_conflicts = Table(
    "expert_conflicts",
    db.metadata,
    Column("id", Text, primary_key=True),
    Column("expert_id", Text, ForeignKey("experts.id"), nullable=False),
    Column("company", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("declared_on", Text, nullable=False),  # ISO date of the declaration
    Column("recorded_at", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("withdrawn_at", Text),
    Column("withdrawn_by", Text),
    Index("ix_expert_conflicts_expert", "expert_id"),
)

# What was done to an entry in the console, by whom and when (shown on its page).
expert_history = Table(
    "expert_history",
    db.metadata,
    Column("id", Text, primary_key=True),
    Column("expert_id", Text, ForeignKey("experts.id"), nullable=False),
    Column("at", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("action", Text, nullable=False),  # added | edited | conflict | withdrawn | agreement
    Column("detail", JSON, nullable=False),
    Index("ix_expert_history_expert", "expert_id"),
)


@dataclass
class ExpertInput:
    kind: str
    name: str
    specialties: list[str]
    employer: str = ""
    teams: list[str] = field(default_factory=list)
    available: bool = True
    note: str = ""
    agreement_date: str | None = None


@dataclass
class Declaration:
    """A team member record synced from a laptop that names this expert."""

    inspection_id: str
    company: str
    member_name: str
    signed_at: str | None


def _invalid(where: str, message: str, key: str = "", **values: Any) -> ApiError:
    return refused(422, "invalid", f"{where}: {message}", key, **values)


def refused(status: int, code: str, message: str, key: str = "", **values: Any) -> ApiError:
    """An ApiError the console words by `console_key` (texts_experts) with `console_values`."""
    error = ApiError(status, code, message)
    error.console_key = key  # type: ignore[attr-defined]
    error.console_values = values  # type: ignore[attr-defined]
    return error


def _check(data: ExpertInput) -> None:
    if data.kind not in KINDS:
        raise _invalid("kind", f"one of {', '.join(KINDS)}")
    if not data.name.strip() or len(data.name) > MAX_NAME:
        raise _invalid("name", f"1–{MAX_NAME} characters")
    unknown = [s for s in data.specialties if s not in SPECIALTIES]
    if unknown:
        raise _invalid("specialties", f"unknown {', '.join(unknown)}")
    if not data.specialties:
        raise _invalid("specialties", "choose at least one")
    if len(data.employer) > MAX_NAME or len(data.note) > MAX_NOTE:
        raise _invalid("employer/note", "too long")


def _history(conn: Any, expert_id: str, who: str, action: str, detail: dict[str, Any]) -> None:
    conn.execute(
        insert(expert_history).values(
            id=new_id(),
            expert_id=expert_id,
            at=iso(utc_now()),
            by=who,
            action=action,
            detail=detail,
        )
    )


def _values(data: ExpertInput) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "name": data.name.strip(),
        "specialties": list(dict.fromkeys(data.specialties)),
        "employer": data.employer.strip(),
        "teams": sorted({t.strip() for t in data.teams if t.strip()}),
        "available": data.available,
        "note": data.note,
        "agreement_date": data.agreement_date or None,
    }


def add_expert(engine: Engine, who: str, data: ExpertInput) -> str:
    _check(data)
    expert_id = new_id()
    now = iso(utc_now())
    values = _values(data)
    with db.write_transaction(engine) as conn:
        conn.execute(
            insert(experts).values(
                id=expert_id,
                created_at=now,
                created_by=who,
                updated_at=now,
                updated_by=who,
                **values,
            )
        )
        _history(conn, expert_id, who, "added", values)
    return expert_id


def edit_expert(engine: Engine, who: str, expert_id: str, data: ExpertInput) -> None:
    _check(data)
    values = _values(data)
    with db.write_transaction(engine) as conn:
        old = conn.execute(select(experts).where(experts.c.id == expert_id)).mappings().first()
        if old is None:
            raise ApiError(404, "not_found", f"no expert {expert_id} in the pool")
        changed = {k: v for k, v in values.items() if old[k] != v}
        if not changed:
            return
        conn.execute(
            update(experts)
            .where(experts.c.id == expert_id)
            .values(updated_at=iso(utc_now()), updated_by=who, **changed)
        )
        _history(conn, expert_id, who, "edited", {k: [old[k], v] for k, v in changed.items()})


def add_conflict(
    engine: Engine, who: str, expert_id: str, company: str, reason: str, declared_on: str
) -> str:
    company = company.strip()
    if not company or len(company) > MAX_NAME:
        raise _invalid("company", f"1–{MAX_NAME} characters")
    if not reason.strip() or len(reason) > MAX_NOTE:
        raise _invalid("reason", f"1–{MAX_NOTE} characters")
    conflict_id = new_id()
    with db.write_transaction(engine) as conn:
        if conn.execute(select(experts.c.id).where(experts.c.id == expert_id)).first() is None:
            raise ApiError(404, "not_found", f"no expert {expert_id} in the pool")
        conn.execute(
            insert(expert_conflicts).values(
                id=conflict_id,
                expert_id=expert_id,
                company=company,
                reason=reason.strip(),
                declared_on=declared_on,
                recorded_at=iso(utc_now()),
                recorded_by=who,
            )
        )
        _history(conn, expert_id, who, "conflict", {"company": company, "reason": reason})
    return conflict_id


def withdraw_conflict(engine: Engine, who: str, expert_id: str, conflict_id: str) -> None:
    c = expert_conflicts.c
    with db.write_transaction(engine) as conn:
        row = conn.execute(
            select(c.company, c.withdrawn_at).where(
                and_(c.id == conflict_id, c.expert_id == expert_id)
            )
        ).first()
        if row is None:
            raise ApiError(404, "not_found", f"no declared conflict {conflict_id} of {expert_id}")
        if row.withdrawn_at is not None:
            raise refused(
                409,
                "conflict",
                f"the conflict with {row.company} is withdrawn already",
                "expert_err_withdrawn",
                company=row.company,
            )
        conn.execute(
            update(expert_conflicts)
            .where(c.id == conflict_id)
            .values(withdrawn_at=iso(utc_now()), withdrawn_by=who)
        )
        _history(conn, expert_id, who, "withdrawn", {"company": row.company})


def media_type_of(data: bytes) -> str | None:
    """The agreement's type from its first bytes (the browser's claim is not trusted)."""
    return next((t for t, magic in AGREEMENT_TYPES.items() if data.startswith(magic)), None)


def attach_agreement(engine: Engine, who: str, expert_id: str, file_name: str, data: bytes) -> str:
    if not data:
        raise _invalid("agreement_file", "the file is empty", "expert_err_file_empty")
    if len(data) > MAX_AGREEMENT_BYTES:
        mb = MAX_AGREEMENT_BYTES // 1024 // 1024
        raise _invalid("agreement_file", f"larger than {mb} MB", "expert_err_file_size", mb=mb)
    media = media_type_of(data)
    if media is None:
        raise _invalid(
            "agreement_file", "only PDF, JPEG or PNG scans are accepted", "expert_err_file_type"
        )
    sha = hashlib.sha256(data).hexdigest()
    name = file_name.replace("/", "_").replace("\\", "_")[:MAX_NAME] or "agreement"
    with db.write_transaction(engine) as conn:
        if conn.execute(select(experts.c.id).where(experts.c.id == expert_id)).first() is None:
            raise ApiError(404, "not_found", f"no expert {expert_id} in the pool")
        f = expert_files.c
        if conn.execute(select(f.sha256).where(f.sha256 == sha)).first() is None:
            conn.execute(
                insert(expert_files).values(
                    sha256=sha,
                    media_type=media,
                    file_name=name,
                    size=len(data),
                    data=data,
                    uploaded_at=iso(utc_now()),
                    uploaded_by=who,
                )
            )
        conn.execute(
            update(experts)
            .where(experts.c.id == expert_id)
            .values(agreement_sha256=sha, updated_at=iso(utc_now()), updated_by=who)
        )
        _history(
            conn, expert_id, who, "agreement", {"file": name, "sha256": sha, "size": len(data)}
        )
    return sha


# ---- reading -----------------------------------------------------------------------------


def list_experts(
    engine: Engine, *, specialty: str = "", kind: str = "", text: str = "", available: str = ""
) -> list[dict[str, Any]]:
    e = experts.c
    query = select(experts).order_by(e.kind, e.name, e.id)
    if kind:
        query = query.where(e.kind == kind)
    if available in ("yes", "no"):
        query = query.where(e.available == (available == "yes"))
    if text:
        # autoescape: a typed % or _ is a character, not a wildcard
        query = query.where(
            e.name.contains(text, autoescape=True) | e.employer.contains(text, autoescape=True)
        )
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        open_conflicts = _open_conflicts(conn, [r["id"] for r in rows])
    # JSON list membership is filtered here: the same code on SQLite and PostgreSQL.
    if specialty:
        rows = [r for r in rows if specialty in (r["specialties"] or [])]
    for r in rows:
        r["conflicts"] = open_conflicts.get(r["id"], [])
    return rows


def _open_conflicts(conn: Any, ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    c = expert_conflicts.c
    ids = list(ids)
    found: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(expert_conflicts)
            .where(c.expert_id.in_(ids[start : start + 500]), c.withdrawn_at.is_(None))
            .order_by(c.recorded_at)
        )
        for row in conn.execute(query).mappings():
            found.setdefault(row["expert_id"], []).append(dict(row))
    return found


def get_expert(engine: Engine, expert_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(experts).where(experts.c.id == expert_id)).mappings().first()
        if row is None:
            return None
        found = dict(row)
        c = expert_conflicts.c
        found["all_conflicts"] = [
            dict(r)
            for r in conn.execute(
                select(expert_conflicts).where(c.expert_id == expert_id).order_by(c.recorded_at)
            ).mappings()
        ]
        h = expert_history.c
        found["history"] = [
            dict(r)
            for r in conn.execute(
                select(expert_history).where(h.expert_id == expert_id).order_by(h.at, h.id)
            ).mappings()
        ]
        if found["agreement_sha256"]:
            f = expert_files.c
            meta = (
                conn.execute(
                    select(f.file_name, f.size, f.media_type, f.uploaded_at, f.uploaded_by).where(
                        f.sha256 == found["agreement_sha256"]
                    )
                )
                .mappings()
                .first()
            )
            found["agreement_file"] = dict(meta) if meta else None
        else:
            found["agreement_file"] = None
    found["declarations"] = declarations(engine, expert_id)
    return found


def agreement_file(engine: Engine, expert_id: str) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of the expert's current scan."""
    f = expert_files.c
    query = (
        select(f.file_name, f.media_type, f.data)
        .select_from(expert_files.join(experts, experts.c.agreement_sha256 == f.sha256))
        .where(experts.c.id == expert_id)
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row.file_name, row.media_type, bytes(row.data)) if row else None


def declarations(engine: Engine, expert_id: str) -> list[Declaration]:
    """The synced team members naming this expert, with their inspection's company and the
    time the declaration was ticked in the wizard (None: not signed yet)."""
    w = db.winners.c
    with engine.connect() as conn:
        members = conn.execute(
            select(w.record_id, w.inspection_id).where(
                w.kind == "team_member",
                w.field == "expert_id",
                cast(w.value, Text) == json.dumps(expert_id),
            )
        ).all()
        found = []
        for member_id, inspection_id in members:
            fields = dict(
                conn.execute(
                    select(w.field, w.value).where(
                        w.kind == "team_member",
                        w.record_id == member_id,
                        w.field.in_(("name", "declaration_signed_at", "deleted")),
                    )
                ).all()
            )
            if fields.get("deleted"):
                continue
            company = conn.execute(
                select(w.value).where(
                    w.kind == "inspection",
                    w.record_id == inspection_id,
                    w.field == "company_name",
                )
            ).scalar()
            found.append(
                Declaration(
                    inspection_id=inspection_id,
                    company=company or "",
                    member_name=fields.get("name") or "",
                    signed_at=fields.get("declaration_signed_at"),
                )
            )
    return sorted(found, key=lambda d: (d.signed_at or "", d.inspection_id), reverse=True)


def pool_for(engine: Engine, who: Principal) -> list[PoolExpert]:
    """What a laptop of `who` receives: the available entries its teams may use (reviewers and
    admins: all), with the employer and the companies of open declared conflicts, which the
    wizard needs offline to refuse a conflicted choice. No notes, agreements or history."""
    rows = list_experts(engine, available="yes")
    everyone = who.role in ("reviewer", "admin")
    teams = set(who.teams)
    return [
        PoolExpert(
            id=r["id"],
            kind=r["kind"],
            name=r["name"],
            specialties=tuple(r["specialties"]),
            employer=r["employer"],
            conflicts=tuple(sorted({c["company"] for c in r["conflicts"]})),
        )
        for r in rows
        if everyone or not r["teams"] or teams & set(r["teams"])
    ]
