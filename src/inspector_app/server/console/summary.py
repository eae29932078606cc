"""The review list's summary table (`console_summary`, schema 0004): one row per inspection
with what the list filters, sorts and counts on, so a list request reads 10,000 short rows
instead of pivoting millions of `winners` rows.

Invariant: after `refresh`, the table reflects every change entry up to the sequence number
stored in `server_meta['console_summary_seq']`. Writers are serialised and `seq` order is
commit order (server/db.py), so the inspections touched since that cursor are exactly those
of `changes` with a larger seq; only they are recomputed. The table is derived data: without
the cursor it is rebuilt from `winners`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from inspector_app.server import db

CURSOR_KEY = "console_summary_seq"
CHUNK = 500  # inspections recomputed per statement batch
_INSPECTION_FIELDS = (
    "company_name",
    "inspection_type",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "deleted",
)
_DEFECT_FIELDS = ("severity", "deleted", "facts", "clause_refs", "author")
_MEMBER_FIELDS = ("name", "deleted")
SEVERITIES = ("critical", "major", "general")


def _cursor(conn: Connection) -> int | None:
    m = db.server_meta.c
    value = conn.execute(select(m.value).where(m.key == CURSOR_KEY)).scalar_one_or_none()
    return int(value) if value is not None else None


def _head(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(db.changes.c.seq), 0))).scalar_one())


def refresh(engine: Engine) -> None:
    """Bring the summary up to the newest accepted entry (cheap when nothing changed)."""
    with engine.connect() as conn:
        done, head = _cursor(conn), _head(conn)
    if done is not None and head <= done:
        return
    if done is None:
        _rebuild(engine)
    with db.write_transaction(engine) as conn:
        done, head = _cursor(conn), _head(conn)  # another worker may have done it meanwhile
        if done is not None and head <= done:
            return
        c = db.changes.c
        ids = list(
            conn.execute(
                select(c.inspection_id).where(c.seq > (done or 0), c.seq <= head).distinct()
            ).scalars()
        )
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _store(conn, chunk, _compute(conn, chunk))
        m = db.server_meta.c
        conn.execute(update(db.server_meta).where(m.key == CURSOR_KEY).values(value=str(head)))


def _rebuild(engine: Engine) -> None:
    """The whole table, computed from one snapshot outside the writer lock (pushes go on; a
    first build of 10,000 inspections takes seconds), then written under it with the
    snapshot's newest seq as the cursor. Writers commit in seq order, so that snapshot holds
    exactly the entries up to its newest seq; later ones are caught up incrementally."""
    with db.read_transaction(engine) as conn:
        head = _head(conn)
        ids = list(conn.execute(select(db.inspections.c.id)).scalars())
        values = []
        for start in range(0, len(ids), CHUNK):
            values.extend(_compute(conn, ids[start : start + CHUNK]))
    with db.write_transaction(engine) as conn:
        if _cursor(conn) is not None:
            return  # another worker built it meanwhile
        conn.execute(delete(db.console_summary))
        for start in range(0, len(values), CHUNK):
            conn.execute(insert(db.console_summary), values[start : start + CHUNK])
        conn.execute(insert(db.server_meta).values(key=CURSOR_KEY, value=str(head)))


def _store(conn: Connection, ids: list[str], values: list[dict[str, Any]]) -> None:
    conn.execute(delete(db.console_summary).where(db.console_summary.c.inspection_id.in_(ids)))
    if values:
        conn.execute(insert(db.console_summary), values)


def _compute(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The summary rows of these inspections (none for one without a live record)."""
    w = db.winners.c
    rows = conn.execute(
        select(w.inspection_id, w.kind, w.record_id, w.field, w.value).where(
            w.inspection_id.in_(ids),
            (
                ((w.kind == "inspection") & w.field.in_(_INSPECTION_FIELDS))
                | ((w.kind == "defect") & w.field.in_(_DEFECT_FIELDS))
                | ((w.kind == "team_member") & w.field.in_(_MEMBER_FIELDS))
            ),
        )
    ).all()
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for inspection_id, kind, record_id, name, value in rows:
        records.setdefault((inspection_id, kind, record_id), {})[name] = value
    teams = dict(
        conn.execute(
            select(db.inspections.c.id, db.inspections.c.team).where(db.inspections.c.id.in_(ids))
        ).all()
    )
    out = {iid: _row(iid, teams.get(iid)) for iid in ids}
    for (iid, kind, record_id), r in records.items():
        if kind == "inspection" and record_id == iid:
            out[iid].update(
                company=_s(r.get("company_name")),
                inspection_type=_s(r.get("inspection_type")),
                status=_s(r.get("status")),
                planned_start=_d(r.get("planned_start")),
                planned_end=_d(r.get("planned_end")),
                actual_start=_d(r.get("actual_start")),
                actual_end=_d(r.get("actual_end")),
                deleted=r.get("deleted") is True,
                _seen=True,
            )
    for (iid, kind, _), r in records.items():
        if r.get("deleted") is True or kind == "inspection":
            continue
        row = out[iid]
        if kind == "team_member":
            row["_people"].append(_s(r.get("name")))
            continue
        row["_people"].append(_s(r.get("author")))
        severity = r.get("severity")
        if severity in SEVERITIES:
            row[f"n_{severity}"] += 1
        row["n_total"] += 1
        row["_facts"].append(_s(r.get("facts")))
        row["_clauses"].extend(_s(x) for x in (r.get("clause_refs") or []))
    return [_finish(row) for row in out.values() if row.pop("_seen", False)]


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _d(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _row(iid: str, team: str | None) -> dict[str, Any]:
    return {
        "inspection_id": iid,
        "team": team,
        "company": "",
        "inspection_type": "",
        "status": "",
        "planned_start": None,
        "planned_end": None,
        "actual_start": None,
        "actual_end": None,
        "deleted": False,
        "n_critical": 0,
        "n_major": 0,
        "n_general": 0,
        "n_total": 0,
        "_people": [],
        "_facts": [],
        "_clauses": [],
    }


def _join(parts: Iterable[str]) -> str:
    # One line per value, lower-cased once here so a search compares without lower() per row.
    return "\n".join(sorted({p.lower() for p in parts if p}))


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["people"] = _join(row.pop("_people"))
    row["facts"] = _join(row.pop("_facts"))
    row["clauses"] = _join(row.pop("_clauses"))
    return row
