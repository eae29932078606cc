"""Statistics over the server's synced inspections for any period (issue 14): inspections by
company and type, defects by grade (as issued: the reviewer's adjusted grade wins), by chapter
(the top-level section of the checklist), by most cited clause, defects per inspection, and
conclusions by type (the report's final conclusion: domain/conclusion.py over the reviewed
defects, the inspector's override when set).

The figures come from a compact per-inspection digest (`Digest`) held in memory per server
process and kept current like the review list's summary (summary.py): after `refresh`, the
digests reflect every change entry up to `_Cache.seq`; only inspections with newer entries
are recomputed. A period's statistics then aggregate at most one digest per inspection, with
no pivot of the `winners` table per request. The digest is derived data: a restart rebuilds it.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from inspector_app.server import db

SEVERITIES = ("critical", "major", "general")
CHUNK = 500
UNKNOWN = "unknown"  # conclusion code when it cannot be computed (checklist not on the server…)
NO_CHAPTER = ""  # a defect not tied to a checklist item
TOP_CLAUSES = 20
PER_INSPECTION_BANDS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, None))
# The fields a digest needs, per kind: long texts (facts, notes, locations) stay unread, so a
# cold build of 200,000 defects decodes a fraction of their JSON values.
_FIELDS = {
    "defect": (
        "inspection_id",
        "item_id",
        "severity",
        "clause_refs",
        "falsification",
        "affects_quality",
        "created_at",
        "deleted",
    ),
    "item_result": ("inspection_id", "item_id", "result", "deleted"),
    "review": ("defect_id", "state", "adjusted_severity", "created_at", "deleted"),
    "issued_report": ("issued_at", "deleted"),
}


# slots: 200,000 of these live in each server process; no per-instance dict.
@dataclass(frozen=True, slots=True)
class DefectDigest:
    id: str
    grade: str  # as issued: the latest adjusted grade, else the inspector's
    chapter: str  # "第二章 质量管理" (code and title of the top-level section), "" if none
    clauses: tuple[str, ...]
    item_id: str


@dataclass(frozen=True, slots=True)
class Digest:
    id: str
    company: str
    inspection_type: str
    status: str
    day: str  # the inspection's date: actual start, else planned start (ISO), "" if none
    checklist: str  # "drug-gmp-2010 v1"
    conclusion: str  # outcome code, UNKNOWN when it cannot be computed
    conclusion_label: str
    issued_at: str  # first issue time (UTC ISO) of its report, "" when not issued
    defects: tuple[DefectDigest, ...]


@dataclass
class _Cache:
    seq: int | None = None
    checklists: int = -1  # number of published checklists the digests were computed with
    digests: dict[str, Digest] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHES: dict[str, _Cache] = {}
_CACHES_LOCK = threading.Lock()
_CHAPTERS: dict[tuple[str, int], Any] = {}  # (checklist id, version) -> (chapters, checklist)


def _cache(engine: Engine) -> _Cache:
    key = str(engine.url)
    with _CACHES_LOCK:
        return _CACHES.setdefault(key, _Cache())


def forget(engine: Engine) -> None:
    """Drop this database's digests (tests; a restored backup)."""
    with _CACHES_LOCK:
        _CACHES.pop(str(engine.url), None)


def refresh(engine: Engine) -> dict[str, Digest]:
    """The digests of every live inspection, brought up to the newest accepted entry."""
    cache = _cache(engine)
    with cache.lock, db.read_transaction(engine) as conn:
        head = int(conn.execute(select(func.coalesce(func.max(db.changes.c.seq), 0))).scalar_one())
        published = int(conn.execute(select(func.count()).select_from(db.checklists)).scalar_one())
        if cache.seq is not None and head <= cache.seq and published == cache.checklists:
            return cache.digests
        if cache.seq is None or published != cache.checklists:
            # First use, or a checklist was published: conclusions and chapters may change.
            ids = list(conn.execute(select(db.inspections.c.id)).scalars())
            cache.digests = {}
        else:
            c = db.changes.c
            ids = list(
                conn.execute(
                    select(c.inspection_id).where(c.seq > cache.seq, c.seq <= head).distinct()
                ).scalars()
            )
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            fresh = _compute(conn, chunk)
            for iid in chunk:
                if iid in fresh:
                    cache.digests[iid] = fresh[iid]
                else:
                    cache.digests.pop(iid, None)
        cache.seq, cache.checklists = head, published
        return cache.digests


