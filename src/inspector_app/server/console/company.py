"""A company's own area of the console (issue 15) and the center's page of company accounts.

A company account (role "company", server/rectification.py) signs in through the console's
sign-in and sees only this area: its company's inspections whose report is issued, each with
the report number, issue day, the issued PDF, the defects as issued, and per defect its
rectification (cause, CAPA, completion date, evidence files; save or submit), an objection
while the window is open, the center's verification and answer, and the service rating.
Every other console page refuses the role (they ask for reviewer or admin) and no /api/ route
answers it (it never holds a device token).

Isolation is by lookup, not by hiding links: every route takes the session's company from
`company_accounts` and asks rectification.company_inspection, which answers None for another
company's or an unissued inspection — answered 404, the same as an unknown id.
"""

# No `from __future__ import annotations`: the route signatures use dependencies defined
# inside add_routes, which FastAPI could not resolve from strings.
import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from inspector_app.server import admin, assessment, rectification
from inspector_app.server.auth import COMPANY_ROLE
from inspector_app.server.console import accounts, flash, i18n, texts_rectification
from inspector_app.server.console.forms import MAX_NAME, Checked, parse_date
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.server.service import china_today

PAGE = "company"


def refused_text(lang: str, exc: rectification.Refused) -> str:
    if exc.key in texts_rectification.TEXTS or exc.key.startswith("field_"):
        try:
            return i18n.text(lang, exc.key, **exc.values)
        except (KeyError, IndexError):
            pass
    return exc.message


async def read_multipart(request: Request, session: accounts.Session, pages: Any):
    """The fields and files of a multipart form (CSRF checked). Its size was bounded before
    reading (limits.CONSOLE_UPLOAD_LIMITS); each file is read to at most one byte over the
    per-file limit, so a bigger one is refused without holding more."""
    try:
        form = await request.form(max_files=rectification.MAX_FILES, max_fields=20)
    except Exception:  # malformed multipart, or more parts than allowed
        raise pages.ConsoleError(400, "bad_form") from None
    token = form.get("csrf_token")
    if not accounts.csrf_ok(session.csrf_token, token if isinstance(token, str) else None):
        raise pages.ConsoleError(403, "csrf_text")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    files = []
    for item in form.getlist("files"):
        if isinstance(item, str):
            continue
        data = await item.read(rectification.MAX_FILE_BYTES + 1)
        if not data and not item.filename:
            continue  # the browser's empty file input
        files.append(rectification.Upload(item.filename or "", data))
    return fields, files


