"""The statistics tables (schema 0007, issue 14): one row per inspection (`stats_inspections`:
company, type, status, date, checklist, conclusion, first issue, number of live defects,
deleted), one per live defect (`stats_defects`: grade as issued, chapter, item, clauses and the
texts the defect log exports), one per cited clause (`stats_clauses`) and per-day counts of
both (`stats_day_defects`, `stats_day_clauses`), so a period's figures are GROUP BY queries
over a few thousand rows instead of Python loops over 200,000 objects, and a restart or
another worker finds them ready.

Invariant (like the review list's summary, console/summary.py): after `refresh`, the tables
reflect every change entry and every published checklist up to `server_meta['stats_seq']`.
Writers are serialised and `seq` order is commit order (server/db.py), so what changed since
the cursor is exactly the inspections of newer `changes` rows, plus those using a checklist
published since (chapters and conclusions depend on it); only they are recomputed. Without
the cursor (a fresh upgrade, or `forget`), the first refresh builds every row from one
snapshot, a chunk of inspections per short write so pushes go on meanwhile.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    Table,
    Text,
    and_,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    text,
    true,
    update,
)

from inspector_app.server import db

CURSOR_KEY = "stats_seq"
BUILD_LOCK_KEY = 0x1A5EC9  # PostgreSQL: one worker builds the tables, the others wait
CHUNK = 500  # inspections recomputed per batch
SEVERITIES = ("critical", "major", "general")
UNKNOWN = "unknown"  # conclusion code when it cannot be computed (checklist not on the server…)
NO_CHAPTER = ""  # a defect not tied to a checklist item
CLAUSE_SEPARATOR = "；"
# The fields the rows need, per kind; notes, photos and the like stay unread.
_FIELDS = {
    "defect": (
        "inspection_id",
        "item_id",
        "severity",
        "clause_refs",
        "falsification",
        "affects_quality",
        "created_at",
        "facts",
        "location",
        "deleted",
    ),
    "item_result": ("inspection_id", "item_id", "result", "deleted"),
    "review": ("defect_id", "state", "adjusted_severity", "created_at", "deleted"),
    "issued_report": ("issued_at", "deleted"),
}

stats_inspections = Table(
    "stats_inspections",
    db.metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("company", Text, nullable=False),
    Column("inspection_type", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("day", Text, nullable=False),  # actual start, else planned start (ISO); "" if none
    Column("checklist", Text, nullable=False),  # "drug-gmp-2010 v1"
    Column("conclusion", Text, nullable=False),  # outcome code, UNKNOWN if not computable
    Column("conclusion_label", Text, nullable=False),
    Column("issued_at", Text, nullable=False),  # first issue (UTC ISO), "" when not issued
    Column("n_defects", Integer, nullable=False),  # live defects
    Column("deleted", Boolean, nullable=False),  # a deleted inspection keeps no defect rows
    Index("ix_stats_inspections_day", "day"),
    Index("ix_stats_inspections_checklist", "checklist"),
)

# Only the live defects of live inspections. `day` is the inspection's, copied so a period
# filters defects without a join (any change to an inspection rewrites all its rows).
stats_defects = Table(
    "stats_defects",
    db.metadata,
    Column("defect_id", Text, primary_key=True),
    Column("inspection_id", Text, nullable=False),
    Column("day", Text, nullable=False),
    Column("grade", Text, nullable=False),  # as issued: the latest adjusted grade wins
    Column("chapter", Text, nullable=False),  # "第二章 质量管理", "" when tied to no item
    Column("item_id", Text, nullable=False),
    Column("clauses", Text, nullable=False),  # the cited clauses, joined by "；"
    Column("facts", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Index("ix_stats_defects_inspection", "inspection_id"),
    Index("ix_stats_defects_day", "day", "inspection_id", "defect_id"),
)

stats_clauses = Table(
    "stats_clauses",
    db.metadata,
    Column("defect_id", Text, primary_key=True),
    Column("clause", Text, primary_key=True),
    Column("inspection_id", Text, nullable=False),
    Column("day", Text, nullable=False),
    Index("ix_stats_clauses_inspection", "inspection_id"),
    Index("ix_stats_clauses_day", "day"),
)

# Per-day counts, so a year's page sums a few thousand rows instead of grouping 200,000:
# recomputed from the rows above for every day an update touches (a day holds tens of
# inspections), rebuilt whole at the end of a first build.
stats_day_defects = Table(
    "stats_day_defects",
    db.metadata,
    Column("day", Text, primary_key=True),
    Column("grade", Text, primary_key=True),
    Column("chapter", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

stats_day_clauses = Table(
    "stats_day_clauses",
    db.metadata,
    Column("day", Text, primary_key=True),
    Column("clause", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

# (checklist id, version) -> (item id -> chapter, Checklist); checklists are immutable.
_CHAPTERS: dict[tuple[str, int], Any] = {}


# ---- keeping the tables current ----------------------------------------------------------


def _cursor(conn: Connection) -> int | None:
    m = db.server_meta.c
    value = conn.execute(select(m.value).where(m.key == CURSOR_KEY)).scalar_one_or_none()
    return int(value) if value is not None else None


def _head(conn: Connection) -> int:
    """The newest seq handed out: change entries and published checklists share it."""
    newest_change = select(func.coalesce(func.max(db.changes.c.seq), 0)).scalar_subquery()
    newest_checklist = select(func.coalesce(func.max(db.checklists.c.seq), 0)).scalar_subquery()
    a, b = conn.execute(select(newest_change, newest_checklist)).one()
    return max(int(a), int(b))


def refresh(engine: Engine) -> dict[str, int]:
    """Bring the tables up to the newest entry (one cheap query when nothing changed).
    Returns what was done: {"built": n} for a first build, {"updated": n} otherwise."""
    with engine.connect() as conn:
        done, head = _cursor(conn), _head(conn)
    if done is not None and head <= done:
        return {"updated": 0}
    out = {"built": _build(engine)} if done is None else {}
    with db.write_transaction(engine) as conn:
        done, head = _cursor(conn), _head(conn)  # another worker may have done it meanwhile
        if done is not None and head <= done:
            return out or {"updated": 0}
        ids = _touched(conn, done or 0, head)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _store(conn, chunk, _compute(conn, chunk))
        _set_cursor(conn, head)
    return out or {"updated": len(ids)}


def _touched(conn: Connection, done: int, head: int) -> list[str]:
    c = db.changes.c
    ids = set(
        conn.execute(select(c.inspection_id).where(c.seq > done, c.seq <= head).distinct())
        .scalars()
        .all()
    )
    k = db.checklists.c
    published = [
        f"{cid} v{version}"
        for cid, version in conn.execute(
            select(k.id, k.version).where(k.seq > done, k.seq <= head)
        ).all()
    ]
    if published:
        s = stats_inspections.c
        ids.update(
            conn.execute(select(s.inspection_id).where(s.checklist.in_(published))).scalars()
        )
    return sorted(ids)


def _set_cursor(conn: Connection, seq: int) -> None:
    m = db.server_meta.c
    if _cursor(conn) is None:
        conn.execute(insert(db.server_meta).values(key=CURSOR_KEY, value=str(seq)))
    else:
        conn.execute(update(db.server_meta).where(m.key == CURSOR_KEY).values(value=str(seq)))


def _build(engine: Engine) -> int:
    """Every row, computed from one snapshot and written a chunk per short write transaction
    (pushes go on between them; 10,000 inspections take a while, see docs/server.md), then
    the snapshot's newest seq as the cursor: later entries are caught up incrementally. On
    PostgreSQL one worker builds while the others wait for it."""
    with engine.connect() as lock:
        if not db.is_sqlite(engine):
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": BUILD_LOCK_KEY})
            lock.commit()
        try:
            with engine.connect() as conn:
                if _cursor(conn) is not None:
                    return 0  # another worker built them meanwhile
            with db.read_transaction(engine) as snapshot:
                head = _head(snapshot)
                ids = sorted(snapshot.execute(select(db.inspections.c.id)).scalars())
                for start in range(0, len(ids), CHUNK):
                    chunk = ids[start : start + CHUNK]
                    rows = _compute(snapshot, chunk)
                    with db.write_transaction(engine) as conn:
                        _store(conn, chunk, rows, days=False)
            with db.write_transaction(engine) as conn:
                # Two builders without the lock (SQLite processes): the older snapshot's
                # cursor is the safe one; everything after it is recomputed.
                done = _cursor(conn)
                _recount(conn, None)
                _set_cursor(conn, head if done is None else min(done, head))
            return len(ids)
        finally:
            if not db.is_sqlite(engine):
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": BUILD_LOCK_KEY})
                lock.commit()


def forget(engine: Engine) -> None:
    """Drop the cursor: the next refresh rebuilds every row (a restored backup)."""
    with db.write_transaction(engine) as conn:
        conn.execute(delete(db.server_meta).where(db.server_meta.c.key == CURSOR_KEY))


Rows = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _store(conn: Connection, ids: list[str], rows: Rows, days: bool = True) -> None:
    """Replace these inspections' rows; with `days`, recount every day they were or are on."""
    s = stats_inspections.c
    touched = set(conn.execute(select(s.day).where(s.inspection_id.in_(ids)).distinct()).scalars())
    for table in (stats_clauses, stats_defects, stats_inspections):
        conn.execute(delete(table).where(table.c.inspection_id.in_(ids)))
    for table, values in zip((stats_inspections, stats_defects, stats_clauses), rows, strict=True):
        if values:
            conn.execute(insert(table), values)
    if days:
        _recount(conn, sorted(touched | {r["day"] for r in rows[0]}))


