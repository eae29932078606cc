"""The company's side of an issued report (issue 15): company accounts, rectification (整改)
per defect with evidence files, objections (异议), the center's verification, the company's
rating of the service, and the snapshot laptops fetch for a re-inspection.

What a company sees is decided here, not in the pages: `company_inspection` answers only an
inspection whose company_name is the account's company AND that has an issued report in
force; anything else is None (the pages answer 404). Defects are shown as issued: the
reviewer's latest adjusted grade and wording replace the inspector's; reviewers' comments,
returns, drafts and the inspectors' audit trail are never read into these views.

Deadlines count working days (domain/workdays.py) from the China date of the report's first
issue: objections within OBJECTION_DAYS (the defect list states five), rectification within
the service item's `rectification_days` in force at the issue (DEFAULT_RECTIFICATION_DAYS, a
placeholder, when the inspection is not linked to a request or the item has none).

Evidence files are typed by their bytes (magic), never by their name; stored by SHA-256 as the
server's blobs; the uploaded name is display text only. Every write is one serialised
transaction with its audit row (who, when, old → new).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.workdays import CalendarUnknown, WorkCalendar
from inspector_app.files import atomic_write
from inspector_app.server import db
from inspector_app.server.auth import COMPANY_ROLE, iso, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.server.rectification_db import (
    company_accounts,
    rect_audit,
    rect_evidence,
    rect_objections,
    rect_responses,
    rect_satisfaction,
)
from inspector_app.server.service_db import request_inspections, service_items, service_requests

CENTER_TZ = dt.timezone(dt.timedelta(hours=8))
# The center's placeholder until it sets an item's 整改时限 in the catalogue (console and
# docs/server.md say so).
DEFAULT_RECTIFICATION_DAYS = 20
MAX_RECTIFICATION_DAYS = 365
OBJECTION_DAYS = 5  # the defect list: "五个工作日内提出异议"
DUE_SOON_DAYS = 3  # working days left at which a reminder shows
MAX_TEXT = 5_000  # cause, actions, reasons, comments (characters)
MAX_COMMENT = 2_000  # a rating's comment
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEFECT_BYTES = 30 * 1024 * 1024  # per defect and purpose, all live files together
MAX_FILES = 20  # per defect and purpose
MAX_NAME = 200
PURPOSES = ("rectification", "objection")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Refused(InspectorError):
    """A write refused: `key` names the console's words, `field` the form field (if any)."""

    def __init__(self, key: str, message: str, field: str = "", **values: object) -> None:
        super().__init__(message)
        self.key, self.message, self.field, self.values = key, message, field, values


# ---- evidence files ------------------------------------------------------------------------


