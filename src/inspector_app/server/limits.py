"""Limits before work: a declared size over the limit, then the device token, are checked
before a request body is read, and a body is read with a running byte count against the
limit of its endpoint (docs/server.md).

FastAPI reads and parses a request's body before it runs any dependency, so a token check
in a dependency comes too late: 200 MB without a token used to be read and parsed whole. This
pure ASGI middleware answers, in this order and without touching the body: 413 when
Content-Length is over the endpoint's limit (token or not), 401 when the token is missing or
unknown; then it reads the body counting bytes and answers 413 as soon as they pass the limit
(the connection is then closed; the rest is never read). A body within its limit is handed
on to the application unchanged, so at most `limit` bytes are held per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inspector_app.domain.errors import InspectorError
from inspector_app.server import auth
from inspector_app.server.context import ServerContext

PRINCIPAL_KEY = "inspector_principal"  # in scope["state"]: the device the middleware checked

ErrorFn = Callable[..., Any]  # app._error: (status, code, message) -> a Response


class BodyTooLarge(InspectorError):
    pass


class LimitsGate:
    """413 on a declared oversize, then 401 (every /api/v1 path but /enroll), before the body;
    per-endpoint body limits while reading."""

    def __init__(self, app: ASGIApp, *, ctx: ServerContext, prefix: str, error: ErrorFn) -> None:
        self.app = app
        self.ctx = ctx
        self.prefix = prefix
        self.error = error

    def limit_for(self, method: str, path: str) -> int:
        s = self.ctx.settings
        rest = path.removeprefix(self.prefix)
        if rest == "/push":
            return s.max_push_bytes
        if rest == "/enroll":
            return s.max_enroll_bytes
        if method == "PUT" and rest.startswith("/uploads/"):
            return s.max_chunk_bytes
        return s.max_other_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix + "/"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        limit = self.limit_for(scope["method"], scope["path"])
        too_large = f"the request body is over the limit of {limit} bytes for this endpoint"
        # A declared length over the limit is answered 413 first, without a database look-up
        # or a byte of the body: nothing is worth doing for that request, token or not.
        declared = headers.get("content-length")
        if declared is not None:
            try:
                declared_size = int(declared)
            except ValueError:
                declared_size = -1
            if declared_size > limit:
                await self._refuse(scope, receive, send, 413, "too_large", too_large)
                return
        # Within the limit or without a length (chunked): the token before the body.
        if scope["path"] != self.prefix + "/enroll":
            problem = await self._authenticate(scope, headers.get("authorization"))
            if problem is not None:
                await self._refuse(scope, receive, send, 401, *problem)
                return
        try:
            body_messages = await _read_body(receive, limit)
        except BodyTooLarge:
            await self._refuse(scope, receive, send, 413, "too_large", too_large)
            return
        if body_messages is None:  # the client went away mid-body
            return

        async def replay() -> Message:
            if body_messages:
                return body_messages.pop(0)
            return await receive()  # after the body: wait for http.disconnect

        await self.app(scope, replay, send)

    async def _authenticate(self, scope: Scope, header: bytes | None) -> tuple[str, str] | None:
        """Why the token is not accepted, as (code, message) (None: it is; the principal goes
        into the scope)."""
        scheme, _, token = (header or b"").decode("latin-1").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "unauthorized", "a device token is required (enrol first)"

        def lookup() -> auth.Principal | auth.ApiError:
            with self.ctx.engine.connect() as conn:
                return auth.authenticate(conn, token) or auth.refusal(conn, token)

        principal = await run_in_threadpool(lookup)
        if isinstance(principal, auth.ApiError):  # device_revoked (D38) or unknown
            return principal.code, principal.message
        scope.setdefault("state", {})[PRINCIPAL_KEY] = principal
        return None

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
    ) -> None:
        # The unread body stays unread: `Connection: close` makes the server drop the
        # connection after the answer instead of draining what the client still sends.
        response = self.error(status, code, message)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


async def _read_body(receive: Receive, limit: int) -> list[Message] | None:
    """The body's messages, counted as they arrive; BodyTooLarge once past `limit`."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        size += len(message.get("body", b""))
        if size > limit:
            raise BodyTooLarge
        messages.append(message)
        if not message.get("more_body", False):
            return messages


MAX_CONSOLE_FORM_BYTES = 64 * 1024  # a console form: the longest text field is 5,000 characters
# Console paths that take a file (multipart), by path suffix: the expert pool's scanned
# confidentiality agreement (server/expert_db.py MAX_AGREEMENT_BYTES, plus the form's fields).
CONSOLE_UPLOAD_LIMITS = (
    ("/agreement", 10 * 1024 * 1024 + 64 * 1024),
    # A company's evidence for one defect (server/rectification.py MAX_DEFECT_BYTES + fields).
    ("/rectification", 30 * 1024 * 1024 + 64 * 1024),
    ("/objection", 30 * 1024 * 1024 + 64 * 1024),
)


class ConsoleBodyLimit:
    """The console's form posts are small: a body over `limit` bytes is answered 413 (a plain
    page) before it is read when its length is declared, else as soon as the count passes it.
    Applies to every request with a body under the console's mount."""

    def __init__(
        self, app: ASGIApp, *, limit: int = MAX_CONSOLE_FORM_BYTES, refuse: ErrorFn
    ) -> None:
        self.app = app
        self.limit = limit
        self.refuse = refuse  # (limit) -> a Response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = next(
            (n for end, n in CONSOLE_UPLOAD_LIMITS if scope["path"].endswith(end)), self.limit
        )
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        declared = headers.get("content-length")
        try:
            too_large = declared is not None and int(declared) > limit
        except ValueError:
            too_large = False
        body_messages: list[Message] | None = None
        if not too_large:
            try:
                body_messages = await _read_body(receive, limit)
            except BodyTooLarge:
                too_large = True
            else:
                if body_messages is None:
                    return
        if too_large:
            response = self.refuse(limit)
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        assert body_messages is not None

        async def replay() -> Message:
            if body_messages:
                return body_messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)
