"""The center's side of companies' rectification (issue 15): the list of issued inspections
with their reminders (to verify, due soon, overdue, objections to answer), one inspection's
answers with the verification and objection forms and the whole rectification audit, the
evidence files, and each service item's rectification days.

Reviewers and admins only (the reviewer's defect log links here). Writes are
server/rectification.py; POST → redirect → GET with the outcome in the one-time flash row.
"""

# No `from __future__ import annotations`: the route signatures use dependencies defined
# inside add_routes, which FastAPI could not resolve from strings.
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from inspector_app.server import assessment, rectification, service
from inspector_app.server.console import accounts, flash
from inspector_app.server.console.company import evidence_response, refused_text
from inspector_app.server.context import ServerContext

PAGE = "rectification"


def add_routes(app: FastAPI, ctx: ServerContext) -> None:
    from inspector_app.server.console import pages

    def staff(
        session: Annotated[accounts.Session, Depends(pages.current_session)],
    ) -> accounts.Session:
        if session.role not in ("reviewer", "admin"):
            raise pages.ConsoleError(403, "forbidden")
        return session

    def staff_post(
        form: pages.Form, session: Annotated[accounts.Session, Depends(staff)]
    ) -> tuple[accounts.Session, dict[str, str]]:
        pages._csrf(session, form)
        return session, form

    Staff = Annotated[accounts.Session, Depends(staff)]
    StaffPost = Annotated[tuple[accounts.Session, dict[str, str]], Depends(staff_post)]

    def issued_or_404(inspection_id: str) -> rectification.Issued:
        issued = rectification.issued_inspection(ctx.engine, inspection_id)
        if issued is None:
            raise pages.ConsoleError(404, "not_found")
        return issued

    def back(session: accounts.Session, iid: str, anchor: str = "", **note: Any) -> Response:
        flash.put(ctx.engine, session.id_hash, {"page": PAGE, "target": iid, **note})
        return RedirectResponse(
            f"{pages.PREFIX}/rectification/{quote(iid)}{anchor}", status_code=303
        )

    @app.get("/rectification", response_class=HTMLResponse)
    def center_list(request: Request, session: Staff) -> HTMLResponse:
        calendar = rectification.center_calendar()
        today = service.china_today()
        sheets = [
            rectification.sheet(ctx.engine, calendar, issued, today, company=False)
            for issued in rectification.issued_list(ctx.engine)
        ]
        return pages.render(
            request,
            "rectification_list.html",
            session=session,
            sheets=sheets,
            today=today,
            placeholder=rectification.DEFAULT_RECTIFICATION_DAYS,
        )

    @app.get("/rectification/rules", response_class=HTMLResponse)
    def rules(request: Request, session: Staff) -> HTMLResponse:
        note = flash.take(ctx.engine, session.id_hash) or {}
        if note.get("page") != PAGE or note.get("target") != "rules":
            note = {}
        return pages.render(
            request,
            "rectification_rules.html",
            400 if note.get("errors") else 200,
            session=session,
            items=service.catalogue(ctx.engine),
            days=rectification.rectification_days_by_item(ctx.engine),
            placeholder=rectification.DEFAULT_RECTIFICATION_DAYS,
            note=note,
            errors=note.get("errors") or {},
        )

    @app.post("/rectification/rules/{code}")
    def set_rule(request: Request, code: str, posted: StaffPost) -> Response:
        session, form = posted
        raw = form.get("days", "").strip()
        target = f"{pages.PREFIX}/rectification/rules"
        try:
            rectification.set_rectification_days(
                ctx.engine,
                session.user,
                code,
                int(raw) if raw.isdigit() else 0,
                form.get("reason", "").strip()[:200],
            )
        except rectification.Refused as exc:
            message = refused_text(pages.lang_of(request), exc)
            note = {"page": PAGE, "target": "rules", "errors": {code: message}}
            flash.put(ctx.engine, session.id_hash, note)
            return RedirectResponse(target, status_code=303)
        flash.put(ctx.engine, session.id_hash, {"page": PAGE, "target": "rules", "saved": code})
        return RedirectResponse(target, status_code=303)

    @app.get("/rectification/evidence/{evidence_id}")
    def center_evidence(evidence_id: int, _session: Staff) -> Response:
        row = rectification.evidence_row(ctx.engine, evidence_id)
        if row is None:
            raise pages.ConsoleError(404, "not_found")
        issued_or_404(row["inspection_id"])
        return evidence_response(ctx, row)

    @app.get("/rectification/{inspection_id}", response_class=HTMLResponse)
    def center_page(request: Request, inspection_id: str, session: Staff) -> HTMLResponse:
        issued = issued_or_404(inspection_id)
        today = service.china_today()
        sheet = rectification.sheet(
            ctx.engine, rectification.center_calendar(), issued, today, company=False
        )
        note = flash.take(ctx.engine, session.id_hash) or {}
        if note.get("page") != PAGE or note.get("target") != inspection_id:
            note = {}
        result = assessment.assess(
            ctx.engine, rectification.center_calendar(), issued, today, company=False
        )
        return pages.render(
            request,
            "rectification_inspection.html",
            400 if note.get("errors") else 200,
            session=session,
            s=sheet,
            a=assessment.view(result),
            today=today,
            objection_days=rectification.OBJECTION_DAYS,
            note=note,
            errors=note.get("errors") or {},
            form_id=str(note.get("form", "")),
            submitted=note.get("submitted") or {},
        )

    @app.post("/rectification/{inspection_id}/final")
    def center_final(request: Request, inspection_id: str, posted: StaffPost) -> Response:
        """Issue the final conclusion and the rectification report (refused: nothing)."""
        session, _form = posted
        issued = issued_or_404(inspection_id)
        try:
            assessment.issue_final(
                ctx,
                rectification.center_calendar(),
                session.user,
                session.role,
                issued,
                service.china_today(),
            )
        except rectification.Refused as exc:
            errors = {"form": refused_text(pages.lang_of(request), exc)}
            return back(session, inspection_id, "#assessment", form="final", errors=errors)
        return back(session, inspection_id, "#assessment", form="final", saved="final")

    @app.get("/rectification/{inspection_id}/final.pdf")
    def center_final_pdf(inspection_id: str, _session: Staff) -> Response:
        issued_or_404(inspection_id)
        return final_pdf(ctx, assessment.final_row(ctx.engine, inspection_id), pages)

    @app.post("/rectification/{inspection_id}/defects/{defect_id}/{action}")
    def center_action(
        request: Request, inspection_id: str, defect_id: str, action: str, posted: StaffPost
    ) -> Response:
        session, form = posted
        if action not in ("verify", "answer"):
            raise pages.ConsoleError(404, "not_found")
        issued = issued_or_404(inspection_id)
        form_id = f"{action}-{defect_id}"
        anchor = f"#defect-{defect_id}"
        try:
            if action == "verify":
                rectification.verify(
                    ctx.engine,
                    session.user,
                    session.role,
                    issued,
                    defect_id,
                    form.get("state", ""),
                    form.get("comment", ""),
                )
            else:
                rectification.answer_objection(
                    ctx.engine,
                    session.user,
                    session.role,
                    issued,
                    defect_id,
                    form.get("outcome", ""),
                    form.get("reason", ""),
                )
        except rectification.Refused as exc:
            if exc.key == "not_found":
                raise pages.ConsoleError(404, "not_found") from None
            errors = {exc.field or "form": refused_text(pages.lang_of(request), exc)}
            typed = {k: form.get(k, "") for k in ("state", "comment", "outcome", "reason")}
            return back(
                session, inspection_id, anchor, form=form_id, errors=errors, submitted=typed
            )
        return back(session, inspection_id, anchor, form=form_id, saved=action)


def final_pdf(ctx: ServerContext, row: dict[str, Any] | None, pages: Any) -> Response:
    """The issued rectification report's PDF (404 until it is issued)."""
    from fastapi.responses import FileResponse

    if row is None or not ctx.blob_path(row["pdf_sha256"]).is_file():
        raise pages.ConsoleError(404, "not_found")
    response = FileResponse(ctx.blob_path(row["pdf_sha256"]), media_type="application/pdf")
    response.headers["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(row['number'] + '.pdf', safe='')}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
