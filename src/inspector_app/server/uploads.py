"""Photo and signature blobs (and issued reports' PDFs): content-addressed files, chunked
resumable uploads.

A blob lives at `<blobs>/<first two hex digits>/<sha256>` and becomes visible only after its
bytes were hashed and matched: chunks go to a temporary file under `<blobs>/.uploads/`, whose
offset is recorded in the database only after the bytes are fsynced; the last chunk triggers
the hash check, an fsync, an atomic rename and then the `complete` flag.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Text, cast, delete, insert, select, text, update

from inspector_app.domain.ids import new_id
from inspector_app.server import db
from inspector_app.server.auth import Principal, iso, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError, invalid, not_found
from inspector_app.store.db import json_compact
from inspector_app.sync.protocol import UploadState

# These patterns also go to pydantic (Rust regex: `$` is the end of the text). Python's `re`
# lets `$` match before a trailing newline, so Python code checks with `fullmatch`.
SHA256_PATTERN = r"^[0-9a-f]{64}$"
UPLOAD_ID_PATTERN = r"^[0-9a-f-]{1,64}$"
re_sha = re.compile(SHA256_PATTERN)


def is_sha256(value: str) -> bool:
    """64 lowercase hex digits and nothing else (no trailing newline)."""
    return re_sha.fullmatch(value) is not None


SWEEP_EVERY_S = 600  # how often start_upload looks for stale unfinished uploads
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_UPLOAD_LOCK_CLASS = 0x0B10B  # advisory-lock class of upload locks (PostgreSQL)


def _local_lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


@contextmanager
def _lock(ctx: ServerContext, key: str) -> Iterator[None]:
    """One writer per upload (or per hash) across threads AND server processes.

    PostgreSQL (several workers in production): a session-level advisory lock on its own
    connection, keyed by the upload id or hash. SQLite serves one host; the thread lock is
    what separates requests there (a second IMMEDIATE transaction would wait on our own).
    """
    with _local_lock(key):
        if db.is_sqlite(ctx.engine):
            yield
            return
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        lock_id = int.from_bytes(digest[:4], "big", signed=True)
        params = {"cls": _UPLOAD_LOCK_CLASS, "key": lock_id}
        with ctx.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:cls, :key)"), params)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:cls, :key)"), params)
                conn.commit()


def has_blob(ctx: ServerContext, sha256: str) -> int | None:
    """The size of a complete, visible blob; None when the server does not have it."""
    b = db.blobs.c
    with ctx.engine.connect() as conn:
        size = conn.execute(
            select(b.size).where(b.sha256 == sha256, b.complete.is_(True))
        ).scalar_one_or_none()
    if size is None or not ctx.blob_path(sha256).is_file():
        return None
    return int(size)


def may_download(ctx: ServerContext, principal: Principal, sha256: str) -> bool:
    """Photo access follows the record: an accepted photo/signature entry of an inspection
    the device may see references the hash, AND a device of a member of that inspection's
    team sent the bytes (blob_uploaders). Knowing a hash, even referencing it from one's
    own team's inspection, is not enough. Reviewers and admins see every inspection."""
    r, i, up, d, m = (
        db.blob_refs.c,
        db.inspections.c,
        db.blob_uploaders.c,
        db.devices.c,
        db.memberships.c,
    )
    # inspection -> its team's members -> their devices -> those that uploaded the blob
    query = (
        select(r.inspection_id)
        .join(db.inspections, i.id == r.inspection_id)
        .join(db.memberships, m.team == i.team)
        .join(db.devices, d.user_name == m.user_name)
        .join(db.blob_uploaders, (up.device_id == d.device_id) & (up.sha256 == r.sha256))
        .where(r.sha256 == sha256)
    )
    if not principal.sees_everything:
        query = query.where(i.team.in_(principal.teams))
    with ctx.engine.connect() as conn:
        if conn.execute(query.limit(1)).first() is not None:
            return True
        return conn.execute(_issued_pdf_query(principal, sha256).limit(1)).first() is not None


def _issued_pdf_query(principal: Principal, sha256: str):
    """An issued report's PDF (server/issue.py): the server made the bytes, so the rule is
    the record's alone — an issued_report of an inspection the device may see names the hash,
    and its author (the reviewer's console device) is recorded as having produced them."""
    w, i, up = db.winners.c, db.inspections.c, db.blob_uploaders.c
    query = (
        select(w.inspection_id)
        .join(db.inspections, i.id == w.inspection_id)
        .join(db.blob_uploaders, (up.device_id == w.device_id) & (up.sha256 == sha256))
        .where(
            w.kind == "issued_report",
            w.field == "pdf_sha256",
            # The JSON value as stored (json_compact): a quoted hash on SQLite and PostgreSQL.
            cast(w.value, Text) == json_compact(sha256),
        )
    )
    if not principal.sees_everything:
        query = query.where(i.team.in_(principal.teams))
    return query


