"""Re-inspection (复查, issue 15): a follow-up inspection of an issued one, preloaded with its
defects and what the company answered, checked on site offline like any inspection.

1. `fetch_answers` asks the server for the company's answers (sync/client.py
   `fetch_rectification`), which keeps them in the store's meta per inspection, so
2. `create_reinspection` works offline later: same company, checklist (the pinned version),
   scope and type as the original; planned dates and team chosen by the user; one defect per
   defect as issued (grade and facts as issued, a snapshot of the answer), each awaiting its
   on-site outcome, all written in one unit of work.
3. `record_followup` sets a preloaded defect's outcome (closed / partly / not_closed) and
   note. New defects found on site are ordinary defects (operations.inspections.add_defect).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import Defect, Inspection, Status, TeamMember
from inspector_app.domain.reinspection import FOLLOWUP_LABELS, AnswerSnapshot, Followup
from inspector_app.operations.context import App
from inspector_app.operations.inspections import (
    TeamMemberInput,
    checklist_of,
    get_inspection,
    guarded_write,
)
from inspector_app.store.store import validate_entity
from inspector_app.sync.client import RECTIFICATION_PREFIX
from inspector_app.sync.rectification import DefectAnswer, RectificationResponse

if TYPE_CHECKING:
    import httpx

__all__ = [
    "FOLLOWUP_LABELS",
    "Followup",
    "KeptAnswers",
    "create_reinspection",
    "fetch_answers",
    "kept_answers",
    "originals_of",
    "record_followup",
]


def _name(inspection: Inspection) -> str:
    return f"inspection {inspection.id} ({inspection.company_name})"


def check_issued(inspection: Inspection) -> None:
    """A re-inspection follows an issued report: refuse any other original, saying which."""
    if inspection.status is not Status.REPORT_ISSUED:
        raise DomainError(
            "follows_inspection_id",
            f"{_name(inspection)} has no issued report (status {inspection.status.value}); "
            "a re-inspection follows an inspection whose report the center issued",
        )


# ---- the company's answers ---------------------------------------------------------------


@dataclass(frozen=True)
class KeptAnswers:
    answer: RectificationResponse
    fetched_at: datetime  # when the server made the answer (its generated_at)

    @property
    def answered(self) -> int:
        """Defects with a submitted (or verified) response."""
        return sum(
            1
            for d in self.answer.defects
            if d.rectification is not None and d.rectification.status != "draft"
        )


def kept_answers(app: App, inspection_id: str) -> KeptAnswers | None:
    """The answers kept from the last fetch for this inspection; None if never fetched (or
    the kept text cannot be read any more)."""
    value = app.store.meta_value(RECTIFICATION_PREFIX + inspection_id)
    if not value:
        return None
    try:
        answer = RectificationResponse.model_validate(json.loads(value))
    except ValueError:
        return None
    return KeptAnswers(answer, answer.generated_at)


def fetch_answers(
    app: App,
    inspection_id: str,
    server_url: str | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    **client_options: Any,
) -> KeptAnswers:
    """Ask the server (the enrolled one unless given) for the company's answers to an issued
    inspection; they are kept in meta for offline use. Raises SyncError/NotEnrolled when the
    server cannot be asked, DomainError when it has nothing for this laptop."""
    from inspector_app.operations.sync import _client, credentials, server_url_of
    from inspector_app.sync.state import NotEnrolled

    inspection = get_inspection(app, inspection_id)
    check_issued(inspection)
    url = server_url_of(app, server_url)
    token = credentials(app).get(url)
    if not token:
        raise NotEnrolled(f"this laptop is not enrolled with {url}; run inspector-app enroll")
    with _client(app, url, token, transport=transport, **client_options) as client:
        answer = client.fetch_rectification(inspection_id)
    if answer is None:
        raise DomainError(
            "rectification",
            f"{url} has no issued report of {_name(inspection)} that this laptop's team may "
            "see; sync first, or ask the center whether the report was issued",
        )
    return KeptAnswers(answer, answer.generated_at)


def snapshot_of(answer: RectificationResponse, defect: DefectAnswer) -> AnswerSnapshot:
    """What the re-inspection keeps of one defect's answer (domain/reinspection.py)."""
    rect = defect.rectification
    objection = defect.objection
    verification = rect.verification if rect else None
    return AnswerSnapshot(
        report_number=answer.report_number,
        severity=defect.severity,
        facts=defect.facts,
        status=rect.status if rect else "none",
        cause=rect.cause if rect else "",
        actions=rect.actions if rect else "",
        completed_on=rect.completed_on if rect else None,
        evidence=[e.name for e in rect.evidence] if rect else [],
        verification=verification.state if verification else None,
        verification_comment=verification.comment if verification else "",
        verified_by=verification.by if verification else "",
        objection=objection.reasons if objection else "",
        objection_outcome=objection.answer.outcome if objection and objection.answer else None,
        objection_answer=objection.answer.reason if objection and objection.answer else "",
        fetched_at=answer.generated_at,
    )


