"""The center's review as the inspection team sees it on the laptop.

Reviews (comments, returns, adjustments, acceptance) and issued reports are written at the
center (server/review.py) and reach the laptop by sync; the team only reads them. What the
team writes back is a `ReviewResponse`: the answer to a review that returned a defect (or
the whole inspection) for correction. A returned review without an answer is an open task.

Answering is not an edit of the findings, so it is allowed on a record locked at the
closing meeting (no revision reason asked); once the report is issued the record is closed
for good and nothing more is written, answers included. Correcting the defect itself after a
return is an ordinary revision of a locked record (operations.inspections.update_defect with
a revision reason), which the audit trail keeps beside the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.domain import lifecycle
from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import (
    Defect,
    Inspection,
    IssuedReport,
    Review,
    ReviewResponse,
    ReviewState,
    Severity,
)
from inspector_app.operations.context import App
from inspector_app.store.store import find_entities, load_entity, validate_entity


@dataclass(frozen=True)
class ReviewItem:
    """One review with the team's answers to it (oldest first)."""

    review: Review
    answers: tuple[ReviewResponse, ...] = ()

    @property
    def is_return(self) -> bool:
        return self.review.state is ReviewState.RETURNED

    @property
    def is_open(self) -> bool:
        """A return the team has not answered yet: a task in the workspace."""
        return self.is_return and not self.answers


@dataclass(frozen=True)
class Adjustment:
    """The center's newest wording or grade of a defect; the inspector's text stays as is."""

    review_id: str
    defect_id: str
    severity: Severity | None
    facts: str | None
    reason: str
    reviewer: str
    at: datetime


def review_items(app: App, inspection_id: str) -> list[ReviewItem]:
    """Every review of the inspection, oldest first, each with its answers."""
    with app.store.read() as conn:
        reviews = find_entities(conn, "review", inspection_id=inspection_id)
        responses = find_entities(conn, "review_response", inspection_id=inspection_id)
    by_review: dict[str, list[ReviewResponse]] = {}
    for response in sorted(responses, key=lambda r: (r.created_at, r.id)):  # type: ignore[attr-defined]
        assert isinstance(response, ReviewResponse)
        by_review.setdefault(response.review_id, []).append(response)
    return [
        ReviewItem(review, tuple(by_review.get(review.id, ())))  # type: ignore[arg-type]
        for review in sorted(reviews, key=lambda r: (r.created_at, r.id))  # type: ignore[attr-defined]
    ]


def open_tasks(app: App, inspection_id: str) -> list[ReviewItem]:
    """Returns from the center (per defect or the whole inspection) not answered yet."""
    return [item for item in review_items(app, inspection_id) if item.is_open]


def return_tasks(app: App, inspection_id: str) -> list[ReviewItem]:
    """Every return, answered or not (the workspace shows answered ones as done)."""
    return [item for item in review_items(app, inspection_id) if item.is_return]


def adjustments(reviews: list[Review]) -> dict[str, Adjustment]:
    """defect id → the newest adjustment of it (a later one supersedes an earlier one)."""
    found: dict[str, Adjustment] = {}
    for review in sorted(reviews, key=lambda r: (r.created_at, r.id)):
        if review.state is not ReviewState.ADJUSTED or not review.defect_id or review.deleted:
            continue
        found[review.defect_id] = Adjustment(
            review_id=review.id,
            defect_id=review.defect_id,
            severity=review.adjusted_severity,
            facts=review.adjusted_facts or None,
            reason=review.reason,
            reviewer=review.reviewer,
            at=review.created_at,
        )
    return found


def answer_review(app: App, review_id: str, text: str) -> ReviewResponse:
    """The team's answer to a return, written by this laptop's person (audited, synced).

    Allowed on an inspection locked at the closing meeting without a revision reason: an
    answer is said to the center about the record, not a change of its findings. Refused once
    the report is issued (the record is closed for good) and for reviews that asked nothing.
    """
    with app.store.write(app.person) as uow:
        review = uow.get("review", review_id)
        if review is None or review.deleted:
            raise DomainError("review_id", f"no review with id {review_id} on this laptop")
        assert isinstance(review, Review)
        if review.state is not ReviewState.RETURNED:
            raise DomainError(
                "review_id",
                f"the review {review_id} ({review.state.value}) returned nothing for "
                "correction; only a return is answered",
            )
        inspection = uow.get("inspection", review.inspection_id)
        assert isinstance(inspection, Inspection)
        issued = find_entities(uow.conn, "issued_report", inspection_id=inspection.id)
        lifecycle.check_not_issued(inspection.status, _latest_number(issued))  # type: ignore[arg-type]
        response = validate_entity(
            ReviewResponse,
            {
                "id": new_id(),
                "inspection_id": review.inspection_id,
                "review_id": review_id,
                "text": text,
                "author": app.actor,
                "created_at": datetime.now(UTC),
            },
        )
        return uow.add(response)


# ---- issued reports ----------------------------------------------------------------------


def issued_reports(app: App, inspection_id: str) -> list[IssuedReport]:
    """The reports the center issued for the inspection, first revision first."""
    found = app.store.find("issued_report", inspection_id=inspection_id)
    return sorted(found, key=lambda r: (r.revision, r.issued_at, r.id))  # type: ignore[attr-defined]


def current_issued_report(app: App, inspection_id: str) -> IssuedReport | None:
    """The newest revision (the one in force), or None before the report is issued."""
    reports = issued_reports(app, inspection_id)
    return reports[-1] if reports else None


def _latest_number(reports: list[IssuedReport]) -> str | None:
    in_force = lifecycle.report_in_force(reports)
    return in_force.number if in_force else None


def issued_number(app: App, inspection_id: str) -> str | None:
    """The number of the report in force (for the lock message and the inspection list)."""
    return _latest_number(issued_reports(app, inspection_id))


def issued_pdf_path(app: App, report_id: str) -> Path:
    """Where the issued PDF lies on this laptop, for opening it.

    Refused with a clear message while the PDF has not been downloaded yet (sync fetches it
    like a photo, checking its hash before it becomes visible).
    """
    with app.store.read() as conn:
        report = load_entity(conn, "issued_report", report_id)
    if report is None or report.deleted:
        raise DomainError("issued_report", f"no issued report with id {report_id}")
    assert isinstance(report, IssuedReport)
    if not app.blobs.has(report.pdf_sha256):
        raise DomainError(
            "issued_report",
            f"报告（{report.number}）的 PDF 尚未下载到本机：请先同步 "
            f"(SHA-256 {report.pdf_sha256[:12]}…)",
        )
    if app.blobs.key is None:
        return app.blobs.original_path(report.pdf_sha256)
    # Encrypted folder (D36): another program opens the PDF, so it needs a file: a copy in a
    # private (0700) folder of the system's temporary directory, never inside the data folder.
    import os
    import tempfile

    from inspector_app.store.crypto import secure_dir, write_private

    user = os.getuid() if hasattr(os, "getuid") else "user"
    folder = Path(tempfile.gettempdir()) / f"inspector-app-{user}"
    secure_dir(folder)
    path = folder / f"{report.number or report.id}.pdf".replace("/", "_")
    write_private(path, app.blobs.read(report.pdf_sha256))
    return path


def defect_of(app: App, defect_id: str | None) -> Defect | None:
    if defect_id is None:
        return None
    found = app.store.get("defect", defect_id)
    return found if isinstance(found, Defect) else None
