"""The review console's write side: a reviewer's actions on a synced defect log.

Every action is a record the laptops receive like any other: the fields of a `Review` (or,
issuing, an `IssuedReport` and the inspection's status) plus the audit rows saying who did
it, signed with the console key as the reviewer's console device (server/console_key.py)
and applied by changelog.push_in_transaction — the path of a laptop's push: checked,
authorized, stored, materialised, pulled. A grade or wording adjustment is a Review with
adjusted_severity / adjusted_facts; the defect itself is never edited, so the inspector's
original stays in the record and in the audit trail.

Each action runs in ONE serialised write transaction (db.write_transaction): the checks
(inspection closed, approval order, the returned items answered) read the state the entries
are applied to, so two reviewers acting at once cannot both approve. Refusals are ApiError
with a message saying what and where.

Which actions are allowed in which state (docs/server.md, "Review and issuing"):
- comment, adjust, accept: status closed or report_issued (adjusting after issue prepares a
  corrected revision, see server/issue.py reissue);
- return_for_correction, approve: status closed only; one approval per inspection; approval
  needs an answer (review_response) to every returned item.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from inspector_app.domain.audit import AUDIT_FIELD, AUDIT_KIND, AuditRow
from inspector_app.domain.hlc import ClockDriftError, Timestamp
from inspector_app.domain.ids import new_id
from inspector_app.domain.merge import state_hash
from inspector_app.domain.model import (
    ENTITY_TYPES,
    MAX_COMMENT,
    MAX_FACTS,
    MAX_REASON,
    STORED,
    Defect,
    Entity,
    Inspection,
    IssuedReport,
    Review,
    ReviewResponse,
    ReviewState,
    Severity,
    Status,
)
from inspector_app.server import changelog, db
from inspector_app.server.auth import Principal, iso, user_teams, utc_now
from inspector_app.server.console_key import console_key, ensure_console_device
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus

T = TypeVar("T")
_ATTEMPTS = 3
_REVIEWABLE = (Status.CLOSED, Status.REPORT_ISSUED)


def refusal(http_status: int, code: str, message: str, key: str = "", **values: Any) -> ApiError:
    """An ApiError whose `console_key` (default: the code) and `console_values` let the console
    say it in the page's language (console/i18n.py REFUSALS); the API keeps the message."""
    error = ApiError(http_status, code, message)
    error.console_key = key or code  # type: ignore[attr-defined]
    error.console_values = values  # type: ignore[attr-defined]
    return error


# ---- who and what ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewer:
    user: str
    display_name: str
    teams: tuple[str, ...]

    @property
    def name(self) -> str:
        """The person as the record names them (Review.reviewer, AuditRow.actor)."""
        return self.display_name or self.user


def load_reviewer(conn: Connection, user: str) -> Reviewer:
    u = db.users.c
    row = conn.execute(select(u.role, u.display_name, u.disabled_at).where(u.name == user)).first()
    if row is None:
        raise ApiError(403, "forbidden", f"no user named {user!r}: review actions need a reviewer")
    if row.disabled_at is not None:
        raise ApiError(403, "forbidden", f"user {user!r} is disabled since {row.disabled_at}")
    if row.role != "reviewer":
        raise ApiError(
            403,
            "forbidden",
            f"user {user!r} is {'an' if row.role[:1] in 'aeiou' else 'a'} {row.role}: "
            "only reviewers review and issue reports",
        )
    return Reviewer(user, (row.display_name or "").strip(), user_teams(conn, user))


