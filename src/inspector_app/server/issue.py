"""Issuing the report: the server renders the final PDF from the reviewed record.

issue_report renders the same templates the laptops use (reports/) from the server's
materialised record with the reviewed content — a defect's latest adjusted grade and wording
replace the inspector's in the document (the originals stay in the record and the audit
trail) — the status 报告已出具 (so no 未经中心审核 mark), and the center's number. The PDF is
kept as a blob by SHA-256 and an IssuedReport record plus inspection.status = report_issued
are written as the reviewer's console entries (server/review.py), which laptops pull; the
team's laptops then download the PDF (server/uploads.py may_download).

Numbers are unique and gapless per year: the number is taken from report_numbers inside the
serialised write transaction that stores the IssuedReport, so a failed render or a refused
write consumes none. Rendering takes about a second, so it is done BEFORE that transaction
with the number the transaction is expected to take (the peeked `last + 1`); inside, if
another issue took that number meanwhile or the record changed, the report is rendered again
there, with the lock held (rare; correctness over speed).

An issued report is never changed. reissue() writes a new revision: the SAME number,
revision n+1, replaces_id naming the one it corrects, a reason in its audit row; the first
PDF stays as it was (blobs are content-addressed and never overwritten).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from inspector_app import __version__
from inspector_app.domain.model import MAX_REASON, IssuedReport, Photo, SignatureRole, Status
from inspector_app.server import db
from inspector_app.server.auth import iso, utc_now
from inspector_app.server.console_key import ensure_console_device
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.server.review import (
    InspectionState,
    Reviewer,
    Write,
    check_text,
    create,
    load_reviewer,
    refusal,
    run,
)
from inspector_app.store.blobs import BlobStore, PhotoRefused, atomic_write

# The center's calendar: a number's year is the year in China (UTC+8, no summer time).
CENTER_TZ = timezone(timedelta(hours=8))
TEMPLATES = ("full", "defect-list")


# ---- the record as a report --------------------------------------------------------------


class _ReportBlobs(BlobStore):
    """The laptop blob store's derivative logic over the server's blob layout: originals are
    the server's blobs, derivatives and annotated copies a cache under <blobs>/.report-cache."""

    def __init__(self, ctx: ServerContext) -> None:
        super().__init__(ctx.blobs_dir / ".report-cache")
        self._ctx = ctx

    def original_path(self, sha256: str) -> Path:
        return self._ctx.blob_path(sha256)


@functools.lru_cache(maxsize=16)
def _checklist_from_yaml(checklist_id: str, version: int, sha256: str, text: str):
    """A published checklist (immutable per id, version and hash), parsed once per process."""
    from inspector_app.checklist.loader import load_checklist

    with tempfile.TemporaryDirectory(prefix="inspector-checklist-") as tmp:
        path = Path(tmp) / f"{checklist_id}.v{version}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_checklist(path)


@functools.lru_cache(maxsize=1)
def _bundled_library():
    from inspector_app.checklist.library import ChecklistLibrary

    return ChecklistLibrary.load()


@functools.lru_cache(maxsize=1)
def _profiles():
    from inspector_app.checklist.profiles import bundled_profiles

    return bundled_profiles()


def _checklist(conn: Connection, state: InspectionState):
    insp = state.inspection
    c = db.checklists.c
    row = conn.execute(
        select(c.sha256, c.yaml).where(
            c.id == insp.checklist_id, c.version == insp.checklist_version
        )
    ).first()
    if row is not None:
        return _checklist_from_yaml(insp.checklist_id, insp.checklist_version, row.sha256, row.yaml)
    from inspector_app.checklist.library import ChecklistNotFound

    try:
        return _bundled_library().get(insp.checklist_id, insp.checklist_version)
    except ChecklistNotFound:
        raise ApiError(
            409,
            "unknown_checklist",
            f"inspection {state.id!r} uses checklist {insp.checklist_id} "
            f"v{insp.checklist_version}, which this server neither publishes nor ships; "
            "publish it (inspector-server checklist add) and issue again",
        ) from None


def warm_derivative(ctx: ServerContext, sha256: str) -> None:
    """Make a blob's report derivative now (called when an upload completes, as a laptop
    makes it at import), so issuing does not decode camera photos. Not a photo: nothing."""
    with contextlib.suppress(PhotoRefused, OSError):
        _ReportBlobs(ctx).ensure_derivative(sha256)


def _photo_image(ctx: ServerContext, blobs: _ReportBlobs, photo: Photo) -> Path:
    """The ≤1600 px derivative, with the annotations burnt in (as on the laptop)."""
    from inspector_app.domain.annotations import dump_annotations
    from inspector_app.reports.annotate import annotate_jpeg, report_font

    derivative = blobs.ensure_derivative(photo.sha256)
    if not photo.annotations:
        return derivative
    font_path, font_index = report_font()
    key = hashlib.sha256(
        repr((dump_annotations(photo.annotations), str(font_path), font_index)).encode()
    ).hexdigest()[:16]
    path = blobs.root / "annotated" / photo.sha256[:2] / f"{photo.sha256}-{key}.jpg"
    if not path.exists():
        atomic_write(path, annotate_jpeg(derivative, photo.annotations, font_path, font_index))
    return path