def has_uploaded(conn: Connection, principal: Principal, sha256: str) -> bool:
    """Did this device, or a device of a member of one of its user's teams, send the bytes?"""
    up, d, m = db.blob_uploaders.c, db.devices.c, db.memberships.c
    mates = select(m.user_name).where(m.team.in_(principal.teams))
    query = (
        select(up.device_id)
        .join(db.devices, d.device_id == up.device_id)
        .where(
            up.sha256 == sha256,
            (up.device_id == principal.device_id) | d.user_name.in_(mates),
        )
    )
    return conn.execute(query.limit(1)).first() is not None


def _state(row: object) -> UploadState:
    return UploadState(
        upload_id=row.id,  # type: ignore[attr-defined]
        sha256=row.sha256,  # type: ignore[attr-defined]
        size=row.size,  # type: ignore[attr-defined]
        offset=row.offset,  # type: ignore[attr-defined]
        complete=row.complete,  # type: ignore[attr-defined]
    )


def remove_stale_uploads(ctx: ServerContext, now: datetime | None = None) -> int:
    """Remove unfinished uploads untouched for `stale_upload_hours` (row and temporary file),
    and files under .uploads/ that no upload names and are as old; how many uploads went.

    A laptop that comes back later hears 404 for its upload id and starts the upload again.
    """
    now = now or utc_now()
    cutoff = now - timedelta(hours=ctx.settings.stale_upload_hours)
    u = db.uploads.c
    with ctx.engine.connect() as conn:
        stale = conn.execute(
            select(u.id, u.temp_path).where(u.complete.is_(False), u.updated_at < iso(cutoff))
        ).all()
    removed = 0
    for upload_id, temp_path in stale:
        with _lock(ctx, upload_id), db.write_transaction(ctx.engine) as conn:
            # Checked again under the upload's lock: a chunk may have arrived meanwhile.
            gone = conn.execute(
                delete(db.uploads).where(
                    u.id == upload_id, u.complete.is_(False), u.updated_at < iso(cutoff)
                )
            ).rowcount
            if gone:
                if temp_path:
                    Path(temp_path).unlink(missing_ok=True)
                removed += 1
    with ctx.engine.connect() as conn:
        named = {Path(p).name for p in conn.execute(select(u.temp_path)).scalars() if p}
    for path in ctx.uploads_dir.glob("*"):
        try:
            old = path.stat().st_mtime < cutoff.timestamp()
        except OSError:
            continue
        if path.is_file() and path.name not in named and old:
            path.unlink(missing_ok=True)
    return removed


def _sweep_now_and_then(ctx: ServerContext) -> None:
    """At most every SWEEP_EVERY_S seconds, on the way into a new upload."""
    now = time.monotonic()
    if ctx.last_upload_sweep is not None and now - ctx.last_upload_sweep < SWEEP_EVERY_S:
        return
    ctx.last_upload_sweep = now
    remove_stale_uploads(ctx)


def start_upload(ctx: ServerContext, principal: Principal, sha256: str, size: int) -> UploadState:
    """A new upload, the unfinished one of the same hash (resume), or a complete state."""
    _sweep_now_and_then(ctx)
    if size > ctx.settings.max_blob_bytes:
        raise ApiError(
            413, "too_large", f"a blob may be at most {ctx.settings.max_blob_bytes} bytes"
        )
    u = db.uploads.c
    now = iso(utc_now())
    with _lock(ctx, sha256), db.write_transaction(ctx.engine) as conn:
        row = conn.execute(select(db.uploads).where(u.sha256 == sha256)).first()
        present = has_blob(ctx, sha256)
        # Already here, sent by this team: nothing to upload. Sent only by another team's
        # device: knowing the hash is no proof of holding the photo, so this device uploads
        # the bytes too (its last chunk is hash-checked), and then its team may fetch it.
        if present is not None and has_uploaded(conn, principal, sha256):
            # Already here (e.g. sent by another laptop): nothing to upload.
            values = {"size": present, "offset": present, "complete": True, "updated_at": now}
            upload_id = row.id if row is not None else new_id()
            if row is None:
                conn.execute(
                    insert(db.uploads).values(
                        id=upload_id,
                        sha256=sha256,
                        temp_path="",
                        device_id=principal.device_id,
                        created_at=now,
                        **values,
                    )
                )
            elif not row.complete:
                conn.execute(update(db.uploads).where(u.id == upload_id).values(**values))
            return UploadState(
                upload_id=upload_id, sha256=sha256, size=present, offset=present, complete=True
            )
        if row is not None and not row.complete and row.size == size:
            return _state(row)  # resume
        # A new upload, or one started with another size (one of them lied): start over.
        upload_id = row.id if row is not None else new_id()
        temp = ctx.uploads_dir / upload_id
        ctx.uploads_dir.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(b"")
        values = {
            "sha256": sha256,
            "size": size,
            "offset": 0,
            "temp_path": str(temp),
            "complete": False,
            "device_id": principal.device_id,
            "updated_at": now,
        }
        if row is None:
            conn.execute(insert(db.uploads).values(id=upload_id, created_at=now, **values))
        else:
            conn.execute(update(db.uploads).where(u.id == upload_id).values(**values))
    return UploadState(upload_id=upload_id, sha256=sha256, size=size, offset=0)


