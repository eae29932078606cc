"""Statistics over the server's synced inspections for any period (issue 14): inspections by
company and type, defects by grade (as issued: the reviewer's adjusted grade wins), by chapter
(the top-level section of the checklist), by most cited clause, defects per inspection, and
conclusions by type (the report's final conclusion: domain/conclusion.py over the reviewed
defects, the inspector's override when set).

The figures are GROUP BY queries over the statistics tables (server/stats_db.py, schema 0007:
a row per inspection, per defect and per cited clause, derived from `winners` and kept current
from the change sequence by a cursor stored in the database), so every worker and a restarted
server share them; each request first brings them up to the newest entry (only inspections
changed since are recomputed), then aggregates in SQL. Only the grouped results (a few
thousand rows at most) are sorted and banded here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine

from inspector_app.server import db, stats_db

SEVERITIES = stats_db.SEVERITIES
UNKNOWN = stats_db.UNKNOWN
NO_CHAPTER = stats_db.NO_CHAPTER
TOP_CLAUSES = 20
PER_INSPECTION_BANDS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, None))


def refresh(engine: Engine) -> dict[str, int]:
    """Bring the statistics tables up to the newest accepted entry (stats_db.refresh)."""
    return stats_db.refresh(engine)


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

    def bounds(self) -> tuple[str | None, str | None]:
        """(start, end) as ISO dates, None where open."""
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )

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
    refresh(engine)
    bounds = period.bounds()
    with db.read_transaction(engine) as conn:  # one snapshot for every table of the page
        groups = stats_db.inspection_groups(conn, *bounds)
        defect_groups = stats_db.defect_groups(conn, *bounds)
        clause_counts = stats_db.clause_counts(conn, *bounds)
    s = Statistics(period=period)
    companies: dict[str, list[int]] = {}
    types: dict[str, list[int]] = {}
    months: dict[str, list[int]] = {}
    status: Counter = Counter()
    grades: Counter = Counter({g: 0 for g in SEVERITIES})
    chapters: Counter = Counter()
    bands: Counter = Counter()
    conclusions: Counter = Counter()
    for company, itype, state, month, code, label, n, count, issued in groups:
        s.inspections += count
        s.defects += n * count
        s.issued += count if issued else 0
        for table, key in ((companies, company), (types, itype)):
            row = table.setdefault(key, [0, 0])
            row[0] += count
            row[1] += n * count
        if month:
            row = months.setdefault(month, [0, 0])
            row[0] += count
            row[1] += n * count
        status[state] += count
        conclusions[(code, label)] += count
        bands[_band(n)] += count
    for grade, chapter, n in defect_groups:
        grades[grade] += n
        chapters[chapter] += n
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
    s.top_clauses = _ranked(Counter(dict(clause_counts)))[:TOP_CLAUSES]
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


LOG_FIELDS = (
    "day",
    "company",
    "inspection_type",
    "grade",
    "chapter",
    "clauses",
    "facts",
    "location",
    "recorded_at",
    "inspection_id",
    "defect_id",
)


def defect_log(engine: Engine, period: Period) -> Iterator[tuple[Any, ...]]:
    """The period's defect log as tuples in LOG_FIELDS order, by inspection date, inspection
    and defect id (for the exports): one streamed query, never all rows in memory."""
    refresh(engine)
    return stats_db.defect_log(engine, *period.bounds())


def defect_rows(engine: Engine, period: Period) -> Iterator[dict[str, Any]]:
    """defect_log as dicts keyed by LOG_FIELDS."""
    for row in defect_log(engine, period):
        yield dict(zip(LOG_FIELDS, row, strict=True))


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


def satisfaction(engine: Engine, period: Period):
    """The companies' ratings of the service given in the period (China dates of the rating,
    rectification.satisfaction_figures): count, mean and per star; an open end is open."""
    from inspector_app.server.rectification import satisfaction_figures

    return satisfaction_figures(
        engine, period.start or date(1, 1, 1), period.end or date(9999, 12, 31)
    )