@dataclass
class InspectionState:
    """An inspection's records as the server holds them (materialised winners), read inside
    the action's write transaction. Deleted records are left out, as on the laptops."""

    inspection: Inspection
    records: dict[str, list[Entity]]
    hlcs: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (kind, id, field)
    max_hlc: str | None = None
    raw: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """domain.merge.state_hash of the records (audit rows aside): what a report shows."""
        return state_hash(self.raw)

    @classmethod
    def load(cls, conn: Connection, inspection_id: str) -> InspectionState:
        w = db.winners.c
        fields: dict[tuple[str, str], dict[str, Any]] = {}
        hlcs: dict[tuple[str, str, str], str] = {}
        # Audit rows are not needed here and are the bulk of an inspection's entries.
        for kind, record_id, name, value, hlc in conn.execute(
            select(w.kind, w.record_id, w.field, w.value, w.hlc).where(
                w.inspection_id == inspection_id, w.kind != AUDIT_KIND
            )
        ):
            fields.setdefault((kind, record_id), {})[name] = value
            hlcs[(kind, record_id, name)] = hlc
        max_hlc = conn.execute(
            select(func.max(w.hlc)).where(w.inspection_id == inspection_id)
        ).scalar_one_or_none()
        if ("inspection", inspection_id) not in fields:
            raise ApiError(
                404, "not_found", f"no inspection {inspection_id!r} has been synced to the server"
            )
        records: dict[str, list[Entity]] = {}
        inspection: Inspection | None = None
        for (kind, record_id), values in sorted(fields.items()):
            cls_ = ENTITY_TYPES.get(kind)
            if cls_ is None:
                continue
            try:
                entity = cls_.model_validate({**values, "id": record_id}, context=STORED)
            except ValidationError as exc:
                if kind == "inspection":
                    raise ApiError(
                        409,
                        "incomplete",
                        f"inspection {inspection_id!r} has not fully arrived on the server "
                        f"({exc.errors()[0]['loc'][0]} missing); wait for the team's next sync",
                    ) from None
                continue  # a record whose fields are still on their way
            if entity.deleted:
                continue
            if kind == "inspection":
                inspection = entity  # type: ignore[assignment]
            else:
                records.setdefault(kind, []).append(entity)
        assert inspection is not None
        if inspection.deleted:
            raise ApiError(404, "not_found", f"inspection {inspection_id!r} was deleted")
        return cls(inspection, records, hlcs, max_hlc, fields)

    def of(self, kind: str) -> list[Any]:
        return list(self.records.get(kind, []))

    @property
    def id(self) -> str:
        return self.inspection.id

    @property
    def reviews(self) -> list[Review]:
        return sorted(self.of("review"), key=lambda r: (r.created_at, r.id))

    @property
    def issued_reports(self) -> list[IssuedReport]:
        return sorted(self.of("issued_report"), key=lambda r: (r.revision, r.issued_at, r.id))

    def defect(self, defect_id: str) -> Defect:
        for defect in self.of("defect"):
            if defect.id == defect_id:
                return defect
        raise ApiError(404, "not_found", f"inspection {self.id!r} has no defect {defect_id!r}")

    def approval(self) -> Review | None:
        return next(
            (r for r in self.reviews if r.state is ReviewState.ACCEPTED and r.defect_id is None),
            None,
        )

    def unanswered_returns(self) -> list[Review]:
        answered = {
            r.review_id for r in self.of("review_response") if isinstance(r, ReviewResponse)
        }
        return [r for r in self.reviews if r.state is ReviewState.RETURNED and r.id not in answered]

    def reviewed_defect(self, defect: Defect) -> Defect:
        """The defect as the center issues it: the latest adjusted grade and the latest
        adjusted wording replace the inspector's (who keeps the original in the record)."""
        severity, facts = defect.severity, defect.facts
        for review in self.reviews:
            if review.defect_id != defect.id or review.state is not ReviewState.ADJUSTED:
                continue
            if review.adjusted_severity is not None:
                severity = review.adjusted_severity
            if review.adjusted_facts and review.adjusted_facts.strip():
                facts = review.adjusted_facts
        if (severity, facts) == (defect.severity, defect.facts):
            return defect
        return defect.model_copy(update={"severity": severity, "facts": facts})

    def require_status(self, allowed: tuple[Status, ...], action: str) -> None:
        if self.inspection.status in allowed:
            return
        from inspector_app.domain.model import LABELS

        status = self.inspection.status
        wanted = " or ".join(f"{s.value} ({LABELS[s]})" for s in allowed)
        raise refusal(
            409,
            "wrong_state",
            f"cannot {action} inspection {self.id!r}: its status is {status.value} "
            f"({LABELS[status]}); it must be {wanted}"
            + (
                " — the team closes it on site (the company signs the defect list) and syncs"
                if status in (Status.DRAFT, Status.ON_SITE)
                else ""
            ),
            status=status.value,
        )


# ---- writing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """Fields of one record to write as console entries, and the audit row describing it."""

    kind: str
    record_id: str
    values: dict[str, Any]  # wire values by field (never "id")
    action: str  # create | update
    audit_field: str  # "*" for a whole new record
    old: Any
    new: Any
    reason: str = ""
    bases: dict[str, str] = field(default_factory=dict)  # field -> the hlc it replaces


def create(entity: Entity, reason: str = "") -> Write:
    values = entity.model_dump(mode="json")
    return Write(
        kind=entity.kind,
        record_id=entity.id,
        values={k: v for k, v in values.items() if k != "id"},
        action="create",
        audit_field="*",
        old=None,
        new=values,
        reason=reason,
    )


