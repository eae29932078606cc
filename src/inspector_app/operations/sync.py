"""Sync verbs: enrol this laptop, sync now, USB bundles, conflicts, sync status.

The CLI (`cli/sync.py`) and the app (`ui/sync_panel.py`) call these; the work itself is
in `sync/client.py` (HTTP), `sync/bundle.py` (files) and `store/merge.py` (the merge). This
module runs the steps: it hands the client the store, the blob store, the token and this
device's signing key, keeps the checklist files the server sends, and reloads the checklist
library through `App.reload_library` (thread-safe: a sync runs off the GUI thread).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from inspector_app.domain.errors import DomainError
from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY, App
from inspector_app.operations.inspections import guarded_write
from inspector_app.store import keys as store_keys
from inspector_app.store import queries
from inspector_app.store.merge import get_meta, open_conflicts, set_meta
from inspector_app.store.store import pending_changes
from inspector_app.sync.credentials import CredentialStore, DeviceKeyStore
from inspector_app.sync.state import (
    LAST_SYNC_KEY,
    SERVER_KEY,
    NotEnrolled,
    SyncError,
    missing_blobs,
    pending_uploads,
)

if TYPE_CHECKING:
    # The client (httpx, the protocol models, the bundle code) loads when the laptop syncs,
    # not when a window shows the sync status (docs/startup-budget.md).
    import httpx

    from inspector_app.sync.bundle import ExportSummary, ImportSummary
    from inspector_app.sync.client import SyncClient, SyncReport
    from inspector_app.sync.protocol import ChecklistFile
    from inspector_app.sync.signing import SigningKey

ProgressFn = Callable[[int, int, str], None]
USER_KEY = ACCOUNT_KEY  # the enrolled account (meta "sync_user"); the trail names it
# Set by wipe_after_revocation (D38): when the center's revocation wiped this laptop, and why.
REVOKED_KEY = "revoked_wiped_at"
REVOKED_REASON_KEY = "revoked_wiped_reason"
REVOKED_NOTICE = (
    "the center revoked this laptop: its credentials and its data key were deleted; the "
    "data here can no longer be opened once the app is closed; changes not yet synced are lost"
)
REVOKED_NOTICE_PLAIN = (
    "the center revoked this laptop: its credentials were deleted; changes not yet synced "
    "can no longer reach the center"
)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    user: str
    role: str
    teams: list[str]
    token_stored_in: str


@dataclass(frozen=True)
class HeldDevice:
    """Bundle entries of one author device waiting for its key (sync/verify.py)."""

    device_id: str
    entries: int
    reason: str  # why they wait, as the first held entry says


@dataclass(frozen=True)
class SyncStatus:
    server_url: str | None
    enrolled: bool
    last_sync_at: str | None
    pending_changes: int  # saves not yet acknowledged by the server
    photos_to_upload: int
    photos_pending: int  # records whose photo has not arrived on this laptop yet
    open_conflicts: int
    held: list[HeldDevice] = field(default_factory=list)  # entries waiting for a device key
    revoked_wiped_at: str | None = None  # the center revoked this laptop (D38)
    data_key_wiped: bool = False  # …and its data key went with the credentials

    @property
    def held_entries(self) -> int:
        return sum(h.entries for h in self.held)


def credentials(app: App) -> CredentialStore:
    return CredentialStore(app.data_dir)


def server_url_of(app: App, server_url: str | None = None) -> str:
    url = server_url or get_meta(app.store, SERVER_KEY)
    if not url:
        raise SyncError("no server: enrol first (inspector-app enroll --server URL --code CODE)")
    return url.rstrip("/")


def server_address(address: str) -> str:
    """The address as kept: an http(s) URL with a host, no trailing slash ("" stays "").
    Raises DomainError("server", …) otherwise."""
    from urllib.parse import urlsplit

    url = address.strip().rstrip("/")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DomainError(
                "server",
                f"'{address.strip()}' is not a server address: write it as "
                "https://host[:port] (the center's administrator gives it)",
            )
    return url


def save_server_address(app: App, address: str) -> str:
    """Keep the center's server address for a later enrolment (first start, offline)."""
    url = server_address(address)
    set_meta(app.store, SERVER_KEY, url or None)
    return url


def saved_server_address(app: App) -> str:
    return get_meta(app.store, SERVER_KEY) or ""


