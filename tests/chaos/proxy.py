"""A fault-injecting HTTP proxy on 127.0.0.1, between the laptops and the real server.

One request per client connection (the proxy answers with `Connection: close`), forwarded on
a fresh upstream connection. Per request it can:

- ``drop_request``   forward the head and half the body, then cut both connections
                     (the server sees a truncated request; the laptop sees a dead connection)
- ``drop_response``  forward the whole request, read the whole answer (the server applied it),
                     send the laptop only half of it and cut: "server applied, client never heard"
- ``delay``          wait, then forward
- ``duplicate``      send the request to the server twice; the laptop gets the second answer
- ``reorder``        hold the request until another request has gone through (or a timeout),
                     so it reaches the server after a request sent later
- ``cut``            forward only the first `cut_bytes` bytes of the body, then cut

Faults come from a `plan` (method, path, n-th request of that family) → Decision, or at random
(which requests, with a seeded RNG; the kinds in turn). Everything is bounded:
socket timeouts, a hold timeout, daemon threads
joined on `stop()`.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FAULTS = ("drop_request", "drop_response", "delay", "duplicate", "reorder")
_IO_TIMEOUT = 60.0
_MAX_HEAD = 64 * 1024


@dataclass(frozen=True)
class Decision:
    fault: str = "none"
    delay: float = 0.0
    cut_bytes: int = 0


Plan = Callable[[str, str, int], Decision | None]


@dataclass
class _Request:
    method: str
    path: str
    head: bytes  # request line + headers, rewritten to Connection: close, ending \r\n\r\n
    body: bytes


def family(path: str) -> str:
    """/api/v1/uploads/<id>?offset=0 → /api/v1/uploads: count requests of one kind together."""
    return "/".join(path.split("?", 1)[0].split("/")[:4])


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, hold_timeout: float = 2.0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.hold_timeout = hold_timeout
        self.plan: Plan | None = None
        self.rate = 0.0
        self.random_faults: Sequence[str] = FAULTS
        self._turn = 0
        self.rng = random.Random(seed)
        self._lock = threading.Lock()
        self.seen: Counter[tuple[str, str]] = Counter()  # (method, family) → requests
        self.body_bytes_upstream: Counter[tuple[str, str]] = Counter()  # bytes the server got
        self.log: list[tuple[str, str, str]] = []  # (method, path, fault)
        # When a list: every push body that reached the server whole is appended to it.
        self.record_bodies: list[bytes] | None = None
        # Called (method, path) right after a request went to the server whole.
        self.on_sent: Callable[[str, str], None] | None = None
        self._forwarded = threading.Condition(self._lock)
        self._forward_count = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    # ---- configuration -------------------------------------------------------------------

    def calm(self) -> None:
        """No faults from now on."""
        with self._lock:
            self.plan = None
            self.rate = 0.0

    def set_plan(self, plan: Plan | None) -> None:
        """Follow `plan`; its n counts requests of a family from now on."""
        with self._lock:
            self.seen.clear()
            self.plan = plan
            self.rate = 0.0

    def set_random(self, rate: float, seed: int, faults: Sequence[str] = FAULTS) -> None:
        with self._lock:
            self.plan = None
            self.rate = rate
            self.rng = random.Random(seed)
            self.random_faults = tuple(faults)
            # Faulty requests take the kinds in turn from a seeded start: every kind fires.
            self._turn = self.rng.randrange(len(self.random_faults))

    def reset_counts(self) -> None:
        with self._lock:
            self.seen.clear()
            self.body_bytes_upstream.clear()
            self.log.clear()

    def count(self, fault: str) -> int:
        with self._lock:
            return sum(1 for _m, _p, f in self.log if f == fault)

    def _decide(self, request: _Request) -> Decision:
        with self._lock:
            key = (request.method, family(request.path))
            self.seen[key] += 1
            if self.plan is not None:
                decision = self.plan(request.method, request.path, self.seen[key]) or Decision()
            elif self.rate and self.rng.random() < self.rate:
                fault = self.random_faults[self._turn % len(self.random_faults)]
                self._turn += 1
                decision = Decision(fault, delay=self.rng.uniform(0.0, 0.2))
            else:
                decision = Decision()
            self.log.append((request.method, request.path, decision.fault))
            return decision

    # ---- serving -------------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()
        self._acceptor.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(_IO_TIMEOUT)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(_IO_TIMEOUT)
        try:
            request = _read_request(client)
            if request is None:
                return
            decision = self._decide(request)
            self._act(client, request, decision)
        except OSError:
            pass  # the laptop or the server went away: that is what we are here to test
        finally:
            client.close()

    def _act(self, client: socket.socket, request: _Request, decision: Decision) -> None:
        fault = decision.fault
        if fault == "drop_request":
            self._forward(request, cut_at=len(request.body) // 2)
            return
        if fault == "cut":
            self._forward(request, cut_at=decision.cut_bytes)
            return
        if fault == "delay":
            time.sleep(decision.delay)
        if fault == "reorder":
            self._wait_for_another()
        answer = self._forward(request)
        if fault == "duplicate":
            answer = self._forward(request)
        if answer is None:
            return
        if fault == "drop_response":
            client.sendall(answer[: max(1, len(answer) // 2)])
            return
        client.sendall(answer)

    def _wait_for_another(self) -> None:
        with self._forwarded:
            seen = self._forward_count
            self._forwarded.wait_for(lambda: self._forward_count > seen, self.hold_timeout)

    def _forward(self, request: _Request, cut_at: int | None = None) -> bytes | None:
        """Send the request upstream; the whole answer, or None when we cut it short."""
        body = request.body if cut_at is None else request.body[:cut_at]
        key = (request.method, family(request.path))
        try:
            upstream = socket.create_connection(self.upstream, timeout=_IO_TIMEOUT)
        except OSError:
            return None  # server down: the laptop sees the connection close
        with upstream:
            upstream.sendall(request.head + body)
            with self._lock:
                self.body_bytes_upstream[key] += len(body)
                if self.record_bodies is not None and cut_at is None and key[1].endswith("/push"):
                    self.record_bodies.append(body)
            if cut_at is not None:
                return None
            if self.on_sent is not None:
                self.on_sent(request.method, request.path)
            chunks = []
            while data := upstream.recv(65536):
                chunks.append(data)
        with self._forwarded:
            self._forward_count += 1
            self._forwarded.notify_all()
        return b"".join(chunks) or None


def _read_request(conn: socket.socket) -> _Request | None:
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        data = conn.recv(65536)
        if not data:
            return None
        buffer += data
        if len(buffer) > _MAX_HEAD:
            return None
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = []
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        lowered = name.strip().lower()
        if lowered == "content-length":
            length = int(value.strip())
        if lowered in ("connection", "keep-alive"):
            continue
        headers.append(line)
    headers.append("Connection: close")
    body = rest
    while len(body) < length:
        data = conn.recv(min(65536, length - len(body)))
        if not data:
            return None
        body += data
    new_head = "\r\n".join([lines[0], *headers]).encode("latin-1") + b"\r\n\r\n"
    return _Request(method, path, new_head, body[:length])