def signed_entries(
    ctx: ServerContext,
    state: InspectionState,
    who: Reviewer,
    device_id: str,
    conn: Connection,
    writes: list[Write],
) -> list[ChangeEntry]:
    """The writes as change entries with their audit rows, one clock value, signed."""
    key = console_key(conn)
    stamp: Timestamp | None = None
    if state.max_hlc:
        # The worker's clock may lag another worker's or a laptop's: order after everything
        # this inspection holds, so a status written here wins over the one it replaces.
        with contextlib.suppress(ClockDriftError, ValueError):
            stamp = ctx.clock.observe(Timestamp.decode(state.max_hlc))
    hlc = (stamp or ctx.clock.now()).encode()
    at = iso(utc_now())
    changes: list[dict[str, Any]] = []
    for write in writes:
        for name, value in write.values.items():
            changes.append(
                {
                    "kind": write.kind,
                    "record_id": write.record_id,
                    "field": name,
                    "value": value,
                    "base_hlc": write.bases.get(name),
                }
            )
        row = AuditRow(
            id=new_id(),
            inspection_id=state.id,
            at=at,
            actor=who.name,
            account=who.user,
            role="reviewer",
            device_id=device_id,
            kind=write.kind,
            record_id=write.record_id,
            action=write.action,  # type: ignore[arg-type]
            field=write.audit_field,
            old=write.old,
            new=write.new,
            reason=write.reason,
        )
        changes.append(
            {
                "kind": AUDIT_KIND,
                "record_id": row.id,
                "field": AUDIT_FIELD,
                "value": row.wire(),
                "base_hlc": None,
            }
        )
    entries = []
    for change in changes:
        entry = ChangeEntry(
            change_id=new_id(), inspection_id=state.id, hlc=hlc, device_id=device_id, **change
        )
        entries.append(entry.model_copy(update={"signature": key.sign(entry.to_change())}))
    return entries


def apply_writes(
    ctx: ServerContext,
    conn: Connection,
    state: InspectionState,
    who: Reviewer,
    writes: list[Write],
) -> list[ChangeEntry]:
    """Sign and apply the writes inside the caller's write transaction; any refusal raises
    (and the caller's transaction rolls back)."""
    device_id = ensure_console_device(conn, who.user)
    entries = signed_entries(ctx, state, who, device_id, conn, writes)
    principal = Principal(device_id, who.user, "reviewer", who.teams)
    results = changelog.push_in_transaction(conn, ctx, principal, entries)
    for result in results:
        if result.status is not ChangeStatus.APPLIED:
            raise ApiError(
                409,
                "refused",
                f"inspection {state.id!r}: the server refused the console's entry "
                f"({result.reason}); nothing was written",
            )
    return entries


def run(
    ctx: ServerContext,
    reviewer: str,
    inspection_id: str,
    plan: Callable[[Connection, InspectionState, Reviewer], tuple[list[Write], T]],
) -> T:
    """Check and write one action in one serialised transaction (retried on a lock race)."""
    for attempt in range(_ATTEMPTS):
        try:
            with db.write_transaction(ctx.engine) as conn:
                who = load_reviewer(conn, reviewer)
                state = InspectionState.load(conn, inspection_id)
                writes, result = plan(conn, state, who)
                apply_writes(ctx, conn, state, who, writes)
                return result
        except (IntegrityError, OperationalError):
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


# ---- input checks ------------------------------------------------------------------------