def report_data(conn: Connection, ctx: ServerContext, state: InspectionState, issue):
    """ReportData of the issued document: reviewed defects, status report_issued, the
    issued number as the document number, and the issue (number, issuer, time)."""
    from inspector_app.domain.conclusion import (
        evaluate,
        facts_from,
        final_conclusion,
        profile_for,
    )
    from inspector_app.reports.model import ReportData, ReportPhoto, ReportSignature

    checklist = _checklist(conn, state)
    profile = profile_for(_profiles(), checklist.rule_profile, state.inspection.inspection_type)
    basis = profile.regulation.basis
    defects = [state.reviewed_defect(d) for d in state.of("defect")]
    results = state.of("item_result")
    printed = issue.number if issue.revision == 1 else f"{issue.number}（第{issue.revision}版）"
    inspection = state.inspection.model_copy(
        update={"status": Status.REPORT_ISSUED, "document_no": printed}
    )
    facts = facts_from(checklist, inspection, results, defects)
    conclusion = final_conclusion(profile, evaluate(profile, facts), inspection)
    photos = state.of("photo")
    signatures = sorted(state.of("signature"), key=lambda s: (s.signed_at, s.id))
    missing = [p.original_name or p.sha256[:12] for p in photos if not _has(ctx, p.sha256)]
    missing += [s.name for s in signatures if s.image_sha256 and not _has(ctx, s.image_sha256)]
    if missing:
        raise refusal(
            409,
            "blobs_missing",
            f"inspection {state.id!r}: {len(missing)} photo/signature file(s) have not reached "
            f"the server yet ({', '.join(missing[:3])}{'…' if len(missing) > 3 else ''}); "
            "the team's next sync uploads them, then issue again",
            count=len(missing),
        )
    blobs = _ReportBlobs(ctx)
    cold = {p.sha256 for p in photos if not blobs.derivative_path(p.sha256).exists()}
    if len(cold) > 1:
        # Photos whose upload did not make the derivative (older server, failure): decoding
        # and scaling release the GIL, so the cores share them.
        with ThreadPoolExecutor(max_workers=min(len(cold), os.cpu_count() or 1, 8)) as pool:
            list(pool.map(blobs.ensure_derivative, sorted(cold)))
    return ReportData(
        inspection=inspection,
        checklist=checklist,
        conclusion=conclusion,
        rule_basis=basis,
        digest=state.fingerprint,
        team=state.of("team_member"),
        results={r.item_id: r for r in results},
        defects=defects,
        photos=[
            ReportPhoto(
                image=_photo_image(ctx, blobs, p),
                caption=p.caption,
                defect_id=p.defect_id,
                taken_at=p.taken_at,
            )
            for p in photos
        ],
        signatures=[
            ReportSignature(
                role=s.role,
                name=s.name,
                signed_at=s.signed_at,
                image_png=ctx.blob_path(s.image_sha256).read_bytes() if s.image_sha256 else None,
            )
            for s in signatures
        ],
        app_version=__version__,
        issue=issue,
    )


def _has(ctx: ServerContext, sha256: str) -> bool:
    return ctx.blob_path(sha256).is_file()


def render_issued(
    conn: Connection, ctx: ServerContext, state: InspectionState, template: str, issue
) -> bytes:
    from inspector_app.reports import fonts, render, templates

    try:
        chosen = templates.load_template(template)
        font = fonts.resolve_font()
    except (templates.TemplateError, fonts.FontNotFound) as exc:
        raise ApiError(500, "render_failed", f"cannot render the issued report: {exc}") from None
    data = report_data(conn, ctx, state, issue)
    with _binary_streams():
        return render.render(data, chosen, font)


_RL_CONFIG_LOCK = threading.Lock()
_WARM_LOCK = threading.Lock()
WARMED = threading.Event()  # set once the renderer and its font are loaded in this process


def warm_up() -> None:
    """Load what the first issue would otherwise load while the reviewer waits (~0.65 s):
    the report modules (ReportLab, pypdf), the templates and the CJK font, parsed and
    registered. Once per process; a failure only means the first issue pays for it."""
    with _WARM_LOCK:
        if WARMED.is_set():
            return
        try:
            from inspector_app.reports import fonts, integrity, render, templates  # noqa: F401

            fonts.register(fonts.resolve_font())
            for name in TEMPLATES:
                templates.load_template(name)
        except Exception:  # issuing reports the real problem, with its words
            return
        finally:
            WARMED.set()


