"""The console's read side: the review list and one inspection's defect log, read from the
server's materialised records (`winners`: one row per record field) in set-based SQL.

Every field value is JSON; `_text` turns a scalar into text the same way on both databases
(strings unquoted; a list stays JSON text, which is what clause and fact searches match).
Filters, sort and paging all run in the database: Python only sees the page it shows.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

from inspector_app.server import db

SEVERITIES = ("critical", "major", "general")
STATUSES = ("draft", "on_site", "closed", "report_issued")
INSPECTION_TYPES = ("gmp_compliance", "registration_verification", "licence")
SORTS = {
    "company": "company",
    "planned": "planned_start",
    "actual": "actual_start",
    "status": "status",
    "critical": "n_critical",
    "major": "n_major",
    "general": "n_general",
    "defects": "n_total",
}
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_FILTER_TEXT = 200
_INSPECTION_FIELDS = (
    "company_name",
    "inspection_type",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "deleted",
    "document_no",
)


def _text(conn: Connection, column: Any) -> ColumnElement:
    """A JSON value as text: strings unquoted, true/false as 'true'/'false' (SQLite: 1/0)."""
    if db.is_sqlite(conn):
        return func.json_extract(column, "$").cast(String)
    return column.op("#>>")(literal_column("'{}'"))


def _is_true(expr: ColumnElement) -> ColumnElement:
    return func.coalesce(expr, "").in_(("true", "1"))


@dataclass(frozen=True)
class ListFilter:
    company: str = ""
    inspection_type: str = ""
    status: str = ""
    date_field: str = "planned"  # planned | actual: which start date from/to apply to
    date_from: date | None = None
    date_to: date | None = None
    inspector: str = ""
    grade: str = ""
    clause: str = ""
    text: str = ""
    sort: str = "planned"
    descending: bool = True
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class ListRow:
    id: str
    company: str
    inspection_type: str
    status: str
    planned_start: str
    planned_end: str
    actual_start: str
    actual_end: str
    team: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class ListPage:
    rows: list[ListRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _like(expr: ColumnElement, needle: str) -> ColumnElement:
    return func.lower(expr).contains(needle.lower(), autoescape=True)


def review_list(engine: Engine, f: ListFilter) -> ListPage:
    w = db.winners.c
    with db.read_transaction(engine) as conn:
        txt = _text(conn, w.value)
        fields = (
            select(w.record_id.label("id"), w.field, txt.label("t"))
            .where(w.kind == "inspection", w.field.in_(_INSPECTION_FIELDS))
            .subquery("f")
        )
        pivot = [
            func.max(case((fields.c.field == name, fields.c.t))).label(name)
            for name in _INSPECTION_FIELDS
        ]
        insp = select(fields.c.id, *pivot).group_by(fields.c.id).subquery("i")
        # One row per defect (grade, deleted), then counts per inspection.
        dfields = (
            select(w.inspection_id, w.record_id, w.field, txt.label("t"))
            .where(w.kind == "defect", w.field.in_(("severity", "deleted")))
            .subquery("df")
        )
        defect = (
            select(
                dfields.c.inspection_id,
                func.max(case((dfields.c.field == "severity", dfields.c.t))).label("sev"),
                func.max(case((dfields.c.field == "deleted", dfields.c.t))).label("del"),
            )
            .group_by(dfields.c.inspection_id, dfields.c.record_id)
            .subquery("d")
        )
        live = ~_is_true(defect.c["del"])
        counts = (
            select(
                defect.c.inspection_id,
                *[
                    func.sum(case((and_(live, defect.c.sev == s), 1), else_=0)).label(f"n_{s}")
                    for s in SEVERITIES
                ],
                func.sum(case((live, 1), else_=0)).label("n_total"),
            )
            .group_by(defect.c.inspection_id)
            .subquery("c")
        )
        n = {s: func.coalesce(counts.c[f"n_{s}"], 0) for s in (*SEVERITIES, "total")}
        cols = {
            "company": func.coalesce(insp.c.company_name, ""),
            "status": func.coalesce(insp.c.status, ""),
            "planned_start": insp.c.planned_start,
            "actual_start": insp.c.actual_start,
            **{f"n_{s}": n[s] for s in (*SEVERITIES, "total")},
        }
        conditions: list[ColumnElement] = [~_is_true(insp.c.deleted)]
        if f.company:
            conditions.append(_like(insp.c.company_name, f.company))
        if f.inspection_type:
            conditions.append(insp.c.inspection_type == f.inspection_type)
        if f.status:
            conditions.append(insp.c.status == f.status)
        start = insp.c.actual_start if f.date_field == "actual" else insp.c.planned_start
        if f.date_from:
            conditions.append(start >= f.date_from.isoformat())
        if f.date_to:
            conditions.append(start <= f.date_to.isoformat())
        if f.grade in SEVERITIES:
            conditions.append(n[f.grade] > 0)
        if f.inspector:
            conditions.append(
                insp.c.id.in_(
                    select(w.inspection_id).where(
                        or_(
                            and_(w.kind == "team_member", w.field == "name"),
                            and_(w.kind == "defect", w.field == "author"),
                        ),
                        _like(txt, f.inspector),
                    )
                )
            )
        for needle, field_name in ((f.clause, "clause_refs"), (f.text, "facts")):
            if needle:
                conditions.append(
                    insp.c.id.in_(
                        select(w.inspection_id).where(
                            w.kind == "defect", w.field == field_name, _like(txt, needle)
                        )
                    )
                )
        i = db.inspections.c
        base = (
            select(insp, i.team, *[v.label(k) for k, v in cols.items() if k.startswith("n_")])
            .select_from(insp)
            .outerjoin(counts, counts.c.inspection_id == insp.c.id)
            .outerjoin(db.inspections, i.id == insp.c.id)
            .where(and_(true(), *conditions))
        )
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        size = max(1, min(MAX_PAGE_SIZE, f.page_size))
        page = max(1, min(f.page, max(1, -(-total // size))))
        key = cols[SORTS.get(f.sort, "planned_start")]
        order = key.desc() if f.descending else key.asc()
        # NULL dates last either way, then a stable tie-break.
        rows = conn.execute(
            base.order_by(key.is_(None), order, insp.c.id).limit(size).offset((page - 1) * size)
        ).all()
    return ListPage(
        rows=[
            ListRow(
                id=r.id,
                company=r.company_name or "",
                inspection_type=r.inspection_type or "",
                status=r.status or "",
                planned_start=r.planned_start or "",
                planned_end=r.planned_end or "",
                actual_start=r.actual_start or "",
                actual_end=r.actual_end or "",
                team=r.team or "",
                counts={s: int(r._mapping[f"n_{s}"]) for s in SEVERITIES},
                total=int(r.n_total),
            )
            for r in rows
        ],
        total=total,
        page=page,
        page_size=size,
    )


# ---- one inspection --------------------------------------------------------------------


@dataclass
class DefectLog:
    """Everything the defect-log page shows, as plain records (field -> value dicts)."""

    inspection: dict[str, Any]
    team: str
    members: list[dict[str, Any]] = field(default_factory=list)
    defects: list[dict[str, Any]] = field(default_factory=list)
    photos: dict[str | None, list[dict[str, Any]]] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    issued: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    checklist: Any = None  # checklist.schema.Checklist, or None when the server lacks it
    conclusion: Any = None  # domain.conclusion.Conclusion
    conclusion_problem: str = ""

    def reviews_of(self, defect_id: str | None) -> list[dict[str, Any]]:
        return [r for r in self.reviews if r.get("defect_id") == defect_id]


def defect_log(engine: Engine, inspection_id: str) -> DefectLog | None:
    """The inspection's records (None when the server holds no such inspection)."""
    w = db.winners.c
    records: dict[tuple[str, str], dict[str, Any]] = {}
    with db.read_transaction(engine) as conn:
        rows = conn.execute(
            select(w.kind, w.record_id, w.field, w.value).where(w.inspection_id == inspection_id)
        ).all()
        team = conn.execute(
            select(db.inspections.c.team).where(db.inspections.c.id == inspection_id)
        ).scalar_one_or_none()
        for kind, record_id, name, value in rows:
            records.setdefault((kind, record_id), {"id": record_id})[name] = value
        inspection = records.get(("inspection", inspection_id))
        if inspection is None or inspection.get("deleted") is True:
            return None
        checklist_yaml = None
        if inspection.get("checklist_id"):
            c = db.checklists.c
            checklist_yaml = conn.execute(
                select(c.yaml).where(
                    c.id == str(inspection["checklist_id"]),
                    c.version == int(inspection.get("checklist_version") or 0),
                )
            ).scalar_one_or_none()

    def of(kind: str) -> list[dict[str, Any]]:
        return [
            r
            for (k, _), r in records.items()
            if k == kind and r.get("deleted") is not True and k != "audit"
        ]

    log = DefectLog(inspection=inspection, team=team or "")
    log.members = of("team_member")
    log.defects = sorted(of("defect"), key=lambda d: (str(d.get("created_at") or ""), d["id"]))
    for photo in of("photo"):
        log.photos.setdefault(photo.get("defect_id"), []).append(photo)
    log.results = of("item_result")
    log.signatures = of("signature")
    log.reviews = sorted(of("review"), key=lambda r: (str(r.get("created_at") or ""), r["id"]))
    for response in of("review_response"):
        log.responses.setdefault(str(response.get("review_id")), []).append(response)
    log.issued = sorted(of("issued_report"), key=lambda r: (int(r.get("revision") or 0), r["id"]))
    log.audit = sorted(
        (r.get("row") or {} for (k, _), r in records.items() if k == "audit"),
        key=lambda row: (str(row.get("at", "")), str(row.get("id", ""))),
    )
    _conclude(log, inspection_id, checklist_yaml)
    return log


