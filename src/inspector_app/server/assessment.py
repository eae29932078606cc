"""The 综合评定 on the server and the rectification report (issue 15 items 5 and 7, D37).

For an issued inspection: the first step is the conclusion as issued (the rule engine over the
reviewed defects, or the inspector's override); each defect's rectification status comes from
the company's answers, the center's verification and objections (server/rectification.py) and
the on-site outcome of a re-inspection that follows the inspection (the follow-up inspection's
defects name `origin_defect_id` and carry `followup`), by the rule in domain/assessment.py.
`assess_after_rectification` then says single_step / awaiting_rectification / assessed.

Issuing (`issue_final`): only when assessed, or — a profile (or first-step outcome) without a
second step — when no defect is pending; the refusal says why and writes nothing. The PDF
(reports/rectification.py) is numbered with the issued report's number and the suffix "-ZG"
(one per inspection, never changed), kept as a blob by SHA-256, recorded in rect_reports with
what it printed, and written to the rectification audit. The company sees the final
conclusion only from that record: nothing before it is issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from inspector_app import __version__
from inspector_app.domain.assessment import DefectAnswer, DefectRuling, engine_statuses, rule_defect
from inspector_app.domain.conclusion import (
    Assessment,
    Conclusion,
    Reason,
    RectificationStatus,
    assess_after_rectification,
    evaluate,
    facts_from,
    final_conclusion,
    profile_for,
)
from inspector_app.domain.errors import DomainError
from inspector_app.domain.reinspection import FOLLOWUP_LABELS, Followup
from inspector_app.domain.vocabulary import LABELS, Severity
from inspector_app.domain.workdays import WorkCalendar
from inspector_app.server import db, rectification
from inspector_app.server.auth import iso, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.server.rectification import Issued, Refused, Sheet
from inspector_app.server.rectification_db import rect_audit, rect_reports

SUFFIX = "-ZG"  # 整改: the rectification report's number is the report's number + this

STATUS_LABELS = {
    RectificationStatus.ACCEPTED: "整改到位",
    RectificationStatus.INSUFFICIENT: "整改不到位",
    RectificationStatus.MISSING: "逾期未提交整改材料",
    RectificationStatus.PENDING: "待评定",
}
SOURCE_LABELS = {
    "withdrawn": "异议成立，缺陷撤销",
    "objection_open": "异议待答复",
    "reinspection": "依现场复查结果",
    "verification": "依中心核实意见",
    "overdue": "整改期限已过",
    "waiting": "待中心核实",
    "open": "未到整改期限",
}
VERIFY_LABELS = {"accepted": "整改到位", "insufficient": "整改不充分"}
OBJECTION_LABELS = {"upheld": "异议成立", "rejected": "异议不成立"}


@dataclass(frozen=True)
class FollowupOutcome:
    outcome: Followup
    note: str
    inspection_id: str  # the re-inspection


@dataclass
class Line:
    """One defect of the issued report with its status and what decided it."""

    n: int
    state: rectification.DefectState
    ruling: DefectRuling
    followup: FollowupOutcome | None = None

    @property
    def id(self) -> str:
        return self.state.defect.id


@dataclass
class Result:
    sheet: Sheet
    profile_id: str
    profile_version: int
    profile_title: str
    has_second_step: bool  # the profile has an after_rectification block
    assessment: Assessment
    lines: list[Line]
    today: dt.date
    final: dict[str, Any] | None = None  # the rect_reports row once issued
    numbers: dict[str, int] = field(default_factory=dict)  # defect id → its number

    @property
    def state(self) -> str:
        return self.assessment.state

    def reason_rows(self, conclusion: Conclusion) -> list[dict[str, Any]]:
        return [
            {"text": r.text, "defects": [self.numbers[d] for d in r.defect_ids if d in self]}
            for r in conclusion.reasons
        ]

    def __contains__(self, defect_id: object) -> bool:
        return defect_id in self.numbers

    def refusal(self) -> Refused | None:
        """Why the final conclusion cannot be issued now (None: it can)."""
        if self.final is not None:
            return Refused(
                "as_err_issued",
                f"the rectification report {self.final['number']} was already issued",
                "",
                number=self.final["number"],
            )
        pending = [
            line.n for line in self.lines if line.ruling.status is RectificationStatus.PENDING
        ]
        if pending:
            nums = "、".join(map(str, pending))
            return Refused(
                "as_err_pending",
                f"defect(s) {nums} are not decided yet (waiting for the company, the center's "
                "verification or an objection's answer)",
                "",
                defects=nums,
            )
        if self.state == "awaiting_rectification":  # defects the engine sees but the sheet lacks
            return Refused("as_err_awaiting", "the rectification is not assessed yet", "")
        return None


def _followups(conn: Connection, iid: str) -> dict[str, FollowupOutcome]:
    """The latest on-site outcome per original defect, over every re-inspection that follows
    `iid` and reached the server (latest by the outcome's clock)."""
    w = db.winners.c
    rows = conn.execute(
        select(w.record_id, w.value).where(
            w.kind == "inspection", w.field == "follows_inspection_id"
        )
    ).all()
    followers = [rid for rid, value in rows if value == iid]
    if not followers:
        return {}
    deleted = {
        rid
        for rid, value in conn.execute(
            select(w.record_id, w.value).where(
                w.kind == "inspection", w.field == "deleted", w.record_id.in_(followers)
            )
        )
        if value is True
    }
    records: dict[str, dict[str, Any]] = {}
    for rid, inspection_id, name, value, hlc in conn.execute(
        select(w.record_id, w.inspection_id, w.field, w.value, w.hlc).where(
            w.kind == "defect",
            w.inspection_id.in_([f for f in followers if f not in deleted]),
            w.field.in_(("origin_defect_id", "followup", "followup_note", "deleted")),
        )
    ):
        rec = records.setdefault(rid, {"inspection_id": inspection_id})
        rec[name] = value
        if name == "followup":
            rec["hlc"] = hlc
    out: dict[str, tuple[str, FollowupOutcome]] = {}
    for rec in records.values():
        origin, outcome = rec.get("origin_defect_id"), rec.get("followup")
        if rec.get("deleted") is True or not origin or outcome not in set(Followup):
            continue
        found = FollowupOutcome(
            Followup(outcome), str(rec.get("followup_note") or ""), rec["inspection_id"]
        )
        if origin not in out or rec["hlc"] > out[origin][0]:
            out[origin] = (rec["hlc"], found)
    return {k: v for k, (_, v) in out.items()}


def _first_step(conn: Connection, iid: str):
    """(profile, facts, the first step as issued) from the server's record."""
    from inspector_app.server.issue import _checklist, _profiles
    from inspector_app.server.review import InspectionState

    state = InspectionState.load(conn, iid)
    checklist = _checklist(conn, state)
    inspection = state.inspection
    profile = profile_for(_profiles(), checklist.rule_profile, inspection.inspection_type)
    defects = [state.reviewed_defect(d) for d in state.of("defect")]
    facts = facts_from(checklist, inspection, state.of("item_result"), defects)
    evaluated = evaluate(profile, facts)
    try:
        final = final_conclusion(profile, evaluated, inspection)
    except DomainError:
        return profile, facts, evaluated
    if not final.overridden:
        return profile, facts, evaluated
    reason = Reason("override", f"检查组修改结论：{final.override_reason}")
    return (
        profile,
        facts,
        Conclusion(profile.id, profile.version, final.outcome, final.label, (reason,)),
    )


def final_row(engine: Engine, iid: str) -> dict[str, Any] | None:
    r = rect_reports.c
    with engine.connect() as conn:
        row = conn.execute(select(rect_reports).where(r.inspection_id == iid)).mappings().first()
    return dict(row) if row else None


def assess(
    engine: Engine, calendar: WorkCalendar, issued: Issued, today: dt.date, *, company: bool
) -> Result:
    """Where the issued inspection stands in the 综合评定, as of `today`."""
    sheet = rectification.sheet(engine, calendar, issued, today, company=company)
    with db.read_transaction(engine) as conn:
        profile, facts, first = _first_step(conn, issued.id)
        followups = _followups(conn, issued.id)
    lines = []
    for n, d in enumerate(sheet.defects, start=1):
        resp, objection = d.response, d.objection
        fu = followups.get(d.defect.id)
        answer = DefectAnswer(
            d.defect.id,
            response=resp["status"] if resp else None,
            objection=(objection["outcome"] or "open") if objection else None,
            followup=fu.outcome.value if fu else None,
        )
        lines.append(Line(n, d, rule_defect(answer, sheet.due_on, today), fu))
    statuses = engine_statuses(line.ruling for line in lines)
    assessment = assess_after_rectification(profile, facts, statuses, first=first)
    return Result(
        sheet=sheet,
        profile_id=profile.id,
        profile_version=profile.version,
        profile_title=profile.title,
        has_second_step=profile.after_rectification is not None,
        assessment=assessment,
        lines=lines,
        today=today,
        final=final_row(engine, issued.id),
        numbers={line.id: line.n for line in lines},
    )


# ---- the rectification report ------------------------------------------------------------


def _who_when(who: Any, at: Any) -> str:
    from inspector_app.reports.rectification import china_time

    when = china_time(rectification._time(at)) if at else ""
    return " · ".join(p for p in (str(who or ""), when) if p)


def _status_text(line: Line) -> str:
    r = line.ruling
    if r.withdrawn:
        return SOURCE_LABELS["withdrawn"]
    return f"{STATUS_LABELS[r.status]}（{SOURCE_LABELS[r.source]}）"


def report_data(result: Result, number: str, who: str, name: str, at: dt.datetime):
    from inspector_app.reports import rectification as rr

    s = result.sheet
    issued = s.issued
    sections = []
    for line in result.lines:
        d, resp, o = line.state, line.state.response, line.state.objection
        answered = bool(resp and resp["status"] != "draft")
        verification = ""
        if resp and resp.get("verification") and resp.get("verified_at"):
            text = VERIFY_LABELS.get(resp["verification"], resp["verification"])
            if resp.get("verification_comment"):
                text += f"：{resp['verification_comment']}"
            verification = f"{text}（{_who_when(resp['verified_by'], resp['verified_at'])}）"
        objection = answer = ""
        if o:
            objection = f"{o['reasons']}（{_who_when(o['submitted_by'], o['submitted_at'])}）"
            if o.get("outcome"):
                answer = (
                    f"{OBJECTION_LABELS.get(o['outcome'], o['outcome'])}：{o['answer'] or ''}"
                    f"（{_who_when(o['answered_by'], o['answered_at'])}）"
                )
            else:
                answer = "待答复"
        followup = ""
        if line.followup:
            followup = FOLLOWUP_LABELS[line.followup.outcome]
            if line.followup.note:
                followup += f"：{line.followup.note}"
        sections.append(
            rr.DefectSection(
                n=line.n,
                severity=LABELS.get(Severity(d.defect.severity), d.defect.severity),
                facts=d.defect.facts,
                clauses="、".join(d.defect.clause_refs),
                location=d.defect.location,
                answered=answered,
                cause=resp["cause"] if answered else "",
                actions=resp["actions"] if answered else "",
                completed_on=(resp["completed_on"] or "") if answered else "",
                submitted=_who_when(resp["submitted_by"], resp["submitted_at"]) if answered else "",
                evidence=[
                    rr.EvidenceLine(f["name"], int(f["size"]), f["sha256"]) for f in d.evidence
                ]
                if answered
                else [],
                objection=objection,
                objection_answer=answer,
                verification=verification,
                followup=followup,
                status=_status_text(line),
            )
        )
    a = result.assessment
    rule = f"报告签发后 {s.rule.days} 个工作日"
    if s.rule.item_code and s.rule.item_version:
        rule += f"（服务事项 {s.rule.item_code} 第 {s.rule.item_version} 版）"
    else:
        rule += "（中心暂定值）"
    single = a.state == "single_step"
    return rr.RectificationReport(
        inspection_id=issued.id,
        number=number,
        report_number=issued.number,
        company=issued.company,
        issue_day=issued.issue_day,
        due_on=s.due_on,
        rule=rule,
        issued_by=name or who,
        account=who,
        issued_at=at,
        profile=f"{result.profile_title}（{result.profile_id} 第{result.profile_version}版）",
        single_step=single,
        first=a.first.label,
        first_reasons=[r.text for r in a.first.reasons],
        final=a.conclusion.label,
        final_reasons=[] if single else [r.text for r in a.conclusion.reasons],
        defects=sections,
        app_version=__version__,
    )


def _render(data) -> bytes:
    from inspector_app.reports import fonts
    from inspector_app.reports import rectification as rr
    from inspector_app.reports.templates import TemplateError

    try:
        template = rr.load_template()
        font = fonts.resolve_font()
    except (TemplateError, fonts.FontNotFound) as exc:
        raise Refused(
            "as_err_render", f"cannot render the rectification report: {exc}", ""
        ) from None
    return rr.render(data, template, font)


def _summary(result: Result) -> dict[str, Any]:
    """What the pages show of an issued final conclusion (kept with it)."""
    a = result.assessment
    return {
        "first": {"outcome": a.first.outcome, "label": a.first.label},
        "first_reasons": result.reason_rows(a.first),
        "reasons": [] if a.state == "single_step" else result.reason_rows(a.conclusion),
        "defects": [
            {
                "id": line.id,
                "n": line.n,
                "severity": line.state.defect.severity,
                "status": line.ruling.status.value,
                "source": line.ruling.source,
                "followup": line.followup.outcome.value if line.followup else None,
            }
            for line in result.lines
        ],
    }


def issue_final(
    ctx: ServerContext,
    calendar: WorkCalendar,
    who: str,
    role: str,
    issued: Issued,
    today: dt.date,
) -> dict[str, Any]:
    """Issue the final conclusion and the rectification report (see the module). Returns the
    rect_reports row; a refusal (Refused) writes nothing."""
    result = assess(ctx.engine, calendar, issued, today, company=False)
    refused = result.refusal()
    if refused is not None:
        raise refused
    u = db.users.c
    with ctx.engine.connect() as conn:
        name = conn.execute(select(u.display_name).where(u.name == who)).scalar_one_or_none()
    number = f"{issued.number}{SUFFIX}"
    at = utc_now()
    pdf = _render(report_data(result, number, who, name or "", at))
    sha = hashlib.sha256(pdf).hexdigest()
    a = result.assessment
    row = {
        "inspection_id": issued.id,
        "number": number,
        "report_number": issued.number,
        "state": a.state,
        "profile_id": result.profile_id,
        "profile_version": result.profile_version,
        "first_outcome": a.first.outcome,
        "outcome": a.conclusion.outcome,
        "label": a.conclusion.label,
        "assessment": _summary(result),
        "pdf_sha256": sha,
        "issued_by": who,
        "issued_by_name": name or who,
        "issued_at": iso(at),
    }
    r, au = rect_reports.c, rect_audit.c
    # Every answer, verification and objection writes an audit row: a row newer than those
    # the assessment read means it was decided on facts that changed while rendering.
    seen = max((row["id"] for row in result.sheet.audit), default=0)
    with db.write_transaction(ctx.engine) as conn:
        have = conn.execute(select(r.number).where(r.inspection_id == issued.id)).first()
        if have is not None:  # issued by someone else meanwhile
            raise Refused("as_err_issued", f"already issued as {have[0]}", "", number=have[0])
        latest = conn.execute(
            select(func.max(au.id)).where(au.inspection_id == issued.id)
        ).scalar_one_or_none()
        if (latest or 0) != seen:
            raise Refused(
                "as_err_changed", "the answers changed while the report was made; issue again", ""
            )
        rectification._store_blob(ctx, conn, pdf, sha)
        conn.execute(insert(rect_reports).values(**row))
        rectification._audit(
            conn,
            issued.id,
            None,
            who,
            role,
            "final_issue",
            None,
            {"number": number, "outcome": a.conclusion.label, "sha256": sha},
        )
    return row


# ---- what the pages show -----------------------------------------------------------------


def view(result: Result) -> dict[str, Any]:
    """The center's view: the live assessment (and the issued one's record, if any)."""
    a = result.assessment
    return {
        "state": a.state,
        "second_step": result.has_second_step,
        "profile": f"{result.profile_title}（{result.profile_id} v{result.profile_version}）",
        "first": a.first.label,
        "first_reasons": result.reason_rows(a.first),
        "final": a.conclusion.label if a.state == "assessed" else "",
        "reasons": result.reason_rows(a.conclusion) if a.state == "assessed" else [],
        "defects": [
            {
                "n": line.n,
                "id": line.id,
                "severity": line.state.defect.severity,
                "status": line.ruling.status.value,
                "source": line.ruling.source,
                "withdrawn": line.ruling.withdrawn,
                "followup": line.followup.outcome.value if line.followup else None,
                "followup_note": line.followup.note if line.followup else "",
            }
            for line in result.lines
        ],
        "issuable": result.refusal() is None,
        "issued": result.final,
    }


def issued_view(row: dict[str, Any]) -> dict[str, Any]:
    """The company's view: only what the center issued, as it printed it."""
    a = row["assessment"]
    return {
        "state": row["state"],
        "second_step": row["state"] != "single_step",
        "profile": f"{row['profile_id']} v{row['profile_version']}",
        "first": a["first"]["label"],
        "first_reasons": a.get("first_reasons", []),
        "final": row["label"],
        "reasons": a.get("reasons", []),
        "defects": [
            {**d, "withdrawn": d["source"] == "withdrawn", "followup_note": ""}
            for d in a.get("defects", [])
        ],
        "issuable": False,
        "issued": row,
    }