def evidence_response(ctx: ServerContext, row: dict[str, Any]) -> Response:
    path = ctx.blob_path(row["sha256"])
    if not path.is_file():
        return Response(status_code=404)
    response = FileResponse(path, media_type=row["media_type"])
    # The stored name is display text: quoted into the header, never a path.
    response.headers["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(row['name'], safe='')}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def add_routes(app: FastAPI, ctx: ServerContext) -> None:
    from inspector_app.server.console import pages

    def company_session(
        session: Annotated[accounts.Session, Depends(pages.current_session)],
    ) -> tuple[accounts.Session, str]:
        if session.role != COMPANY_ROLE:
            raise pages.ConsoleError(403, "forbidden")
        company = rectification.company_of(ctx.engine, session.user)
        if company is None:
            raise pages.ConsoleError(403, "forbidden")
        return session, company

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

    def company_post(
        form: pages.Form, who: Annotated[tuple[accounts.Session, str], Depends(company_session)]
    ) -> tuple[accounts.Session, str, dict[str, str]]:
        pages._csrf(who[0], form)
        return who[0], who[1], form

    Company = Annotated[tuple[accounts.Session, str], Depends(company_session)]
    CompanyPost = Annotated[tuple[accounts.Session, str, dict[str, str]], Depends(company_post)]
    Staff = Annotated[accounts.Session, Depends(staff)]
    StaffPost = Annotated[tuple[accounts.Session, dict[str, str]], Depends(staff_post)]

    def own(company: str, inspection_id: str) -> rectification.Issued:
        issued = rectification.company_inspection(ctx.engine, company, inspection_id)
        if issued is None:
            raise pages.ConsoleError(404, "not_found")
        return issued

    def note_for(session: accounts.Session, target: str) -> dict[str, Any]:
        note = flash.take(ctx.engine, session.id_hash) or {}
        return note if note.get("page") == PAGE and note.get("target") == target else {}

    def back(session: accounts.Session, iid: str, anchor: str = "", **note: Any) -> Response:
        flash.put(ctx.engine, session.id_hash, {"page": PAGE, "target": iid, **note})
        return RedirectResponse(
            f"{pages.PREFIX}/company/inspections/{quote(iid)}{anchor}", status_code=303
        )

    # ---- the company's pages ---------------------------------------------------------------

    @app.get("/company", response_class=HTMLResponse)
    def company_home(request: Request, who: Company) -> HTMLResponse:
        session, company = who
        calendar = rectification.center_calendar()
        today = china_today()
        sheets = [
            rectification.sheet(ctx.engine, calendar, issued, today, company=True)
            for issued in rectification.issued_list(ctx.engine, company)
        ]
        return pages.render(
            request,
            "company_list.html",
            session=session,
            company=company,
            sheets=sheets,
            today=today,
        )

    @app.get("/company/inspections/{inspection_id}", response_class=HTMLResponse)
    def company_inspection(request: Request, inspection_id: str, who: Company) -> HTMLResponse:
        session, company = who
        issued = own(company, inspection_id)
        today = china_today()
        sheet = rectification.sheet(
            ctx.engine, rectification.center_calendar(), issued, today, company=True
        )
        note = note_for(session, inspection_id)
        # The final conclusion only as the center issued it; nothing before.
        final = assessment.final_row(ctx.engine, issued.id)
        return pages.render(
            request,
            "company_inspection.html",
            400 if note.get("errors") else 200,
            session=session,
            company=company,
            s=sheet,
            a=assessment.issued_view(final) if final else None,
            today=today,
            objection_days=rectification.OBJECTION_DAYS,
            note=note,
            errors=note.get("errors") or {},
            form_id=str(note.get("form", "")),
            submitted=note.get("submitted") or {},
            limits=limits(),
        )

    @app.get("/company/inspections/{inspection_id}/report.pdf")
    def company_pdf(inspection_id: str, who: Company) -> Response:
        issued = own(who[1], inspection_id)
        path = ctx.blob_path(issued.pdf_sha256)
        if not path.is_file():
            raise pages.ConsoleError(404, "not_found")
        return FileResponse(
            path, media_type="application/pdf", filename=f"{issued.number or 'report'}.pdf"
        )

    @app.get("/company/inspections/{inspection_id}/rectification.pdf")
    def company_final_pdf(inspection_id: str, who: Company) -> Response:
        from inspector_app.server.console.rectification import final_pdf

        issued = own(who[1], inspection_id)  # 404 unless the company's and issued
        return final_pdf(ctx, assessment.final_row(ctx.engine, issued.id), pages)

    @app.get("/company/evidence/{evidence_id}")
    def company_evidence(evidence_id: int, who: Company) -> Response:
        row = rectification.evidence_row(ctx.engine, evidence_id)
        if row is None or row["removed_at"]:
            raise pages.ConsoleError(404, "not_found")
        own(who[1], row["inspection_id"])  # 404 unless the company's and issued
        return evidence_response(ctx, row)

    @app.post("/company/inspections/{inspection_id}/defects/{defect_id}/rectification")
    async def company_rectify(
        request: Request, inspection_id: str, defect_id: str, who: Company
    ) -> Response:
        session, company = who
        issued = own(company, inspection_id)
        fields, files = await read_multipart(request, session, pages)
        lang = pages.lang_of(request)
        form_id = f"rect-{defect_id}"
        anchor = f"#defect-{defect_id}"
        typed = {k: fields.get(k, "") for k in ("cause", "actions", "completed_on")}
        completed_text = fields.get("completed_on", "").strip()
        completed = parse_date(completed_text)
        if completed_text and completed is None:
            errors = {"completed_on": i18n.text(lang, "field_invalid")}
            return back(
                session, inspection_id, anchor, form=form_id, errors=errors, submitted=typed
            )
        try:
            status = rectification.save_rectification(
                ctx,
                session.user,
                issued,
                defect_id,
                cause=fields.get("cause", ""),
                actions=fields.get("actions", ""),
                completed_on=completed,
                files=files,
                submit=fields.get("action") == "submit",
            )
        except rectification.Refused as exc:
            if exc.key == "not_found":
                raise pages.ConsoleError(404, "not_found") from None
            message = refused_text(lang, exc)
            errors = {exc.field or "form": message}
            return back(
                session, inspection_id, anchor, form=form_id, errors=errors, submitted=typed
            )
        return back(session, inspection_id, anchor, form=form_id, saved=status)

    @app.post("/company/inspections/{inspection_id}/defects/{defect_id}/objection")
    async def company_object(
        request: Request, inspection_id: str, defect_id: str, who: Company
    ) -> Response:
        session, company = who
        issued = own(company, inspection_id)
        fields, files = await read_multipart(request, session, pages)
        lang = pages.lang_of(request)
        form_id = f"object-{defect_id}"
        anchor = f"#defect-{defect_id}"
        try:
            rectification.object_to(
                ctx,
                rectification.center_calendar(),
                session.user,
                issued,
                defect_id,
                fields.get("reasons", ""),
                files,
                china_today(),
            )
        except rectification.Refused as exc:
            if exc.key == "not_found":
                raise pages.ConsoleError(404, "not_found") from None
            errors = {exc.field or "form": refused_text(lang, exc)}
            typed = {"reasons": fields.get("reasons", "")}
            return back(
                session, inspection_id, anchor, form=form_id, errors=errors, submitted=typed
            )
        return back(session, inspection_id, anchor, form=form_id, saved="objected")

    @app.post("/company/inspections/{inspection_id}/evidence/{evidence_id}/remove")
    def company_remove(
        request: Request, inspection_id: str, evidence_id: int, posted: CompanyPost
    ) -> Response:
        session, company, _form = posted
        issued = own(company, inspection_id)
        row = rectification.evidence_row(ctx.engine, evidence_id)
        anchor = f"#defect-{row['defect_id']}" if row else ""
        try:
            rectification.remove_evidence(ctx, session.user, issued, evidence_id)
        except rectification.Refused as exc:
            if exc.key == "not_found":
                raise pages.ConsoleError(404, "not_found") from None
            failure = refused_text(pages.lang_of(request), exc)
            return back(session, inspection_id, anchor, failure=failure)
        return back(session, inspection_id, anchor, form="", saved="removed")

    @app.post("/company/inspections/{inspection_id}/satisfaction")
    def company_rate(request: Request, inspection_id: str, posted: CompanyPost) -> Response:
        session, company, form = posted
        issued = own(company, inspection_id)
        lang = pages.lang_of(request)
        raw = form.get("rating", "").strip()
        try:
            rating = int(raw) if raw.isdigit() else 0
            rectification.rate(
                ctx.engine, session.user, issued, rating, form.get("comment", ""), None
            )
        except rectification.Refused as exc:
            errors = {exc.field or "rating": refused_text(lang, exc)}
            typed = {"comment": form.get("comment", "")}
            return back(
                session, inspection_id, "#satisfaction", form="rate", errors=errors, submitted=typed
            )
        return back(session, inspection_id, "#satisfaction", form="rate", saved="rated")

    # ---- the center's page of company accounts ---------------------------------------------

    def accounts_back(session: accounts.Session, **note: Any) -> Response:
        flash.put(ctx.engine, session.id_hash, {"page": "companies", **note})
        return RedirectResponse(f"{pages.PREFIX}/companies", status_code=303)

    @app.get("/companies", response_class=HTMLResponse)
    def companies(request: Request, session: Staff) -> HTMLResponse:
        note = flash.take(ctx.engine, session.id_hash) or {}
        if note.get("page") != "companies":
            note = {}
        return pages.render(
            request,
            "companies.html",
            400 if note.get("errors") else 200,
            session=session,
            rows=rectification.company_accounts_list(ctx.engine),
            note=note,
            errors=note.get("errors") or {},
            submitted=note.get("submitted") or {},
        )

    @app.post("/companies")
    def add_company_account(request: Request, posted: StaffPost) -> Response:
        session, form = posted
        lang = pages.lang_of(request)
        check = Checked(form, lang)
        name = check.text("name", 100)
        display = check.text("display_name", MAX_NAME, required=False)
        company = check.text("company", MAX_NAME)
        typed = {k: form.get(k, "") for k in ("name", "display_name", "company")}
        if not check.ok:
            return accounts_back(session, errors=check.errors, submitted=typed)
        try:
            rectification.create_company_account(ctx.engine, session.user, name, company, display)
            password = secrets.token_urlsafe(12)
            admin.set_password(ctx.engine, name, password)
        except rectification.Refused as exc:
            errors = {exc.field or "name": refused_text(lang, exc)}
            return accounts_back(session, errors=errors, submitted=typed)
        # Shown once: the flash row is deleted by the GET that shows it.
        return accounts_back(session, added=name, password=password)

    @app.post("/companies/{name}/{action}")
    def company_account_action(
        request: Request, name: str, action: str, posted: StaffPost
    ) -> Response:
        session, _form = posted
        if action not in ("reset", "disable", "enable"):
            raise pages.ConsoleError(404, "not_found")
        if rectification.company_of(ctx.engine, name) is None:
            raise pages.ConsoleError(404, "not_found")  # only company accounts, here
        try:
            if action == "reset":
                password = secrets.token_urlsafe(12)
                admin.set_password(ctx.engine, name, password)
                return accounts_back(session, reset=name, password=password)
            admin.set_disabled(ctx.engine, name, action == "disable")
        except ApiError as exc:
            raise pages.ConsoleError(exc.status, "bad_form", exc.message) from None
        return accounts_back(session)


def limits() -> dict[str, int]:
    return {
        "mb": rectification.MAX_FILE_BYTES // 1024 // 1024,
        "total": rectification.MAX_DEFECT_BYTES // 1024 // 1024,
    }
