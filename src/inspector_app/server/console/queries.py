"""The console's read side: the review list (from the summary table, summary.py) and one
inspection's defect log (its `winners` rows: one per record field, read by inspection id).

Filters, sort, counts and paging of the list all run in the database: Python only sees the
page it shows.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    and_,
    func,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from inspector_app.server import db
from inspector_app.server.console import summary

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


def _contains(expr: ColumnElement, needle: str) -> ColumnElement:
    return expr.contains(needle.lower(), autoescape=True)


def review_list(engine: Engine, f: ListFilter) -> ListPage:
    """One page of the list, from the summary table (refreshed first: see summary.py)."""
    summary.refresh(engine)
    t = db.console_summary.c
    conditions: list[ColumnElement] = [t.deleted.is_(False)]
    if f.company:
        conditions.append(_contains(func.lower(t.company), f.company))
    if f.inspection_type:
        conditions.append(t.inspection_type == f.inspection_type)
    if f.status:
        conditions.append(t.status == f.status)
    start = t.actual_start if f.date_field == "actual" else t.planned_start
    if f.date_from:
        conditions.append(start >= f.date_from.isoformat())
    if f.date_to:
        conditions.append(start <= f.date_to.isoformat())
    if f.grade in SEVERITIES:
        conditions.append(t[f"n_{f.grade}"] > 0)
    # The summary holds these texts lower-cased already.
    for needle, column in ((f.inspector, t.people), (f.clause, t.clauses), (f.text, t.facts)):
        if needle:
            conditions.append(_contains(column, needle))
    where = and_(*conditions)
    key = {
        "company": t.company,
        "planned_start": t.planned_start,
        "actual_start": t.actual_start,
        "status": t.status,
        "n_critical": t.n_critical,
        "n_major": t.n_major,
        "n_general": t.n_general,
        "n_total": t.n_total,
    }[SORTS.get(f.sort, "planned_start")]
    order = key.desc() if f.descending else key.asc()
    size = max(1, min(MAX_PAGE_SIZE, f.page_size))
    columns = [c for c in db.console_summary.c if c.name not in ("people", "clauses", "facts")]
    with db.read_transaction(engine) as conn:
        total = conn.execute(select(func.count()).where(where)).scalar_one()
        page = max(1, min(f.page, max(1, -(-total // size))))
        rows = conn.execute(
            select(*columns)
            .where(where)
            # NULL dates last either way, then a stable tie-break.
            .order_by(key.is_(None), order, t.inspection_id)
            .limit(size)
            .offset((page - 1) * size)
        ).all()
    return ListPage(
        rows=[
            ListRow(
                id=r.inspection_id,
                company=r.company,
                inspection_type=r.inspection_type,
                status=r.status,
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

        def model(cls: Any, record: dict[str, Any]) -> Any:
            known = {k: v for k, v in record.items() if k in cls.model_fields}
            return cls.model_validate(known, context=STORED)

        inspection = model(Inspection, info)
        profile = conclusion.profile_for(
            bundled_profiles(), checklist.rule_profile, inspection.inspection_type
        )
        facts = conclusion.facts_from(
            checklist,
            inspection,
            [model(ItemResult, r) for r in log.results],
            [model(Defect, d) for d in log.defects],
        )
        log.conclusion = conclusion.evaluate(profile, facts)
    except Exception as exc:  # a record the domain refuses must not hide the rest of the page
        log.conclusion_problem = f"the conclusion cannot be computed: {exc}"[:500]