# ---- creating the re-inspection ----------------------------------------------------------


def create_reinspection(
    app: App,
    original_id: str,
    *,
    planned_start: date | None = None,
    planned_end: date | None = None,
    team: Iterable[TeamMemberInput] = (),
    document_no: str = "",
) -> Inspection:
    """The follow-up inspection with one preloaded defect per defect of the issued original
    (those whose objection the center upheld are withdrawn and left out), from the answers
    kept by `fetch_answers`. Written in one unit of work: all of it or nothing."""
    original = get_inspection(app, original_id)
    check_issued(original)
    kept = kept_answers(app, original_id)
    if kept is None:
        raise DomainError(
            "rectification",
            f"no answers of the company to {_name(original)} are kept on this laptop; fetch "
            "them while online (新建复查 with the server reachable) first",
        )
    checklist = checklist_of(app, original)  # the pinned version: the same items re-checked
    inspection = validate_entity(
        Inspection,
        {
            "id": new_id(),
            "company_name": original.company_name,
            "site_address": original.site_address,
            "products": list(original.products),
            "inspection_type": original.inspection_type,
            "checklist_id": checklist.id,
            "checklist_version": checklist.version,
            "scope_sections": list(original.scope_sections),
            "scope_tags": list(original.scope_tags),
            "planned_start": planned_start,
            "planned_end": planned_end,
            "document_no": document_no,
            "created_at": _now(),
            "follows_inspection_id": original.id,
        },
    )
    team = list(team)
    from inspector_app.operations.experts import check_team

    check_team(app, original.company_name, team)
    members = [
        validate_entity(TeamMember, {"id": new_id(), "inspection_id": inspection.id, **m.__dict__})
        for m in team
    ]
    items = checklist.items_by_id()
    defects = []
    for n, issued in enumerate(kept.answer.defects):
        objection = issued.objection
        if objection and objection.answer and objection.answer.outcome == "upheld":
            continue  # the center agreed with the company: the defect was withdrawn
        local = app.store.get("defect", issued.defect_id)
        local = local if isinstance(local, Defect) else None
        item_id = local.item_id if local and local.item_id in items else None
        defects.append(
            validate_entity(
                Defect,
                {
                    "id": new_id(),
                    "inspection_id": inspection.id,
                    "item_id": item_id,
                    "severity": issued.severity,
                    "facts": issued.facts,
                    "clause_refs": list(local.clause_refs) if local else [],
                    "location": local.location if local else "",
                    "falsification": local.falsification if local else False,
                    "affects_quality": local.affects_quality if local else False,
                    "author": app.actor,
                    # Distinct, ordered times keep the issued order in lists and reports.
                    "created_at": inspection.created_at.replace(microsecond=n % 1_000_000),
                    "origin_defect_id": issued.defect_id,
                    "origin_answer": snapshot_of(kept.answer, issued),
                },
            )
        )
    with app.store.write(app.person) as uow:
        uow.add(inspection)
        for member in members:
            uow.add(member)
        for defect in defects:
            uow.add(defect)
    return inspection


def _now() -> datetime:
    # Whole seconds: preloaded defects count microseconds from here to keep their order.
    return datetime.now(UTC).replace(microsecond=0)


# ---- on site -----------------------------------------------------------------------------


def parse_outcome(outcome: Followup | str | None) -> Followup | None:
    if outcome is None or isinstance(outcome, Followup):
        return outcome
    try:
        return Followup(outcome)
    except ValueError:
        raise DomainError(
            "followup",
            f"'{outcome}' is not a re-inspection outcome (one of: "
            + ", ".join(f"{f.value} {FOLLOWUP_LABELS[f]}" for f in Followup)
            + ")",
        ) from None


def record_followup(
    app: App,
    inspection_id: str,
    defect_id: str,
    outcome: Followup | str | None,
    note: str = "",
    revision_reason: str | None = None,
) -> Defect:
    """The on-site outcome of a preloaded defect (None takes it back to unchecked), with a
    note; a locked record needs a revision reason, an issued one refuses (guarded_write)."""
    value = parse_outcome(outcome)
    with guarded_write(app, inspection_id, revision_reason) as (uow, _):
        defect = uow.get("defect", defect_id)
        if (
            not isinstance(defect, Defect)
            or defect.deleted
            or defect.inspection_id != inspection_id
        ):
            raise DomainError("defect_id", f"inspection {inspection_id} has no defect {defect_id}")
        if defect.origin_defect_id is None:
            raise DomainError(
                "followup",
                f"defect {defect_id} of inspection {inspection_id} was found on this visit; "
                "only a defect carried over from the original inspection has an outcome",
            )
        return uow.update(  # type: ignore[return-value]
            "defect", defect_id, {"followup": value, "followup_note": note}
        )


def originals_of(defects: Iterable[Defect]) -> list[Defect]:
    """The preloaded defects (in the order they were issued), not deleted."""
    return sorted(
        (d for d in defects if d.origin_defect_id and not d.deleted),
        key=lambda d: (d.created_at, d.id),
    )
