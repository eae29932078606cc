"""Each defect's rectification status for the 综合评定 (issue 15, D37): what decides it.

The engine (domain/conclusion.py, `assess_after_rectification`) reads one
`RectificationStatus` per defect; this module says where it comes from, first match wins:

1. an objection the center upheld withdraws the defect (撤销): it no longer counts against the
   company — the engine is given ACCEPTED for it, the first step stays as issued;
2. an objection not answered yet: PENDING (the outcome waits for the answer);
3. a re-inspection (复查) that follows the inspection recorded an on-site outcome: closed →
   ACCEPTED unless the center's current verification is "not sufficient" (then INSUFFICIENT:
   the center's finding on the paperwork stands); partly / not closed → INSUFFICIENT;
4. the center's verification of the company's answer: accepted → ACCEPTED, not sufficient →
   INSUFFICIENT;
5. no answer submitted (none, or only a draft) and today after the due day (working days from
   the first issue) → MISSING; on the due day itself it is still PENDING;
6. otherwise PENDING (submitted and waiting for the center, or not yet due; also when the
   calendar cannot say the due day).

Plain data in, plain data out: the server gathers the answers and the re-inspection outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from inspector_app.domain.conclusion import RectificationStatus


@dataclass(frozen=True)
class DefectAnswer:
    """What the center knows about one defect's rectification."""

    defect_id: str
    response: str | None = None  # draft | submitted | accepted | insufficient; None: nothing
    objection: str | None = None  # None: none; "open" | "upheld" | "rejected"
    followup: str | None = None  # the latest re-inspection outcome: closed | partly | not_closed


# Where a defect's status came from (the console and the report word each).
SOURCES = (
    "withdrawn",  # objection upheld
    "objection_open",
    "reinspection",
    "verification",
    "overdue",
    "waiting",  # submitted, not verified yet
    "open",  # not yet due
)


@dataclass(frozen=True)
class DefectRuling:
    defect_id: str
    status: RectificationStatus
    source: str  # one of SOURCES
    withdrawn: bool = False


def rule_defect(answer: DefectAnswer, due_on: date | None, today: date) -> DefectRuling:
    """The defect's status and what decided it (the order in the module's docstring)."""
    did = answer.defect_id
    if answer.objection == "upheld":
        return DefectRuling(did, RectificationStatus.ACCEPTED, "withdrawn", withdrawn=True)
    if answer.objection == "open":
        return DefectRuling(did, RectificationStatus.PENDING, "objection_open")
    if answer.followup is not None:
        if answer.followup == "closed":
            if answer.response == "insufficient":
                return DefectRuling(did, RectificationStatus.INSUFFICIENT, "verification")
            return DefectRuling(did, RectificationStatus.ACCEPTED, "reinspection")
        return DefectRuling(did, RectificationStatus.INSUFFICIENT, "reinspection")
    if answer.response == "accepted":
        return DefectRuling(did, RectificationStatus.ACCEPTED, "verification")
    if answer.response == "insufficient":
        return DefectRuling(did, RectificationStatus.INSUFFICIENT, "verification")
    if answer.response == "submitted":
        return DefectRuling(did, RectificationStatus.PENDING, "waiting")
    if due_on is not None and today > due_on:
        return DefectRuling(did, RectificationStatus.MISSING, "overdue")
    return DefectRuling(did, RectificationStatus.PENDING, "open")


def engine_statuses(rulings: Iterable[DefectRuling]) -> dict[str, RectificationStatus]:
    """The map `assess_after_rectification` reads (a withdrawn defect counts as accepted)."""
    return {r.defect_id: r.status for r in rulings}