def enroll(
    app: App,
    server_url: str,
    code: str,
    *,
    device_name: str = "",
    transport: httpx.BaseTransport | None = None,
) -> Enrolment:
    """Trade a one-time code for this laptop's token, registering the device's public key
    (made here on first use); keep the token, the server URL, the account and its role (the
    audit trail names them from now on)."""
    url = server_url.rstrip("/")
    key = signing_key(app)
    with _client(app, url, None, transport=transport) as client:
        answer = client.enroll(
            code.strip(), key.public_text, device_name=device_name or _device_name()
        )
    where = credentials(app).set(url, answer.token)
    set_meta(app.store, SERVER_KEY, url)
    set_meta(app.store, ACCOUNT_KEY, answer.user)
    set_meta(app.store, ROLE_KEY, answer.role)
    return Enrolment(url, answer.user, answer.role, list(answer.teams), where)


def signing_key(app: App) -> SigningKey:
    """This device's Ed25519 key (keyring, else a 0600 file in the data dir); made once."""
    return DeviceKeyStore(app.data_dir, app.store.device_id).get_or_create()


def _client(app: App, url: str, token: str | None, **options: Any) -> SyncClient:
    """Every client the operations make: whichever call hears `device_revoked` (sync, the
    pool, the deadlines, a rectification fetch) wipes this laptop before DeviceRevoked."""
    from inspector_app.sync.client import SyncClient

    options.setdefault(
        "on_revoked", lambda reason: wipe_after_revocation(app, reason, server_url=url)
    )
    return SyncClient(app.store, app.blobs, url, token, **options)


# ---- revocation (D38) ---------------------------------------------------------------------


def wipe_after_revocation(app: App, reason: str = "", *, server_url: str | None = None) -> None:
    """The center revoked this laptop: delete the device token (keyring and file), the
    signing key (keyring and file), then the data key (keyring entry and data-key.json) —
    in that order, each best effort and logged — and record when and why in meta.

    The open store keeps working until the app closes (its key is in memory): the meta
    note is written through it. A plain folder has no data key: only the credentials go."""
    from inspector_app.store.crypto import is_encrypted, wipe_data_key

    url = server_url or get_meta(app.store, SERVER_KEY) or ""
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    why = reason or "the center revoked this device"
    encrypted = is_encrypted(app.data_dir)
    log.warning("%s: this laptop was revoked (%s): wiping its credentials", app.data_dir, why)
    steps = [
        lambda: credentials(app).wipe(url) if url else ["device token: no server address"],
        lambda: DeviceKeyStore(app.data_dir, app.store.device_id).wipe(),
        lambda: wipe_data_key(app.data_dir, f"revoked at {at}: {why}") if encrypted else [],
    ]
    for step in steps:
        try:
            for line in step():
                log.warning("revoked laptop %s: %s", app.data_dir, line)
        except Exception:  # best effort: the next thing to delete still goes
            log.exception("revoked laptop %s: a deletion failed", app.data_dir)
    try:
        set_meta(app.store, REVOKED_KEY, at)
        set_meta(app.store, REVOKED_REASON_KEY, why)
    except Exception:
        log.exception("revoked laptop %s: could not record the wipe in meta", app.data_dir)


def revocation_notice(app: App) -> str | None:
    """The one line to show once this laptop was wiped after a revocation, else None."""
    from inspector_app.store.crypto import is_encrypted

    if not get_meta(app.store, REVOKED_KEY):
        return None
    return REVOKED_NOTICE if is_encrypted(app.data_dir) else REVOKED_NOTICE_PLAIN


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
    """Push (own entries signed first), photos up, the team's keys (then bundle entries that
    waited for them), pull, photos down. `progress` may raise to cancel between steps."""
    url = server_url_of(app, server_url)
    token = credentials(app).get(url)
    if not token:
        notice = revocation_notice(app)
        if notice is not None:  # wiped by an earlier sync: say why, not "enrol"
            from inspector_app.sync.client import DeviceRevoked

            raise DeviceRevoked(notice)
        raise NotEnrolled(f"this laptop is not enrolled with {url}; run inspector-app enroll")
    from inspector_app.sync.client import SyncReport

    report = SyncReport()
    tick = progress or (lambda _done, _total, _text: None)
    options = {
        "signing_key": signing_key(app),
        "on_checklist": lambda checklist: keep_checklist(app, checklist),
        "transport": transport,
        **client_options,
    }
    try:
        with _client(app, url, token, **options) as client:
            client.push(report, tick)
            client.upload_blobs(report, tick)
            client.pull_keys(report, tick)
            if report.keys is not None:
                _retry_held(app, report)
            client.pull_expert_pool(report, tick)
            client.pull_deadlines(report, tick)
            client.pull(report, tick)
            client.download_blobs(report, tick)
            client.finish(report)
    finally:
        # Even a sync cut short may have kept a checklist file: the next use must see it.
        if report.checklists:
            app.reload_library()
    return report


