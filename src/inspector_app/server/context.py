"""What every request handler shares: engine, settings, the server's clock, counters."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert, select

from inspector_app.domain.hlc import HybridClock
from inspector_app.domain.ids import new_id
from inspector_app.server import db
from inspector_app.server.settings import ServerSettings
from inspector_app.sync.protocol import MAX_CLOCK_AHEAD_MS


@dataclass
class Counters:
    """Observable figures (tests count the bytes a resumed upload re-sent)."""

    upload_bytes_received: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_upload_bytes(self, n: int) -> None:
        with self.lock:
            self.upload_bytes_received += n


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: Engine
    server_id: str
    # Observes every accepted clock, so anything the server stamps orders after them.
    clock: HybridClock = field(default_factory=lambda: HybridClock(max_drift_ms=MAX_CLOCK_AHEAD_MS))
    counters: Counters = field(default_factory=Counters)
    # time.monotonic() of the last sweep of stale unfinished uploads (uploads.py)
    last_upload_sweep: float | None = None

    @property
    def blobs_dir(self) -> Path:
        return self.settings.blobs_dir

    def blob_path(self, sha256: str) -> Path:
        return self.blobs_dir / sha256[:2] / sha256

    @property
    def uploads_dir(self) -> Path:
        return self.blobs_dir / ".uploads"


def open_context(settings: ServerSettings) -> ServerContext:
    """Open (and migrate) the database and the blob directory."""
    engine = db.make_engine(settings.db_url)
    try:
        db.migrate(engine)
        server_id = _server_id(engine)
    except Exception:
        engine.dispose()
        raise
    settings.blobs_dir.mkdir(parents=True, exist_ok=True)
    ctx = ServerContext(settings=settings, engine=engine, server_id=server_id)
    ctx.uploads_dir.mkdir(parents=True, exist_ok=True)
    return ctx


def _server_id(engine: Engine) -> str:
    m = db.server_meta.c
    with engine.connect() as conn:
        value = conn.execute(select(m.value).where(m.key == "server_id")).scalar_one_or_none()
    if value:
        return value
    with db.write_transaction(engine) as conn:
        value = conn.execute(select(m.value).where(m.key == "server_id")).scalar_one_or_none()
        if not value:
            value = new_id()
            conn.execute(insert(db.server_meta).values(key="server_id", value=value))
    return value
