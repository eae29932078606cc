"""Chaos fixtures: a REAL `inspector-server` process (uvicorn) per test module, on SQLite and on
PostgreSQL, a fault-injecting proxy in front of it, and laptops (App on their own SQLite file)
enrolled through `operations.sync.enroll`.

Admin set-up goes through the server's CLI (`user add`, `enroll-code`) for the module's users
and an admin device; further enrolment codes come from the admin endpoint with that device's
token (a CLI call costs two seconds of interpreter start-up; a laptop needs a code each).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from tests.chaos.proxy import FaultProxy
from tests.pg import pg_admin, pg_database_url, pg_url_or_skip

from inspector_app.domain.ids import new_id
from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.sync.protocol import HEADER_PROTOCOL, HEADER_SCHEMA, PROTOCOL_VERSION
from inspector_app.sync.signing import SigningKey

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"
TEAM = "chaos-team"
INSPECTORS = ("chaos-wang", "chaos-li")
VERSION_HEADERS = {HEADER_PROTOCOL: str(PROTOCOL_VERSION), HEADER_SCHEMA: "0003"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`python -m inspector_app.server.cli --db URL --blobs DIR serve` as a child process."""

    def __init__(self, root: Path, db_url: str) -> None:
        self.root = root
        self.db_url = db_url
        self.blobs = root / "blobs"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._engine = None
        self.admin_token = ""

    def _base(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "inspector_app.server.cli",
            "--db",
            self.db_url,
            "--blobs",
            str(self.blobs),
        ]

    def cli(self, *args: str) -> str:
        return self.cli_many([list(args)])[0]

    def cli_many(self, commands: list[list[str]]) -> list[str]:
        """Run admin commands in parallel (each pays the interpreter's start-up once)."""
        procs = [
            subprocess.Popen(
                [*self._base(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for args in commands
        ]
        outputs = []
        for args, proc in zip(commands, procs, strict=True):
            out, err = proc.communicate(timeout=120)
            if proc.returncode != 0:
                raise RuntimeError(f"inspector-server {' '.join(args)}: {err.strip()}")
            outputs.append(out)
        return outputs

    def start(self) -> None:
        assert self.proc is None or self.proc.poll() is not None
        self.starts += 1
        log = (self.root / f"server-{self.starts}.log").open("wb")
        self.proc = subprocess.Popen(
            [*self._base(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited at start; see {log.name}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, whatever was in flight is cut."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        if self._engine is not None:
            self._engine.dispose()

    @property
    def engine(self):
        """The server's database, read from the test process (hashes, invariants)."""
        if self._engine is None:
            from inspector_app.server.db import make_engine

            self._engine = make_engine(self.db_url)
        return self._engine

    def state_hash(self, inspection_id: str | None = None) -> str:
        from inspector_app.server.changelog import server_state_hash

        return server_state_hash(self.engine, inspection_id)

    def enroll_code(self, user: str) -> str:
        """A one-time code from the admin endpoint (the admin device enrolled via the CLI)."""
        response = httpx.post(
            self.url + "/api/v1/admin/enroll-codes",
            json={"user": user},
            headers={**VERSION_HEADERS, "Authorization": f"Bearer {self.admin_token}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["code"]


def _set_up_server(root: Path, db_url: str) -> ServerProcess:
    server = ServerProcess(root, db_url)
    server.cli("user", "add", "chaos-admin", "--role", "admin")  # creates the schema
    outputs = server.cli_many(
        [["enroll-code", "chaos-admin"]]
        + [["user", "add", name, "--role", "inspector", "--team", TEAM] for name in INSPECTORS]
    )
    admin_code = outputs[0].strip().splitlines()[0]
    server.start()
    response = httpx.post(
        server.url + "/api/v1/enroll",
        json={
            "code": admin_code,
            "device_id": new_id(),
            "device_name": "chaos admin",
            "public_key": SigningKey.generate().public_text,
        },
        headers=VERSION_HEADERS,
        timeout=30,
    )
    response.raise_for_status()
    server.admin_token = response.json()["token"]
    return server


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real server process per test module and backend (a fresh database each)."""
    pytest.importorskip("fastapi")
    root = tmp_path_factory.mktemp(f"server-{backend}")
    if backend == "sqlite":
        db_url, drop = f"sqlite:///{root / 'server.sqlite'}", None
    else:
        url = pg_url_or_skip()
        name = f"inspector_chaos_{uuid.uuid4().hex[:12]}"
        pg_admin(url, f'CREATE DATABASE "{name}"')
        db_url, drop = pg_database_url(url, name), name
    live = _set_up_server(root, db_url)
    yield live
    live.stop()
    if drop:
        pg_admin(url, f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')


@pytest.fixture(scope="module")
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    faulty = FaultProxy(server.port)
    yield faulty
    faulty.stop()


@pytest.fixture(autouse=True)
def _no_keyring_and_instant_retries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tokens go to the file fallback; stamina retries (3 attempts) without sleeping."""
    import stamina

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=3)
    yield
    stamina.set_testing(False)


@pytest.fixture
def calm_proxy(proxy: FaultProxy) -> Iterator[FaultProxy]:
    proxy.calm()
    proxy.reset_counts()
    yield proxy
    proxy.calm()


def make_laptop(root: Path, server: ServerProcess, url: str, user: str = INSPECTORS[0]) -> App:
    """A laptop on its own data dir, enrolled (through `url`, normally the proxy)."""
    app = App(root, actor=f"{user}@{root.name}", checklist_dirs=[FIXTURES])
    sync_ops.enroll(app, url, server.enroll_code(user), device_name=root.name)
    return app


@pytest.fixture
def laptops(
    tmp_path: Path, server: ServerProcess, proxy: FaultProxy
) -> Iterator[Callable[..., App]]:
    """laptops("a") → an enrolled laptop that talks to the server through the proxy."""
    made: list[App] = []

    def make(name: str, user: str = INSPECTORS[0]) -> App:
        app = make_laptop(tmp_path / name, server, proxy.url, user)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()
