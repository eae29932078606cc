"""Sync verbs: enrol this laptop, sync now, USB bundles, conflicts, sync status.

The CLI (`sync/commands.py`) and the app (`ui/sync_panel.py`) call these; the work itself is
in `sync/client.py` (HTTP), `sync/bundle.py` (files) and `store/merge.py` (the merge).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import httpx
from sqlalchemy import update

from inspector_app.domain.errors import DomainError
from inspector_app.operations.context import App
from inspector_app.operations.inspections import guarded_write
from inspector_app.store import tables
from inspector_app.store.merge import get_meta, open_conflicts, set_meta
from inspector_app.store.store import pending_changes
from inspector_app.sync.bundle import ExportSummary, ImportSummary, export_bundle, import_bundle
from inspector_app.sync.client import (
    LAST_SYNC_KEY,
    SERVER_KEY,
    NotEnrolled,
    SyncClient,
    SyncError,
    SyncReport,
    missing_blobs,
    pending_uploads,
)
from inspector_app.sync.credentials import CredentialStore

ProgressFn = Callable[[int, int, str], None]
USER_KEY = "sync_user"


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    user: str
    role: str
    teams: list[str]
    token_stored_in: str


@dataclass(frozen=True)
class SyncStatus:
    server_url: str | None
    enrolled: bool
    last_sync_at: str | None
    pending_changes: int  # saves not yet acknowledged by the server
    photos_to_upload: int
    photos_pending: int  # records whose photo has not arrived on this laptop yet
    open_conflicts: int


def credentials(app: App) -> CredentialStore:
    return CredentialStore(app.data_dir)


def server_url_of(app: App, server_url: str | None = None) -> str:
    url = server_url or get_meta(app.store, SERVER_KEY)
    if not url:
        raise SyncError("no server: enrol first (inspector-app enroll --server URL --code CODE)")
    return url.rstrip("/")


def enroll(
    app: App,
    server_url: str,
    code: str,
    *,
    device_name: str = "",
    transport: httpx.BaseTransport | None = None,
) -> Enrolment:
    """Trade a one-time code for this laptop's token; keep the token and the server URL."""
    url = server_url.rstrip("/")
    with SyncClient(app, url, None, transport=transport) as client:
        answer = client.enroll(code.strip(), device_name=device_name or _device_name())
    where = credentials(app).set(url, answer.token)
    set_meta(app.store, SERVER_KEY, url)
    set_meta(app.store, USER_KEY, answer.user)
    return Enrolment(url, answer.user, answer.role, list(answer.teams), where)


def _device_name() -> str:
    import platform

    return platform.node()[:200]


def sync_now(
    app: App,
    server_url: str | None = None,
    progress: ProgressFn | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    **client_options: Any,
) -> SyncReport:
    url = server_url_of(app, server_url)
    token = credentials(app).get(url)
    if not token:
        raise NotEnrolled(f"this laptop is not enrolled with {url}; run inspector-app enroll")
    with SyncClient(app, url, token, transport=transport, **client_options) as client:
        return client.sync(progress)


def server_reachable(app: App, *, transport: httpx.BaseTransport | None = None) -> bool:
    url = get_meta(app.store, SERVER_KEY)
    if not url:
        return False
    with SyncClient(app, url, None, transport=transport) as client:
        return client.health()


def bundle_export(app: App, inspection_id: str, path: Path | str) -> ExportSummary:
    return export_bundle(app, inspection_id, path)


def bundle_import(app: App, path: Path | str) -> ImportSummary:
    return import_bundle(app, path)


# ---- conflicts ----------------------------------------------------------------------------


def list_conflicts(app: App, inspection_id: str | None = None) -> list[dict[str, Any]]:
    """Open conflicts: record, field, both values, both devices and clocks."""
    with app.store.read() as conn:
        return open_conflicts(conn, inspection_id)


def resolve_conflict(
    app: App,
    conflict_id: str,
    keep: Literal["winner", "loser"],
    revision_reason: str | None = None,
) -> None:
    """Close a conflict. Keeping the losing value writes it again as a new local change
    (audited, synced, and — being newer than the winner it saw — the value everywhere).
    On a locked inspection that change needs a revision reason, like any other."""
    if keep not in ("winner", "loser"):
        raise DomainError("keep", "choose 'winner' or 'loser'")
    conflict = next((c for c in list_conflicts(app) if c["id"] == conflict_id), None)
    if conflict is None:
        raise DomainError("conflict", f"no open conflict with id {conflict_id}")
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    k = tables.conflict.c
    reason = "conflict resolved: kept the other laptop's value"
    with guarded_write(app, conflict["inspection_id"], revision_reason) as (uow, _):
        uow.reason = "; ".join(r for r in (uow.reason, reason) if r)
        if keep == "loser":
            uow.update(
                conflict["kind"],
                conflict["record_id"],
                {conflict["field"]: conflict["losing_value"]},
            )
        uow.conn.execute(update(tables.conflict).where(k.id == conflict_id).values(resolved_at=at))


# ---- status -------------------------------------------------------------------------------


def sync_status(app: App) -> SyncStatus:
    url = get_meta(app.store, SERVER_KEY)
    enrolled = bool(url and credentials(app).get(url))
    with app.store.read() as conn:
        pending = pending_changes(conn)
        conflicts = len(open_conflicts(conn))
    return SyncStatus(
        server_url=url,
        enrolled=enrolled,
        last_sync_at=get_meta(app.store, LAST_SYNC_KEY),
        pending_changes=pending,
        photos_to_upload=len(pending_uploads(app)),
        photos_pending=len(missing_blobs(app)),
        open_conflicts=conflicts,
    )