def _recount(conn: Connection, days: list[str] | None) -> None:
    """The per-day counts of these days (None: of every day) from the defect rows."""
    d, c = stats_defects.c, stats_clauses.c
    for table, source, keys in (
        (stats_day_defects, stats_defects, (d.day, d.grade, d.chapter)),
        (stats_day_clauses, stats_clauses, (c.day, c.clause)),
    ):
        for start in range(0, len(days), CHUNK) if days is not None else [None]:
            part = None if start is None else days[start : start + CHUNK]
            wipe, pick = delete(table), select(*keys, func.count())
            if part is not None:
                wipe = wipe.where(table.c.day.in_(part))
                pick = pick.where(source.c.day.in_(part))
            conn.execute(wipe)
            conn.execute(
                insert(table).from_select([k.name for k in keys] + ["n"], pick.group_by(*keys))
            )


def _compute(conn: Connection, ids: list[str]) -> Rows:
    """The rows of these inspections (none for one without its own record yet)."""
    w = db.winners.c
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for iid, kind, record_id, name, value in conn.execute(
        select(w.inspection_id, w.kind, w.record_id, w.field, w.value).where(
            w.inspection_id.in_(ids),
            or_(
                w.kind == "inspection",
                *(and_(w.kind == k, w.field.in_(f)) for k, f in _FIELDS.items()),
            ),
        )
    ):
        records.setdefault((iid, kind, record_id), {"id": record_id})[name] = value
    by_inspection: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for (iid, kind, _), record in records.items():
        if record.get("deleted") is True and kind != "inspection":
            continue
        by_inspection.setdefault(iid, {}).setdefault(kind, []).append(record)
    out: Rows = ([], [], [])
    for iid, kinds in by_inspection.items():
        own = [r for r in kinds.get("inspection", []) if r["id"] == iid]
        if own:
            _rows(conn, own[0], kinds, out)
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _rows(conn: Connection, info: dict[str, Any], kinds: dict[str, list], out: Rows) -> None:
    iid = info["id"]
    day = (_text(info.get("actual_start")) or _text(info.get("planned_start")))[:10]
    checklist_id = _text(info.get("checklist_id"))
    version = info.get("checklist_version")
    version = version if isinstance(version, int) else 0
    row = {
        "inspection_id": iid,
        "company": _text(info.get("company_name")).strip(),
        "inspection_type": _text(info.get("inspection_type")),
        "status": _text(info.get("status")),
        "day": day,
        "checklist": f"{checklist_id} v{version}",
        "conclusion": UNKNOWN,
        "conclusion_label": "",
        "issued_at": "",
        "n_defects": 0,
        "deleted": info.get("deleted") is True,
    }
    out[0].append(row)
    if row["deleted"]:
        return
    loaded = _checklist(conn, checklist_id, version)
    chapters = loaded[0] if loaded else {}
    # Reviews in the order they were made: the latest adjustment of a defect wins.
    adjusted: dict[str, str] = {}
    for review in sorted(
        kinds.get("review", []), key=lambda r: (_text(r.get("created_at")), r["id"])
    ):
        grade = review.get("adjusted_severity")
        if review.get("state") == "adjusted" and grade in SEVERITIES:
            adjusted[_text(review.get("defect_id"))] = grade
    defects = kinds.get("defect", [])
    for d in defects:
        item_id = _text(d.get("item_id"))
        refs = d.get("clause_refs")
        clauses = list(
            dict.fromkeys(r.strip() for r in refs if isinstance(r, str) and r.strip())
            if isinstance(refs, list)
            else ()
        )
        out[1].append(
            {
                "defect_id": d["id"],
                "inspection_id": iid,
                "day": day,
                "grade": sys.intern(adjusted.get(d["id"], _text(d.get("severity")))),
                "chapter": chapters.get(item_id, NO_CHAPTER),
                "item_id": item_id,
                "clauses": CLAUSE_SEPARATOR.join(clauses),
                "facts": _text(d.get("facts")),
                "location": _text(d.get("location")),
                "recorded_at": _text(d.get("created_at")),
            }
        )
        out[2].extend(
            {"defect_id": d["id"], "clause": c, "inspection_id": iid, "day": day} for c in clauses
        )
    issued = sorted(_text(r.get("issued_at")) for r in kinds.get("issued_report", []))
    code, label = _conclusion(loaded[1] if loaded else None, info, kinds, adjusted)
    row.update(
        conclusion=code,
        conclusion_label=label,
        issued_at=next((i for i in issued if i), ""),
        n_defects=len(defects),
    )