def media_type_of(data: bytes) -> str | None:
    """The media type the bytes are (PDF, JPEG, PNG, DOCX, XLSX), or None. A name or a
    declared type is never consulted: a renamed executable is refused."""
    if data.startswith(b"%PDF-"):
        return MEDIA_TYPES["pdf"]
    if data.startswith(b"\xff\xd8\xff"):
        return MEDIA_TYPES["jpeg"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return MEDIA_TYPES["png"]
    if data.startswith(b"PK\x03\x04"):
        # Office Open XML is a ZIP; what it holds says which document it is.
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return MEDIA_TYPES["docx"]
        if "xl/workbook.xml" in names:
            return MEDIA_TYPES["xlsx"]
    return None


def display_name(name: str) -> str:
    """The uploaded file name as display text: its last path part, at most MAX_NAME
    characters. Refused with control characters (a NUL is no name)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise Refused("rc_err_file_name", "the file name contains control characters", "files")
    last = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if last in ("", ".", ".."):
        last = "evidence"
    return last[:MAX_NAME]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    sha256: str
    data: bytes


def check_files(uploads: Iterable[Upload]) -> list[CheckedFile]:
    """Each file's name, type (by content) and size; the first refused file refuses all."""
    out = []
    for up in uploads:
        name = display_name(up.name)
        if not up.data:
            raise Refused("rc_err_file_empty", f"{name}: the file is empty", "files", name=name)
        if len(up.data) > MAX_FILE_BYTES:
            mb = MAX_FILE_BYTES // 1024 // 1024
            raise Refused(
                "rc_err_file_size", f"{name}: larger than {mb} MB", "files", name=name, mb=mb
            )
        media = media_type_of(up.data)
        if media is None:
            raise Refused(
                "rc_err_file_type",
                f"{name}: only PDF, JPEG, PNG, DOCX or XLSX files are accepted (by content)",
                "files",
                name=name,
            )
        out.append(CheckedFile(name, media, hashlib.sha256(up.data).hexdigest(), up.data))
    return out


def _store_blob(ctx: ServerContext, conn: Connection, data: bytes, sha: str) -> None:
    """The bytes as a complete blob (content-addressed: never overwritten)."""
    path = ctx.blob_path(sha)
    if not path.is_file():
        atomic_write(path, data)
    b = db.blobs.c
    if conn.execute(select(b.sha256).where(b.sha256 == sha)).first() is None:
        conn.execute(
            insert(db.blobs).values(
                sha256=sha, size=len(data), complete=True, created_at=iso(utc_now())
            )
        )


def _add_files(
    ctx: ServerContext,
    conn: Connection,
    who: str,
    iid: str,
    did: str,
    purpose: str,
    files: list[CheckedFile],
) -> list[dict[str, Any]]:
    if not files:
        return []
    e = rect_evidence.c
    live = conn.execute(
        select(func.count(), func.coalesce(func.sum(e.size), 0)).where(
            e.inspection_id == iid, e.defect_id == did, e.purpose == purpose, e.removed_at.is_(None)
        )
    ).one()
    if live[0] + len(files) > MAX_FILES:
        raise Refused("rc_err_file_count", f"at most {MAX_FILES} files", "files", max=MAX_FILES)
    if int(live[1]) + sum(len(f.data) for f in files) > MAX_DEFECT_BYTES:
        mb = MAX_DEFECT_BYTES // 1024 // 1024
        raise Refused("rc_err_defect_size", f"all files together over {mb} MB", "files", mb=mb)
    now = iso(utc_now())
    added = []
    for f in files:
        _store_blob(ctx, conn, f.data, f.sha256)
        row = {
            "inspection_id": iid,
            "defect_id": did,
            "purpose": purpose,
            "sha256": f.sha256,
            "name": f.name,
            "media_type": f.media_type,
            "size": len(f.data),
            "added_at": now,
            "added_by": who,
        }
        conn.execute(insert(rect_evidence).values(**row))
        added.append({"name": f.name, "sha256": f.sha256, "size": len(f.data)})
    return added


# ---- company accounts ----------------------------------------------------------------------


def _audit(
    conn: Connection,
    iid: str,
    did: str | None,
    who: str,
    role: str,
    what: str,
    old: Any = None,
    new: Any = None,
) -> None:
    conn.execute(
        insert(rect_audit).values(
            inspection_id=iid,
            defect_id=did,
            at=iso(utc_now()),
            who=who,
            role=role,
            what=what,
            old=old,
            new=new,
        )
    )


def create_company_account(
    engine: Engine, by: str, name: str, company: str, display_name_: str = ""
) -> None:
    """A console user of role company, bound to `company` (the name as inspections record
    it). Its password is set separately (admin.set_password)."""
    from inspector_app.server.admin import NAME_PATTERN

    name, company = name.strip(), company.strip()
    if not re.fullmatch(NAME_PATTERN, name):
        raise Refused("rc_err_user_name", "user name: 1-100 printable characters, no '/'", "name")
    if not company or len(company) > MAX_NAME or any(ord(ch) < 32 for ch in company):
        raise Refused("rc_err_company", "company: 1-200 printable characters", "company")
    u = db.users.c
    with db.write_transaction(engine) as conn:
        if conn.execute(select(u.name).where(u.name == name)).first() is not None:
            raise Refused("rc_err_user_taken", f"user {name} exists", "name", user=name)
        now = iso(utc_now())
        conn.execute(
            insert(db.users).values(
                name=name,
                role=COMPANY_ROLE,
                created_at=now,
                display_name=display_name_.strip()[:MAX_NAME],
            )
        )
        conn.execute(
            insert(company_accounts).values(
                user_name=name, company=company, created_at=now, created_by=by
            )
        )


def company_of(engine: Engine, user: str) -> str | None:
    c = company_accounts.c
    with engine.connect() as conn:
        return conn.execute(select(c.company).where(c.user_name == user)).scalar_one_or_none()


def company_accounts_list(engine: Engine) -> list[dict[str, Any]]:
    c, u = company_accounts.c, db.users.c
    query = (
        select(c.user_name, c.company, c.created_at, c.created_by, u.display_name, u.disabled_at)
        .join(db.users, u.name == c.user_name)
        .order_by(c.company, c.user_name)
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


# ---- an issued inspection as the company sees it -------------------------------------------


@dataclass
class IssuedDefect:
    id: str
    severity: str
    facts: str
    clause_refs: list[str]
    location: str


@dataclass
class Issued:
    """An inspection with a report in force, as issued (never drafts or review notes)."""

    id: str
    company: str
    team: str
    number: str
    revision: int
    pdf_sha256: str
    first_issued_at: dt.datetime
    issued_at: dt.datetime  # of the revision in force
    defects: list[IssuedDefect] = field(default_factory=list)

    @property
    def issue_day(self) -> dt.date:
        """The China date of the first issue: the deadlines count from it."""
        return self.first_issued_at.astimezone(CENTER_TZ).date()


def _time(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _load_issued(conn: Connection, iid: str) -> Issued | None:
    w = db.winners.c
    rows = conn.execute(
        select(w.kind, w.record_id, w.field, w.value).where(
            w.inspection_id == iid,
            w.kind.in_(("inspection", "defect", "review", "issued_report")),
        )
    ).all()
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, rid, name, value in rows:
        records.setdefault((kind, rid), {"id": rid})[name] = value
    inspection = records.get(("inspection", iid))
    if inspection is None or inspection.get("deleted") is True:
        return None

    def of(kind: str) -> list[dict[str, Any]]:
        return [r for (k, _), r in records.items() if k == kind and r.get("deleted") is not True]

    reports = sorted(
        (r for r in of("issued_report") if r.get("issued_at") and r.get("pdf_sha256")),
        key=lambda r: (int(r.get("revision") or 0), str(r.get("issued_at"))),
    )
    if not reports:
        return None
    team = conn.execute(
        select(db.inspections.c.team).where(db.inspections.c.id == iid)
    ).scalar_one_or_none()
    latest = reports[-1]
    issued = Issued(
        id=iid,
        company=str(inspection.get("company_name") or ""),
        team=team or "",
        number=str(latest.get("number") or ""),
        revision=int(latest.get("revision") or 1),
        pdf_sha256=str(latest["pdf_sha256"]),
        first_issued_at=min(_time(r["issued_at"]) for r in reports),
        issued_at=_time(latest["issued_at"]),
    )
    # The reviewer's latest adjustment wins, as in the issued PDF (server/issue.py).
    adjusted: dict[str, dict[str, Any]] = {}
    reviews = sorted(of("review"), key=lambda r: (str(r.get("created_at") or ""), r["id"]))
    for rv in reviews:
        if rv.get("state") == "adjusted" and rv.get("defect_id"):
            current = adjusted.setdefault(str(rv["defect_id"]), {})
            if rv.get("adjusted_severity"):
                current["severity"] = rv["adjusted_severity"]
            if rv.get("adjusted_facts"):
                current["facts"] = rv["adjusted_facts"]
    defects = sorted(of("defect"), key=lambda d: (str(d.get("created_at") or ""), d["id"]))
    for d in defects:
        a = adjusted.get(d["id"], {})
        issued.defects.append(
            IssuedDefect(
                id=d["id"],
                severity=str(a.get("severity") or d.get("severity") or "general"),
                facts=str(a.get("facts") or d.get("facts") or ""),
                clause_refs=[str(c) for c in d.get("clause_refs") or []],
                location=str(d.get("location") or ""),
            )
        )
    return issued


def issued_inspection(engine: Engine, iid: str) -> Issued | None:
    """For the center (reviewers, admins, the team's laptops)."""
    with db.read_transaction(engine) as conn:
        return _load_issued(conn, iid)


def company_inspection(engine: Engine, company: str, iid: str) -> Issued | None:
    """The inspection only if it is this company's and has a report in force."""
    issued = issued_inspection(engine, iid)
    if issued is None or issued.company.strip() != company.strip():
        return None
    return issued


def _issued_ids(conn: Connection, company: str | None) -> list[str]:
    """Inspections with at least one issued report (optionally of one company), newest first."""
    w = db.winners.c
    ids = select(w.inspection_id).where(w.kind == "issued_report").distinct()
    t = db.console_summary.c
    query = select(t.inspection_id).where(t.inspection_id.in_(ids), t.deleted.is_(False))
    if company is not None:
        query = query.where(t.company == company.strip())
    return list(conn.execute(query.order_by(t.planned_start.desc(), t.inspection_id)).scalars())


def issued_list(engine: Engine, company: str | None = None, limit: int = 200) -> list[Issued]:
    """Issued inspections (of `company`, or of every company for the center)."""
    from inspector_app.server.console import summary

    summary.refresh(engine)  # the summary holds the company name to filter on
    with db.read_transaction(engine) as conn:
        out = []
        for iid in _issued_ids(conn, company)[:limit]:
            issued = _load_issued(conn, iid)
            if issued is not None and (company is None or issued.company == company.strip()):
                out.append(issued)
        return out


# ---- deadlines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    days: int
    item_code: str = ""  # "" : the placeholder (no request, or the item sets none)
    item_version: int = 0


def rectification_rule(conn: Connection, iid: str, issued_at: dt.datetime) -> Rule:
    """The item's 整改时限 in force when the report was first issued: the newest version up
    to then that sets one (NULL in a version: as the earlier version)."""
    r, q, s = request_inspections.c, service_requests.c, service_items.c
    code = conn.execute(
        select(q.item_code)
        .select_from(request_inspections.join(service_requests, q.id == r.request_id))
        .where(r.inspection_id == iid)
    ).scalar_one_or_none()
    if code is None:
        return Rule(DEFAULT_RECTIFICATION_DAYS)
    row = conn.execute(
        select(s.version, s.rectification_days)
        .where(s.code == code, s.rectification_days.is_not(None), s.changed_at <= iso(issued_at))
        .order_by(s.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return Rule(DEFAULT_RECTIFICATION_DAYS, code, 0)
    return Rule(int(row.rectification_days), code, int(row.version))


def set_rectification_days(engine: Engine, who: str, code: str, days: int, reason: str) -> int:
    """A new version of the item with its 整改时限 (the other fields as the current version):
    reports issued before keep the days in force then. Returns the new version."""
    if not 1 <= days <= MAX_RECTIFICATION_DAYS:
        raise Refused(
            "rc_err_days",
            f"rectification days {days} outside 1–{MAX_RECTIFICATION_DAYS}",
            "days",
            n=days,
            max=MAX_RECTIFICATION_DAYS,
        )
    s = service_items.c
    with db.write_transaction(engine) as conn:
        current = conn.execute(
            select(service_items).where(s.code == code).order_by(s.version.desc()).limit(1)
        ).first()
        if current is None:
            raise Refused("rc_err_item", f"no service item {code}", "code", code=code)
        values = dict(current._mapping)
        values.update(
            version=values["version"] + 1,
            rectification_days=days,
            changed_at=iso(utc_now()),
            changed_by=who,
            reason=reason or f"整改时限 {days} 个工作日",
        )
        conn.execute(insert(service_items).values(**values))
        return int(values["version"])


def rectification_days_by_item(engine: Engine) -> dict[str, int | None]:
    """Each item's 整改时限 as its newest version states (None: the placeholder applies)."""
    s = service_items.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.code, s.version, s.rectification_days).order_by(s.code, s.version)
        ).all()
    out: dict[str, int | None] = {}
    for code, _version, days in rows:
        if days is not None or code not in out:
            out[code] = days if days is not None else out.get(code)
    return out


@dataclass(frozen=True)
class Reminder:
    """A defect's deadline as of `today`: state open | due_soon | overdue | waiting (submitted,
    with the center) | accepted | unknown (the calendar does not cover the dates)."""

    state: str
    due_on: dt.date | None
    left: int = 0  # working days after today up to the due day (negative: late by)
    problem: str = ""


def due_day(calendar: WorkCalendar, issue_day: dt.date, days: int) -> dt.date:
    return calendar.add_workdays(issue_day, days)


def reminder(
    calendar: WorkCalendar, due_on: dt.date | None, status: str | None, today: dt.date
) -> Reminder:
    if status == "accepted":
        return Reminder("accepted", due_on)
    if status == "submitted":
        return Reminder("waiting", due_on)
    if due_on is None:
        return Reminder("unknown", None)
    try:
        if today > due_on:
            return Reminder("overdue", due_on, -calendar.workdays_between(due_on, today))
        left = calendar.workdays_between(today, due_on)
    except CalendarUnknown as exc:
        return Reminder("unknown", due_on, problem=str(exc))
    return Reminder("due_soon" if left <= DUE_SOON_DAYS else "open", due_on, left)


@dataclass(frozen=True)
class Window:
    closes_on: dt.date | None
    open: bool
    problem: str = ""


def objection_window(calendar: WorkCalendar, issue_day: dt.date, today: dt.date) -> Window:
    """Open from the issue day through the OBJECTION_DAYS-th working day after it."""
    try:
        closes = calendar.add_workdays(issue_day, OBJECTION_DAYS)
    except CalendarUnknown as exc:
        return Window(None, False, str(exc))
    return Window(closes, issue_day <= today <= closes)


# ---- the record of one inspection's answers ------------------------------------------------


@dataclass
class DefectState:
    defect: IssuedDefect
    response: dict[str, Any] | None
    objection: dict[str, Any] | None
    evidence: list[dict[str, Any]]  # live rectification files
    objection_evidence: list[dict[str, Any]]
    reminder: Reminder


@dataclass
class Sheet:
    """Everything about one issued inspection's answers, as of `today`."""

    issued: Issued
    rule: Rule
    due_on: dt.date | None
    window: Window
    defects: list[DefectState]
    audit: list[dict[str, Any]]
    satisfaction: dict[str, Any] | None
    problem: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.defects:
            out[d.reminder.state] = out.get(d.reminder.state, 0) + 1
        out["objections_open"] = sum(
            1 for d in self.defects if d.objection and not d.objection.get("outcome")
        )
        return out


def sheet(
    engine: Engine, calendar: WorkCalendar, issued: Issued, today: dt.date, *, company: bool
) -> Sheet:
    """The answers; `company`: the audit shows only the company's own rows and the center's
    verifications and objection answers."""
    iid = issued.id
    with db.read_transaction(engine) as conn:
        rule = rectification_rule(conn, iid, issued.first_issued_at)
        r, o, e, a = rect_responses.c, rect_objections.c, rect_evidence.c, rect_audit.c
        responses = {
            row["defect_id"]: dict(row)
            for row in conn.execute(select(rect_responses).where(r.inspection_id == iid)).mappings()
        }
        objections = {
            row["defect_id"]: dict(row)
            for row in conn.execute(
                select(rect_objections).where(o.inspection_id == iid)
            ).mappings()
        }
        files = [
            dict(row)
            for row in conn.execute(
                select(rect_evidence)
                .where(e.inspection_id == iid, e.removed_at.is_(None))
                .order_by(e.id)
            ).mappings()
        ]
        query = select(rect_audit).where(a.inspection_id == iid)
        if company:
            query = query.where(
                (a.role == COMPANY_ROLE) | a.what.in_(("verify", "objection_answer", "final_issue"))
            )
        audit = [dict(row) for row in conn.execute(query.order_by(a.id)).mappings()]
        rating = (
            conn.execute(select(rect_satisfaction).where(rect_satisfaction.c.inspection_id == iid))
            .mappings()
            .first()
        )
    problem = ""
    try:
        due = due_day(calendar, issued.issue_day, rule.days)
    except CalendarUnknown as exc:
        due, problem = None, str(exc)
    window = objection_window(calendar, issued.issue_day, today)
    defects = []
    for d in issued.defects:
        resp = responses.get(d.id)
        defects.append(
            DefectState(
                defect=d,
                response=resp,
                objection=objections.get(d.id),
                evidence=[
                    f for f in files if f["defect_id"] == d.id and f["purpose"] == "rectification"
                ],
                objection_evidence=[
                    f for f in files if f["defect_id"] == d.id and f["purpose"] == "objection"
                ],
                reminder=reminder(calendar, due, resp["status"] if resp else None, today),
            )
        )
    return Sheet(
        issued=issued,
        rule=rule,
        due_on=due,
        window=window,
        defects=defects,
        audit=audit,
        satisfaction=dict(rating) if rating else None,
        problem=problem or window.problem,
    )


def _defect_of(issued: Issued, did: str) -> IssuedDefect:
    found = next((d for d in issued.defects if d.id == did), None)
    if found is None:
        raise Refused("not_found", f"no defect {did} in the issued report", "")
    return found


def _text(value: str, name: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip().replace("\r\n", "\n")
    if len(value) > limit:
        raise Refused(
            "field_too_long", f"{name}: over {limit} characters", name, max=limit, n=len(value)
        )
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value) or "\x7f" in value:
        raise Refused("field_invalid", f"{name}: control characters", name)
    if required and not value:
        raise Refused("field_required", f"{name} is required", name)
    return value


# ---- the company's writes ------------------------------------------------------------------


def save_rectification(
    ctx: ServerContext,
    who: str,
    issued: Issued,
    did: str,
    *,
    cause: str,
    actions: str,
    completed_on: dt.date | None,
    files: list[Upload],
    submit: bool,
) -> str:
    """Save the company's answer to one defect as a draft, or submit it to the center.
    Allowed while nothing is submitted or after "not sufficient"; returns the new status."""
    _defect_of(issued, did)
    cause = _text(cause, "cause", required=submit)
    actions = _text(actions, "actions", required=submit)
    if submit and completed_on is None:
        raise Refused("field_required", "completed_on is required", "completed_on")
    checked = check_files(files)
    iid = issued.id
    r = rect_responses.c
    with db.write_transaction(ctx.engine) as conn:
        old = (
            conn.execute(select(rect_responses).where(r.inspection_id == iid, r.defect_id == did))
            .mappings()
            .first()
        )
        if old is not None and old["status"] in ("submitted", "accepted"):
            raise Refused(
                f"rc_err_{old['status']}",
                f"the answer is {old['status']}; it can no longer be changed",
                "",
            )
        added = _add_files(ctx, conn, who, iid, did, "rectification", checked)
        if submit:
            e = rect_evidence.c
            has_files = conn.execute(
                select(e.id).where(
                    e.inspection_id == iid,
                    e.defect_id == did,
                    e.purpose == "rectification",
                    e.removed_at.is_(None),
                )
            ).first()
            if has_files is None:
                raise Refused(
                    "rc_err_no_evidence", "submit with at least one evidence file", "files"
                )
        now = iso(utc_now())
        status = "submitted" if submit else "draft"
        values = {
            "status": status,
            "cause": cause,
            "actions": actions,
            "completed_on": completed_on.isoformat() if completed_on else None,
            "updated_at": now,
            "updated_by": who,
        }
        if submit:
            values.update(submitted_at=now, submitted_by=who)
        if old is None:
            conn.execute(
                insert(rect_responses).values(inspection_id=iid, defect_id=did, round=1, **values)
            )
        else:
            if old["status"] == "insufficient":
                values["round"] = int(old["round"]) + 1
            conn.execute(
                update(rect_responses)
                .where(r.inspection_id == iid, r.defect_id == did)
                .values(**values)
            )
        before = (
            {k: old[k] for k in ("status", "cause", "actions", "completed_on")} if old else None
        )
        after = {k: values[k] for k in ("status", "cause", "actions", "completed_on")}
        if added:
            after["files_added"] = added
        _audit(conn, iid, did, who, COMPANY_ROLE, "submit" if submit else "save", before, after)
    return status


def remove_evidence(ctx: ServerContext, who: str, issued: Issued, evidence_id: int) -> None:
    """Take a file off an answer that can still change (the blob stays: content-addressed)."""
    e, r = rect_evidence.c, rect_responses.c
    with db.write_transaction(ctx.engine) as conn:
        row = (
            conn.execute(
                select(rect_evidence).where(
                    e.id == evidence_id, e.inspection_id == issued.id, e.removed_at.is_(None)
                )
            )
            .mappings()
            .first()
        )
        if row is None or row["purpose"] != "rectification":
            raise Refused("not_found", f"no evidence file {evidence_id}", "")
        status = conn.execute(
            select(r.status).where(r.inspection_id == issued.id, r.defect_id == row["defect_id"])
        ).scalar_one_or_none()
        if status in ("submitted", "accepted"):
            raise Refused(f"rc_err_{status}", f"the answer is {status}", "")
        conn.execute(
            update(rect_evidence)
            .where(e.id == evidence_id)
            .values(removed_at=iso(utc_now()), removed_by=who)
        )
        _audit(
            conn,
            issued.id,
            row["defect_id"],
            who,
            COMPANY_ROLE,
            "remove_file",
            {"name": row["name"], "sha256": row["sha256"]},
            None,
        )


def object_to(
    ctx: ServerContext,
    calendar: WorkCalendar,
    who: str,
    issued: Issued,
    did: str,
    reasons: str,
    files: list[Upload],
    today: dt.date,
) -> None:
    """The company's objection to one defect, within the window; once per defect."""
    _defect_of(issued, did)
    window = objection_window(calendar, issued.issue_day, today)
    if not window.open:
        closes = window.closes_on.isoformat() if window.closes_on else "?"
        raise Refused(
            "rc_err_window_closed",
            f"objections closed on {closes} ({OBJECTION_DAYS} working days after the issue)",
            "",
            day=closes,
            n=OBJECTION_DAYS,
        )
    reasons = _text(reasons, "reasons", required=True)
    checked = check_files(files)
    o = rect_objections.c
    with db.write_transaction(ctx.engine) as conn:
        have = conn.execute(
            select(o.defect_id).where(o.inspection_id == issued.id, o.defect_id == did)
        ).first()
        if have is not None:
            raise Refused("rc_err_objected", "an objection to this defect was already made", "")
        added = _add_files(ctx, conn, who, issued.id, did, "objection", checked)
        now = iso(utc_now())
        conn.execute(
            insert(rect_objections).values(
                inspection_id=issued.id,
                defect_id=did,
                reasons=reasons,
                submitted_at=now,
                submitted_by=who,
            )
        )
        _audit(
            conn,
            issued.id,
            did,
            who,
            COMPANY_ROLE,
            "object",
            None,
            {"reasons": reasons, "files_added": added},
        )


def rate(
    engine: Engine, who: str, issued: Issued, rating: int, comment: str, now: dt.datetime | None
) -> None:
    """The company's rating of the service for this inspection: once (never edited, so the
    statistics do not move under the center's feet)."""
    if not 1 <= rating <= 5:
        raise Refused("rc_err_rating", "a rating is 1–5 stars", "rating")
    comment = _text(comment, "comment", required=False, limit=MAX_COMMENT)
    at = now or utc_now()
    s = rect_satisfaction.c
    with db.write_transaction(engine) as conn:
        if conn.execute(select(s.inspection_id).where(s.inspection_id == issued.id)).first():
            raise Refused("rc_err_rated", "this inspection was already rated", "rating")
        conn.execute(
            insert(rect_satisfaction).values(
                inspection_id=issued.id,
                company=issued.company,
                rating=rating,
                comment=comment,
                rated_at=iso(at),
                rated_day=at.astimezone(CENTER_TZ).date().isoformat(),
                rated_by=who,
            )
        )
        _audit(
            conn,
            issued.id,
            None,
            who,
            COMPANY_ROLE,
            "rate",
            None,
            {"rating": rating, "comment": comment},
        )


# ---- the center's writes -------------------------------------------------------------------


def verify(
    engine: Engine, who: str, role: str, issued: Issued, did: str, state: str, comment: str
) -> None:
    """The reviewer on a submitted answer: accepted, or not sufficient (a comment says why;
    the company may answer again)."""
    _defect_of(issued, did)
    if state not in ("accepted", "insufficient"):
        raise Refused("field_invalid", "state: accepted or insufficient", "state")
    comment = _text(comment, "comment", required=state == "insufficient")
    r = rect_responses.c
    with db.write_transaction(engine) as conn:
        old = (
            conn.execute(
                select(rect_responses).where(r.inspection_id == issued.id, r.defect_id == did)
            )
            .mappings()
            .first()
        )
        if old is None or old["status"] != "submitted":
            raise Refused("rc_err_not_submitted", "there is no submitted answer to verify", "")
        now = iso(utc_now())
        conn.execute(
            update(rect_responses)
            .where(r.inspection_id == issued.id, r.defect_id == did)
            .values(
                status=state,
                verification=state,
                verification_comment=comment,
                verified_by=who,
                verified_at=now,
                updated_at=now,
                updated_by=who,
            )
        )
        _audit(
            conn,
            issued.id,
            did,
            who,
            role,
            "verify",
            {"status": "submitted"},
            {"status": state, "comment": comment, "round": old["round"]},
        )


def answer_objection(
    engine: Engine, who: str, role: str, issued: Issued, did: str, outcome: str, reason: str
) -> None:
    _defect_of(issued, did)
    if outcome not in ("upheld", "rejected"):
        raise Refused("field_invalid", "outcome: upheld or rejected", "outcome")
    reason = _text(reason, "reason", required=True)
    o = rect_objections.c
    with db.write_transaction(engine) as conn:
        old = (
            conn.execute(
                select(rect_objections).where(o.inspection_id == issued.id, o.defect_id == did)
            )
            .mappings()
            .first()
        )
        if old is None or old["outcome"]:
            raise Refused("rc_err_no_objection", "no unanswered objection to this defect", "")
        conn.execute(
            update(rect_objections)
            .where(o.inspection_id == issued.id, o.defect_id == did)
            .values(outcome=outcome, answer=reason, answered_by=who, answered_at=iso(utc_now()))
        )
        _audit(
            conn,
            issued.id,
            did,
            who,
            role,
            "objection_answer",
            None,
            {"outcome": outcome, "reason": reason},
        )


# ---- evidence downloads --------------------------------------------------------------------


def evidence_row(engine: Engine, evidence_id: int) -> dict[str, Any] | None:
    e = rect_evidence.c
    with engine.connect() as conn:
        row = conn.execute(select(rect_evidence).where(e.id == evidence_id)).mappings().first()
    return dict(row) if row else None


# ---- satisfaction for the statistics -------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionFigures:
    count: int
    mean: float | None  # None when nobody rated in the period
    by_stars: dict[int, int]  # 1..5 → how many


def satisfaction_figures(engine: Engine, start: dt.date, end: dt.date) -> SatisfactionFigures:
    """Ratings given from `start` through `end` (China dates, inclusive): count, mean and
    the count per star. For the statistics pages (issue 14's statistics own them)."""
    s = rect_satisfaction.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.rating, func.count())
            .where(s.rated_day >= start.isoformat(), s.rated_day <= end.isoformat())
            .group_by(s.rating)
        ).all()
    by_stars = {n: 0 for n in range(1, 6)}
    for rating, n in rows:
        by_stars[int(rating)] = int(n)
    count = sum(by_stars.values())
    mean = sum(k * v for k, v in by_stars.items()) / count if count else None
    return SatisfactionFigures(count, mean, by_stars)


def center_calendar() -> WorkCalendar:
    """The center's working days (server/service.py); the package's years alone when the
    center's override file is broken (the console names that file on the requests pages)."""
    from inspector_app.domain.errors import DomainError
    from inspector_app.server.service import work_calendar

    try:
        return work_calendar()
    except DomainError:
        return WorkCalendar.standard()


# ---- the laptops' snapshot -----------------------------------------------------------------


def may_fetch(conn: Connection, principal: Any, iid: str) -> bool:
    """A device whose user is in the inspection's team, or a reviewer's / admin's."""
    if principal.sees_everything:
        return True
    team = conn.execute(
        select(db.inspections.c.team).where(db.inspections.c.id == iid)
    ).scalar_one_or_none()
    return team is not None and team in principal.teams


def snapshot(engine: Engine, calendar: WorkCalendar | None, principal: Any, iid: str):
    """`sync.rectification.RectificationResponse`, or None (the API answers 404) when the
    caller may not see it or no report is issued. A draft answer is the company's own work,
    not yet given to the center: its status and due day only."""
    from inspector_app.sync import rectification as wire

    with db.read_transaction(engine) as conn:
        if not may_fetch(conn, principal, iid):
            return None
    issued = issued_inspection(engine, iid)
    if issued is None:
        return None
    if calendar is None:
        calendar = center_calendar()
    today = dt.datetime.now(CENTER_TZ).date()
    s = sheet(engine, calendar, issued, today, company=False)

    def files(rows: list[dict[str, Any]]) -> list[Any]:
        return [
            wire.EvidenceFile(
                sha256=f["sha256"], name=f["name"], media_type=f["media_type"], size=f["size"]
            )
            for f in rows
        ]

    defects = []
    for d in s.defects:
        rect = None
        resp = d.response
        if resp is not None:
            verification = None
            if resp["status"] in ("accepted", "insufficient") and resp["verified_at"]:
                verification = wire.Verification(
                    state=resp["verification"],
                    comment=resp["verification_comment"] or "",
                    by=resp["verified_by"] or "",
                    at=_time(resp["verified_at"]),
                )
            draft = resp["status"] == "draft"
            rect = wire.Rectification(
                status=resp["status"],
                cause="" if draft else resp["cause"],
                actions="" if draft else resp["actions"],
                completed_on=None
                if draft or not resp["completed_on"]
                else dt.date.fromisoformat(resp["completed_on"]),
                due_on=s.due_on,
                submitted_at=None
                if draft or not resp["submitted_at"]
                else _time(resp["submitted_at"]),
                submitted_by="" if draft else resp["submitted_by"] or "",
                evidence=[] if draft else files(d.evidence),
                verification=verification,
            )
        objection = None
        if d.objection is not None:
            ob = d.objection
            objection = wire.Objection(
                reasons=ob["reasons"],
                submitted_at=_time(ob["submitted_at"]),
                submitted_by=ob["submitted_by"],
                evidence=files(d.objection_evidence),
                answer=wire.ObjectionAnswer(
                    outcome=ob["outcome"],
                    reason=ob["answer"] or "",
                    by=ob["answered_by"] or "",
                    at=_time(ob["answered_at"]),
                )
                if ob["outcome"]
                else None,
            )
        defects.append(
            wire.DefectAnswer(
                defect_id=d.defect.id,
                severity=d.defect.severity,  # type: ignore[arg-type]
                facts=d.defect.facts,
                rectification=rect,
                objection=objection,
            )
        )
    return wire.RectificationResponse(
        inspection_id=iid,
        company=issued.company,
        report_number=issued.number,
        issued_at=issued.first_issued_at,
        defects=defects,
        generated_at=utc_now(),
    )
