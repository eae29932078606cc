"""An httpx transport that drops chosen requests before or after the server saw them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx

# (method, path, n-th such request so far) → "before" | "after" | None
Plan = Callable[[str, str, int], str | None]


class FaultyTransport(httpx.BaseTransport):
    def __init__(self, plan: Plan | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.plan = plan or (lambda _m, _p, _n: None)
        self.seen: Counter[tuple[str, str]] = Counter()
        self.log: list[tuple[str, str, str]] = []  # (method, path, what happened)

    def count(self, method: str, prefix: str) -> int:
        return sum(n for (m, p), n in self.seen.items() if m == method and p.startswith(prefix))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        self.seen[(method, path)] += 1
        fault = self.plan(method, path, self.count(method, _family(path)))
        if fault == "before":
            self.log.append((method, path, "dropped before"))
            raise httpx.ConnectError("connection dropped (test)", request=request)
        response = self.inner.handle_request(request)
        response.read()
        if fault == "after":
            # The server did the work; the client never hears the answer.
            self.log.append((method, path, "dropped after"))
            raise httpx.ReadError("connection dropped mid-response (test)", request=request)
        if fault == "crash":
            self.log.append((method, path, "crash after"))
            raise SystemExit("laptop crashed (test)")
        self.log.append((method, path, str(response.status_code)))
        return response

    def close(self) -> None:
        self.inner.close()


def _family(path: str) -> str:
    """/api/v1/uploads/<id> → /api/v1/uploads: count requests of one kind together."""
    parts = path.split("/")
    return "/".join(parts[:4])