def _checklist(conn: Connection, checklist_id: str, version: int) -> Any:
    """(item id -> "code title" of its top-level section, Checklist), or None when neither
    the server nor the bundled library has it."""
    key = (checklist_id, version)
    if key in _CHAPTERS:
        return _CHAPTERS[key]
    from inspector_app.server import issue

    c = db.checklists.c
    row = conn.execute(
        select(c.sha256, c.yaml).where(c.id == checklist_id, c.version == version)
    ).first()
    try:
        if row is not None:
            checklist = issue._checklist_from_yaml(checklist_id, version, row.sha256, row.yaml)
        else:
            checklist = issue._bundled_library().get(checklist_id, version)
    except Exception:  # an unknown or unreadable checklist: no chapters, no conclusion
        return None  # not remembered: publishing it later fills it in
    chapters = {
        item.id: f"{chain[0].code} {chain[0].title}".strip()
        for chain, item in checklist.walk_items()
    }
    _CHAPTERS[key] = (chapters, checklist)
    return _CHAPTERS[key]


def _conclusion(
    checklist: Any, info: dict[str, Any], kinds: dict[str, list], adjusted: dict[str, str]
) -> tuple[str, str]:
    """The final conclusion as an issued report states it (server/issue.py report_data)."""
    if checklist is None:
        return UNKNOWN, ""
    from inspector_app.checklist.profiles import bundled_profiles
    from inspector_app.domain import conclusion
    from inspector_app.domain.model import STORED, Defect, Inspection, ItemResult

    def model(cls: Any, record: dict[str, Any]) -> Any:
        known = {k: v for k, v in record.items() if k in cls.model_fields}
        return cls.model_validate(known, context=STORED)

    try:
        inspection = model(Inspection, info)
        defects = []
        for d in kinds.get("defect", []):
            # The conclusion does not depend on the facts; one still being typed must not
            # make it unknown.
            d = {**d, "facts": "-", "severity": adjusted.get(d["id"], d.get("severity"))}
            defects.append(model(Defect, d))
        results = [model(ItemResult, r) for r in kinds.get("item_result", [])]
        profile = conclusion.profile_for(
            bundled_profiles(), checklist.rule_profile, inspection.inspection_type
        )
        facts = conclusion.facts_from(checklist, inspection, results, defects)
        final = conclusion.final_conclusion(
            profile, conclusion.evaluate(profile, facts), inspection
        )
        return final.outcome, final.label
    except Exception:  # a record still on its way or one the domain refuses
        return UNKNOWN, ""


