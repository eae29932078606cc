"""Upload locks hold across server processes on PostgreSQL (several uvicorn workers): a
chunk for an upload waits while another process holds that upload's lock."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from sqlalchemy import text

from inspector_app.server import db, uploads


def test_an_upload_lock_held_by_another_process_is_waited_for(ctx):
    if db.is_sqlite(ctx.engine):
        pytest.skip("SQLite serves one host: the thread lock separates requests there")
    key = "upload-1"
    lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big", signed=True)
    params = {"cls": uploads._UPLOAD_LOCK_CLASS, "key": lock_id}
    # "Another worker": its own engine and connection, holding the advisory lock.
    other = db.make_engine(str(ctx.engine.url.render_as_string(hide_password=False)))
    held_at: list[float] = []
    with other.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:cls, :key)"), params)

        def take() -> None:
            with uploads._lock(ctx, key):
                held_at.append(time.monotonic())

        worker = threading.Thread(target=take)
        worker.start()
        time.sleep(0.5)
        assert held_at == []  # still waiting for the other process's lock
        released = time.monotonic()
        conn.execute(text("SELECT pg_advisory_unlock(:cls, :key)"), params)
        conn.commit()
        worker.join(10)
    other.dispose()
    assert len(held_at) == 1 and held_at[0] >= released
    # A different upload is never blocked by it.
    with uploads._lock(ctx, "upload-2"):
        pass
