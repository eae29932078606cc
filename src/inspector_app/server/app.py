"""The FastAPI application: `create_app(settings)`. Endpoints: docs/sync-protocol.md.

Every request under /api/v1 must carry the protocol and schema headers (an old or unknown
client gets 426 "upgrade required" before anything else is looked at) and, except for
/enroll, a device token, checked before the body is read; bodies are read against a size
limit per endpoint (413; server/limits.py). Every non-2xx answer is an `ErrorBody`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from inspector_app import __version__
from inspector_app.server import admin, auth, changelog, uploads
from inspector_app.server.auth import Principal
from inspector_app.server.context import ServerContext, open_context
from inspector_app.server.errors import ApiError, forbidden, not_found
from inspector_app.server.limits import PRINCIPAL_KEY, LimitsGate
from inspector_app.server.schemas import (
    ChecklistOut,
    ChecklistUpload,
    DeviceOut,
    EnrollCodeOut,
    EnrollCodeRequest,
    UserCreate,
    UserOut,
)
from inspector_app.server.settings import ServerSettings
from inspector_app.sync.deadlines import DeadlinesResponse
from inspector_app.sync.experts import ExpertPoolResponse, PoolEntry
from inspector_app.sync.protocol import (
    CHUNK_SIZE,
    HEADER_PROTOCOL,
    HEADER_SCHEMA,
    MAX_PULL_PAGE,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    KeysResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    UploadStart,
    UploadState,
)

API_PREFIX = "/api/v1"
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422, 426)
}
_STATUS_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
}


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = ErrorBody(code=code, message=message, **extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status, headers=headers)


class VersionGate:
    """426 for a request under /api/v1 without a protocol we still speak (ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX + "/"):
            headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
            problem = _version_problem(
                headers.get(HEADER_PROTOCOL.lower()), headers.get(HEADER_SCHEMA.lower())
            )
            if problem is not None:
                await _error(*problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _version_problem(protocol: bytes | None, schema: bytes | None) -> tuple[int, str, str] | None:
    try:
        version = int(protocol.decode("ascii")) if protocol else None
    except (UnicodeDecodeError, ValueError):
        version = None
    if version is None or version < MIN_PROTOCOL_VERSION:
        return (
            426,
            "upgrade_required",
            f"this server speaks sync protocol {MIN_PROTOCOL_VERSION}–{PROTOCOL_VERSION}; "
            "please install the current inspector-app",
        )
    if version > PROTOCOL_VERSION:
        return (
            400,
            "server_outdated",
            f"the app speaks protocol {version}, this server only up to {PROTOCOL_VERSION}; "
            "ask the center to update the server",
        )
    if not schema or not schema.strip():
        return (
            426,
            "upgrade_required",
            f"the {HEADER_SCHEMA} header is missing; please install the current inspector-app",
        )
    return None


def create_app(
    settings: ServerSettings | None = None, context: ServerContext | None = None
) -> FastAPI:
    ctx = context or open_context(settings or ServerSettings.resolve())
    app = FastAPI(
        title="inspector_app sync server",
        version=__version__,
        description=(
            f"Sync protocol {PROTOCOL_VERSION} (docs/sync-protocol.md). Every request under "
            f"{API_PREFIX} carries `{HEADER_PROTOCOL}` and `{HEADER_SCHEMA}` headers and, except "
            "/enroll, `Authorization: Bearer <device token>`."
        ),
    )
    app.state.ctx = ctx
    # Added first, so it runs inside VersionGate: 426, then 401, then 413, then the endpoint.
    app.add_middleware(LimitsGate, ctx=ctx, prefix=API_PREFIX, error=_error)
    app.add_middleware(VersionGate)
    _install_error_handlers(app)
    app.include_router(_router(ctx))
    # The review console for people (issue 11): its own pages, errors and body limit.
    from inspector_app.server.console import create_console

    app.mount("/console", create_console(ctx))
    # The first issued report would load ReportLab and the CJK font (~0.65 s) while the
    # reviewer waits: load them now, in the background (start-up does not wait).
    from inspector_app.server import issue

    issue.start_warm_up()

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "server_id": ctx.server_id}

    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> JSONResponse:
        # Logged by uvicorn; the client retries (a failed push applied nothing).
        return _error(500, "internal", f"internal error ({type(exc).__name__}); try again")

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:10]:
            where = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(422, "invalid", "; ".join(parts) or "invalid request")


_bearer = HTTPBearer(auto_error=False, description="the device token from /enroll")


