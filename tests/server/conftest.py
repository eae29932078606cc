"""Server fixtures: a fresh server database per test on SQLite and on PostgreSQL, a real
uvicorn on 127.0.0.1, enrolled devices, and builders for change entries."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.pg import pg_admin, pg_database_url, pg_url_or_skip
from tests.uvicorn_thread import UvicornThread

from inspector_app.domain.hlc import Timestamp
from inspector_app.domain.ids import new_id
from inspector_app.domain.merge import Change
from inspector_app.server import admin, auth, db
from inspector_app.server.app import create_app
from inspector_app.server.context import ServerContext, open_context
from inspector_app.server.settings import ServerSettings, normalise_db_url
from inspector_app.sync.protocol import HEADER_PROTOCOL, HEADER_SCHEMA, PROTOCOL_VERSION
from inspector_app.sync.signing import SigningKey

VERSION_HEADERS = {HEADER_PROTOCOL: str(PROTOCOL_VERSION), HEADER_SCHEMA: "0003"}
# The signing key of every device a test enrolled, by device id (as each laptop holds its
# own): push_body signs the entries of these devices the way their laptops would.
KEYS: dict[str, SigningKey] = {}


def new_public_key() -> str:
    """A fresh device public key, as a laptop sends it at enrolment."""
    return SigningKey.generate().public_text


def sign(entry: dict[str, Any], key: SigningKey | None = None) -> dict[str, Any]:
    """A copy of `entry` with the signature of `key` (default: its device's registered key)."""
    key = key or KEYS[entry["device_id"]]
    fields = {k: v for k, v in entry.items() if k != "signature"}
    return {**fields, "signature": key.sign(Change.from_mapping(fields))}


@pytest.fixture(scope="session")
def pg_url() -> str:
    return pg_url_or_skip()


@pytest.fixture(scope="session")
def pg_template(pg_url: str) -> Iterator[str]:
    """A migrated database to copy: CREATE DATABASE … TEMPLATE is much faster than Alembic."""
    name = f"inspector_sv_tmpl_{uuid.uuid4().hex[:10]}"
    pg_admin(pg_url, f'CREATE DATABASE "{name}"')
    engine = db.make_engine(normalise_db_url(pg_database_url(pg_url, name)))
    db.migrate(engine)
    engine.dispose()
    yield name
    pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "pg"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[ServerSettings]:
    if backend == "sqlite":
        yield ServerSettings(
            db_url=f"sqlite:///{tmp_path / 'server.sqlite'}", blobs_dir=tmp_path / "blobs"
        )
        return
    url = request.getfixturevalue("pg_url")
    template = request.getfixturevalue("pg_template")
    name = f"inspector_sv_{uuid.uuid4().hex[:12]}"
    pg_admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield ServerSettings(
        db_url=normalise_db_url(pg_database_url(url, name)), blobs_dir=tmp_path / "blobs"
    )
    pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database on each backend, for a migration test to step through revisions."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    pg = request.getfixturevalue("pg_url")
    name = f"inspector_sv_mig_{uuid.uuid4().hex[:10]}"
    pg_admin(pg, f'CREATE DATABASE "{name}"')
    yield normalise_db_url(pg_database_url(pg, name))
    pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def ctx(settings: ServerSettings) -> Iterator[ServerContext]:
    context = open_context(settings)
    yield context
    context.engine.dispose()


# ---- devices -----------------------------------------------------------------------------


@dataclass
class Device:
    """An enrolled laptop: its id, token and a clock to stamp entries with."""

    device_id: str
    token: str
    user: str
    counter: int = 0
    wall_ms: int = field(default_factory=lambda: time.time_ns() // 1_000_000)

    @property
    def headers(self) -> dict[str, str]:
        return {**VERSION_HEADERS, "Authorization": f"Bearer {self.token}"}

    def hlc(self, offset_ms: int = 0) -> str:
        self.counter += 1
        return Timestamp(self.wall_ms + offset_ms, self.counter).encode()

    def entry(
        self,
        inspection_id: str,
        field_name: str,
        value: Any,
        *,
        kind: str = "inspection",
        record_id: str | None = None,
        base_hlc: str | None = None,
        hlc: str | None = None,
    ) -> dict[str, Any]:
        return {
            "change_id": new_id(),
            "kind": kind,
            "record_id": record_id or inspection_id,
            "inspection_id": inspection_id,
            "field": field_name,
            "value": value,
            "hlc": hlc or self.hlc(),
            "device_id": self.device_id,
            "base_hlc": base_hlc,
        }

    def new_inspection(self, inspection_id: str | None = None) -> list[dict[str, Any]]:
        """The entries of a complete new inspection record (one save: one clock value)."""
        iid = inspection_id or new_id()
        hlc = self.hlc()
        values = {
            "company_name": "华东制药有限公司",
            "inspection_type": "gmp_compliance",
            "checklist_id": "demo-gmp",
            "checklist_version": 1,
            "created_at": "2026-11-23T08:00:00.000000Z",
            "status": "draft",
            "deleted": False,
        }
        return [self.entry(iid, k, v, hlc=hlc) for k, v in values.items()]

    def push_body(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """The request body; entries without a signature are signed by their own device's
        key when a test enrolled it (a copy: the test's dicts stay as they were)."""
        signed = [
            sign(e) if "signature" not in e and e.get("device_id") in KEYS else e for e in entries
        ]
        return {"device_id": self.device_id, "changes": signed}


def enrol(ctx: ServerContext, user: str, role: str, teams: list[str]) -> Device:
    """Create the user (if needed) and enrol a new device for them, with a new key pair."""
    admin.add_user(ctx.engine, user, role, teams)
    code, _ = auth.make_enroll_code(ctx.engine, user, 1)
    device_id = new_id()
    key = SigningKey.generate()
    token, _ = auth.enroll(ctx.engine, code, device_id, f"{user}'s laptop", key.public_text)
    KEYS[device_id] = key
    return Device(device_id=device_id, token=token, user=user)


# ---- a real server -----------------------------------------------------------------------


class LiveServer:
    """uvicorn serving the app on 127.0.0.1 in a thread; `stop()` shuts it down."""

    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self.app = create_app(context=ctx)
        self.http = UvicornThread(self.app)
        self.url = self.http.url
        self.port = self.http.port

    def client(self, device: Device | None = None, **kwargs: Any) -> httpx.Client:
        headers = device.headers if device else dict(VERSION_HEADERS)
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)

    def stop(self) -> None:
        self.http.stop()


@pytest.fixture
def live(ctx: ServerContext) -> Iterator[LiveServer]:
    server = LiveServer(ctx)
    yield server
    server.stop()
