"""The console's routes: sign-in, the review list, the defect log with its review actions,
photos and issued PDFs, and the user admin page. Mounted at /console by server/app.py.

Every page needs a live session (accounts.py) except the sign-in page; review pages need the
reviewer role, the admin page the admin role. Every POST carries the session's CSRF token in
a hidden field `csrf_token` (the sign-in form: a pre-session token in its own cookie) and is
answered 403 with a page saying why when it does not match. POSTs answer with a redirect
(303) on success, or the same page again with the message next to the refused field.
Writes into an inspection go through server/review.py (signed change entries).
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from inspector_app.domain.errors import InspectorError
from inspector_app.server import admin, db, issue, review
from inspector_app.server.auth import iso, utc_now
from inspector_app.server.console import accounts, flash, i18n, present, queries
from inspector_app.server.console.forms import (
    MAX_COMMENT,
    MAX_FACTS,
    MAX_NAME,
    MAX_REASON,
    Checked,
    MalformedForm,
    parse_date,
    parse_form,
)
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.server.limits import MAX_CONSOLE_FORM_BYTES, ConsoleBodyLimit

HERE = Path(__file__).parent
PREFIX = "/console"
SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login_csrf"  # double-submit token of the sign-in form
ENV_TRUSTED_PROXIES = "INSPECTOR_SERVER_TRUSTED_PROXIES"  # comma-separated IPs or networks
_ID = r"^[\x21-\x7e]{1,200}$"
_SHA = r"^[0-9a-f]{64}$"

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# A value of any JSON type as the page shows it (Chinese as written, not \u-escaped).
_env.filters["show"] = lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
# A stored UTC time as `2026-11-30 14:10` China time, the full value in its title.
_env.filters["when"] = present.time_tag
_env.filters["china"] = present.china_time


class ConsoleError(InspectorError):
    """Answered with the error page: `key` names the message in the catalogue (or `detail`)."""

    def __init__(self, status: int, key: str, detail: str = "", **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.detail, self.values = status, key, detail, values


class SignInRequired(Exception):
    pass


def lang_of(request: Request) -> str:
    return i18n.pick(request.query_params.get("lang") or request.cookies.get(i18n.COOKIE))


def render(
    request: Request,
    template: str,
    status: int = 200,
    session: accounts.Session | None = None,
    **values: Any,
) -> HTMLResponse:
    lang = lang_of(request)
    body = _env.get_template(template).render(
        request=request,
        lang=lang,
        t=lambda key, **v: i18n.text(lang, key, **v),
        label=lambda code: i18n.enum_label(lang, code),
        audit_what=lambda row: present.audit_what(lang, row),
        audit_value=lambda row, value: present.audit_value(lang, row, value),
        session=session,
        prefix=PREFIX,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        **values,
    )
    return HTMLResponse(body, status_code=status)


def _trusted_proxies() -> list[Any]:
    nets = []
    for part in os.environ.get(ENV_TRUSTED_PROXIES, "").split(","):
        if part.strip():
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return nets


def is_tls(request: Request) -> bool:
    """Came over TLS: to this server, or to a trusted reverse proxy that says so."""
    if request.url.scheme == "https":
        return True
    client = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    if any(address in net for net in _trusted_proxies()):
        return request.headers.get("x-forwarded-proto", "").lower() == "https"
    return False


def _set_cookie(request: Request, response: Response, name: str, value: str, **kw: Any) -> None:
    response.set_cookie(
        name,
        value,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=is_tls(request),
        **kw,
    )


# ---- dependencies ------------------------------------------------------------------------


async def form_body(request: Request) -> dict[str, str]:
    try:
        return parse_form(await request.body(), request.headers.get("content-type", ""))
    except MalformedForm as exc:
        raise ConsoleError(400, "bad_form", str(exc)) from None


Form = Annotated[dict[str, str], Depends(form_body)]


def current_session(request: Request) -> accounts.Session:
    ctx: ServerContext = request.app.state.ctx
    session = accounts.session_for(ctx.engine, request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise SignInRequired
    return session


def reviewer(session: Annotated[accounts.Session, Depends(current_session)]) -> accounts.Session:
    if session.role != "reviewer":
        raise ConsoleError(403, "forbidden")
    return session


def admin_user(session: Annotated[accounts.Session, Depends(current_session)]) -> accounts.Session:
    if session.role != "admin":
        raise ConsoleError(403, "forbidden")
    return session


def _csrf(session: accounts.Session, form: dict[str, str]) -> None:
    if not accounts.csrf_ok(session.csrf_token, form.get("csrf_token")):
        raise ConsoleError(403, "csrf_text")


def reviewer_post(
    form: Form, session: Annotated[accounts.Session, Depends(reviewer)]
) -> tuple[accounts.Session, dict[str, str]]:
    _csrf(session, form)
    return session, form


def admin_post(
    form: Form, session: Annotated[accounts.Session, Depends(admin_user)]
) -> tuple[accounts.Session, dict[str, str]]:
    _csrf(session, form)
    return session, form


Reviewer = Annotated[accounts.Session, Depends(reviewer)]
Admin = Annotated[accounts.Session, Depends(admin_user)]
ReviewerPost = Annotated[tuple[accounts.Session, dict[str, str]], Depends(reviewer_post)]
AdminPost = Annotated[tuple[accounts.Session, dict[str, str]], Depends(admin_post)]


def _safe_next(value: str | None) -> str:
    """Only a path inside the console (no scheme, no host, no `//`)."""
    if value and value.startswith(PREFIX + "/") and "//" not in value and "\\" not in value:
        return value
    return PREFIX + "/"


# ---- the application ---------------------------------------------------------------------


def create_console(ctx: ServerContext) -> FastAPI:
    """Sign-in, review and admin pages; console/__init__.py adds the other areas."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx

    def too_large(limit: int) -> HTMLResponse:
        return HTMLResponse(
            f"<!doctype html><meta charset=utf-8><title>413</title><h1>413</h1>"
            f"<p>{i18n.text('zh', 'too_large', limit=limit)}</p>"
            f"<p>{i18n.text('en', 'too_large', limit=limit)}</p>",
            status_code=413,
        )

    app.add_middleware(ConsoleBodyLimit, limit=MAX_CONSOLE_FORM_BYTES, refuse=too_large)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith(PREFIX + "/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _exc: SignInRequired) -> Response:
        if request.method != "GET":
            return render(request, "error.html", 401, title="401", message_key="session_expired")
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"{PREFIX}/login?next={target}", status_code=303)

    @app.exception_handler(ConsoleError)
    async def _console_error(request: Request, exc: ConsoleError) -> Response:
        title = "403" if exc.key == "csrf_text" else str(exc.status)
        if exc.key == "csrf_text":
            title = i18n.text(lang_of(request), "csrf_title")
        return render(
            request,
            "error.html",
            exc.status,
            title=title,
            message_key=exc.key,
            values=exc.values,
            detail=exc.detail,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        key = "not_found" if exc.status_code == 404 else "bad_form"
        return render(
            request,
            "error.html",
            exc.status_code,
            title=str(exc.status_code),
            message_key=key,
            detail="" if exc.status_code == 404 else str(exc.detail),
        )

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return render(request, "error.html", 404, title="404", message_key="not_found")

    _account_routes(app, ctx)
    _review_routes(app, ctx)
    _admin_routes(app, ctx)
    return app


# ---- sign-in -----------------------------------------------------------------------------


def _account_routes(app: FastAPI, ctx: ServerContext) -> None:
    @app.get("/", include_in_schema=False)
    def home(session: Annotated[accounts.Session, Depends(current_session)]) -> Response:
        target = "/admin/users" if session.role == "admin" else "/inspections"
        if session.role == "company":  # issue 15: a company's own area (console/company.py)
            target = "/company"
        return RedirectResponse(PREFIX + target, status_code=303)

    def login_page(
        request: Request,
        status: int = 200,
        message_key: str = "",
        name: str = "",
        errors: dict[str, str] | None = None,
    ) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "login.html",
            status,
            login_csrf=token,
            message_key=message_key,
            name=name,
            errors=errors or {},
            next=_safe_next(request.query_params.get("next")),
        )
        _set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600)
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return login_page(request)

    @app.post("/login")
    def login(request: Request, form: Form) -> Response:
        if not accounts.csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), form.get("csrf_token")):
            raise ConsoleError(403, "csrf_text")
        check = Checked(form, lang_of(request))
        name = check.text("name", MAX_NAME)
        password = form.get("password", "")
        if not password:
            check.errors["password"] = i18n.text(check.lang, "field_required")
        elif len(password) > admin.MAX_PASSWORD:
            check.errors["password"] = i18n.text(
                check.lang, "field_too_long", max=admin.MAX_PASSWORD, n=len(password)
            )
        if not check.ok:
            return login_page(request, 400, name=name[:MAX_NAME], errors=check.errors)
        outcome = accounts.sign_in(ctx.engine, name, password)
        if outcome.cookie is None:
            key = "no_access" if outcome.problem == "no_access" else "invalid_login"
            return login_page(request, 403 if key == "no_access" else 401, key, name)
        # A fresh session every time; whatever session cookie came with the request ends.
        old = request.cookies.get(SESSION_COOKIE)
        if old:
            accounts.end_session(ctx.engine, old)
        response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
        _set_cookie(request, response, SESSION_COOKIE, outcome.cookie)
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    @app.post("/logout")
    def logout(
        request: Request, form: Form, session: Annotated[accounts.Session, Depends(current_session)]
    ) -> Response:
        _csrf(session, form)
        accounts.end_session(ctx.engine, request.cookies.get(SESSION_COOKIE, ""))
        response = RedirectResponse(PREFIX + "/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    @app.get("/lang/{code}")
    def set_lang(request: Request, code: str) -> Response:
        response = RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
        _set_cookie(request, response, i18n.COOKIE, i18n.pick(code), max_age=365 * 86400)
        return response


# ---- review pages ------------------------------------------------------------------------


def _list_filter(request: Request) -> tuple[queries.ListFilter, dict[str, str]]:
    q = request.query_params
    lang = lang_of(request)
    check = Checked({k: q.get(k, "") for k in q}, lang)
    values = {
        name: check.text(name, queries.MAX_FILTER_TEXT, required=False)
        for name in ("company", "inspector", "clause", "text")
    }
    itype = check.choice("type", queries.INSPECTION_TYPES, required=False)
    status = check.choice("status", queries.STATUSES, required=False)
    grade = check.choice("grade", queries.SEVERITIES, required=False)
    date_field = check.choice("dates", ("planned", "actual"), required=False) or "planned"
    dates = {}
    for name in ("from", "to"):
        dates[name] = parse_date(q.get(name, ""))
        if q.get(name) and dates[name] is None:
            check.errors[name] = i18n.text(lang, "field_invalid")
    sort = check.choice("sort", tuple(queries.SORTS), required=False) or "planned"

    def number(name: str, default: int, high: int) -> int:
        raw = q.get(name, "")
        if raw.isdigit() and 1 <= int(raw) <= high:
            return int(raw)
        if raw:
            check.errors[name] = i18n.text(lang, "field_invalid")
        return default

    f = queries.ListFilter(
        **{k: v for k, v in values.items() if k != "text"},
        text=values["text"],
        inspection_type=itype if "type" not in check.errors else "",
        status=status if "status" not in check.errors else "",
        grade=grade if "grade" not in check.errors else "",
        date_field=date_field,
        date_from=dates["from"],
        date_to=dates["to"],
        sort=sort if "sort" not in check.errors else "planned",
        descending=q.get("dir", "desc") != "asc",
        page=number("page", 1, 10**6),
        page_size=number("size", queries.DEFAULT_PAGE_SIZE, queries.MAX_PAGE_SIZE),
    )
    return f, check.errors


def _adjusted(log: queries.DefectLog) -> dict[str, dict[str, Any]]:
    """The latest adjustment per defect: grade and wording (the original stays shown)."""
    out: dict[str, dict[str, Any]] = {}
    for rv in log.reviews:
        if rv.get("state") == "adjusted" and rv.get("defect_id"):
            current = out.setdefault(rv["defect_id"], {})
            if rv.get("adjusted_severity"):
                current["severity"] = rv["adjusted_severity"]
            if rv.get("adjusted_facts"):
                current["facts"] = rv["adjusted_facts"]
            current["reason"] = rv.get("reason", "")
            current["reviewer"] = rv.get("reviewer", "")
    return out


DEFECT_ACTIONS = ("comment", "return", "adjust", "accept")
INSPECTION_ACTIONS = ("comment", "return", "approve", "issue", "reissue")


def _review_routes(app: FastAPI, ctx: ServerContext) -> None:
    @app.get("/inspections", response_class=HTMLResponse)
    def inspection_list(request: Request, session: Reviewer) -> HTMLResponse:
        f, errors = _list_filter(request)
        page = queries.review_list(ctx.engine, f)
        params = {k: v for k, v in request.query_params.items() if k not in ("page", "lang")}

        def link(**changes: Any) -> str:
            merged = {**params, **{k: str(v) for k, v in changes.items()}}
            return f"{PREFIX}/inspections?{urlencode(merged)}"

        return render(
            request,
            "list.html",
            400 if errors else 200,
            session=session,
            page=page,
            f=f,
            q=request.query_params,
            errors=errors,
            link=link,
            queries=queries,
        )

    def log_page(request: Request, session: accounts.Session, inspection_id: str) -> HTMLResponse:
        log = queries.defect_log(ctx.engine, inspection_id)
        if log is None:
            raise ConsoleError(404, "not_found")
        items = {}
        if log.checklist is not None:
            items = {item.id: item for _, item in log.checklist.walk_items()}
        # The outcome of the action that redirected here, shown once beside its form.
        note = flash.take(ctx.engine, session.id_hash) or {}
        if note.get("inspection") != inspection_id:
            note = {}
        form_id = str(note.get("form", ""))
        errors = note.get("errors") or {}
        approval = next((r for r in log.reviews_of(None) if r.get("state") == "accepted"), None)
        return render(
            request,
            "log.html",
            session=session,
            log=log,
            items=items,
            adjusted=_adjusted(log),
            form_errors={form_id: errors} if errors else {},
            submitted=note.get("submitted") or {},
            note_form=form_id,
            note_defect=note.get("defect") or "",
            failure=str(note.get("failure", "")),
            saved=note.get("saved") is True,
            severities=queries.SEVERITIES,
            approval=approval,
            issued=bool(log.issued) or log.inspection.get("status") == "report_issued",
            templates=("full", "defect-list"),
        )

    @app.get("/inspections/{inspection_id}", response_class=HTMLResponse)
    def inspection_log(request: Request, inspection_id: str, session: Reviewer) -> HTMLResponse:
        return log_page(request, session, inspection_id)

    def act(
        request: Request,
        session: accounts.Session,
        form: dict[str, str],
        inspection_id: str,
        defect_id: str | None,
        action: str,
    ) -> Response:
        """Every outcome is a 303 to the defect log (POST → redirect → GET): a refresh of
        the page then never sends the form again. What to say travels in a one-time flash
        row, and the anchor lands on the form's defect or the inspection's actions."""
        lang = lang_of(request)
        check = Checked(form, lang)
        form_id = f"{action}-{defect_id or 'inspection'}"
        anchor = f"#defect-{defect_id}" if defect_id else "#inspection-actions"
        target = f"{PREFIX}/inspections/{quote(inspection_id)}{anchor}"

        def answer(**note: Any) -> Response:
            note.update(inspection=inspection_id, form=form_id, defect=defect_id or "")
            flash.put(ctx.engine, session.id_hash, note)
            return RedirectResponse(target, status_code=303)

        typed = {k: v for k, v in form.items() if k in ("text", "reason", "facts", "severity")}
        args: dict[str, Any] = {}
        if action == "comment":
            args["text"] = check.text("text", MAX_COMMENT)
        elif action == "return":
            args["request"] = check.text("text", MAX_COMMENT)
        elif action == "approve":
            args["comment"] = check.text("text", MAX_COMMENT, required=False)
        elif action == "adjust":
            severity = check.choice("severity", queries.SEVERITIES, required=False)
            facts = check.text("facts", MAX_FACTS, required=False)
            args["reason"] = check.text("reason", MAX_REASON)
            if not severity and not facts and "facts" not in check.errors:
                check.errors["severity"] = i18n.text(lang, "field_required")
            args["severity"], args["facts"] = severity or None, facts or None
        elif action == "issue":
            args["template"] = (
                check.choice("template", ("full", "defect-list"), required=False) or "full"
            )
        elif action == "reissue":
            args["reason"] = check.text("reason", MAX_REASON)
            args["template"] = (
                check.choice("template", ("full", "defect-list"), required=False) or "full"
            )
        if queries.defect_log(ctx.engine, inspection_id) is None:
            raise ConsoleError(404, "not_found")
        if not check.ok:
            # Beside each field, and once above the form naming the fields.
            fields = "、".join(i18n.text(lang, f"f_{name}") for name in check.errors)
            return answer(
                errors=check.errors,
                submitted=typed,
                failure=i18n.text(lang, "form_problems", fields=fields),
            )
        try:
            if action == "comment":
                review.comment(ctx, session.user, inspection_id, defect_id, args["text"])
            elif action == "return":
                review.return_for_correction(
                    ctx, session.user, inspection_id, defect_id, args["request"]
                )
            elif action == "adjust":
                review.adjust(
                    ctx,
                    session.user,
                    inspection_id,
                    defect_id,
                    severity=args["severity"],
                    facts=args["facts"],
                    reason=args["reason"],
                )
            elif action == "accept":
                review.accept(ctx, session.user, inspection_id, defect_id)
            elif action == "approve":
                review.approve(ctx, session.user, inspection_id, args["comment"])
            elif action == "issue":
                issue.issue_report(ctx, session.user, inspection_id, args["template"])
            elif action == "reissue":
                issue.reissue(ctx, session.user, inspection_id, args["reason"], args["template"])
        except ApiError as exc:
            return answer(submitted=typed, failure=refusal_text(lang, exc), code=exc.code)
        return answer(saved=True)

    @app.post("/inspections/{inspection_id}/defects/{defect_id}/{action}")
    def defect_action(
        request: Request, inspection_id: str, defect_id: str, action: str, posted: ReviewerPost
    ) -> Response:
        if action not in DEFECT_ACTIONS:
            raise ConsoleError(404, "not_found")
        session, form = posted
        return act(request, session, form, inspection_id, defect_id, action)

    @app.post("/inspections/{inspection_id}/{action}")
    def inspection_action(
        request: Request, inspection_id: str, action: str, posted: ReviewerPost
    ) -> Response:
        if action not in INSPECTION_ACTIONS:
            raise ConsoleError(404, "not_found")
        session, form = posted
        return act(request, session, form, inspection_id, None, action)

    def _referenced(sha256: str, inspection_id: str | None = None) -> bool:
        r = db.blob_refs.c
        query = select(r.inspection_id).where(r.sha256 == sha256)
        if inspection_id:
            query = query.where(r.inspection_id == inspection_id)
        with ctx.engine.connect() as conn:
            return conn.execute(query.limit(1)).first() is not None

    @app.get("/photos/{sha256}")
    def photo(sha256: str, _session: Reviewer) -> Response:
        if not queries_is_sha(sha256) or not _referenced(sha256):
            raise ConsoleError(404, "not_found")
        path = ctx.blob_path(sha256)
        if not path.is_file():
            raise ConsoleError(404, "not_found")
        with path.open("rb") as fh:
            head = fh.read(12)
        media = "application/octet-stream"
        if head.startswith(b"\xff\xd8"):
            media = "image/jpeg"
        elif head.startswith(b"\x89PNG"):
            media = "image/png"
        elif head[8:12] == b"WEBP":
            media = "image/webp"
        response = FileResponse(path, media_type=media)
        # Content-addressed: the bytes of a hash never change.
        response.headers["Cache-Control"] = "private, max-age=86400, immutable"
        return response

    @app.get("/inspections/{inspection_id}/reports/{sha256}.pdf")
    def issued_pdf(inspection_id: str, sha256: str, _session: Reviewer) -> Response:
        log = queries.defect_log(ctx.engine, inspection_id)
        if (
            not queries_is_sha(sha256)
            or log is None
            or not any(r.get("pdf_sha256") == sha256 for r in log.issued)
        ):
            raise ConsoleError(404, "not_found")
        path = ctx.blob_path(sha256)
        if not path.is_file():
            raise ConsoleError(404, "not_found")
        number = next(r.get("number", "") for r in log.issued if r.get("pdf_sha256") == sha256)
        return FileResponse(
            path, media_type="application/pdf", filename=f"{number or sha256[:12]}.pdf"
        )


def refusal_text(lang: str, exc: ApiError) -> str:
    """A refusal of review.py/issue.py in the page's language (by its code), else its message."""
    key = getattr(exc, "console_key", "") or exc.code
    values = dict(getattr(exc, "console_values", {}) or {})
    if "status" in values:
        values["status"] = i18n.enum_label(lang, values["status"])
    if "at" in values:
        values["at"] = present.china_time(values["at"])
    return i18n.refusal(lang, key, exc.message, values)


def queries_is_sha(value: str) -> bool:
    return len(value) == 64 and all(ch in "0123456789abcdef" for ch in value)


# ---- admin -------------------------------------------------------------------------------


def _admin_routes(app: FastAPI, ctx: ServerContext) -> None:
    def users_page(
        request: Request,
        session: accounts.Session,
        status: int = 200,
        errors: dict[str, str] | None = None,
        submitted: dict[str, str] | None = None,
        notice: str = "",
        one_time: tuple[str, str] | None = None,
        failure: str = "",
    ) -> HTMLResponse:
        return render(
            request,
            "users.html",
            status,
            session=session,
            accounts_list=admin.list_accounts(ctx.engine),
            errors=errors or {},
            submitted=submitted or {},
            notice=notice,
            one_time=one_time,
            failure=failure,
            now=iso(utc_now()),
            roles=("reviewer", "admin", "inspector"),
            role_label=lambda r: i18n.role_label(lang_of(request), r),
        )

    def back(session: accounts.Session, anchor: str = "", **note: Any) -> Response:
        """POST → redirect → GET: the outcome travels in the session's one-time flash row
        (a refresh neither adds a user twice nor resets a password again)."""
        flash.put(ctx.engine, session.id_hash, {"page": "users", **note})
        return RedirectResponse(f"{PREFIX}/admin/users{anchor}", status_code=303)

    @app.get("/admin/users", response_class=HTMLResponse)
    def users(request: Request, session: Admin) -> HTMLResponse:
        note = flash.take(ctx.engine, session.id_hash) or {}
        if note.get("page") != "users":
            note = {}
        lang = lang_of(request)
        notice = str(note.get("notice", ""))
        who = str(note.get("user", ""))[:MAX_NAME]
        text = (
            i18n.text(lang, notice, user=who)
            if notice in ("user_added", "user_disabled", "user_enabled")
            else ""
        )
        one_time = note.get("one_time")
        return users_page(
            request,
            session,
            400 if note.get("errors") else 200,
            note.get("errors") or {},
            note.get("submitted") or {},
            notice=text,
            one_time=(who, str(one_time)) if one_time else None,
            failure=i18n.text(lang, str(note["failure"])) if note.get("failure") else "",
        )

    @app.post("/admin/users")
    def add_user(request: Request, posted: AdminPost) -> Response:
        session, form = posted
        lang = lang_of(request)
        check = Checked(form, lang)
        name = check.text("name", MAX_NAME)
        if name and "name" not in check.errors and ("/" in name or len(name) > 100):
            check.errors["name"] = i18n.text(lang, "field_invalid")
        display = check.text("display_name", MAX_NAME, required=False)
        role = check.choice("role", ("reviewer", "admin", "inspector"))
        teams_text = check.text("teams", 1000, required=False)
        teams = [t.strip() for t in teams_text.split(",") if t.strip()]
        password = form.get("password", "")
        if password:
            check.password("password")
        typed = {k: v for k, v in form.items() if k in ("name", "display_name", "role", "teams")}
        if not check.ok:
            return back(session, "#add-user-form", errors=check.errors, submitted=typed)
        try:
            admin.add_user(ctx.engine, name, role, teams, display_name=display)
            if password:
                admin.set_password(ctx.engine, name, password)
        except ApiError as exc:
            return back(session, "#add-user-form", errors={"name": exc.message}, submitted=typed)
        return back(session, notice="user_added", user=name)

    @app.post("/admin/users/{name}/{action}")
    def user_action(request: Request, name: str, action: str, posted: AdminPost) -> Response:
        session, _form = posted
        if action not in ("disable", "enable", "reset"):
            raise ConsoleError(404, "not_found")
        if action == "disable" and name == session.user:
            # The last admin disabling themselves would leave nobody to undo it.
            return back(session, failure="own_account")
        try:
            if action == "reset":
                one_time = secrets.token_urlsafe(12)  # 16 characters
                admin.set_password(ctx.engine, name, one_time)
                # Shown once: the flash row is deleted by the GET that shows it (never in a
                # URL or a log).
                return back(session, one_time=one_time, user=name)
            admin.set_disabled(ctx.engine, name, action == "disable")
        except ApiError as exc:
            if exc.status == 404:
                raise ConsoleError(404, "not_found") from None
            raise ConsoleError(exc.status, "bad_form", exc.message) from None
        return back(
            session, notice="user_disabled" if action == "disable" else "user_enabled", user=name
        )
