"""Service requests and their completion deadlines (办结时限), issue 14: the request list with
due dates, days left, overdue and due soon; the request form; a request's page with its
actions (accept, stop and resume the clock, link synced inspections) and history; the service
catalogue with its versions. Reviewers and admins (the center's staff) use them.

Writes are server/service.py (one transaction each, with its event row naming who); every
POST checks the CSRF token and answers 303 (POST → redirect → GET), the outcome travelling
in the session's one-time flash row; a refusal says what and where and changes nothing.
"""

# No `from __future__ import annotations`: the route signatures use dependencies defined
# inside add_routes, which FastAPI could not resolve from strings.
import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import MAX_ADDRESS, MAX_DOCUMENT_NO
from inspector_app.domain.workdays import WorkCalendar
from inspector_app.server import service
from inspector_app.server.console import accounts, flash, i18n
from inspector_app.server.console.forms import MAX_NAME, MAX_REASON, Checked, parse_date
from inspector_app.server.context import ServerContext

PAGE = "requests"
ACTIONS = ("accept", "stop", "resume", "link", "unlink", "create")
MEMBER_ROWS = 6  # team member rows of the create form (a form has at most 50 fields)


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

    def note_for(session: accounts.Session, target: str) -> dict[str, Any]:
        note = flash.take(ctx.engine, session.id_hash) or {}
        return note if note.get("page") == PAGE and note.get("target") == target else {}

    def back(session: accounts.Session, path: str, target: str, **note: Any) -> Response:
        flash.put(ctx.engine, session.id_hash, {"page": PAGE, "target": target, **note})
        return RedirectResponse(f"{pages.PREFIX}{path}", status_code=303)

    def refusal(lang: str, exc: service.RequestRefused) -> str:
        key = f"rq_r_{exc.key}"
        if key in i18n.CATALOGUE:
            try:
                return i18n.text(lang, key, **exc.values)
            except (KeyError, IndexError):
                pass
        return exc.message

    def calendar() -> tuple[WorkCalendar | None, str]:
        try:
            return service.work_calendar(), ""
        except DomainError as exc:
            return None, str(exc)

    def page(request: Request, template: str, session: accounts.Session, **values: Any):
        lang = pages.lang_of(request)
        return pages.render(
            request,
            template,
            values.pop("status", 200),
            session=session,
            state_label=lambda s: i18n.text(lang, f"rq_state_{s}"),
            event_text=lambda e: _event_text(lang, e),
            **values,
        )

    def typed(form: dict[str, str]) -> dict[str, str]:
        return {k: v[:MAX_REASON] for k, v in form.items() if k != "csrf_token"}

    def date_field(check: Checked, name: str, *, required: bool) -> dt.date | None:
        text = check.form.get(name, "").strip()
        value = parse_date(text)
        if text and value is None:
            check.errors[name] = i18n.text(check.lang, "field_invalid")
        elif required and not text:
            check.errors[name] = i18n.text(check.lang, "field_required")
        return value

    # ---- the list ----------------------------------------------------------------------

    @app.get("/requests", response_class=HTMLResponse)
    def request_list(request: Request, session: Staff) -> HTMLResponse:
        q = request.query_params
        lang = pages.lang_of(request)
        check = Checked({k: q.get(k, "") for k in q}, lang)
        items = service.catalogue(ctx.engine)
        company = check.text("company", MAX_NAME, required=False)
        item = check.choice("item", tuple(i.code for i in items), required=False)
        state = check.choice("state", service.STATES, required=False)
        start = date_field(check, "from", required=False)
        end = date_field(check, "to", required=False)
        cal, broken = calendar()
        today = service.china_today()
        rows: list[service.Request] = []
        if check.ok:
            rows = service.list_requests(
                ctx.engine,
                service.RequestFilter(company, item, state, start, end),
                cal,
                today,
            )
        return page(
            request,
            "requests.html",
            session,
            status=400 if check.errors else 200,
            rows=rows,
            items=items,
            states=service.STATES,
            q=q,
            errors=check.errors,
            today=today,
            calendar_note=_calendar_note(lang, rows, cal, broken),
        )

    # ---- a new request -----------------------------------------------------------------

    @app.get("/requests/new", response_class=HTMLResponse)
    def request_form(request: Request, session: Staff) -> HTMLResponse:
        note = note_for(session, "new")
        submitted = note.get("submitted") or {"received_on": service.china_today().isoformat()}
        return page(
            request,
            "request_new.html",
            session,
            status=400 if note.get("errors") or note.get("failure") else 200,
            items=service.catalogue(ctx.engine, with_retired=False),
            errors=note.get("errors") or {},
            submitted=submitted,
            failure=str(note.get("failure", "")),
        )

    @app.post("/requests")
    def create(request: Request, posted: StaffPost) -> Response:
        session, form = posted
        lang = pages.lang_of(request)
        check = Checked(form, lang)
        company = check.text("company", MAX_NAME)
        item = check.text("item", MAX_NAME)
        products = check.text("products", service.MAX_PRODUCTS, required=False)
        note = check.text("note", service.MAX_NOTE, required=False)
        received = date_field(check, "received_on", required=True)
        start = date_field(check, "requested_start", required=False)
        end = date_field(check, "requested_end", required=False)
        if not check.ok:
            fields = "、".join(i18n.text(lang, _FIELD_WORDS.get(n, n)) for n in check.errors)
            return back(
                session,
                "/requests/new#request-form",
                "new",
                errors=check.errors,
                submitted=typed(form),
                failure=i18n.text(lang, "form_problems", fields=fields),
            )
        assert received is not None
        try:
            rid = service.create_request(
                ctx.engine,
                session.user,
                company=company,
                item_code=item,
                products=products,
                received_on=received,
                requested_start=start,
                requested_end=end,
                note=note,
            )
        except service.RequestRefused as exc:
            return back(
                session,
                "/requests/new#request-form",
                "new",
                submitted=typed(form),
                failure=refusal(lang, exc),
            )
        return back(session, f"/requests/{quote(rid)}", rid, saved=True)

    # ---- the catalogue -----------------------------------------------------------------

    @app.get("/requests/catalogue", response_class=HTMLResponse)
    def catalogue_page(request: Request, session: Staff) -> HTMLResponse:
        note = note_for(session, "catalogue")
        items = service.catalogue(ctx.engine)
        return page(
            request,
            "request_catalogue.html",
            session,
            status=400 if note.get("errors") or note.get("failure") else 200,
            items=items,
            history={i.code: service.item_history(ctx.engine, i.code) for i in items},
            templates=service.TEMPLATES,
            errors=note.get("errors") or {},
            submitted=note.get("submitted") or {},
            form_id=str(note.get("form", "")),
            failure=str(note.get("failure", "")),
            saved=note.get("saved") is True,
        )

    def save_item(request: Request, session: accounts.Session, form: dict[str, str], code: str):
        lang = pages.lang_of(request)
        check = Checked(form, lang)
        new = not code
        form_id = "item-new" if new else f"item-{code}"
        if new:
            code = check.text("code", 64)
            if code and "code" not in check.errors and not _is_code(code):
                check.errors["code"] = i18n.text(lang, "field_invalid")
        name = check.text("name", MAX_NAME)
        reason = check.text("reason", MAX_REASON, required=not new)
        template = check.choice("report_template", service.TEMPLATES)
        numbers = {}
        for name_ in ("limit_days", "position"):
            raw = form.get(name_, "").strip()
            if not raw.isdigit() or len(raw) > 6:
                check.errors[name_] = i18n.text(lang, "field_invalid" if raw else "field_required")
            else:
                numbers[name_] = int(raw)
        if not check.ok:
            return back(
                session,
                f"/requests/catalogue#{form_id}",
                "catalogue",
                form=form_id,
                errors=check.errors,
                submitted=typed(form),
            )
        try:
            service.save_item(
                ctx.engine,
                session.user,
                code,
                name=name,
                pre_inspection=form.get("pre_inspection") == "on",
                position=numbers["position"],
                limit_days=numbers["limit_days"],
                report_template=template,
                retired=form.get("retired") == "on",
                reason=reason,
                new=new,
            )
        except service.RequestRefused as exc:
            return back(
                session,
                f"/requests/catalogue#{form_id}",
                "catalogue",
                form=form_id,
                submitted=typed(form),
                failure=refusal(lang, exc),
            )
        return back(session, f"/requests/catalogue#row-{code}", "catalogue", saved=True)

    @app.post("/requests/catalogue")
    def add_item(request: Request, posted: StaffPost) -> Response:
        session, form = posted
        return save_item(request, session, form, "")

    @app.post("/requests/catalogue/{code}")
    def change_item(request: Request, code: str, posted: StaffPost) -> Response:
        session, form = posted
        if not any(i.code == code for i in service.catalogue(ctx.engine)):
            raise pages.ConsoleError(404, "not_found")
        return save_item(request, session, form, code)

    # ---- one request -------------------------------------------------------------------

    @app.get("/requests/{request_id}", response_class=HTMLResponse)
    def request_page(request: Request, request_id: str, session: Staff) -> HTMLResponse:
        lang = pages.lang_of(request)
        cal, broken = calendar()
        today = service.china_today()
        got = service.get_request(ctx.engine, request_id, cal, today)
        if got is None:
            raise pages.ConsoleError(404, "not_found")
        note = note_for(session, request_id)
        return page(
            request,
            "request.html",
            session,
            status=400 if note.get("errors") or note.get("failure") else 200,
            r=got,
            today=today,
            candidates=service.unlinked_inspections(ctx.engine, got.company),
            create=_create_choices(ctx, got) if got.accepted_on else None,
            calendar_note=_calendar_note(lang, [got], cal, broken),
            errors=note.get("errors") or {},
            submitted=note.get("submitted") or {},
            form_id=str(note.get("form", "")),
            failure=str(note.get("failure", "")),
            saved=note.get("saved") is True,
        )

    @app.post("/requests/{request_id}/{action}")
    def request_action(
        request: Request, request_id: str, action: str, posted: StaffPost
    ) -> Response:
        if action not in ACTIONS:
            raise pages.ConsoleError(404, "not_found")
        session, form = posted
        lang = pages.lang_of(request)
        check = Checked(form, lang)
        form_id = f"{action}-form"
        path = f"/requests/{quote(request_id)}#{form_id}"
        if action == "create":
            return create_inspection(request_id, session, check, path)
        on = None
        reason = inspection = ""
        if action in ("accept", "stop", "resume"):
            on = date_field(check, "on", required=True)
        if action == "stop":
            reason = check.text("reason", MAX_REASON)
        if action in ("link", "unlink"):
            inspection = check.text("inspection", MAX_NAME)
        if not check.ok:
            return back(
                session, path, request_id, form=form_id, errors=check.errors, submitted=typed(form)
            )
        try:
            if action == "accept":
                assert on is not None
                service.accept(ctx.engine, session.user, request_id, on)
            elif action == "stop":
                assert on is not None
                service.stop_clock(ctx.engine, session.user, request_id, on, reason)
            elif action == "resume":
                assert on is not None
                service.resume_clock(ctx.engine, session.user, request_id, on)
            elif action == "link":
                service.link(ctx.engine, session.user, request_id, inspection)
            else:
                service.unlink(ctx.engine, session.user, request_id, inspection)
        except service.RequestRefused as exc:
            if exc.key == "request_unknown":
                raise pages.ConsoleError(404, "not_found") from None
            return back(
                session,
                path,
                request_id,
                form=form_id,
                submitted=typed(form),
                failure=refusal(lang, exc),
            )
        return back(session, f"/requests/{quote(request_id)}#deadline", request_id, saved=True)

    def create_inspection(
        request_id: str, session: accounts.Session, check: Checked, path: str
    ) -> Response:
        """The create-from-request form (D32): checked here for shape, by
        server/request_inspection.py for meaning; a refusal keeps what was typed."""
        from inspector_app.server import request_inspection as ri

        form, lang = check.form, check.lang
        team = check.text("team", MAX_NAME)
        kind = check.text("inspection_type", MAX_NAME)
        checklist = check.text("checklist_id", MAX_NAME)
        document_no = check.text("document_no", MAX_DOCUMENT_NO, required=False)
        site = check.text("site_address", MAX_ADDRESS, required=False)
        start = date_field(check, "planned_start", required=False)
        end = date_field(check, "planned_end", required=False)
        tags = tuple(sorted(k[4:] for k, v in form.items() if k.startswith("tag:") and v == "on"))
        members = []
        for n in range(1, MEMBER_ROWS + 1):
            expert = check.text(f"m{n}_expert", MAX_NAME, required=False)
            name = check.text(f"m{n}_name", MAX_NAME, required=False)
            role = check.text(f"m{n}_role", 20, required=False) or "member"
            if expert or name:  # an empty row is no member
                members.append(ri.MemberChoice(role=role, expert_id=expert, name=name))
        if not check.ok:
            fields = "、".join(i18n.text(lang, _FIELD_WORDS.get(n, n)) for n in check.errors)
            return back(
                session,
                path,
                request_id,
                form="create-form",
                errors=check.errors,
                submitted=typed(form),
                failure=i18n.text(lang, "form_problems", fields=fields),
            )
        try:
            inspection_id = ri.create_inspection(
                ctx,
                session.user,
                request_id,
                ri.NewInspection(
                    team=team,
                    inspection_type=kind,
                    checklist_id=checklist,
                    planned_start=start,
                    planned_end=end,
                    document_no=document_no,
                    scope_tags=tags,
                    site_address=site,
                    members=tuple(members),
                ),
            )
        except service.RequestRefused as exc:
            if exc.key == "request_unknown":
                raise pages.ConsoleError(404, "not_found") from None
            return back(
                session,
                path,
                request_id,
                form="create-form",
                submitted=typed(form),
                failure=refusal(lang, exc),
            )
        return back(
            session,
            f"/requests/{quote(request_id)}#linked-{inspection_id}",
            request_id,
            saved=True,
        )