def _retry_held(app: App, report: SyncReport) -> None:
    """Bundle entries that waited for their author's key, tried again now keys are fresh."""
    from inspector_app.sync.verify import retry_held

    retry = retry_held(app.store)
    report.held_applied += retry.applied
    report.held_waiting = retry.still_waiting
    if retry.merge is not None:
        report.conflicts_new += retry.merge.conflicts_new
    report.problems.extend(f"held {cid}: {why}" for cid, why in retry.refused)


def keep_checklist(app: App, checklist: ChecklistFile) -> str | None:
    """Validate a received checklist file, then keep it (immutable) beside the bundled ones.
    Returns None when kept, "" when this laptop has it already, else the problem."""
    name = f"{checklist.id}.v{checklist.version}.yaml"
    if "/" in name or "\\" in name or name.startswith("."):
        return "not a usable file name"
    target_dir = app.data_dir / "checklists"
    target = target_dir / name
    if target.exists():
        if target.read_text(encoding="utf-8") != checklist.yaml:
            return "differs from the copy on this laptop"
        return ""
    try:
        if (checklist.id, checklist.version) in app.library:
            return ""  # bundled with this app version already
    except Exception:  # a broken library must not stop receiving a fixed checklist
        pass
    from inspector_app.checklist.loader import check_checklist_document

    with tempfile.TemporaryDirectory(dir=app.data_dir) as staging:
        staged = Path(staging) / name
        staged.write_text(checklist.yaml, encoding="utf-8")
        parsed, problems, _doc = check_checklist_document(staged, rule_profiles=set(app.profiles))
        if parsed is None or problems:
            return str(problems[0]) if problems else "not a checklist"
        if parsed.key != (checklist.id, checklist.version):
            return f"the file holds {parsed.key}"
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), target)
    return None


def server_reachable(app: App, *, transport: httpx.BaseTransport | None = None) -> bool:
    url = get_meta(app.store, SERVER_KEY)
    if not url:
        return False
    with _client(app, url, None, transport=transport) as client:
        return client.health()


def bundle_export(app: App, inspection_id: str, path: Path | str) -> ExportSummary:
    """Write one inspection's signed entries and blobs to a bundle file (this device's
    entries are signed first with its key, made now if this laptop has none yet)."""
    from inspector_app.operations.inspections import get_inspection

    get_inspection(app, inspection_id)  # a clear error for an unknown id
    from inspector_app.sync.bundle import export_bundle

    key = DeviceKeyStore(app.data_dir, app.store.device_id).get_or_create()
    return export_bundle(app.store, app.blobs, key, inspection_id, path)


def bundle_import(app: App, path: Path | str) -> ImportSummary:
    from inspector_app.sync.bundle import import_bundle

    return import_bundle(app.store, app.blobs, path)


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
    reason = "conflict resolved: kept the other laptop's value"
    with guarded_write(app, conflict["inspection_id"], revision_reason) as (uow, _):
        uow.reason = "; ".join(r for r in (uow.reason, reason) if r)
        if keep == "loser":
            uow.update(
                conflict["kind"],
                conflict["record_id"],
                {conflict["field"]: conflict["losing_value"]},
            )
        queries.mark_conflict_resolved(uow.conn, conflict_id, at)


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
        photos_to_upload=len(pending_uploads(app.store, app.blobs)),
        photos_pending=len(missing_blobs(app.store, app.blobs)),
        open_conflicts=conflicts,
        held=held_devices(app),
        revoked_wiped_at=get_meta(app.store, REVOKED_KEY),
        data_key_wiped=_data_key_wiped(app),
    )


def _data_key_wiped(app: App) -> bool:
    from inspector_app.store.crypto import is_encrypted

    return bool(get_meta(app.store, REVOKED_KEY)) and is_encrypted(app.data_dir)


def held_devices(app: App) -> list[HeldDevice]:
    """Bundle entries waiting for their author device's key, one line per device."""
    by_device: dict[str, list[store_keys.HeldEntry]] = {}
    for entry in store_keys.held(app.store):
        by_device.setdefault(entry.device_id, []).append(entry)
    return [
        HeldDevice(device, len(entries), entries[0].reason)
        for device, entries in sorted(by_device.items())
    ]


def __getattr__(name: str) -> Any:
    # What callers above operations catch (cli/sync.py), without importing the sync client
    # (httpx) when this module loads.
    if name == "DeviceRevoked":
        from inspector_app.sync.client import DeviceRevoked

        return DeviceRevoked
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
