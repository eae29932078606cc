"""The expert pool in the console (issue 14): the register of experts and third-party firms
(list with filters, add, edit), each entry's declared conflicts of interest, its scanned
confidentiality agreement, the declarations its inspections' laptops synced, and who changed
what. Reviewers and admins keep the pool.

Writes are server/expert_db.py (one transaction each, with its history row); every POST
checks the CSRF token and answers 303 (POST → redirect → GET), the outcome travelling in the
session's one-time flash row; a refusal names the field and changes nothing.
"""

# No `from __future__ import annotations`: the route signatures use dependencies defined
# inside add_routes, which FastAPI could not resolve from strings.
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from inspector_app.domain.experts import SPECIALTIES
from inspector_app.server import expert_db
from inspector_app.server.console import accounts, flash, i18n
from inspector_app.server.console.forms import MAX_NAME, MAX_REASON, Checked, parse_date
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError

PAGE = "experts"
AVAILABILITY = ("yes", "no")


def add_routes(app: FastAPI, ctx: ServerContext) -> None:
    # pages imports this module; its helpers are taken once both are loaded.
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

    def specialty_label(lang: str, code: str) -> str:
        pair = SPECIALTIES.get(code)
        return (pair[1] if lang == "en" else pair[0]) if pair else code

    def note_for(session: accounts.Session, target: str) -> dict[str, Any]:
        note = flash.take(ctx.engine, session.id_hash) or {}
        return note if note.get("page") == PAGE and note.get("target") == target else {}

    def back(session: accounts.Session, target: str, anchor: str = "", **note: Any) -> Response:
        flash.put(ctx.engine, session.id_hash, {"page": PAGE, "target": target, **note})
        path = "/experts" if target == "list" else f"/experts/{quote(target)}"
        return RedirectResponse(f"{pages.PREFIX}{path}{anchor}", status_code=303)

    def page(request: Request, template: str, session: accounts.Session, **values: Any):
        lang = pages.lang_of(request)
        return pages.render(
            request,
            template,
            400 if values.get("errors") else 200,
            session=session,
            specialties=list(SPECIALTIES),
            specialty_label=lambda code: specialty_label(lang, code),
            specialty_names=lambda codes: "、".join(specialty_label(lang, c) for c in codes),
            kind_label=lambda kind: i18n.text(lang, f"expert_kind_{kind}"),
            action_label=lambda action: i18n.text(lang, f"expert_action_{action}"),
            kinds=expert_db.KINDS,
            **values,
        )

    def read_entry(check: Checked, form: dict[str, str]) -> expert_db.ExpertInput:
        lang = check.lang
        kind = check.choice("kind", expert_db.KINDS)
        name = check.text("name", MAX_NAME)
        employer = check.text("employer", MAX_NAME, required=False)
        teams = check.text("teams", 1000, required=False)
        note = check.text("note", MAX_REASON, required=False)
        chosen = [code for code in SPECIALTIES if form.get(f"sp_{code}") == "on"]
        if not chosen:
            check.errors["specialties"] = i18n.text(lang, "expert_specialty_required")
        date_text = form.get("agreement_date", "").strip()
        agreement = parse_date(date_text)
        if date_text and agreement is None:
            check.errors["agreement_date"] = i18n.text(lang, "field_invalid")
        available = form.get("available", "yes")
        if available not in AVAILABILITY:
            check.errors["available"] = i18n.text(lang, "field_invalid")
        return expert_db.ExpertInput(
            kind=kind,
            name=name,
            specialties=chosen,
            employer=employer,
            teams=[t for t in teams.replace("，", ",").split(",") if t.strip()],
            available=available == "yes",
            note=note,
            agreement_date=agreement.isoformat() if agreement else None,
        )

    def worded(request: Request, exc: ApiError) -> str:
        """The refusal in the page's language when it has words here, else its message."""
        key = getattr(exc, "console_key", "")
        if key in i18n.CATALOGUE:
            return i18n.text(pages.lang_of(request), key, **getattr(exc, "console_values", {}))
        return exc.message

    def typed(form: dict[str, str]) -> dict[str, str]:
        return {k: v[:MAX_REASON] for k, v in form.items() if k != "csrf_token"}

    @app.get("/experts", response_class=HTMLResponse)
    def expert_list(request: Request, session: Staff) -> HTMLResponse:
        q = request.query_params
        lang = pages.lang_of(request)
        check = Checked({k: q.get(k, "") for k in q}, lang)
        specialty = check.choice("specialty", tuple(SPECIALTIES), required=False)
        kind = check.choice("kind", expert_db.KINDS, required=False)
        available = check.choice("available", AVAILABILITY, required=False)
        text = check.text("q", MAX_NAME, required=False)
        rows = []
        if check.ok:
            rows = expert_db.list_experts(
                ctx.engine, specialty=specialty, kind=kind, text=text, available=available
            )
        note = note_for(session, "list")
        return page(
            request,
            "experts.html",
            session,
            rows=rows,
            q=q,
            filter_errors=check.errors,
            errors=note.get("errors") or {},
            submitted=note.get("submitted") or {},
            failure=str(note.get("failure", "")),
        )

    @app.post("/experts")
    def add_expert(request: Request, posted: StaffPost) -> Response:
        session, form = posted
        check = Checked(form, pages.lang_of(request))
        data = read_entry(check, form)
        if not check.ok:
            return back(
                session, "list", "#add-expert-form", errors=check.errors, submitted=typed(form)
            )
        try:
            expert_id = expert_db.add_expert(ctx.engine, session.user, data)
        except ApiError as exc:
            return back(
                session,
                "list",
                "#add-expert-form",
                failure=worded(request, exc),
                submitted=typed(form),
            )
        return back(session, expert_id, saved="expert_added")

    @app.get("/experts/{expert_id}", response_class=HTMLResponse)
    def expert_page(request: Request, expert_id: str, session: Staff) -> HTMLResponse:
        entry = expert_db.get_expert(ctx.engine, expert_id)
        if entry is None:
            raise pages.ConsoleError(404, "not_found")
        note = note_for(session, expert_id)
        lang = pages.lang_of(request)
        saved = str(note.get("saved", ""))
        return page(
            request,
            "expert.html",
            session,
            e=entry,
            form_id=str(note.get("form", "")),
            errors=note.get("errors") or {},
            submitted=note.get("submitted") or {},
            failure=str(note.get("failure", "")),
            saved=i18n.text(lang, saved) if saved else "",
            max_mb=expert_db.MAX_AGREEMENT_BYTES // 1024 // 1024,
        )

    @app.post("/experts/{expert_id}")
    def edit_expert(request: Request, expert_id: str, posted: StaffPost) -> Response:
        session, form = posted
        check = Checked(form, pages.lang_of(request))
        data = read_entry(check, form)
        if not check.ok:
            return back(
                session,
                expert_id,
                "#edit-expert-form",
                form="edit",
                errors=check.errors,
                submitted=typed(form),
            )
        try:
            expert_db.edit_expert(ctx.engine, session.user, expert_id, data)
        except ApiError as exc:
            if exc.status == 404:
                raise pages.ConsoleError(404, "not_found") from None
            return back(
                session,
                expert_id,
                "#edit-expert-form",
                form="edit",
                failure=worded(request, exc),
                submitted=typed(form),
            )
        return back(session, expert_id, saved="action_done")

    @app.post("/experts/{expert_id}/conflicts")
    def add_conflict(request: Request, expert_id: str, posted: StaffPost) -> Response:
        session, form = posted
        lang = pages.lang_of(request)
        check = Checked(form, lang)
        company = check.text("company", MAX_NAME)
        reason = check.text("reason", MAX_REASON)
        declared = parse_date(form.get("declared_on", "").strip())
        if declared is None:
            check.errors["declared_on"] = i18n.text(
                lang, "field_invalid" if form.get("declared_on") else "field_required"
            )
        anchor = "#conflict-form"
        if not check.ok:
            return back(
                session,
                expert_id,
                anchor,
                form="conflict",
                errors=check.errors,
                submitted=typed(form),
            )
        try:
            expert_db.add_conflict(
                ctx.engine, session.user, expert_id, company, reason, declared.isoformat()
            )
        except ApiError as exc:
            if exc.status == 404:
                raise pages.ConsoleError(404, "not_found") from None
            return back(
                session,
                expert_id,
                anchor,
                form="conflict",
                failure=worded(request, exc),
                submitted=typed(form),
            )
        return back(session, expert_id, "#conflicts", saved="expert_conflict_added")

    @app.post("/experts/{expert_id}/conflicts/{conflict_id}/withdraw")
    def withdraw(request: Request, expert_id: str, conflict_id: str, posted: StaffPost) -> Response:
        session, _form = posted
        try:
            expert_db.withdraw_conflict(ctx.engine, session.user, expert_id, conflict_id)
        except ApiError as exc:
            if exc.status == 404:
                raise pages.ConsoleError(404, "not_found") from None
            return back(session, expert_id, "#conflicts", failure=worded(request, exc))
        return back(session, expert_id, "#conflicts", saved="expert_conflict_withdrawn")

    @app.post("/experts/{expert_id}/agreement")
    async def upload_agreement(request: Request, expert_id: str, session: Staff) -> Response:
        # multipart (a file): parsed here, not by pages.form_body; the body limit for this
        # path is limits.CONSOLE_UPLOAD_LIMITS.
        lang = pages.lang_of(request)
        try:
            form = await request.form(max_files=1, max_fields=5)
        except Exception:  # malformed multipart, or more parts than allowed
            raise pages.ConsoleError(400, "bad_form") from None
        token = form.get("csrf_token")
        if not accounts.csrf_ok(session.csrf_token, token if isinstance(token, str) else None):
            raise pages.ConsoleError(403, "csrf_text")
        upload = form.get("agreement_file")
        anchor = "#agreement-form"
        if upload is None or isinstance(upload, str):
            errors = {"agreement_file": i18n.text(lang, "field_required")}
            return back(session, expert_id, anchor, form="agreement", errors=errors)
        data = await upload.read(expert_db.MAX_AGREEMENT_BYTES + 1)
        try:
            expert_db.attach_agreement(
                ctx.engine, session.user, expert_id, upload.filename or "", data
            )
        except ApiError as exc:
            if exc.status == 404:
                raise pages.ConsoleError(404, "not_found") from None
            message = worded(request, exc)
            return back(
                session, expert_id, anchor, form="agreement", errors={"agreement_file": message}
            )
        return back(session, expert_id, anchor, saved="expert_agreement_saved")

    @app.get("/experts/{expert_id}/agreement")
    def agreement(expert_id: str, _session: Staff) -> Response:
        found = expert_db.agreement_file(ctx.engine, expert_id)
        if found is None:
            raise pages.ConsoleError(404, "not_found")
        name, media, data = found
        return Response(
            data,
            media_type=media,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                "Cache-Control": "private, no-store",
            },
        )