def _create_choices(ctx: ServerContext, got: service.Request) -> dict[str, Any]:
    """What the create-inspection form offers: the server's teams, the checklists it holds
    (latest versions), the available pool (the server refuses one outside the chosen team's
    pool or in conflict with the company)."""
    from inspector_app.domain.experts import conflict_reason
    from inspector_app.domain.vocabulary import InspectionType, TeamRole
    from inspector_app.server import expert_db
    from inspector_app.server import request_inspection as ri
    from inspector_app.server.auth import Principal

    pool = expert_db.pool_for(ctx.engine, Principal("", "", "reviewer", ()))
    return {
        "teams": ri.server_teams(ctx.engine),
        "types": [t.value for t in InspectionType],
        "checklists": ri.held_checklists(ctx.engine),
        "roles": [r.value for r in TeamRole],
        "rows": range(1, MEMBER_ROWS + 1),
        "pool": [(e, conflict_reason(e, got.company)) for e in pool],
    }


_FIELD_WORDS = {
    "team": "rq_team",
    "inspection_type": "rq_inspection_type",
    "checklist_id": "rq_checklist",
    "document_no": "rq_document_no",
    "site_address": "rq_site_address",
    "planned_start": "rq_planned_start",
    "planned_end": "rq_planned_end",
    "company": "rq_company",
    "item": "rq_item",
    "products": "rq_products",
    "note": "rq_note",
    "received_on": "rq_received",
    "requested_start": "rq_requested_start",
    "requested_end": "rq_requested_end",
}


def _is_code(code: str) -> bool:
    return code.isascii() and all(ch.isalnum() or ch in "-_" for ch in code)


def _event_text(lang: str, event: dict[str, Any]) -> str:
    detail = {k: v for k, v in (event.get("detail") or {}).items()}
    key = f"rq_ev_{event.get('what')}"
    try:
        return i18n.text(lang, key, **detail)
    except (KeyError, IndexError):
        return f"{event.get('what')} {detail}"


def _calendar_note(lang: str, rows: list[Any], cal: WorkCalendar | None, broken: str) -> str:
    """One line above the page when deadlines could not be computed, saying what to do."""
    if broken:
        return i18n.text(lang, "rq_calendar_broken", detail=broken)
    unknown = [r for r in rows if r.problem]
    if not unknown or cal is None:
        return ""
    return i18n.text(
        lang,
        "rq_calendar_problem",
        n=len(unknown),
        last=cal.last_year,
        file=str(service.overrides_path()),
    )