# ---- a period's figures (start/end: inclusive ISO dates, None for open) --------------------


def _within(day: Any, start: str | None, end: str | None) -> Any:
    """Inspections dated inside the period; undated ones only for an open period."""
    if start is None and end is None:
        return true()
    parts = [day != ""]
    if start is not None:
        parts.append(day >= start)
    if end is not None:
        parts.append(day <= end)
    return and_(*parts)


def inspection_groups(
    conn: Connection, start: str | None, end: str | None
) -> list[tuple[str, str, str, str, str, str, int, int, bool]]:
    """The period's live inspections grouped by everything a page counts them by: (company,
    type, status, month, conclusion, label, defects of each, inspections, issued) with the
    number of such inspections. At most a few thousand groups, aggregated in Python."""
    s = stats_inspections.c
    month = func.substr(s.day, 1, 7)
    issued = s.issued_at != ""
    query = (
        select(
            s.company,
            s.inspection_type,
            s.status,
            month,
            s.conclusion,
            s.conclusion_label,
            s.n_defects,
            func.count(),
            issued,
        )
        .where(s.deleted == false(), _within(s.day, start, end))
        .group_by(
            s.company,
            s.inspection_type,
            s.status,
            month,
            s.conclusion,
            s.conclusion_label,
            s.n_defects,
            issued,
        )
    )
    return [tuple(r) for r in conn.execute(query).all()]  # type: ignore[misc]