_CHECKLISTS: dict[str, Any] = {}  # sha256 of the YAML -> Checklist (immutable per version)


def _checklist(yaml_text: str, checklist_id: str, version: int) -> Any:
    from inspector_app.checklist.loader import load_checklist
    from inspector_app.checklist.profiles import bundled_profiles

    key = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
    if key not in _CHECKLISTS:
        with tempfile.TemporaryDirectory(prefix="inspector-console-") as tmp:
            path = Path(tmp) / f"{checklist_id}.v{version}.yaml"
            path.write_text(yaml_text, encoding="utf-8", newline="")
            _CHECKLISTS[key] = load_checklist(path, rule_profiles=set(bundled_profiles()))
    return _CHECKLISTS[key]


def _conclude(log: DefectLog, inspection_id: str, checklist_yaml: str | None) -> None:
    """The suggested conclusion, as the laptop computes it (domain/conclusion.py)."""
    from inspector_app.checklist.profiles import bundled_profiles
    from inspector_app.domain import conclusion
    from inspector_app.domain.model import STORED, Defect, Inspection, ItemResult

    info = log.inspection
    if checklist_yaml is None:
        log.conclusion_problem = (
            f"checklist {info.get('checklist_id')} v{info.get('checklist_version')} "
            "is not published on this server"
        )
        return
    try:
        checklist = _checklist(
            checklist_yaml, str(info["checklist_id"]), int(info["checklist_version"])
        )
        log.checklist = checklist
        profile = bundled_profiles()[checklist.rule_profile]

        def model(cls: Any, record: dict[str, Any]) -> Any:
            known = {k: v for k, v in record.items() if k in cls.model_fields}
            return cls.model_validate(known, context=STORED)

        inspection = model(Inspection, info)
        facts = conclusion.facts_from(
            checklist,
            inspection,
            [model(ItemResult, r) for r in log.results],
            [model(Defect, d) for d in log.defects],
        )
        log.conclusion = conclusion.evaluate(profile, facts)
    except Exception as exc:  # a record the domain refuses must not hide the rest of the page
        log.conclusion_problem = f"the conclusion cannot be computed: {exc}"[:500]