def get_upload(ctx: ServerContext, upload_id: str) -> UploadState:
    with ctx.engine.connect() as conn:
        row = conn.execute(select(db.uploads).where(db.uploads.c.id == upload_id)).first()
    if row is None:
        raise not_found(f"no upload {upload_id}")
    return _state(row)


def put_chunk(
    ctx: ServerContext, principal: Principal, upload_id: str, offset: int, data: bytes
) -> UploadState:
    """Write one chunk at `offset`; the last one verifies the hash and publishes the blob,
    recording the sending device as one of its uploaders."""
    u = db.uploads.c
    with _lock(ctx, upload_id):
        with ctx.engine.connect() as conn:
            row = conn.execute(select(db.uploads).where(u.id == upload_id)).first()
        if row is None:
            raise not_found(f"no upload {upload_id}")
        state = _state(row)
        if not row.complete:
            on_disk = _size_on_disk(Path(row.temp_path))
            if on_disk < row.offset:  # the file lost bytes: resume from what is really there
                state = _set_offset(ctx, upload_id, on_disk)
        if state.complete or offset != state.offset:
            raise ApiError(
                409,
                "wrong_offset",
                f"the upload is at offset {state.offset} (complete: {state.complete}); "
                f"a chunk for offset {offset} does not fit",
                upload=state,
            )
        if offset + len(data) > state.size:
            raise invalid(f"the chunk runs past the declared size of {state.size} bytes")
        if not data:
            return state
        temp = Path(row.temp_path)
        _write_at(temp, offset, data)
        new_offset = offset + len(data)
        if new_offset < state.size:
            return _set_offset(ctx, upload_id, new_offset)
        return _finish(ctx, principal, upload_id, state.sha256, state.size, temp)


def _size_on_disk(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _write_at(path: Path, offset: int, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "r+b" if path.exists() else "wb"
    with open(path, mode) as fh:
        fh.seek(offset)
        fh.write(data)
        fh.truncate()  # bytes past the recorded offset were never acknowledged
        fh.flush()
        os.fsync(fh.fileno())


def _set_offset(ctx: ServerContext, upload_id: str, offset: int) -> UploadState:
    u = db.uploads.c
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(
            update(db.uploads)
            .where(u.id == upload_id)
            .values(offset=offset, updated_at=iso(utc_now()))
        )
        row = conn.execute(select(db.uploads).where(u.id == upload_id)).one()
    return _state(row)


def _finish(
    ctx: ServerContext, principal: Principal, upload_id: str, sha256: str, size: int, temp: Path
) -> UploadState:
    digest = hashlib.sha256()
    with open(temp, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    u = db.uploads.c
    if digest.hexdigest() != sha256:
        temp.unlink(missing_ok=True)
        with db.write_transaction(ctx.engine) as conn:
            conn.execute(delete(db.uploads).where(u.id == upload_id))
        raise ApiError(
            422,
            "hash_mismatch",
            f"the bytes received hash to {digest.hexdigest()}, not {sha256}; the blob was not "
            "stored, start the upload again",
        )
    final = ctx.blob_path(sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, final)
    _fsync_dir(final.parent)
    now = iso(utc_now())
    b = db.blobs.c
    with db.write_transaction(ctx.engine) as conn:
        if conn.execute(select(b.sha256).where(b.sha256 == sha256)).first() is None:
            conn.execute(
                insert(db.blobs).values(sha256=sha256, size=size, complete=True, created_at=now)
            )
        else:
            conn.execute(
                update(db.blobs).where(b.sha256 == sha256).values(complete=True, size=size)
            )
        conn.execute(
            update(db.uploads)
            .where(u.id == upload_id)
            .values(offset=size, complete=True, temp_path="", updated_at=now)
        )
        up = db.blob_uploaders.c
        mine = (up.sha256 == sha256) & (up.device_id == principal.device_id)
        if conn.execute(select(up.device_id).where(mine)).first() is None:
            conn.execute(
                insert(db.blob_uploaders).values(sha256=sha256, device_id=principal.device_id)
            )
    # The report derivative of a photo, made once as it arrives (as a laptop does at import),
    # so issuing a report does not decode camera photos. Never fails the upload.
    from inspector_app.server.issue import warm_derivative

    warm_derivative(ctx, sha256)
    return UploadState(upload_id=upload_id, sha256=sha256, size=size, offset=size, complete=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