def check_text(value: str | None, what: str, where: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ApiError(422, "invalid", f"{what} for {where} is required")
    if len(text) > limit:
        raise ApiError(
            422,
            "invalid",
            f"{what} for {where} is {len(text)} characters; at most {limit} are allowed",
        )
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise ApiError(422, "invalid", f"{what} for {where} contains control characters")
    return text


def _where(inspection_id: str, defect_id: str | None) -> str:
    if defect_id:
        return f"defect {defect_id} of inspection {inspection_id}"
    return f"inspection {inspection_id}"


def _review(record: InspectionState, who: Reviewer, **values: Any) -> Review:
    try:
        return Review(
            id=new_id(),
            inspection_id=record.id,
            reviewer=who.name,
            created_at=utc_now(),
            **values,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "review"
        raise ApiError(422, "invalid", f"review of {record.id}: {where}: {first['msg']}") from None


# ---- the actions -------------------------------------------------------------------------


def comment(
    ctx: ServerContext, reviewer: str, inspection_id: str, defect_id: str | None, text: str
) -> str:
    """A remark on the inspection or one defect. Returns the review id."""
    where = _where(inspection_id, defect_id)
    text = check_text(text, "the comment", where, MAX_COMMENT, required=True)

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        state.require_status(_REVIEWABLE, "comment on")
        if defect_id:
            state.defect(defect_id)
        review = _review(state, who, defect_id=defect_id, state=ReviewState.COMMENTED, comment=text)
        return [create(review)], review.id

    return run(ctx, reviewer, inspection_id, plan)


def return_for_correction(
    ctx: ServerContext, reviewer: str, inspection_id: str, defect_id: str | None, request: str
) -> str:
    """Send the inspection or one defect back to the team with a request; the team answers
    with a review_response from the laptop. Returns the review id."""
    where = _where(inspection_id, defect_id)
    request = check_text(request, "the request", where, MAX_COMMENT, required=True)

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        state.require_status((Status.CLOSED,), "return")
        if defect_id:
            state.defect(defect_id)
        if state.approval() is not None:
            raise refusal(
                409,
                "wrong_state",
                f"inspection {inspection_id!r} is already approved; nothing can be returned",
                key="returned_after_approval",
            )
        review = _review(
            state, who, defect_id=defect_id, state=ReviewState.RETURNED, comment=request
        )
        return [create(review)], review.id

    return run(ctx, reviewer, inspection_id, plan)


def adjust(
    ctx: ServerContext,
    reviewer: str,
    inspection_id: str,
    defect_id: str,
    *,
    severity: Severity | str | None = None,
    facts: str | None = None,
    reason: str,
) -> str:
    """Adjust a defect's grade and/or wording, with a reason. The defect keeps the
    inspector's text; documents issued by the center print the adjusted one."""
    where = _where(inspection_id, defect_id)
    reason = check_text(reason, "the reason of the adjustment", where, MAX_REASON, required=True)
    grade: Severity | None = None
    if severity not in (None, ""):
        try:
            grade = Severity(severity)
        except ValueError:
            raise ApiError(
                422,
                "invalid",
                f"the grade for {where} must be one of "
                f"{', '.join(s.value for s in Severity)}, not {severity!r}",
            ) from None
    wording: str | None = None
    if facts is not None and facts.strip():
        wording = check_text(facts, "the adjusted wording", where, MAX_FACTS, required=True)
    if grade is None and wording is None:
        raise ApiError(
            422, "invalid", f"an adjustment of {where} gives a new grade or a new wording"
        )

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        state.require_status(_REVIEWABLE, "adjust a defect of")
        current = state.reviewed_defect(state.defect(defect_id))
        if (grade in (None, current.severity)) and (wording in (None, current.facts)):
            raise refusal(
                422,
                "invalid",
                f"the adjustment of {where} changes nothing: the grade and wording are "
                "already these",
                key="no_change",
            )
        review = _review(
            state,
            who,
            defect_id=defect_id,
            state=ReviewState.ADJUSTED,
            adjusted_severity=grade,
            adjusted_facts=wording,
            reason=reason,
        )
        return [create(review, reason)], review.id

    return run(ctx, reviewer, inspection_id, plan)


def accept(ctx: ServerContext, reviewer: str, inspection_id: str, defect_id: str) -> str:
    """Accept one defect as recorded (or as adjusted). Returns the review id."""
    if not defect_id:
        raise ApiError(
            422, "invalid", f"accept names a defect of inspection {inspection_id}; use approve"
        )

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        state.require_status(_REVIEWABLE, "accept a defect of")
        state.defect(defect_id)
        review = _review(state, who, defect_id=defect_id, state=ReviewState.ACCEPTED)
        return [create(review)], review.id

    return run(ctx, reviewer, inspection_id, plan)


def approve(ctx: ServerContext, reviewer: str, inspection_id: str, comment: str = "") -> str:
    """Approve the inspection's defect log (Review accepted, defect None): the report may
    then be issued. Refused while a returned item has no answer, and a second time."""
    remark = check_text(
        comment, "the approval's comment", _where(inspection_id, None), MAX_COMMENT, required=False
    )

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        state.require_status((Status.CLOSED,), "approve")
        done = state.approval()
        if done is not None:
            raise refusal(
                409,
                "already_approved",
                f"inspection {inspection_id!r} was already approved by {done.reviewer} "
                f"at {iso(done.created_at)}",
                by=done.reviewer,
                at=iso(done.created_at),
            )
        open_items = state.unanswered_returns()
        if open_items:
            first = open_items[0]
            what = f"defect {first.defect_id}" if first.defect_id else "the inspection"
            raise refusal(
                409,
                "unanswered_returns",
                f"cannot approve inspection {inspection_id!r}: {len(open_items)} returned "
                f"item(s) have no answer from the team yet (first: {what}, "
                f"“{first.comment[:60]}”); approve after the team answers and syncs",
                count=len(open_items),
                first=f"“{first.comment[:60]}”",
            )
        review = _review(state, who, defect_id=None, state=ReviewState.ACCEPTED, comment=remark)
        return [create(review)], review.id

    return run(ctx, reviewer, inspection_id, plan)
