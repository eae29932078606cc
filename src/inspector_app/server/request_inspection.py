"""An inspection created in the console from an accepted service request (issue 14, D32).

The reviewer chooses the team, type, checklist (a version the server holds), scope tags,
planned dates, document number and the team members — experts from the pool the chosen
team may use, refused when their employer or declared conflicts match the company
(domain/experts.py, the wizard's rule), or center staff typed by name — with one lead.
The Inspection and TeamMember records are written as the reviewer's signed console entries
through the push path (D23: server/review.py apply_writes), in ONE write transaction with the
inspection's owner row (the chosen team) and the request's link and history row. A laptop of
that team receives it on its next pull like a teammate's inspection.

Every refusal is a service.RequestRefused naming what and where; it writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.experts import PoolExpert, conflict_reason
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import MAX_PRODUCTS, Inspection, TeamMember
from inspector_app.domain.vocabulary import InspectionType, TeamRole
from inspector_app.server import changelog, db, review
from inspector_app.server.auth import Principal, iso, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.server.service import RequestRefused, _event, _row
from inspector_app.server.service_db import request_inspections

MAX_MEMBERS = 12  # rows the console's form offers
_ATTEMPTS = 3


@dataclass(frozen=True)
class MemberChoice:
    """One team member: an expert of the pool (`expert_id`) or center staff typed by name."""

    role: str  # lead | member | expert
    expert_id: str = ""
    name: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class NewInspection:
    team: str
    inspection_type: str
    checklist_id: str
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    document_no: str = ""
    scope_tags: tuple[str, ...] = ()
    site_address: str = ""
    members: tuple[MemberChoice, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class HeldChecklist:
    """A checklist the server holds (latest version), as the form offers it."""

    id: str
    version: int
    title: str
    kind: str
    types: tuple[str, ...]  # inspection types it serves
    tags: tuple[tuple[str, str], ...]  # (tag id, label)


# ---- what the form offers ------------------------------------------------------------------


def held_checklists(engine: Engine) -> list[HeldChecklist]:
    """The latest version of every checklist published on the server; one the server cannot
    parse is left out (issuing would refuse it too)."""
    from inspector_app.checklist.applicability import serves
    from inspector_app.server.console.queries import _checklist

    c = db.checklists.c
    latest = select(c.id, func.max(c.version).label("version")).group_by(c.id).subquery()
    with db.read_transaction(engine) as conn:
        rows = conn.execute(
            select(c.id, c.version, c.yaml).join(
                latest, (c.id == latest.c.id) & (c.version == latest.c.version)
            )
        ).all()
    found = []
    for row in rows:
        try:
            parsed = _checklist(row.yaml, row.id, row.version)
        except (InspectorError, ValueError, OSError):
            continue
        found.append(
            HeldChecklist(
                id=row.id,
                version=row.version,
                title=str(getattr(parsed, "title", row.id)),
                kind=str(getattr(parsed.kind, "value", parsed.kind)),
                types=tuple(t.value for t in InspectionType if serves(parsed, t)),
                tags=tuple((t.id, str(getattr(t, "label", t.id))) for t in parsed.tags),
            )
        )
    return sorted(found, key=lambda h: h.id)


def server_teams(engine: Engine) -> list[str]:
    with db.read_transaction(engine) as conn:
        return list(conn.execute(select(db.teams.c.name).order_by(db.teams.c.name)).scalars())


def team_pool(engine: Engine, team: str) -> list[PoolExpert]:
    """The available experts `team` may use, as its laptops receive them."""
    from inspector_app.server import expert_db

    return expert_db.pool_for(engine, Principal("", "", "inspector", (team,)))


# ---- the write -----------------------------------------------------------------------------


def _products(text: str, where: str) -> list[str]:
    items = [p.strip() for p in re.split(r"[\n；;、]+", text) if p.strip()]
    count, length = MAX_PRODUCTS
    if len(items) > count or any(len(p) > length for p in items):
        raise RequestRefused(
            "products_too_many",
            f"{where}: the request's products make {len(items)} entries (at most {count} "
            f"of at most {length} characters each); shorten them on the request",
            n=len(items),
            max=count,
        )
    return items


def _validation_refusal(exc: ValidationError, where: str) -> RequestRefused:
    first = exc.errors()[0]
    name = ".".join(str(p) for p in first["loc"]) or "record"
    return RequestRefused(
        "field_refused",
        f"{where}: {name}: {first['msg']}",
        where=where,
        field=name,
        msg=first["msg"],
    )


def _check_members(
    company: str, team: str, members: tuple[MemberChoice, ...], pool: list[PoolExpert], where: str
) -> list[dict[str, Any]]:
    """The members as TeamMember fields; refuses an unknown or conflicted expert, a member
    with neither an expert nor a name, and a team without exactly one lead."""
    by_id = {e.id: e for e in pool}
    out: list[dict[str, Any]] = []
    for n, m in enumerate(members, 1):
        try:
            role = TeamRole(m.role)
        except ValueError:
            raise RequestRefused(
                "member_role",
                f"{where}: team member {n}: unknown role {m.role!r} "
                f"(one of {', '.join(r.value for r in TeamRole)})",
                n=n,
            ) from None
        if m.expert_id:
            expert = by_id.get(m.expert_id)
            if expert is None:
                raise RequestRefused(
                    "expert_not_in_pool",
                    f"{where}: team member {n}: expert {m.expert_id} is not in team {team}'s "
                    "pool (withdrawn, unavailable or kept for other teams)",
                    n=n,
                    team=team,
                )
            reason = conflict_reason(expert, company)
            if reason is not None:
                raise RequestRefused(
                    "expert_conflict", f"{where}: team member {n}: {reason}", n=n, reason=reason
                )
            out.append(
                {
                    "name": expert.name,
                    "role": role,
                    "organisation": m.organisation or expert.employer,
                    "expert_id": expert.id,
                }
            )
        elif m.name.strip():
            out.append({"name": m.name.strip(), "role": role, "organisation": m.organisation})
        else:
            raise RequestRefused(
                "member_empty",
                f"{where}: team member {n} has neither an expert from the pool nor a name",
                n=n,
            )
    leads = [m for m in out if m["role"] is TeamRole.LEAD]
    if len(leads) != 1:
        raise RequestRefused(
            "lead_count",
            f"{where}: the team needs exactly one lead (组长); {len(leads)} named",
            n=len(leads),
        )
    return out


def create_inspection(
    ctx: ServerContext, reviewer: str, request_id: str, data: NewInspection
) -> str:
    """Create the inspection, assign it to `data.team`, link it to the request. Returns its
    id. Only a reviewer writes records (an admin account does not, as on the push path)."""
    engine = ctx.engine
    # Read before the write lock: parsing a checklist and the pool take time, and the
    # write transaction checks again what could change meanwhile (the request, the team).
    with db.read_transaction(engine) as conn:
        row = _row(conn, request_id)
    where = f"new inspection for the request of {row.company}"
    if not row.accepted_on:
        raise RequestRefused(
            "not_accepted",
            f"service request of {row.company} is not accepted: no inspection yet",
            company=row.company,
        )
    checklist = _held(engine, data.checklist_id, where)
    _check_type_and_scope(checklist, data, where)
    pool = team_pool(engine, data.team)
    members = _check_members(row.company, data.team, data.members, pool, where)
    products = _products(row.products or "", where)
    for attempt in range(_ATTEMPTS):
        try:
            with db.write_transaction(engine) as conn:
                return _write(ctx, conn, reviewer, request_id, data, checklist, members, products)
        except (IntegrityError, OperationalError):
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _write(
    ctx: ServerContext,
    conn: Connection,
    reviewer: str,
    request_id: str,
    data: NewInspection,
    checklist: Any,
    members: list[dict[str, Any]],
    products: list[str],
) -> str:
    try:
        who = review.load_reviewer(conn, reviewer)
    except ApiError as exc:
        raise RequestRefused("reviewer_only", f"{exc.message}", user=reviewer) from None
    row = _row(conn, request_id)  # again, under the write lock
    where = f"new inspection for the request of {row.company}"
    if not row.accepted_on:
        raise RequestRefused(
            "not_accepted",
            f"service request of {row.company} is not accepted: no inspection yet",
            company=row.company,
        )
    if conn.execute(select(db.teams.c.name).where(db.teams.c.name == data.team)).first() is None:
        raise RequestRefused(
            "team_unknown", f"{where}: no team {data.team!r} on this server", team=data.team
        )
    now = utc_now()
    try:
        inspection = Inspection(
            id=new_id(),
            company_name=row.company,
            products=products,
            site_address=data.site_address,
            inspection_type=InspectionType(data.inspection_type),
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            scope_tags=list(data.scope_tags),
            planned_start=data.planned_start,
            planned_end=data.planned_end,
            document_no=data.document_no,
            created_at=now,
        )
        team = [
            TeamMember(id=new_id(), inspection_id=inspection.id, **member) for member in members
        ]
    except ValidationError as exc:
        raise _validation_refusal(exc, where) from None
    # The owner row first: the chosen team, not the reviewer's first team (a reviewer may
    # belong to none), so the push path finds the inspection known and its team's laptops
    # receive it.
    conn.execute(
        insert(db.inspections).values(
            id=inspection.id, team=data.team, created_by=who.user, created_at=iso(now)
        )
    )
    state = review.InspectionState(inspection, {})
    writes = [review.create(inspection)] + [review.create(m) for m in team]
    token = changelog.CONSOLE_CREATES.set(frozenset({inspection.id}))
    try:
        review.apply_writes(ctx, conn, state, who, writes)
    except ApiError as exc:
        raise RequestRefused("write_refused", f"{where}: {exc.message}") from None
    finally:
        changelog.CONSOLE_CREATES.reset(token)
    conn.execute(
        insert(request_inspections).values(
            inspection_id=inspection.id,
            request_id=request_id,
            linked_at=iso(now),
            linked_by=reviewer,
        )
    )
    _event(
        conn,
        request_id,
        reviewer,
        "created_inspection",
        inspection=inspection.id,
        team=data.team,
        checklist=f"{checklist.id} v{checklist.version}",
    )
    return inspection.id


def _held(engine: Engine, checklist_id: str, where: str) -> HeldChecklist:
    found = next((h for h in held_checklists(engine) if h.id == checklist_id), None)
    if found is None:
        raise RequestRefused(
            "checklist_unknown",
            f"{where}: the server holds no checklist {checklist_id!r} "
            "(publish it: inspector-server checklist add)",
            id=checklist_id,
        )
    return found


def _check_type_and_scope(checklist: HeldChecklist, data: NewInspection, where: str) -> None:
    if data.inspection_type not in {t.value for t in InspectionType}:
        raise RequestRefused(
            "type_unknown",
            f"{where}: unknown inspection type {data.inspection_type!r}",
            type=data.inspection_type,
        )
    if data.inspection_type not in checklist.types:
        raise RequestRefused(
            "checklist_type",
            f"{where}: checklist {checklist.id} ({checklist.kind}) does not serve a "
            f"{data.inspection_type} inspection",
            id=checklist.id,
            type=data.inspection_type,
        )
    known = {t for t, _ in checklist.tags}
    for tag in data.scope_tags:
        if tag not in known:
            raise RequestRefused(
                "scope_tag_unknown",
                f"{where}: {tag!r} is not an applicability tag of {checklist.id} "
                f"(known: {', '.join(sorted(known)) or 'none'})",
                tag=tag,
                id=checklist.id,
                known=", ".join(sorted(known)) or "—",
            )
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        raise RequestRefused(
            "planned_reversed",
            f"{where}: planned end {data.planned_end} is before the start {data.planned_start}",
            start=data.planned_start.isoformat(),
            end=data.planned_end.isoformat(),
        )