def defect_groups(
    conn: Connection, start: str | None, end: str | None
) -> list[tuple[str, str, int]]:
    """(grade, chapter, defects) of the period's live defects."""
    d = stats_day_defects.c
    return [
        (g, c, int(n))
        for g, c, n in conn.execute(
            select(d.grade, d.chapter, func.sum(d.n))
            .where(_within(d.day, start, end))
            .group_by(d.grade, d.chapter)
        ).all()
    ]


def clause_counts(conn: Connection, start: str | None, end: str | None) -> list[tuple[str, int]]:
    """(clause, defects citing it) of the period, every clause."""
    c = stats_day_clauses.c
    return [
        (clause, int(n))
        for clause, n in conn.execute(
            select(c.clause, func.sum(c.n)).where(_within(c.day, start, end)).group_by(c.clause)
        ).all()
    ]


def conclusion_of(conn: Connection, inspection_id: str) -> str | None:
    s = stats_inspections.c
    return conn.execute(
        select(s.conclusion).where(s.inspection_id == inspection_id)
    ).scalar_one_or_none()


def defect_log(engine: Engine, start: str | None, end: str | None) -> Iterator[tuple[Any, ...]]:
    """The period's live defects by inspection date, inspection and defect id: (day,
    company, type, grade, chapter, clauses, facts, location, recorded_at, inspection id,
    defect id). One query streamed from a server-side cursor on PostgreSQL (SQLite steps its
    statement), so a 200,000-defect export never holds the rows."""
    d, s = stats_defects.c, stats_inspections.c
    order = [d.day, d.inspection_id, d.defect_id]
    if not db.is_sqlite(engine):
        order = [col.collate("C") for col in order]  # code-point order, as on SQLite
    query = (
        select(
            d.day,
            s.company,
            s.inspection_type,
            d.grade,
            d.chapter,
            d.clauses,
            d.facts,
            d.location,
            d.recorded_at,
            d.inspection_id,
            d.defect_id,
        )
        .join(stats_inspections, s.inspection_id == d.inspection_id)
        .where(_within(d.day, start, end))
        .order_by(*order)
    )
    with db.read_transaction(engine) as conn:
        result = conn.execution_options(stream_results=True, yield_per=2000).execute(query)
        for part in result.partitions():
            yield from part