def _principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    checked = getattr(request.state, PRINCIPAL_KEY, None)
    if checked is not None:  # LimitsGate checked the token before the body was read
        return checked
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "unauthorized", "a device token is required (enrol first)")
    ctx: ServerContext = request.app.state.ctx
    with ctx.engine.connect() as conn:
        found = auth.authenticate(conn, credentials.credentials)
        if found is None:
            raise auth.refusal(conn, credentials.credentials)  # device_revoked or unknown
    return found


def _admin(who: Annotated[Principal, Depends(_principal)]) -> Principal:
    if who.role != "admin":
        raise forbidden("this needs an admin account")
    return who


User = Annotated[Principal, Depends(_principal)]
Admin = Annotated[Principal, Depends(_admin)]
Sha = Annotated[str, Path(pattern=uploads.SHA256_PATTERN)]
UploadId = Annotated[str, Path(pattern=uploads.UPLOAD_ID_PATTERN)]
DeviceId = Annotated[str, Path(pattern=r"^[\x21-\x7e]{1,200}$")]


def _router(ctx: ServerContext) -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=_ERRORS)

    # ---- enrolment and sync ------------------------------------------------------------

    @router.post("/enroll", response_model=EnrollResponse)
    def enroll(body: EnrollRequest) -> EnrollResponse:
        if not changelog.is_id(body.device_id) or len(body.device_name) > 200:
            raise ApiError(422, "invalid", "device_id: 1-200 printable ASCII characters")
        if "\x00" in body.code or "\x00" in body.device_name:
            raise ApiError(422, "invalid", "control characters are not allowed")
        token, who = auth.enroll(
            ctx.engine, body.code, body.device_id, body.device_name, body.public_key
        )
        return EnrollResponse(
            token=token,
            user=who.user,
            role=who.role,  # type: ignore[arg-type]
            teams=list(who.teams),
            server_id=ctx.server_id,
        )

    @router.post("/push", response_model=PushResponse)
    def push(body: PushRequest, who: User) -> PushResponse:
        if body.device_id != who.device_id:
            raise forbidden("the token belongs to another device than device_id")
        results = changelog.push(ctx, who, body.changes)
        return PushResponse(results=results, server_time_ms=time.time_ns() // 1_000_000)

    @router.get("/keys", response_model=KeysResponse)
    def keys(who: User) -> KeysResponse:
        return auth.device_keys(ctx.engine, who)

    @router.get("/experts", response_model=ExpertPoolResponse)
    def experts(who: User) -> ExpertPoolResponse:
        # The pool the caller's teams may use (issue 14; server/expert_db.py pool_for).
        from inspector_app.server import expert_db

        pool = [PoolEntry.of(e) for e in expert_db.pool_for(ctx.engine, who)]
        return ExpertPoolResponse(experts=pool, generated_at=datetime.now(UTC))

    @router.get("/deadlines", response_model=DeadlinesResponse)
    def deadlines(who: User) -> DeadlinesResponse:
        # The 办结期限 of the caller's teams' inspections (issue 14, D32; server/service.py).
        from inspector_app.domain.errors import DomainError
        from inspector_app.server import service

        try:
            calendar = service.work_calendar()
        except DomainError:
            calendar = None  # a broken override file: states say "unknown", not a 500
        teams = None if who.role == "reviewer" else who.teams
        today = service.china_today()
        rows = service.deadlines_for(ctx.engine, teams, calendar, today)
        return DeadlinesResponse.model_validate(
            {"deadlines": rows, "as_of": today, "generated_at": datetime.now(UTC)}
        )

    from inspector_app.sync.rectification import RectificationResponse

    @router.get("/inspections/{inspection_id}/rectification", response_model=RectificationResponse)
    def rectification(
        inspection_id: Annotated[str, Path(pattern=r"^[\x21-\x7e]{1,200}$")], who: User
    ) -> RectificationResponse:
        # The company's answers per defect as issued (issue 15; server/rectification.py): the
        # inspection's team or a reviewer/admin; 404 alike for others and for no issued report.
        from inspector_app.server import rectification as rect

        found = rect.snapshot(ctx.engine, None, who, inspection_id)
        if found is None:
            raise not_found("no issued report of an inspection you may see with this id")
        return found

    @router.get("/pull", response_model=PullResponse)
    def pull(
        who: User,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_PAGE)] = MAX_PULL_PAGE,
    ) -> PullResponse:
        return changelog.pull(ctx, who, since, limit)

    # ---- blobs -------------------------------------------------------------------------

    # HEAD answers exactly as GET would: 404 both for a blob the server lacks and for one
    # this device may not fetch, so HEAD tells nobody which hashes the server holds.
    def _fetchable(who: Principal, sha256: str) -> int:
        size = uploads.has_blob(ctx, sha256)
        if size is None or not uploads.may_download(ctx, who, sha256):
            raise not_found(
                "no blob with this hash that a record you may see references (or not yet "
                "uploaded by its team)"
            )
        return size

    @router.head("/blobs/{sha256}", responses={200: {"description": "you may fetch it"}})
    def head_blob(sha256: Sha, who: User) -> Response:
        size = _fetchable(who, sha256)
        return Response(status_code=200, headers={"Content-Length": str(size)})

    @router.get(
        "/blobs/{sha256}",
        response_class=FileResponse,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    def get_blob(sha256: Sha, who: User) -> FileResponse:
        _fetchable(who, sha256)
        return FileResponse(ctx.blob_path(sha256), media_type="application/octet-stream")

    @router.post("/uploads", response_model=UploadState)
    def start_upload(body: UploadStart, who: User) -> UploadState:
        if not uploads.is_sha256(body.sha256):
            raise ApiError(422, "invalid", "sha256: 64 lowercase hex digits")
        return uploads.start_upload(ctx, who, body.sha256, body.size)

    @router.get("/uploads/{upload_id}", response_model=UploadState)
    def get_upload(upload_id: UploadId, _who: User) -> UploadState:
        return uploads.get_upload(ctx, upload_id)

    @router.put(
        "/uploads/{upload_id}",
        response_model=UploadState,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def put_chunk(
        request: Request,
        upload_id: UploadId,
        who: User,
        offset: Annotated[int, Query(ge=0, le=2**62)],
    ) -> UploadState:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > CHUNK_SIZE:
            raise ApiError(413, "too_large", f"a chunk may be at most {CHUNK_SIZE} bytes")
        data = bytearray()
        try:
            async for piece in request.stream():
                data.extend(piece)
                ctx.counters.add_upload_bytes(len(piece))  # every byte that arrived, kept or not
                if len(data) > CHUNK_SIZE:
                    raise ApiError(413, "too_large", f"a chunk may be at most {CHUNK_SIZE} bytes")
        except ClientDisconnect:
            # A cut connection: the partial chunk is dropped; the laptop resumes from offset.
            raise ApiError(400, "incomplete", "the connection closed mid-chunk") from None
        return await run_in_threadpool(uploads.put_chunk, ctx, who, upload_id, offset, bytes(data))

    # ---- admin -------------------------------------------------------------------------

    @router.get("/admin/users", response_model=list[UserOut])
    def list_users(_who: Admin) -> list[UserOut]:
        return [
            UserOut(name=u.name, role=u.role, teams=list(u.teams))
            for u in admin.list_users(ctx.engine)
        ]

    @router.post("/admin/users", response_model=UserOut)
    def add_user(body: UserCreate, _who: Admin) -> UserOut:
        user = admin.add_user(ctx.engine, body.name, body.role, body.teams)
        return UserOut(name=user.name, role=user.role, teams=list(user.teams))

    @router.post("/admin/enroll-codes", response_model=EnrollCodeOut)
    def enroll_code(body: EnrollCodeRequest, _who: Admin) -> EnrollCodeOut:
        code, expires = auth.make_enroll_code(ctx.engine, body.user, body.hours)
        return EnrollCodeOut(code=code, user=body.user, expires_at=auth.iso(expires))

    @router.get("/admin/devices", response_model=list[DeviceOut])
    def list_devices(_who: Admin) -> list[DeviceOut]:
        return [DeviceOut(**vars(d)) for d in admin.list_devices(ctx.engine)]

    @router.post("/admin/devices/{device_id}/revoke", response_model=DeviceOut)
    def revoke_device(device_id: DeviceId, _who: Admin) -> DeviceOut:
        return DeviceOut(**vars(admin.revoke_device(ctx.engine, device_id)))

    @router.get("/admin/checklists", response_model=list[ChecklistOut])
    def list_checklists(_who: Admin) -> list[ChecklistOut]:
        return [
            ChecklistOut(id=i, version=v, sha256=s) for i, v, s in admin.list_checklists(ctx.engine)
        ]

    @router.post("/admin/checklists", response_model=ChecklistOut)
    def add_checklist(body: ChecklistUpload, _who: Admin) -> ChecklistOut:
        try:
            body.yaml.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(422, "invalid", "yaml: not valid UTF-8 text") from None
        if "\x00" in body.yaml:
            raise ApiError(422, "invalid", "yaml: NUL characters are not allowed")
        file, added = admin.add_checklist_text(ctx.engine, body.file_name, body.yaml)
        return ChecklistOut(id=file.id, version=file.version, sha256=file.sha256, added=added)

    return router
