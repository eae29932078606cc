"""The service the center runs (issue 14): its catalogue of service items and the companies'
service requests, from received to accepted to the report issued, with their 办结时限.

A request's deadline counts working days (domain/workdays.py, domain/deadlines.py) from its
acceptance to the first issue of the report of its inspections (all of them, when it carries
several), leaving out the days the clock was stopped while the company owed material. Every
write names who did it and is kept in `request_events`; a refused write changes nothing and
says why (RequestRefused, with a key the console words by).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from inspector_app.domain.deadlines import ClockStop, Deadline, deadline
from inspector_app.domain.errors import DomainError, InspectorError
from inspector_app.domain.ids import new_id
from inspector_app.domain.workdays import WorkCalendar, YearArrangement, parse_overrides
from inspector_app.server import db
from inspector_app.server.auth import iso, utc_now
from inspector_app.server.service_db import (
    request_clock_stops,
    request_events,
    request_inspections,
    service_items,
    service_requests,
)
from inspector_app.server.settings import default_data_dir

CENTER_TZ = dt.timezone(dt.timedelta(hours=8))
ENV_HOLIDAYS = "INSPECTOR_SERVER_HOLIDAYS"  # the center's holiday override file (YAML)
OVERRIDES_FILE = "holiday-overrides.yaml"
BUNDLED_OVERRIDES = Path(__file__).parents[1] / "domain" / OVERRIDES_FILE
TEMPLATES = ("full", "defect-list")
MAX_TEXT = 200
MAX_PRODUCTS = 2_000
MAX_NOTE = 2_000
MAX_LIMIT_DAYS = 365


class RequestRefused(InspectorError):
    """A write the service refuses: `key` names the console's words, `values` fill them."""

    def __init__(self, key: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.key, self.message, self.values = key, message, values


# ---- the working-day calendar --------------------------------------------------------------


def overrides_path() -> Path:
    """The center's override file: INSPECTOR_SERVER_HOLIDAYS, else in the data directory."""
    env = os.environ.get(ENV_HOLIDAYS)
    return Path(env) if env else default_data_dir() / OVERRIDES_FILE


@lru_cache(maxsize=8)
def _calendar(center: str, center_text: str) -> WorkCalendar:
    years: dict[int, YearArrangement] = parse_overrides(
        BUNDLED_OVERRIDES.read_text(encoding="utf-8"), str(BUNDLED_OVERRIDES)
    )
    if center_text:
        years |= parse_overrides(center_text, center)
    return WorkCalendar.standard(years, source=center)


def work_calendar(path: Path | None = None) -> WorkCalendar:
    """The package's years, the bundled override file's, then the center's (read each time:
    a year added to the file counts without a restart). A broken file raises OverrideError
    naming it."""
    path = path or overrides_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise DomainError(str(path), f"cannot read the holiday override file ({exc})") from None
    return _calendar(str(path), text)


def china_today() -> dt.date:
    return dt.datetime.now(CENTER_TZ).date()


# ---- the catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    code: str
    version: int
    name: str
    pre_inspection: bool
    position: int
    limit_days: int
    report_template: str
    retired: bool
    changed_at: str
    changed_by: str
    reason: str


def _item(row: Any) -> Item:
    return Item(**{k: row._mapping[k] for k in Item.__dataclass_fields__})


def catalogue(engine: Engine, *, with_retired: bool = True) -> list[Item]:
    """The current version of every item: pre-inspection items first, then by position."""
    s = service_items.c
    latest = (
        select(s.code, func.max(s.version).label("version")).group_by(s.code).subquery("latest")
    )
    query = select(service_items).join(
        latest, (s.code == latest.c.code) & (s.version == latest.c.version)
    )
    with db.read_transaction(engine) as conn:
        items = [_item(r) for r in conn.execute(query)]
    items = [i for i in items if with_retired or not i.retired]
    return sorted(items, key=lambda i: (not i.pre_inspection, i.position, i.name))


def item_history(engine: Engine, code: str) -> list[Item]:
    s = service_items.c
    with db.read_transaction(engine) as conn:
        rows = conn.execute(
            select(service_items).where(s.code == code).order_by(s.version.desc())
        ).all()
    return [_item(r) for r in rows]


def _current_item(conn: Connection, code: str) -> Item | None:
    s = service_items.c
    row = conn.execute(
        select(service_items).where(s.code == code).order_by(s.version.desc()).limit(1)
    ).first()
    return _item(row) if row else None


def save_item(
    engine: Engine,
    who: str,
    code: str,
    *,
    name: str,
    pre_inspection: bool,
    position: int,
    limit_days: int,
    report_template: str,
    retired: bool,
    reason: str,
    new: bool,
) -> Item:
    """Add an item (`new`) or a new version of one; earlier versions stay as they were."""
    if not 1 <= limit_days <= MAX_LIMIT_DAYS:
        raise RequestRefused(
            "limit_out_of_range",
            f"service item {code}: a limit of {limit_days} working days is outside "
            f"1–{MAX_LIMIT_DAYS}",
            n=limit_days,
            max=MAX_LIMIT_DAYS,
        )
    if report_template not in TEMPLATES:
        raise RequestRefused("bad_template", f"service item {code}: unknown report template")
    with db.write_transaction(engine) as conn:
        current = _current_item(conn, code)
        if new and current is not None:
            raise RequestRefused("item_exists", f"service item {code} already exists", code=code)
        if not new and current is None:
            raise RequestRefused("item_unknown", f"no service item {code}", code=code)
        others = conn.execute(
            select(service_items.c.code).where(
                service_items.c.name == name, service_items.c.code != code
            )
        ).first()
        if others is not None:
            raise RequestRefused(
                "item_name_taken",
                f"service item {code}: the name {name} belongs to item {others.code}",
                name=name,
                code=others.code,
            )
        item = Item(
            code=code,
            version=(current.version + 1) if current else 1,
            name=name,
            pre_inspection=pre_inspection,
            position=position,
            limit_days=limit_days,
            report_template=report_template,
            retired=retired,
            changed_at=iso(utc_now()),
            changed_by=who,
            reason=reason,
        )
        conn.execute(insert(service_items).values(**item.__dict__))
    return item


# ---- requests ------------------------------------------------------------------------------


@dataclass
class Linked:
    inspection_id: str
    company: str
    status: str
    planned_start: str
    issued_on: dt.date | None  # China date of the report's first issue
    linked_at: str
    linked_by: str
    missing: bool = False  # linked, but not (or no longer) on this server


@dataclass
class Request:
    id: str
    company: str
    item_code: str
    item_version: int
    item_name: str
    products: str
    requested_start: str
    requested_end: str
    received_on: dt.date
    accepted_on: dt.date | None
    limit_days: int | None
    note: str
    created_at: str
    created_by: str
    stops: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[Linked] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    deadline: Deadline | None = None
    problem: str = ""  # why no deadline could be computed (e.g. an unknown year)

    @property
    def done_on(self) -> dt.date | None:
        """The day the last of its inspections' reports was first issued (all issued)."""
        live = [i for i in self.inspections if not i.missing]
        if not live or any(i.issued_on is None for i in live):
            return None
        return max(i.issued_on for i in live if i.issued_on)

    @property
    def open_stop(self) -> dict[str, Any] | None:
        return next((s for s in self.stops if s["resumed_on"] is None), None)

    @property
    def state(self) -> str:
        """received | one of deadlines.State | unknown (the calendar could not count)."""
        if self.accepted_on is None:
            return "received"
        return self.deadline.state if self.deadline else "unknown"


def _event(conn: Connection, request_id: str, who: str, what: str, **detail: Any) -> None:
    conn.execute(
        insert(request_events).values(
            request_id=request_id, at=iso(utc_now()), who=who, what=what, detail=detail
        )
    )


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise RequestRefused(
            "dates_reversed",
            f"requested dates: {end.isoformat()} is before {start.isoformat()}",
            start=start.isoformat(),
            end=end.isoformat(),
        )


def create_request(
    engine: Engine,
    who: str,
    *,
    company: str,
    item_code: str,
    products: str,
    received_on: dt.date,
    requested_start: dt.date | None = None,
    requested_end: dt.date | None = None,
    note: str = "",
) -> str:
    _check_dates(requested_start, requested_end)
    request_id = new_id()
    with db.write_transaction(engine) as conn:
        item = _current_item(conn, item_code)
        if item is None:
            raise RequestRefused("item_unknown", f"no service item {item_code}", code=item_code)
        if item.retired:
            raise RequestRefused(
                "item_retired",
                f"service item {item.name} is retired: it takes no new requests",
                name=item.name,
            )
        conn.execute(
            insert(service_requests).values(
                id=request_id,
                company=company,
                item_code=item.code,
                item_version=item.version,
                products=products,
                requested_start=requested_start.isoformat() if requested_start else None,
                requested_end=requested_end.isoformat() if requested_end else None,
                received_on=received_on.isoformat(),
                accepted_on=None,
                limit_days=None,
                note=note,
                created_at=iso(utc_now()),
                created_by=who,
            )
        )
        _event(conn, request_id, who, "received", received_on=received_on.isoformat())
    return request_id


def _row(conn: Connection, request_id: str) -> Any:
    row = conn.execute(select(service_requests).where(service_requests.c.id == request_id)).first()
    if row is None:
        raise RequestRefused("request_unknown", f"no service request {request_id}")
    return row


def _stops(conn: Connection, request_id: str) -> list[dict[str, Any]]:
    c = request_clock_stops.c
    rows = conn.execute(
        select(request_clock_stops).where(c.request_id == request_id).order_by(c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def _issued_on(conn: Connection, inspection_ids: Iterable[str]) -> dict[str, dt.date]:
    """The China date of each inspection's first issued report (revision 1)."""
    ids = list(inspection_ids)
    if not ids:
        return {}
    w = db.winners.c
    rows = conn.execute(
        select(w.record_id, w.inspection_id, w.field, w.value).where(
            w.kind == "issued_report",
            w.inspection_id.in_(ids),
            w.field.in_(("issued_at", "revision", "deleted")),
        )
    ).all()
    records: dict[str, dict[str, Any]] = {}
    for record_id, inspection_id, name, value in rows:
        records.setdefault(record_id, {"inspection_id": inspection_id})[name] = value
    first: dict[str, dt.date] = {}
    for record in records.values():
        if record.get("deleted") is True or not record.get("issued_at"):
            continue
        at = dt.datetime.fromisoformat(str(record["issued_at"]).replace("Z", "+00:00"))
        day = at.astimezone(CENTER_TZ).date()
        iid = record["inspection_id"]
        if iid not in first or day < first[iid]:
            first[iid] = day
    return first


def _guard_not_done(conn: Connection, row: Any) -> None:
    links = [
        r.inspection_id
        for r in conn.execute(
            select(request_inspections.c.inspection_id).where(
                request_inspections.c.request_id == row.id
            )
        )
    ]
    issued = _issued_on(conn, links)
    if links and all(i in issued for i in links):
        raise RequestRefused(
            "request_done",
            f"service request of {row.company}: its report is issued; the clock no longer runs",
            company=row.company,
        )


def accept(engine: Engine, who: str, request_id: str, accepted_on: dt.date) -> None:
    """Accepted: the clock starts, with the item's limit in force now."""
    with db.write_transaction(engine) as conn:
        row = _row(conn, request_id)
        if row.accepted_on:
            raise RequestRefused(
                "already_accepted",
                f"service request of {row.company} was accepted on {row.accepted_on}",
                company=row.company,
                on=row.accepted_on,
            )
        if accepted_on.isoformat() < row.received_on:
            raise RequestRefused(
                "accept_before_received",
                f"acceptance {accepted_on.isoformat()} is before receipt {row.received_on}",
                on=accepted_on.isoformat(),
                received=row.received_on,
            )
        item = _current_item(conn, row.item_code)
        assert item is not None  # items are never deleted
        conn.execute(
            update(service_requests)
            .where(service_requests.c.id == request_id)
            .values(
                accepted_on=accepted_on.isoformat(),
                item_version=item.version,
                limit_days=item.limit_days,
            )
        )
        _event(
            conn,
            request_id,
            who,
            "accepted",
            accepted_on=accepted_on.isoformat(),
            limit_days=item.limit_days,
            item_version=item.version,
        )


def stop_clock(engine: Engine, who: str, request_id: str, on: dt.date, reason: str) -> None:
    """The company owes material: the clock stands still from the day after `on`."""
    with db.write_transaction(engine) as conn:
        row = _row(conn, request_id)
        if not row.accepted_on:
            raise RequestRefused(
                "not_accepted",
                f"service request of {row.company} is not accepted: no clock runs yet",
                company=row.company,
            )
        _guard_not_done(conn, row)
        stops = _stops(conn, request_id)
        if stops and stops[-1]["resumed_on"] is None:
            raise RequestRefused(
                "already_stopped",
                f"the clock of {row.company}'s request stopped on {stops[-1]['stopped_on']} "
                "and was not resumed",
                company=row.company,
                on=stops[-1]["stopped_on"],
            )
        since = stops[-1]["resumed_on"] if stops else row.accepted_on
        if on.isoformat() < since:
            raise RequestRefused(
                "stop_too_early",
                f"a stop on {on.isoformat()} is before {since} (acceptance or last resumption)",
                on=on.isoformat(),
                since=since,
            )
        conn.execute(
            insert(request_clock_stops).values(
                request_id=request_id, stopped_on=on.isoformat(), reason=reason, stopped_by=who
            )
        )
        _event(conn, request_id, who, "clock_stopped", on=on.isoformat(), reason=reason)


def resume_clock(engine: Engine, who: str, request_id: str, on: dt.date) -> None:
    """The material arrived on `on`: counting starts again the day after."""
    with db.write_transaction(engine) as conn:
        row = _row(conn, request_id)
        stops = _stops(conn, request_id)
        if not stops or stops[-1]["resumed_on"] is not None:
            raise RequestRefused(
                "not_stopped",
                f"the clock of {row.company}'s request is not stopped",
                company=row.company,
            )
        if on.isoformat() < stops[-1]["stopped_on"]:
            raise RequestRefused(
                "resume_too_early",
                f"resuming on {on.isoformat()} is before the stop on {stops[-1]['stopped_on']}",
                on=on.isoformat(),
                since=stops[-1]["stopped_on"],
            )
        c = request_clock_stops.c
        conn.execute(
            update(request_clock_stops)
            .where(c.id == stops[-1]["id"])
            .values(resumed_on=on.isoformat(), resumed_by=who)
        )
        _event(conn, request_id, who, "clock_resumed", on=on.isoformat())


def _inspection_summary(conn: Connection, ids: Iterable[str]) -> dict[str, Any]:
    ids = list(ids)
    if not ids:
        return {}
    t = db.console_summary.c
    rows = conn.execute(
        select(t.inspection_id, t.company, t.status, t.planned_start, t.deleted).where(
            t.inspection_id.in_(ids)
        )
    ).all()
    return {r.inspection_id: r for r in rows}


def link(engine: Engine, who: str, request_id: str, inspection_id: str) -> None:
    """The inspection (synced from a laptop) is one this request carries."""
    from inspector_app.server.console import summary

    summary.refresh(engine)
    with db.write_transaction(engine) as conn:
        row = _row(conn, request_id)
        if not row.accepted_on:
            raise RequestRefused(
                "not_accepted",
                f"service request of {row.company} is not accepted: no inspection yet",
                company=row.company,
            )
        found = _inspection_summary(conn, [inspection_id]).get(inspection_id)
        if found is None or found.deleted:
            raise RequestRefused(
                "inspection_unknown",
                f"no inspection {inspection_id} on this server (synced yet?)",
                id=inspection_id,
            )
        if found.company.strip() != row.company.strip():
            raise RequestRefused(
                "company_differs",
                f"inspection {inspection_id} is of {found.company}, the request of {row.company}",
                inspection=found.company,
                request=row.company,
            )
        taken = conn.execute(
            select(request_inspections.c.request_id).where(
                request_inspections.c.inspection_id == inspection_id
            )
        ).scalar_one_or_none()
        if taken is not None:
            raise RequestRefused(
                "inspection_taken",
                f"inspection {inspection_id} already belongs to request {taken}",
                id=inspection_id,
                request=taken,
            )
        conn.execute(
            insert(request_inspections).values(
                inspection_id=inspection_id,
                request_id=request_id,
                linked_at=iso(utc_now()),
                linked_by=who,
            )
        )
        _event(conn, request_id, who, "linked", inspection=inspection_id)


def unlink(engine: Engine, who: str, request_id: str, inspection_id: str) -> None:
    with db.write_transaction(engine) as conn:
        _row(conn, request_id)
        c = request_inspections.c
        gone = conn.execute(
            request_inspections.delete().where(
                c.request_id == request_id, c.inspection_id == inspection_id
            )
        ).rowcount
        if not gone:
            raise RequestRefused(
                "not_linked",
                f"inspection {inspection_id} is not linked to this request",
                id=inspection_id,
            )
        _event(conn, request_id, who, "unlinked", inspection=inspection_id)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _assemble(
    conn: Connection,
    rows: list[Any],
    calendar: WorkCalendar | None,
    today: dt.date,
    *,
    with_events: bool = False,
) -> list[Request]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    s = service_items.c
    names = {(r.code, r.version): r.name for r in conn.execute(select(s.code, s.version, s.name))}
    c = request_clock_stops.c
    stops: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(select(request_clock_stops).where(c.request_id.in_(ids)).order_by(c.id)):
        stops.setdefault(r.request_id, []).append(dict(r._mapping))
    li = request_inspections.c
    links = conn.execute(
        select(request_inspections).where(li.request_id.in_(ids)).order_by(li.linked_at)
    ).all()
    summaries = _inspection_summary(conn, [lk.inspection_id for lk in links])
    issued = _issued_on(conn, [lk.inspection_id for lk in links])
    linked: dict[str, list[Linked]] = {}
    for lk in links:
        found = summaries.get(lk.inspection_id)
        linked.setdefault(lk.request_id, []).append(
            Linked(
                inspection_id=lk.inspection_id,
                company=found.company if found else "",
                status=found.status if found else "",
                planned_start=(found.planned_start or "") if found else "",
                issued_on=issued.get(lk.inspection_id),
                linked_at=lk.linked_at,
                linked_by=lk.linked_by,
                missing=found is None or bool(found.deleted),
            )
        )
    events: dict[str, list[dict[str, Any]]] = {}
    if with_events:
        e = request_events.c
        for r in conn.execute(select(request_events).where(e.request_id.in_(ids)).order_by(e.id)):
            events.setdefault(r.request_id, []).append(dict(r._mapping))
    out = []
    for r in rows:
        request = Request(
            id=r.id,
            company=r.company,
            item_code=r.item_code,
            item_version=r.item_version,
            item_name=names.get((r.item_code, r.item_version), r.item_code),
            products=r.products,
            requested_start=r.requested_start or "",
            requested_end=r.requested_end or "",
            received_on=dt.date.fromisoformat(r.received_on),
            accepted_on=_date(r.accepted_on),
            limit_days=r.limit_days,
            note=r.note,
            created_at=r.created_at,
            created_by=r.created_by,
            stops=stops.get(r.id, []),
            inspections=linked.get(r.id, []),
            events=events.get(r.id, []),
        )
        if request.accepted_on and request.limit_days:
            if calendar is None:
                request.problem = "no working-day calendar"
            else:
                try:
                    request.deadline = deadline(
                        calendar,
                        request.accepted_on,
                        request.limit_days,
                        [
                            ClockStop(
                                dt.date.fromisoformat(s["stopped_on"]),
                                _date(s["resumed_on"]),
                                s["reason"],
                            )
                            for s in request.stops
                        ],
                        today,
                        request.done_on,
                    )
                except DomainError as exc:
                    request.problem = str(exc)
        out.append(request)
    return out


def get_request(
    engine: Engine, request_id: str, calendar: WorkCalendar | None, today: dt.date
) -> Request | None:
    from inspector_app.server.console import summary

    summary.refresh(engine)
    with db.read_transaction(engine) as conn:
        row = conn.execute(
            select(service_requests).where(service_requests.c.id == request_id)
        ).first()
        if row is None:
            return None
        return _assemble(conn, [row], calendar, today, with_events=True)[0]


STATES = ("received", "running", "due_soon", "overdue", "stopped", "on_time", "late", "unknown")


@dataclass(frozen=True)
class RequestFilter:
    company: str = ""
    item_code: str = ""
    state: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None


def list_requests(
    engine: Engine, f: RequestFilter, calendar: WorkCalendar | None, today: dt.date
) -> list[Request]:
    """Requests matching the filter, most urgent first: overdue, due soon (fewest days left
    first), running, stopped, received, then done (newest first). The state filter applies
    after the deadlines are computed (it depends on today); a center's requests per year
    are hundreds, not millions."""
    from inspector_app.server.console import summary

    summary.refresh(engine)
    r = service_requests.c
    query = select(service_requests)
    if f.company:
        query = query.where(func.lower(r.company).contains(f.company.lower(), autoescape=True))
    if f.item_code:
        query = query.where(r.item_code == f.item_code)
    if f.received_from:
        query = query.where(r.received_on >= f.received_from.isoformat())
    if f.received_to:
        query = query.where(r.received_on <= f.received_to.isoformat())
    with db.read_transaction(engine) as conn:
        rows = conn.execute(query.order_by(r.received_on.desc(), r.id)).all()
        requests = _assemble(conn, rows, calendar, today)
    if f.state:
        requests = [q for q in requests if q.state == f.state]
    rank = {s: n for n, s in enumerate(("overdue", "due_soon", "unknown", "running", "stopped"))}

    def urgency(q: Request) -> tuple[int, int]:
        left = q.deadline.left if q.deadline else 0
        return (rank.get(q.state, 9), left if q.state in ("overdue", "due_soon", "running") else 0)

    return sorted(requests, key=urgency)


def unlinked_inspections(engine: Engine, company: str) -> list[Any]:
    """Inspections of this company on the server that no request carries yet."""
    from inspector_app.server.console import summary

    summary.refresh(engine)
    t = db.console_summary.c
    taken = select(request_inspections.c.inspection_id)
    with db.read_transaction(engine) as conn:
        return conn.execute(
            select(t.inspection_id, t.company, t.status, t.planned_start, t.inspection_type)
            .where(
                t.company == company,
                t.deleted.is_(False),
                t.inspection_id.not_in(taken),
            )
            .order_by(t.planned_start.desc())
        ).all()


def request_of_inspections(engine: Engine, inspection_ids: Iterable[str]) -> dict[str, str]:
    """inspection id → request id, for those that belong to one."""
    ids = list(inspection_ids)
    if not ids:
        return {}
    c = request_inspections.c
    with db.read_transaction(engine) as conn:
        rows = conn.execute(
            select(c.inspection_id, c.request_id).where(c.inspection_id.in_(ids))
        ).all()
    return {r.inspection_id: r.request_id for r in rows}


@dataclass(frozen=True)
class Outcome:
    """A request done (every linked report issued) for the statistics: how long it took."""

    request_id: str
    company: str
    item_code: str
    item_name: str
    pre_inspection: bool
    accepted_on: dt.date
    done_on: dt.date
    limit_days: int
    used: int  # working days counted from acceptance to the issue, clock stops left out
    on_time: bool
    inspections: tuple[str, ...]


def outcomes(
    engine: Engine, calendar: WorkCalendar, done_from: dt.date, done_to: dt.date
) -> tuple[list[Outcome], list[Request]]:
    """Requests done within [done_from, done_to] (by the day the last report was issued),
    and those whose deadline could not be computed (an unknown year, a bad stop) — left out
    of the figures, never guessed."""
    from inspector_app.server.console import summary

    summary.refresh(engine)
    r = service_requests.c
    with db.read_transaction(engine) as conn:
        rows = conn.execute(
            select(service_requests)
            .where(r.accepted_on.is_not(None), r.accepted_on <= done_to.isoformat())
            .order_by(r.accepted_on, r.id)
        ).all()
        requests = _assemble(conn, rows, calendar, done_to)
        pre = {
            (i.code, i.version): bool(i.pre_inspection)
            for i in conn.execute(
                select(
                    service_items.c.code, service_items.c.version, service_items.c.pre_inspection
                )
            )
        }
    done, problems = [], []
    for q in requests:
        day = q.done_on
        if day is None or not done_from <= day <= done_to:
            continue
        if q.deadline is None or q.accepted_on is None or q.limit_days is None:
            problems.append(q)
            continue
        done.append(
            Outcome(
                request_id=q.id,
                company=q.company,
                item_code=q.item_code,
                item_name=q.item_name,
                pre_inspection=pre.get((q.item_code, q.item_version), False),
                accepted_on=q.accepted_on,
                done_on=day,
                limit_days=q.limit_days,
                used=q.deadline.used,
                on_time=q.deadline.state == "on_time",
                inspections=tuple(i.inspection_id for i in q.inspections if not i.missing),
            )
        )
    return done, problems


# ---- deadlines for laptops (GET /api/v1/deadlines, D32) ------------------------------------


def deadlines_for(
    engine: Engine, teams: tuple[str, ...] | None, calendar: WorkCalendar | None, today: dt.date
) -> list[dict[str, Any]]:
    """One row per inspection linked to a request, of `teams` only (None: every team, for
    reviewers, who pull every inspection): the request's deadline as the list shows it."""
    from inspector_app.server.console import summary

    summary.refresh(engine)
    li, ins = request_inspections.c, db.inspections.c
    query = select(li.inspection_id, li.request_id).join(db.inspections, ins.id == li.inspection_id)
    if teams is not None:
        query = query.where(ins.team.in_(teams))
    with db.read_transaction(engine) as conn:
        links = conn.execute(query).all()
        if not links:
            return []
        request_ids = sorted({lk.request_id for lk in links})
        rows = conn.execute(
            select(service_requests).where(service_requests.c.id.in_(request_ids))
        ).all()
        requests = {r.id: r for r in _assemble(conn, rows, calendar, today)}
    out = []
    for lk in sorted(links, key=lambda lk: lk.inspection_id):
        r = requests.get(lk.request_id)
        if r is None:
            continue
        d = r.deadline
        stop = r.open_stop
        out.append(
            {
                "inspection_id": lk.inspection_id,
                "request_id": r.id,
                "item_name": r.item_name,
                "limit_days": r.limit_days,
                "accepted_on": r.accepted_on,
                "due_on": d.due_on if d else None,
                "left": d.left if d else None,
                "state": r.state,
                "stopped_on": _date(stop["stopped_on"]) if stop else None,
                "stop_reason": stop["reason"] if stop else "",
            }
        )
    return out
