"""Report verbs: render a template for an inspection, verify a PDF against the store.

The digest that ties a PDF to its record is the SHA-256 of the canonical interchange export
without the blob bytes (photos and signatures are referenced there by their SHA-256), so any
later change to the record — including a revision after lock, which also adds audit rows —
changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from inspector_app import __version__
from inspector_app.domain.errors import DomainError
from inspector_app.operations.records import Snapshot, canonical_json, read_snapshot

if TYPE_CHECKING:
    from inspector_app.operations.context import App

Progress = Callable[[int, int, str], None]


def record_digest(app: App, inspection_id: str) -> str:
    return snapshot_digest(read_snapshot(app, inspection_id))


def snapshot_digest(snapshot: Snapshot) -> str:
    # The digest covers the records, not the photo files (their SHA-256 are in the records):
    # reading and encoding every photo only to drop it cost ~0.1 s per report.
    return hashlib.sha256(canonical_json(snapshot.document())).hexdigest()


def report_data(app: App, inspection_id: str):  # -> reports.model.ReportData
    """Everything the renderer shows, and the digest, from one read of the record."""
    from inspector_app.operations.judging import checklist_of, conclusion_of, profile_of
    from inspector_app.reports.model import ReportData, ReportPhoto, ReportSignature

    snapshot = read_snapshot(app, inspection_id)
    record = snapshot.record()
    checklist = checklist_of(app, record.inspection)
    conclusion = conclusion_of(app, record)
    basis = profile_of(app, record.inspection).regulation.basis
    # A report carries legal weight: it is not made while evidence is still on its way.
    pending = [
        p.original_name or p.sha256[:12] for p in record.photos if not app.blobs.has(p.sha256)
    ]
    pending += [
        s.name for s in record.signatures if s.image_sha256 and not app.blobs.has(s.image_sha256)
    ]
    if pending:
        from inspector_app.domain.errors import DomainError

        raise DomainError(
            "photos",
            f"{len(pending)} photo/signature file(s) have not arrived from sync yet "
            f"({', '.join(pending[:3])}{'…' if len(pending) > 3 else ''}); "
            "sync, then make the report",
        )
    from inspector_app.operations.annotated import annotated_image

    photos = [
        ReportPhoto(
            # The derivative, or a copy of it with the annotations burnt in; never the original.
            image=annotated_image(app, p),
            caption=p.caption,
            defect_id=p.defect_id,
            taken_at=p.taken_at,
        )
        for p in record.photos
    ]
    signatures = [
        ReportSignature(
            role=s.role,
            name=s.name,
            signed_at=s.signed_at,
            image_png=app.blobs.read(s.image_sha256) if s.image_sha256 else None,
        )
        for s in sorted(record.signatures, key=lambda s: (s.signed_at, s.id))
    ]
    return ReportData(
        inspection=record.inspection,
        checklist=checklist,
        conclusion=conclusion,
        rule_basis=basis,
        digest=snapshot_digest(snapshot),
        team=record.team,
        results={r.item_id: r for r in record.results},
        defects=record.defects,
        photos=photos,
        signatures=signatures,
        app_version=__version__,
    )


def render_bytes(
    app: App,
    inspection_id: str,
    template_id: str,
    progress: Progress | None = None,
    template_version: int | None = None,
) -> bytes:
    from inspector_app.reports import fonts, render, templates

    template = templates.load_template(template_id, template_version)
    font = fonts.resolve_font()
    if progress:
        progress(0, 1, "读取检查记录")
    data = report_data(app, inspection_id)
    return render.render(data, template, font, progress)


def render_report(
    app: App,
    inspection_id: str,
    template_id: str,
    out_path: str | Path,
    progress: Progress | None = None,
) -> Path:
    """Render `template_id` (defect-list or full) for the inspection into `out_path`.

    `progress(done, total, text)` is called as work advances and may raise to cancel; a
    cancelled or failed render leaves no file behind. Raises FontNotFound, TemplateError or
    DomainError with a one-line message.
    """
    from inspector_app.reports.render import write

    pdf = render_bytes(app, inspection_id, template_id, progress)
    return write(Path(out_path), pdf)


@dataclass(frozen=True)
class VerifyResult:
    status: Literal["matches", "differs", "unknown"]
    message: str  # one line, in English like the rest of the CLI
    inspection_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "matches"


def verify_report(app: App, pdf_path: str | Path) -> VerifyResult:
    """Does the PDF match the record in this store?

    An issued report (the center's, server/issue.py) matches when the store holds the issued
    report record with the file's SHA-256, and names its issuer, number and time.

    matches: the record's digest today equals the one the PDF carries; and where this
    installation can render the same template version with the same font and app version,
    a fresh rendering is byte-identical (so the pages were not edited either).
    differs: the record changed since the PDF was rendered, or the file was altered.
    unknown: not one of our reports, or the inspection is not in this store.
    """
    from inspector_app.reports import fonts, templates
    from inspector_app.reports.integrity import read_claims

    path = Path(pdf_path)
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        return VerifyResult("unknown", f"{path}: cannot read the file ({exc.strerror})")
    claims = read_claims(pdf)
    if claims is None:
        return VerifyResult("unknown", f"{path}: not an inspector-app report (no integrity record)")
    iid = claims.inspection_id
    if claims.issue:
        return _verify_issued(app, path, pdf, claims)
    try:
        digest = record_digest(app, iid)
    except DomainError:
        return VerifyResult("unknown", f"inspection {iid} is not in this store", iid)
    if digest != claims.digest:
        return VerifyResult(
            "differs",
            f"the record of inspection {iid} changed after this PDF was rendered "
            f"(PDF {claims.digest[:12]}…, store {digest[:12]}…)",
            iid,
        )
    same_renderer = claims.app_version == __version__
    try:
        template = templates.load_template(claims.template_id, claims.template_version)
        font = fonts.resolve_font()
    except (templates.TemplateError, fonts.FontNotFound):
        same_renderer = False
    else:
        same_renderer = same_renderer and font.label == claims.font
    state = _STATE_NOTES.get(claims.state, "")
    if not same_renderer:
        return VerifyResult(
            "matches",
            f"matches the record of inspection {iid} (SHA-256 {digest[:12]}…); the pages were "
            f"not re-rendered because this installation's template, font or version differs{state}",
            iid,
        )
    fresh = render_bytes(app, iid, template.id, template_version=template.version)
    if fresh != pdf:
        return VerifyResult(
            "differs",
            f"the record of inspection {iid} is unchanged but the PDF's content differs from "
            f"a fresh rendering of {template.label}: the file was altered",
            iid,
        )
    return VerifyResult(
        "matches",
        f"matches the record of inspection {iid} (SHA-256 {digest[:12]}…) and is identical "
        f"to a fresh rendering of {template.label}{state}",
        iid,
    )


def _verify_issued(app: App, path: Path, pdf: bytes, claims) -> VerifyResult:
    """An issued report is checked against the center's record of it, not re-rendered: the
    issued_report record (pulled from the server, written and signed by the reviewer's
    console device) holds the SHA-256 of the PDF the center issued, so any byte changed
    after issue fails. The issuer named is the record's, not the file's claim."""
    iid = claims.inspection_id
    claim = claims.issued
    if claim is None:
        return VerifyResult(
            "differs", f"{path}: the PDF's issue record is damaged: the file was altered", iid
        )
    sha = hashlib.sha256(pdf).hexdigest()
    issued = app.store.find("issued_report", inspection_id=iid)
    match = next((r for r in issued if r.pdf_sha256 == sha), None)
    if match is not None:
        later = [r for r in issued if r.revision > match.revision]
        note = f"; revision {max(r.revision for r in later)} has since replaced it" if later else ""
        when = match.issued_at.strftime("%Y-%m-%d %H:%M UTC")
        return VerifyResult(
            "matches",
            f"issued report {match.number} (revision {match.revision}) of inspection {iid}, "
            f"issued by {match.issued_by} at {when}; the file is byte for byte the one the "
            f"center issued (SHA-256 {sha[:12]}…){note}",
            iid,
        )
    said = f"issued report {claim.number} (revision {claim.revision}) by {claim.issued_by}"
    if issued:
        return VerifyResult(
            "differs",
            f"the PDF says it is {said}, but its SHA-256 {sha[:12]}… is not that of any report "
            f"the center issued for inspection {iid}: the file was altered after issue",
            iid,
        )
    return VerifyResult(
        "unknown",
        f"the PDF says it is {said} at {claim.issued_at}, but this store holds no issued "
        f"report of inspection {iid}; sync, then verify again",
        iid,
    )


# What `report verify` adds about the document's own state (reports.model.DocumentState).
_STATE_NOTES = {
    "draft": "; it is a DRAFT: the company had not signed, or the record was not closed",
    "acknowledged": "; acknowledged by the company, not yet issued by the center",
    "issued": "; issued by the center",
}