def _compute(conn: Connection, ids: list[str]) -> dict[str, Digest]:
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
        if record.get("deleted") is True:
            continue
        by_inspection.setdefault(iid, {}).setdefault(kind, []).append(record)
    out = {}
    for iid, kinds in by_inspection.items():
        own = [r for r in kinds.get("inspection", []) if r["id"] == iid]
        if own:
            out[iid] = _digest(conn, own[0], kinds)
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _digest(conn: Connection, info: dict[str, Any], kinds: dict[str, list]) -> Digest:
    checklist_id = _text(info.get("checklist_id"))
    version = info.get("checklist_version")
    version = version if isinstance(version, int) else 0
    loaded = _checklist(conn, checklist_id, version)
    chapters = loaded[0] if loaded else {}
    # Reviews in the order they were made: the latest adjustment of a defect wins.
    reviews = sorted(
        kinds.get("review", []),
        key=lambda r: (_text(r.get("created_at")), r["id"]),
    )
    adjusted: dict[str, str] = {}
    for review in reviews:
        grade = review.get("adjusted_severity")
        if review.get("state") == "adjusted" and grade in SEVERITIES:
            adjusted[_text(review.get("defect_id"))] = grade
    defects = []
    for d in sorted(kinds.get("defect", []), key=lambda d: d["id"]):
        item_id = _text(d.get("item_id"))
        refs = d.get("clause_refs")
        defects.append(
            DefectDigest(
                id=d["id"],
                grade=sys.intern(adjusted.get(d["id"], _text(d.get("severity")))),
                chapter=chapters.get(item_id, NO_CHAPTER),
                clauses=tuple(
                    dict.fromkeys(
                        sys.intern(r.strip()) for r in refs if isinstance(r, str) and r.strip()
                    )
                )
                if isinstance(refs, list)
                else (),
                item_id=sys.intern(item_id),  # a checklist has hundreds, not thousands
            )
        )
    issued = sorted(_text(r.get("issued_at")) for r in kinds.get("issued_report", []))
    code, label = _conclusion(loaded[1] if loaded else None, info, kinds, adjusted)
    return Digest(
        id=info["id"],
        company=_text(info.get("company_name")).strip(),
        inspection_type=_text(info.get("inspection_type")),
        status=_text(info.get("status")),
        day=(_text(info.get("actual_start")) or _text(info.get("planned_start")))[:10],
        checklist=f"{checklist_id} v{version}",
        conclusion=code,
        conclusion_label=label,
        issued_at=next((i for i in issued if i), ""),
        defects=tuple(defects),
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
            # The facts are not read (see _FIELDS); the conclusion does not depend on them.
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


# ---- a period's figures ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None  # inclusive

    def holds(self, day: str) -> bool:
        if not day:
            return self.start is None and self.end is None
        if self.start and day < self.start.isoformat():
            return False
        return not (self.end and day > self.end.isoformat())

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


@dataclass
class Statistics:
    period: Period
    inspections: int = 0
    companies: int = 0
    defects: int = 0
    issued: int = 0
    by_company: list[tuple[str, int, int]] = field(default_factory=list)  # name, insp., defects
    by_type: list[tuple[str, int, int]] = field(default_factory=list)  # type, insp., defects
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_grade: list[tuple[str, int]] = field(default_factory=list)  # every grade, 0 included
    by_chapter: list[tuple[str, int]] = field(default_factory=list)  # most defects first
    top_clauses: list[tuple[str, int]] = field(default_factory=list)
    per_inspection: list[tuple[str, int]] = field(default_factory=list)  # band, inspections
    conclusions: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, n
    by_month: list[tuple[str, int, int]] = field(default_factory=list)  # YYYY-MM, insp., def.

    @property
    def defects_per_inspection(self) -> float:
        return self.defects / self.inspections if self.inspections else 0.0

    def grade(self, name: str) -> int:
        return dict(self.by_grade).get(name, 0)


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def statistics(engine: Engine, period: Period) -> Statistics:
    """The period's figures: inspections dated inside it (actual start, else planned start)
    and their live defects. Undated inspections count only for an open period."""
    chosen = [d for d in refresh(engine).values() if period.holds(d.day)]
    s = Statistics(period=period, inspections=len(chosen))
    companies: dict[str, list[int]] = {}
    types: dict[str, list[int]] = {}
    months: dict[str, list[int]] = {}
    status: Counter = Counter()
    grades: Counter = Counter({g: 0 for g in SEVERITIES})
    chapters: Counter = Counter()
    clauses: Counter = Counter()
    bands: Counter = Counter()
    conclusions: Counter = Counter()
    for d in chosen:
        n = len(d.defects)
        s.defects += n
        s.issued += bool(d.issued_at)
        for table, key in ((companies, d.company), (types, d.inspection_type)):
            row = table.setdefault(key, [0, 0])
            row[0] += 1
            row[1] += n
        if d.day:
            row = months.setdefault(d.day[:7], [0, 0])
            row[0] += 1
            row[1] += n
        status[d.status] += 1
        conclusions[(d.conclusion, d.conclusion_label)] += 1
        bands[_band(n)] += 1
        for defect in d.defects:
            grades[defect.grade] += 1
            chapters[defect.chapter] += 1
            clauses.update(defect.clauses)
    s.companies = len(companies)
    s.by_company = sorted(
        ((k, v[0], v[1]) for k, v in companies.items()), key=lambda r: (-r[1], -r[2], r[0])
    )
    s.by_type = sorted(((k, v[0], v[1]) for k, v in types.items()), key=lambda r: (-r[1], r[0]))
    s.by_month = sorted((k, v[0], v[1]) for k, v in months.items())
    s.by_status = _ranked(status)
    s.by_grade = [(g, grades[g]) for g in SEVERITIES] + [
        (g, n) for g, n in _ranked(grades) if g not in SEVERITIES
    ]
    s.by_chapter = _ranked(chapters)
    s.top_clauses = _ranked(clauses)[:TOP_CLAUSES]
    s.per_inspection = [(label, bands[label]) for label in map(_band_label, PER_INSPECTION_BANDS)]
    s.conclusions = sorted(
        ((code, label, n) for (code, label), n in conclusions.items()),
        key=lambda r: (-r[2], r[0]),
    )
    return s


def _band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    if high is None:
        return f"≥{low}"
    return str(low) if low == high else f"{low}–{high}"


def _band(n: int) -> str:
    for band in PER_INSPECTION_BANDS:
        if n >= band[0] and (band[1] is None or n <= band[1]):
            return _band_label(band)
    raise AssertionError(n)  # the bands cover every count


def defect_rows(engine: Engine, period: Period) -> Iterator[dict[str, Any]]:
    """The period's defect log, one row per live defect, by inspection date (for the
    exports). Facts and locations are read here, a chunk of inspections at a time, not kept
    in the digests; rows are yielded so a 200,000-defect export never holds them all."""
    chosen = sorted(
        (d for d in refresh(engine).values() if period.holds(d.day)), key=lambda d: (d.day, d.id)
    )
    w = db.winners.c
    for start in range(0, len(chosen), CHUNK):
        part = chosen[start : start + CHUNK]
        more: dict[str, dict[str, Any]] = {}
        with db.read_transaction(engine) as conn:
            for record_id, name, value in conn.execute(
                select(w.record_id, w.field, w.value).where(
                    w.inspection_id.in_([d.id for d in part]),
                    w.kind == "defect",
                    w.field.in_(("facts", "location", "created_at")),
                )
            ):
                more.setdefault(record_id, {})[name] = value
        for d in part:
            for defect in d.defects:
                extra = more.get(defect.id, {})
                yield {
                    "day": d.day,
                    "company": d.company,
                    "inspection_type": d.inspection_type,
                    "inspection_id": d.id,
                    "defect_id": defect.id,
                    "grade": defect.grade,
                    "chapter": defect.chapter,
                    "item_id": defect.item_id,
                    "clauses": "；".join(defect.clauses),
                    "facts": _text(extra.get("facts")),
                    "location": _text(extra.get("location")),
                    "recorded_at": _text(extra.get("created_at")),
                }


# ---- service requests (server/service.py): by item, acceptance to issue, on time -----------


@dataclass
class ItemFigures:
    code: str
    name: str
    pre_inspection: bool
    requests: int = 0
    accepted: int = 0
    done: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0  # open and past its due date today
    working_days: list[int] = field(default_factory=list)  # acceptance to issue, done ones
    calendar_days: list[int] = field(default_factory=list)

    @property
    def share_on_time(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None

    @property
    def mean_working_days(self) -> float | None:
        return sum(self.working_days) / len(self.working_days) if self.working_days else None

    @property
    def mean_calendar_days(self) -> float | None:
        return sum(self.calendar_days) / len(self.calendar_days) if self.calendar_days else None


@dataclass
class RequestFigures:
    """Requests received in the period (their received date), by service item."""

    items: list[ItemFigures]
    companies: set[str]
    inspections: set[str]  # inspections the period's requests carry
    problem: str = ""  # why deadlines could not be counted (calendar), if so

    @property
    def total(self) -> ItemFigures:
        out = ItemFigures("", "", False)
        for item in self.items:
            for name in ("requests", "accepted", "done", "on_time", "late", "overdue"):
                setattr(out, name, getattr(out, name) + getattr(item, name))
            out.working_days += item.working_days
            out.calendar_days += item.calendar_days
        return out


def request_figures(engine: Engine, period: Period) -> RequestFigures:
    """The period's service requests by item: counts, done, on time / late (办结时限 from
    acceptance to the report's first issue, clock stops left out: domain/deadlines.py), days
    from acceptance to issue. A calendar that cannot count (a year not yet known) leaves the
    deadline figures out and says why, never guessed."""
    from inspector_app.domain.errors import DomainError
    from inspector_app.server import service

    try:
        calendar, problem = service.work_calendar(), ""
    except DomainError as exc:
        calendar, problem = None, str(exc)
    chosen = service.list_requests(
        engine,
        service.RequestFilter(received_from=period.start, received_to=period.end),
        calendar,
        service.china_today(),
    )
    catalogue = {i.code: i for i in service.catalogue(engine)}
    items: dict[str, ItemFigures] = {}
    out = RequestFigures([], set(), set(), problem)
    for q in chosen:
        known = catalogue.get(q.item_code)
        figures = items.setdefault(
            q.item_code,
            ItemFigures(
                q.item_code,
                q.item_name or (known.name if known else q.item_code),
                bool(known and known.pre_inspection),
            ),
        )
        figures.requests += 1
        out.companies.add(q.company.strip())
        out.inspections.update(i.inspection_id for i in q.inspections if not i.missing)
        if q.accepted_on is None:
            continue
        figures.accepted += 1
        state = q.state
        figures.overdue += state == "overdue"
        if state in ("on_time", "late"):
            figures.done += 1
            figures.on_time += state == "on_time"
            figures.late += state == "late"
            if q.deadline is not None:
                figures.working_days.append(q.deadline.used)
            if q.done_on is not None:
                figures.calendar_days.append((q.done_on - q.accepted_on).days)
        elif q.done_on is not None:  # issued, but the calendar could not judge it
            figures.done += 1
            figures.calendar_days.append((q.done_on - q.accepted_on).days)
    order = {code: n for n, code in enumerate(catalogue)}  # the catalogue's order
    out.items = sorted(items.values(), key=lambda i: (order.get(i.code, 10**6), i.code))
    return out
