"""Limits before work (issue 10): the token is checked before the body is read, bodies are
read against a per-endpoint limit (413), on SQLite and PostgreSQL.

The flood tests run `inspector-server serve` as a child process on a free port, so the
memory they measure (/proc/PID/status) is the server's alone. Run with -s to see the figures.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from inspector_app.server import auth
from inspector_app.server.app import create_app
from inspector_app.server.settings import ServerSettings
from inspector_app.sync.protocol import CHUNK_SIZE, ErrorBody

from .conftest import VERSION_HEADERS, Device, enrol, new_public_key

MB = 1024 * 1024
FLOOD_BYTES = 100 * MB
SERVER = Path(sys.executable).with_name("inspector-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(pid: int, key: str) -> int:
    """A /proc/PID/status figure (VmRSS, VmHWM) in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"{key} not in /proc/{pid}/status")


class ServerProcess:
    """`inspector-server serve` on 127.0.0.1 in its own process."""

    def __init__(self, settings: ServerSettings, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                str(SERVER),
                "--db",
                settings.db_url,
                "--blobs",
                str(settings.blobs_dir),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"inspector-server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.05)

    def rss(self) -> int:
        return _status(self.proc.pid, "VmRSS")

    def hwm(self) -> int:
        return _status(self.proc.pid, "VmHWM")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


@pytest.fixture
def device(ctx) -> Device:
    return enrol(ctx, "王检查", "inspector", ["华东组"])


@pytest.fixture
def server(ctx, device, tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(ctx.settings, tmp_path / "server.log")
    yield proc
    proc.stop()


def _flood(
    server: ServerProcess, path: str, token: str | None, *, chunked: bool
) -> tuple[float, int, bytes]:
    """Send FLOOD_BYTES to `path` over a raw socket; (seconds to the answer, bytes sent, answer).

    The body is sent from a thread as fast as the socket takes it while this thread waits
    for the answer, as an attacker would (they do not wait for the server either).
    """
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{k}: {v}" for k, v in VERSION_HEADERS.items()]
    lines.append("Content-Type: application/json")
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    else:
        lines.append(f"Content-Length: {FLOOD_BYTES}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    piece = b'{"device_id": "' + b"x" * (64 * 1024 - 16)
    sent = 0
    stop = threading.Event()
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.settimeout(10)

    def send_body() -> None:
        nonlocal sent
        try:
            while sent < FLOOD_BYTES and not stop.is_set():
                data = piece[: FLOOD_BYTES - sent]
                if chunked:
                    sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                else:
                    sock.sendall(data)
                sent += len(data)
            if chunked and not stop.is_set():
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection: what we expect

    started = time.monotonic()
    sock.sendall(head)
    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        elapsed = time.monotonic() - started
        sock.settimeout(2)
        try:  # the rest of the answer (a small JSON body)
            while data := sock.recv(65536):
                answer += data
        except OSError:
            pass
    finally:
        stop.set()
        sender.join(10)
        sock.close()
    return elapsed, sent, answer


def _run_flood(server: ServerProcess, path: str, token: str | None, *, chunked: bool, label: str):
    with httpx.Client(base_url=server.url, headers=VERSION_HEADERS) as client:
        client.get("/healthz")  # warm: the first request's imports are not the flood's cost
    time.sleep(0.2)
    rss_before, hwm_before = server.rss(), server.hwm()
    elapsed, sent, answer = _flood(server, path, token, chunked=chunked)
    time.sleep(0.3)  # let the server finish with the connection
    rss_after, hwm_after = server.rss(), server.hwm()
    growth = rss_after - rss_before
    peak_growth = max(0, hwm_after - max(hwm_before, rss_before))
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1", "replace")
    print(
        f"\n[flood] {label}: 100 MB to {path} "
        f"({'chunked' if chunked else 'Content-Length'}), "
        f"answer {status_line!r} after {elapsed * 1000:.0f} ms, "
        f"client had sent {sent / MB:.1f} MB; server RSS {rss_before / MB:.1f} -> "
        f"{rss_after / MB:.1f} MB (growth {growth / MB:+.1f} MB, peak growth "
        f"{peak_growth / MB:.1f} MB)"
    )
    return elapsed, growth, peak_growth, status_line, answer


def test_a_100_mb_body_without_a_token_is_answered_413_at_once(server):
    """The issue's flood test: a declared 100 MB without a token is refused 413 (the size
    is checked first, before the token and without reading a byte) within a second, and
    the server grows by less than 50 MB."""
    elapsed, growth, peak, status_line, answer = _run_flood(
        server, "/api/v1/push", None, chunked=False, label="no token"
    )
    assert status_line.startswith("HTTP/1.1 413"), answer[:500]
    assert b"too_large" in answer and str(8 * MB).encode() in answer
    assert elapsed < 1.0
    assert growth < 50 * MB and peak < 50 * MB


def test_a_100_mb_chunked_body_without_a_token_is_answered_401_unread(server):
    # No declared length: the token comes first (401), and the body is never read.
    elapsed, growth, peak, status_line, answer = _run_flood(
        server, "/api/v1/push", None, chunked=True, label="no token, chunked"
    )
    assert status_line.startswith("HTTP/1.1 401"), answer[:500]
    assert b"a device token is required" in answer
    assert elapsed < 1.0
    assert growth < 50 * MB and peak < 50 * MB


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_100_mb_push_with_a_valid_token_is_refused_while_reading(server, device, chunked):
    elapsed, growth, peak, status_line, answer = _run_flood(
        server, "/api/v1/push", device.token, chunked=chunked, label="valid token"
    )
    assert status_line.startswith("HTTP/1.1 413"), answer[:500]
    assert b"too_large" in answer
    assert elapsed < 1.0
    assert growth < 50 * MB and peak < 50 * MB


def test_a_bad_token_is_refused_before_the_body(server):
    elapsed, growth, peak, status_line, answer = _run_flood(
        server, "/api/v1/push", "not-a-token", chunked=True, label="unknown token"
    )
    assert status_line.startswith("HTTP/1.1 401"), answer[:500]
    assert b"unknown or revoked device token" in answer
    assert elapsed < 1.0 and growth < 50 * MB and peak < 50 * MB


def test_an_oversized_push_with_a_valid_token_gets_413(server, device):
    entries = device.new_inspection()
    entries[0]["value"] = "厂" * (3 * MB)  # 9 MB of UTF-8 in one field: over 8 MB
    with httpx.Client(base_url=server.url, headers=device.headers, timeout=30) as client:
        response = client.post("/api/v1/push", json=device.push_body(entries))
        assert response.status_code == 413
        error = ErrorBody.model_validate(response.json())
        assert error.code == "too_large" and str(8 * MB) in error.message
        # The device still works and nothing was applied.
        pulled = client.get("/api/v1/pull")
        assert pulled.status_code == 200 and pulled.json()["changes"] == []


# ---- the gate in-process: the body is not even asked for -------------------------------


def _asgi_call(app, path: str, headers: dict[str, str], body: bytes, method: str = "POST"):
    """Call the ASGI app directly; returns (status, number of receive() calls)."""
    calls = 0
    sent: list[dict] = []

    async def receive():
        nonlocal calls
        calls += 1
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], calls


def test_without_a_token_the_body_is_never_read(ctx, device):
    app = create_app(context=ctx)
    body = b'{"device_id": "x", "changes": []}'
    length = {"Content-Length": str(len(body))}
    assert _asgi_call(app, "/api/v1/push", {**VERSION_HEADERS, **length}, body) == (401, 0)
    bad = {**VERSION_HEADERS, **length, "Authorization": "Bearer nope"}
    assert _asgi_call(app, "/api/v1/push", bad, body) == (401, 0)
    huge = {**device.headers, "Content-Length": str(FLOOD_BYTES)}
    assert _asgi_call(app, "/api/v1/push", huge, body) == (413, 0)  # declared: refused unread
    # A declared oversize is answered 413 before the token is even looked at.
    huge_anonymous = {**VERSION_HEADERS, "Content-Length": str(FLOOD_BYTES)}
    assert _asgi_call(app, "/api/v1/push", huge_anonymous, body) == (413, 0)
    huge_bad = {**huge_anonymous, "Authorization": "Bearer nope"}
    assert _asgi_call(app, "/api/v1/push", huge_bad, body) == (413, 0)
    good_body = f'{{"device_id": "{device.device_id}", "changes": []}}'.encode()
    good = {
        **device.headers,
        "Content-Length": str(len(good_body)),
        "Content-Type": "application/json",
    }
    status, calls = _asgi_call(app, "/api/v1/push", good, good_body)
    assert status == 200 and calls >= 1


def test_enrolment_and_chunk_bodies_have_their_own_limits(ctx, device):
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as client:
        code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
        response = client.post(
            "/api/v1/enroll",
            json={
                "code": code,
                "device_id": "d-1",
                "device_name": "x" * 20_000,
                "public_key": new_public_key(),
            },
        )
        assert response.status_code == 413
        assert "16384 bytes" in ErrorBody.model_validate(response.json()).message

        data = os.urandom(CHUNK_SIZE + 128 * 1024)
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        started = client.post(
            "/api/v1/uploads", json={"sha256": sha, "size": len(data)}, headers=device.headers
        )
        assert started.status_code == 200, started.text
        upload_id = started.json()["upload_id"]
        response = client.put(
            f"/api/v1/uploads/{upload_id}",
            params={"offset": 0},
            content=data,
            headers={**device.headers, "Content-Type": "application/octet-stream"},
        )
        assert response.status_code == 413
        assert ErrorBody.model_validate(response.json()).code == "too_large"
        # A chunk of the normal size still goes through.
        response = client.put(
            f"/api/v1/uploads/{upload_id}",
            params={"offset": 0},
            content=data[:CHUNK_SIZE],
            headers={**device.headers, "Content-Type": "application/octet-stream"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["offset"] == CHUNK_SIZE


# ---- pull pages bounded in bytes -----------------------------------------------------------


def test_pull_pages_are_bounded_in_bytes_and_the_cursor_still_covers_everything(ctx, device):
    import dataclasses

    from inspector_app.sync.protocol import PullResponse

    budget = 20_000
    ctx.settings = dataclasses.replace(ctx.settings, max_pull_page_bytes=budget)
    entries = device.new_inspection()
    iid = entries[0]["inspection_id"]
    # Notes of ~6 KB each (3 bytes per character in UTF-8): three fit a page, not four.
    # (texts stay within the model's length limits, domain/model.py MAX_*)
    entries += [
        device.entry(iid, "conclusion_override_reason", f"{n}号" + "检" * 1990) for n in range(10)
    ]
    over = device.entry(iid, "note", "大" * 9_000, kind="item_result", record_id=f"{iid}-r1")
    entries.append(over)  # one entry over budget
    with TestClient(create_app(context=ctx), headers=device.headers) as client:
        pushed = client.post("/api/v1/push", json=device.push_body(entries))
        assert {r["status"] for r in pushed.json()["results"]} == {"applied"}
        seen, pages, cursor = [], [], 0
        while True:
            response = client.get("/api/v1/pull", params={"since": cursor, "limit": 1000})
            page = PullResponse.model_validate(response.json())
            sizes = [len(c.model_dump_json().encode()) for c in page.changes]
            pages.append(sum(sizes))
            assert len(page.changes) >= 1
            assert sum(sizes) <= budget or len(page.changes) == 1
            seen += [c.change_id for c in page.changes]
            assert page.next_cursor >= cursor
            cursor = page.next_cursor
            if not page.more:
                break
    assert seen == [e["change_id"] for e in entries]  # each once, in order
    assert len(pages) > 3
    print(f"\n[pull] {len(entries)} entries in {len(pages)} pages of {pages} bytes")


# ---- stale unfinished uploads ----------------------------------------------------------------


def test_stale_unfinished_uploads_are_removed_after_the_configured_age(ctx, device):
    import dataclasses
    import hashlib
    from datetime import timedelta

    from sqlalchemy import select, update

    from inspector_app.server import db, uploads

    ctx.settings = dataclasses.replace(ctx.settings, stale_upload_hours=6)
    old_data, new_data, done_data = b"a" * 1000, b"b" * 1000, b"c" * 10
    with TestClient(create_app(context=ctx), headers=device.headers) as client:

        def start(data: bytes) -> str:
            sha = hashlib.sha256(data).hexdigest()
            response = client.post("/api/v1/uploads", json={"sha256": sha, "size": len(data)})
            assert response.status_code == 200, response.text
            return response.json()["upload_id"]

        def put(upload_id: str, data: bytes) -> httpx.Response:
            return client.put(
                f"/api/v1/uploads/{upload_id}",
                params={"offset": 0},
                content=data,
                headers={"Content-Type": "application/octet-stream"},
            )

        old_id, new_id, done_id = start(old_data), start(new_data), start(done_data)
        assert put(old_id, old_data[:500]).status_code == 200  # unfinished
        assert put(new_id, new_data[:500]).status_code == 200  # unfinished, but recent
        assert put(done_id, done_data).json()["complete"] is True
        u = db.uploads.c
        seven_hours_ago = auth.iso(auth.utc_now() - timedelta(hours=7))
        with db.write_transaction(ctx.engine) as conn:
            conn.execute(
                update(db.uploads)
                .where(u.id.in_([old_id, done_id]))
                .values(updated_at=seven_hours_ago)
            )
        old_temp = ctx.uploads_dir / old_id
        assert old_temp.stat().st_size == 500
        orphan = ctx.uploads_dir / "left-by-a-crash"
        orphan.write_bytes(b"x" * 100)
        os.utime(orphan, (time.time() - 8 * 3600, time.time() - 8 * 3600))
        recent_orphan = ctx.uploads_dir / "being-written"
        recent_orphan.write_bytes(b"y")

        assert uploads.remove_stale_uploads(ctx) == 1
        with ctx.engine.connect() as conn:
            left = set(conn.execute(select(u.id)).scalars())
        assert left == {new_id, done_id}  # complete uploads stay (they name a blob)
        assert not old_temp.exists() and not orphan.exists()
        assert (ctx.uploads_dir / new_id).exists() and recent_orphan.exists()
        assert client.get(f"/api/v1/uploads/{old_id}").status_code == 404
        assert put(old_id, old_data[500:]).status_code == 404
        # The laptop starts again and finishes; the recent upload resumes where it was.
        again = start(old_data)
        assert put(again, old_data).json()["complete"] is True
        assert client.get(f"/api/v1/uploads/{new_id}").json()["offset"] == 500


def test_a_new_upload_sweeps_stale_ones_now_and_then(ctx, device):
    import dataclasses
    import hashlib
    from datetime import timedelta

    from sqlalchemy import select, update

    from inspector_app.server import db

    ctx.settings = dataclasses.replace(ctx.settings, stale_upload_hours=1)
    with TestClient(create_app(context=ctx), headers=device.headers) as client:
        data = b"z" * 100
        sha = hashlib.sha256(data).hexdigest()
        first = client.post("/api/v1/uploads", json={"sha256": sha, "size": 100}).json()
        with db.write_transaction(ctx.engine) as conn:
            conn.execute(
                update(db.uploads)
                .where(db.uploads.c.id == first["upload_id"])
                .values(updated_at=auth.iso(auth.utc_now() - timedelta(hours=2)))
            )
        ctx.last_upload_sweep = None  # as after a restart
        other = hashlib.sha256(b"other").hexdigest()
        assert client.post("/api/v1/uploads", json={"sha256": other, "size": 5}).status_code == 200
        with ctx.engine.connect() as conn:
            shas = set(conn.execute(select(db.uploads.c.sha256)).scalars())
        assert shas == {other}