def start_warm_up() -> threading.Thread:
    """Warm up in a daemon thread: server start-up and requests never wait for it."""
    thread = threading.Thread(target=warm_up, name="issue-warm-up", daemon=True)
    thread.start()
    return thread


@contextlib.contextmanager
def _binary_streams():
    """Issued PDFs keep JPEGs and page streams binary (zlib only), not ASCII85 as well:
    ReportLab's pure-Python ASCII85 took ~0.25 s per photo (7.8 s of a 30-photo report).
    ReportLab reads the switch from a module global, so it is set only around this render
    and restored (laptop renderings keep their bytes); the lock keeps issuing threads from
    restoring it under one another."""
    from reportlab import rl_config

    with _RL_CONFIG_LOCK:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = before


# ---- numbers and blobs -------------------------------------------------------------------


def format_number(pattern: str, year: int, n: int) -> str:
    if "{n}" not in pattern:
        raise ApiError(
            500,
            "bad_setting",
            f"report number pattern {pattern!r} (INSPECTOR_SERVER_REPORT_NUMBER) must contain "
            "{n}, the year's running number, or numbers would repeat",
        )
    try:
        return pattern.format(year=year, n=n)
    except (KeyError, IndexError, ValueError) as exc:
        raise ApiError(
            500,
            "bad_setting",
            f"report number pattern {pattern!r} (INSPECTOR_SERVER_REPORT_NUMBER): only "
            f"{{year}} and {{n}} may be used ({exc})",
        ) from None


def _next_number(conn: Connection, year: int) -> int:
    r = db.report_numbers.c
    last = conn.execute(select(r.last).where(r.year == year)).scalar_one_or_none()
    return (last or 0) + 1


def _take_number(conn: Connection, year: int, n: int) -> None:
    r = db.report_numbers.c
    if n == 1:
        conn.execute(insert(db.report_numbers).values(year=year, last=1))
    else:
        conn.execute(update(db.report_numbers).where(r.year == year).values(last=n))


def _store_pdf(ctx: ServerContext, conn: Connection, pdf: bytes, device_id: str) -> str:
    """The PDF as a complete blob, recorded as produced by the console device (the download
    rule for issued reports, uploads.may_download). Never overwrites: content-addressed."""
    sha = hashlib.sha256(pdf).hexdigest()
    path = ctx.blob_path(sha)
    if not path.is_file():
        atomic_write(path, pdf)
    b, up = db.blobs.c, db.blob_uploaders.c
    if conn.execute(select(b.sha256).where(b.sha256 == sha)).first() is None:
        conn.execute(
            insert(db.blobs).values(
                sha256=sha, size=len(pdf), complete=True, created_at=iso(utc_now())
            )
        )
    have = conn.execute(
        select(up.sha256).where(up.sha256 == sha, up.device_id == device_id)
    ).first()
    if have is None:
        conn.execute(insert(db.blob_uploaders).values(sha256=sha, device_id=device_id))
    return sha


# ---- the actions -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What the pre-render assumed; the transaction re-renders when any of it changed."""

    fingerprint: str
    number: str
    year: int
    n: int
    issued_at: datetime
    pdf: bytes


def _check_template(template: str) -> None:
    if template not in TEMPLATES:
        raise ApiError(
            422, "invalid", f"template must be one of {', '.join(TEMPLATES)}, not {template!r}"
        )


def _issuable(state: InspectionState) -> None:
    if state.inspection.status is Status.REPORT_ISSUED:
        first = state.issued_reports[0] if state.issued_reports else None
        raise refusal(
            409,
            "already_issued",
            f"inspection {state.id!r} is already issued"
            + (f" as {first.number}" if first else "")
            + "; an issued report is never changed: a correction is a new revision (reissue)",
            number=first.number if first else "",
        )
    state.require_status((Status.CLOSED,), "issue the report of")
    if not any(s.role is SignatureRole.COMPANY for s in state.of("signature")):
        # Closing needs it on the laptop, but a merge could close without one, and the PDF
        # would then be a draft (docs/reports.md "Document state"): never issue that.
        raise ApiError(
            409,
            "not_acknowledged",
            f"cannot issue the report of inspection {state.id!r}: the company has not signed "
            "the defect list (no company signature has reached the server)",
        )
    if state.approval() is None:
        raise ApiError(
            409,
            "not_approved",
            f"cannot issue the report of inspection {state.id!r}: it is not approved yet",
        )


def _issue_info(who: Reviewer, number: str, revision: int, at: datetime, replaces: str = ""):
    from inspector_app.reports.model import IssueInfo

    return IssueInfo(
        number=number,
        revision=revision,
        issued_by=who.name,
        issued_at=at,
        account=who.user,
        replaces=replaces,
    )


