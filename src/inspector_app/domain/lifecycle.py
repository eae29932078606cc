"""Inspection lifecycle: draft → on site → on-site closed → report issued.

After the company acknowledged the defect list (closed), the record is locked: any change
then needs a revision reason, which the audit trail keeps beside the change.
"""

from __future__ import annotations

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Status

_NEXT: dict[Status, set[Status]] = {
    Status.DRAFT: {Status.ON_SITE},
    Status.ON_SITE: {Status.CLOSED},
    Status.CLOSED: {Status.REPORT_ISSUED},
    Status.REPORT_ISSUED: set(),
}

LOCKED = frozenset({Status.CLOSED, Status.REPORT_ISSUED})


def is_locked(status: Status) -> bool:
    return status in LOCKED


def check_transition(current: Status, target: Status) -> None:
    if target not in _NEXT[current]:
        raise DomainError("status", f"cannot go from {current.value} to {target.value}")


def check_revision_reason(status: Status, reason: str | None) -> None:
    """A change to a locked inspection must say why."""
    if is_locked(status) and not (reason and reason.strip()):
        raise DomainError(
            "revision_reason",
            "this inspection is locked after the company's acknowledgement; "
            "a change needs a revision reason",
        )
