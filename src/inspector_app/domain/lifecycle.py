"""Inspection lifecycle: draft → on site → on-site closed → report issued.

After the company acknowledged the defect list (closed), the record is locked: any change
then needs a revision reason, which the audit trail keeps beside the change.

The laptop moves an inspection through the first two steps only (开始现场检查, then the
closing meeting's lock). The last step, report issued, is the center's decision after its
review; until then a closed inspection is "awaiting the center's review".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from inspector_app.domain.errors import DomainError
from inspector_app.domain.vocabulary import Status

if TYPE_CHECKING:  # the models need pydantic; the first paint of the list needs only Status
    from inspector_app.domain.model import IssuedReport

_NEXT: dict[Status, set[Status]] = {
    Status.DRAFT: {Status.ON_SITE},
    Status.ON_SITE: {Status.CLOSED},
    Status.CLOSED: {Status.REPORT_ISSUED},
    Status.REPORT_ISSUED: set(),
}

# The steps the inspection team takes on the laptop; report_issued is never among them.
TEAM_STEPS: dict[Status, Status] = {
    Status.DRAFT: Status.ON_SITE,
    Status.ON_SITE: Status.CLOSED,
}

LOCKED = frozenset({Status.CLOSED, Status.REPORT_ISSUED})


def is_locked(status: Status) -> bool:
    return status in LOCKED


def can_transition(current: Status, target: Status) -> bool:
    return target in _NEXT[current]


def check_transition(current: Status, target: Status) -> None:
    if not can_transition(current, target):
        raise DomainError("status", f"cannot go from {current.value} to {target.value}")


def next_team_step(status: Status) -> Status | None:
    """The status the team can move the inspection to next, or None if that is not theirs."""
    return TEAM_STEPS.get(status)


def awaiting_center_review(status: Status) -> bool:
    """Locked on site, and the center has not issued the report yet."""
    return status is Status.CLOSED


def report_in_force(reports: Iterable[IssuedReport]) -> IssuedReport | None:
    """The newest revision of the issued reports (a correction replaces, never changes)."""
    return max(reports, key=lambda r: (r.revision, r.issued_at, r.id), default=None)


def check_not_issued(status: Status, number: str | None) -> None:
    """Once the center issued the report the record is closed for good: no revision, no
    answer. A correction is the center's new revision of the report, not a laptop edit."""
    if status is Status.REPORT_ISSUED:
        raise DomainError("status", f"报告已出具（{number or '编号未同步'}），记录不可再修改")


def check_revision_reason(status: Status, reason: str | None) -> None:
    """A change to a locked inspection must say why."""
    if is_locked(status) and not (reason and reason.strip()):
        raise DomainError(
            "revision_reason",
            "this inspection is locked after the company's acknowledgement; "
            "a change needs a revision reason",
        )