def issue_report(
    ctx: ServerContext, reviewer: str, inspection_id: str, template: str = "full"
) -> IssuedReport:
    """Issue the approved inspection's report: render, number, keep, record. See the module."""
    _check_template(template)
    pattern = ctx.settings.report_number_pattern
    # Pre-render outside the write lock, with the number the transaction expects to take.
    with db.read_transaction(ctx.engine) as conn:
        who = load_reviewer(conn, reviewer)
        state = InspectionState.load(conn, inspection_id)
        _issuable(state)
        issued_at = utc_now()
        year = issued_at.astimezone(CENTER_TZ).year
        n = _next_number(conn, year)
        number = format_number(pattern, year, n)
        pdf = render_issued(conn, ctx, state, template, _issue_info(who, number, 1, issued_at))
        guess = _Plan(state.fingerprint, number, year, n, issued_at, pdf)

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        _issuable(state)
        issued_at, pdf = guess.issued_at, guess.pdf
        year = guess.year
        n = _next_number(conn, year)
        number = format_number(pattern, year, n)
        if (number, state.fingerprint) != (guess.number, guess.fingerprint):
            # Another issue took the number, or the record changed: render again, here.
            issued_at = utc_now()
            year = issued_at.astimezone(CENTER_TZ).year
            n = _next_number(conn, year)
            number = format_number(pattern, year, n)
            info = _issue_info(who, number, 1, issued_at)
            pdf = render_issued(conn, ctx, state, template, info)
        _take_number(conn, year, n)
        sha = _store_pdf(ctx, conn, pdf, ensure_console_device(conn, who.user))
        issued = IssuedReport(
            id=_new_id(),
            inspection_id=state.id,
            number=number,
            revision=1,
            replaces_id=None,
            template=template,
            pdf_sha256=sha,
            issued_by=who.name,
            issued_at=issued_at,
        )
        status = Write(
            kind="inspection",
            record_id=state.id,
            values={"status": Status.REPORT_ISSUED.value},
            action="update",
            audit_field="status",
            old=state.inspection.status.value,
            new=Status.REPORT_ISSUED.value,
            reason=f"报告签发 {number}",
            bases=_base(state, "status"),
        )
        return [create(issued, f"报告签发 {number}"), status], issued

    return run(ctx, reviewer, inspection_id, plan)


def reissue(
    ctx: ServerContext, reviewer: str, inspection_id: str, reason: str, template: str = "full"
) -> IssuedReport:
    """A corrected revision of an issued report: same number, revision n+1, replaces_id the
    latest revision, the reason in its audit row. The earlier PDFs and records stay."""
    _check_template(template)
    reason = check_text(
        reason,
        "the reason of the new revision",
        f"inspection {inspection_id}",
        MAX_REASON,
        required=True,
    )

    def latest(state: InspectionState) -> IssuedReport:
        state.require_status((Status.REPORT_ISSUED,), "issue a new revision of")
        reports = state.issued_reports
        if not reports:
            raise ApiError(
                409,
                "not_issued",
                f"inspection {state.id!r} has no issued report to correct; issue it first",
            )
        return reports[-1]

    with db.read_transaction(ctx.engine) as conn:
        who = load_reviewer(conn, reviewer)
        state = InspectionState.load(conn, inspection_id)
        last = latest(state)
        issued_at = utc_now()
        info = _issue_info(who, last.number, last.revision + 1, issued_at, last.id)
        guess = (state.fingerprint, last.id, render_issued(conn, ctx, state, template, info))

    def plan(conn: Connection, state: InspectionState, who: Reviewer):
        nonlocal issued_at
        previous = latest(state)
        pdf = guess[2]
        if (state.fingerprint, previous.id) != guess[:2]:
            issued_at = utc_now()
            info = _issue_info(who, previous.number, previous.revision + 1, issued_at, previous.id)
            pdf = render_issued(conn, ctx, state, template, info)
        sha = _store_pdf(ctx, conn, pdf, ensure_console_device(conn, who.user))
        issued = IssuedReport(
            id=_new_id(),
            inspection_id=state.id,
            number=previous.number,
            revision=previous.revision + 1,
            replaces_id=previous.id,
            template=template,
            pdf_sha256=sha,
            issued_by=who.name,
            issued_at=issued_at,
        )
        return [create(issued, reason)], issued

    return run(ctx, reviewer, inspection_id, plan)


def _base(state: InspectionState, field: str) -> dict[str, str]:
    hlc = state.hlcs.get(("inspection", state.id, field))
    return {field: hlc} if hlc else {}


def _new_id() -> str:
    from inspector_app.domain.ids import new_id

    return new_id()


def issued_pdf(ctx: ServerContext, report: IssuedReport) -> bytes:
    """The bytes of an issued report's PDF (tests, the console's download)."""
    return ctx.blob_path(report.pdf_sha256).read_bytes()
