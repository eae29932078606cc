"""Named read queries, and the few bookkeeping writes that are not entity changes, for the
operations layer.

SQL lives in store/ only: operations call these functions with a connection (from
`Store.read()`, or a unit of work's `conn` when the statement must share its transaction) and
get plain dicts back. Entity reads and writes go through `store.store` (load/find, the unit of
work); this module holds what does not fit that shape: aggregates, the audit trail in time
order, marking a conflict resolved.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, select, update

from inspector_app.store import tables
from inspector_app.store.store import data_entries, pending_save_key


def inspection_rows(conn: Connection, include_archived: bool = False) -> list[dict[str, Any]]:
    """Every non-deleted inspection's columns, newest first, with `issued_number` (the report
    in force), `n_critical`/`n_major`/`n_general` (non-deleted defects by grade) and
    `n_pending` (saves not yet acknowledged by the server)."""
    i, d, c = tables.inspection, tables.defect, tables.change_log
    counts = (
        select(
            d.c.inspection_id,
            func.sum(case((d.c.severity == "critical", 1), else_=0)).label("critical"),
            func.sum(case((d.c.severity == "major", 1), else_=0)).label("major"),
            func.sum(case((d.c.severity == "general", 1), else_=0)).label("general"),
        )
        .where(d.c.deleted.is_(False))
        .group_by(d.c.inspection_id)
        .subquery()
    )
    pending = (
        select(c.c.inspection_id, pending_save_key().label("pending"))
        .where(c.c.acked_at.is_(None), data_entries())
        .group_by(c.c.inspection_id)
        .subquery()
    )
    r = tables.issued_report
    issued = (
        select(r.c.number)
        .where(r.c.inspection_id == i.c.id, r.c.deleted.is_(False))
        .order_by(r.c.revision.desc(), r.c.issued_at.desc(), r.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            i,
            issued.label("issued_number"),
            func.coalesce(counts.c.critical, 0).label("n_critical"),
            func.coalesce(counts.c.major, 0).label("n_major"),
            func.coalesce(counts.c.general, 0).label("n_general"),
            func.coalesce(pending.c.pending, 0).label("n_pending"),
        )
        .outerjoin(counts, counts.c.inspection_id == i.c.id)
        .outerjoin(pending, pending.c.inspection_id == i.c.id)
        .where(i.c.deleted.is_(False))
        .order_by(i.c.id.desc())
    )
    if not include_archived:
        query = query.where(i.c.archived.is_(False))
    return [dict(row) for row in conn.execute(query).mappings()]


def audit_rows_of(conn: Connection, inspection_id: str) -> list[dict[str, Any]]:
    """The inspection's audit trail as stored, in (time, id) order: the order the trail is
    shown and exported in."""
    a = tables.audit_log
    query = select(a).where(a.c.inspection_id == inspection_id).order_by(a.c.at, a.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def mark_conflict_resolved(conn: Connection, conflict_id: str, at: str) -> None:
    """Close a conflict. Call it with the unit of work's connection, so the closing commits
    together with the value kept (or not at all)."""
    k = tables.conflict.c
    conn.execute(update(tables.conflict).where(k.id == conflict_id).values(resolved_at=at))
