"""What must hold once the faults stop and every laptop has synced (the "heal" phase).

`heal()` turns the faults off and lets every laptop sync until nothing is pending, twice over;
`assert_converged()` then checks, for one inspection:

1. every laptop's state hash equals the server's;
2. every write a laptop made that the server acknowledged is the final value of its field, or
   in the conflicts list of some replica, or was overwritten by an entry written after seeing
   it (its `base_hlc` is at or past the write: a deliberate edit, not a loss);
3. no duplicate records (ids unique across every table of a laptop; rows equal the
   materialised winners, none left waiting) and no duplicate or corrupt blobs;
4. no outbox entry left that the server applied;
5. `PRAGMA integrity_check` is ok on every laptop;
6. every laptop's audit trail of the inspection is byte-identical to the server's
   (`domain.audit.trail_bytes`, legacy rows left out), and names people: no row's actor is a
   device ("device:…") or an operating-system account.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from tests.chaos.conftest import ServerProcess
from tests.chaos.proxy import FaultProxy

from inspector_app.domain.audit import AUDIT_KIND, trail_bytes
from inspector_app.domain.merge import Change, is_concurrent, materialise, winners
from inspector_app.domain.model import ENTITY_TYPES
from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.store import tables
from inspector_app.store.merge import PENDING_KEY, changes_of, get_meta, laptop_state_hash
from inspector_app.sync.client import SyncError, missing_blobs

HEAL_ROUNDS = 2
MAX_HEAL_PASSES = 6


def heal(laptops: Sequence[App], proxy: FaultProxy, **client_options: Any) -> None:
    """Faults off; every laptop syncs until nothing is pending; then everyone once more, twice."""
    proxy.calm()
    for _ in range(HEAL_ROUNDS):
        for _pass in range(MAX_HEAL_PASSES):
            for app in laptops:
                sync_ops.sync_now(app, **client_options)
            if all(_quiet(app) for app in laptops):
                break
        else:
            states = {app.data_dir.name: sync_ops.sync_status(app) for app in laptops}
            raise AssertionError(f"laptops still have work pending after healing: {states}")


def _quiet(app: App) -> bool:
    status = sync_ops.sync_status(app)
    return status.pending_changes == 0 and status.photos_to_upload == 0


def sync_quietly(app: App, **client_options: Any) -> bool:
    """One sync that may fail (faults are on): True when it completed."""
    try:
        sync_ops.sync_now(app, **client_options)
    except SyncError:
        return False
    return True


# ---- reading the server's side ---------------------------------------------------------------


def server_changes(server: ServerProcess, inspection_id: str) -> dict[str, Change]:
    from inspector_app.server import db

    c = db.changes.c
    with server.engine.connect() as conn:
        rows = conn.execute(select(db.changes).where(c.inspection_id == inspection_id)).all()
    found: dict[str, Change] = {}
    for row in rows:
        assert row.change_id not in found, f"the server holds change {row.change_id} twice"
        found[row.change_id] = Change.from_mapping(row._mapping)
    return found


def server_conflict_keys(server: ServerProcess, inspection_id: str) -> set[tuple[str, str]]:
    from inspector_app.server import db

    k = db.conflicts.c
    with server.engine.connect() as conn:
        rows = conn.execute(
            select(k.losing_hlc, k.losing_device_id, k.kind, k.record_id, k.field).where(
                k.inspection_id == inspection_id
            )
        ).all()
    return {
        _conflict_key(r.kind, r.record_id, r.field, r.losing_hlc, r.losing_device_id) for r in rows
    }


def laptop_conflict_keys(app: App, inspection_id: str) -> set[tuple[str, str]]:
    k = tables.conflict.c
    with app.store.read() as conn:
        rows = conn.execute(
            select(k.losing_hlc, k.losing_device_id, k.kind, k.record_id, k.field).where(
                k.inspection_id == inspection_id
            )
        ).all()
    return {
        _conflict_key(r.kind, r.record_id, r.field, r.losing_hlc, r.losing_device_id) for r in rows
    }


def _conflict_key(kind: str, record_id: str, field: str, hlc: str, device: str) -> tuple[str, str]:
    return (f"{kind}/{record_id}/{field}", f"{hlc}@{device}")


def expected_conflicts(entries: Sequence[Change]) -> set[tuple[str, str]]:
    """The spec (docs/sync-protocol.md, domain.merge.is_concurrent) over the full entry set:
    an entry is a conflict when some entry that beats it was written without having seen it."""
    by_field: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for change in entries:
        by_field[(change.kind, change.record_id, change.field)].append(change)
    found = set()
    for (kind, record_id, field), changes in by_field.items():
        changes.sort(key=lambda ch: ch.order)
        for i, loser in enumerate(changes):
            if any(is_concurrent(loser, later) for later in changes[i + 1 :]):
                found.add(_conflict_key(kind, record_id, field, loser.hlc, loser.device_id))
    return found


# ---- the invariants ----------------------------------------------------------------------------


def assert_converged(
    server: ServerProcess,
    laptops: Sequence[App],
    inspection_id: str,
    *,
    check_blobs: bool = True,
) -> None:
    expected_hash = server.state_hash(inspection_id)
    hashes = {app.data_dir.name: laptop_state_hash(app.store, inspection_id) for app in laptops}
    assert set(hashes.values()) == {expected_hash}, (
        f"state hashes differ: server {expected_hash[:12]}, laptops "
        + ", ".join(f"{n} {h[:12]}" for n, h in hashes.items())
    )
    on_server = server_changes(server, inspection_id)
    final = winners(on_server.values())
    conflict_keys = server_conflict_keys(server, inspection_id)
    for app in laptops:
        conflict_keys |= laptop_conflict_keys(app, inspection_id)
    by_field: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for change in on_server.values():
        by_field[(change.kind, change.record_id, change.field)].append(change)

    for app in laptops:
        name = app.data_dir.name
        mine = [
            (row, change)
            for row, change in _log_rows(app, inspection_id)
            if change.device_id == app.store.device_id
        ]
        for acked_at, change in mine:
            if acked_at is None:
                # 4. nothing the server applied may stay in the outbox
                assert change.change_id not in on_server, (
                    f"{name}: {change.change_id} was applied by the server but is still pending"
                )
                continue
            # The server said applied/duplicate: it must hold exactly this entry.
            assert on_server.get(change.change_id) == change, (
                f"{name}: acknowledged {change.change_id} is not on the server as written"
            )
            _assert_not_lost(name, change, final, by_field, conflict_keys)
        _assert_rows_match_entries(app, inspection_id)
        _assert_integrity(app)
        if check_blobs:
            _assert_blobs(app)
    assert_same_trails(server, laptops, inspection_id)
    # Every laptop found the same conflicts (a function of the set of entries).
    spec = expected_conflicts(list(on_server.values()))
    for app in laptops:
        got = laptop_conflict_keys(app, inspection_id)
        assert spec <= got, f"{app.data_dir.name}: conflicts not recorded: {sorted(spec - got)}"
    if check_blobs:
        _assert_server_blobs(server)


def server_trail(server: ServerProcess, inspection_id: str) -> bytes:
    """The server's audit trail of one inspection: the values of its audit entries."""
    return trail_bytes(
        c.value for c in server_changes(server, inspection_id).values() if c.kind == AUDIT_KIND
    )


def laptop_trail(app: App, inspection_id: str) -> bytes:
    """The laptop's audit trail of one inspection, from its audit_log rows (legacy left out:
    they never travel)."""
    a = tables.audit_log.c
    with app.store.read() as conn:
        rows = conn.execute(
            select(tables.audit_log).where(a.inspection_id == inspection_id, ~a.legacy)
        ).mappings()
        return trail_bytes(dict(row) for row in rows)


def assert_same_trails(server: ServerProcess, laptops: Sequence[App], inspection_id: str) -> None:
    """Byte-identical trails on every laptop and the server, naming people."""
    expected = server_trail(server, inspection_id)
    assert expected, "the server holds no audit trail for the inspection"
    for app in laptops:
        got = laptop_trail(app, inspection_id)
        assert got == expected, (
            f"{app.data_dir.name}: audit trail differs from the server's "
            f"({len(got.splitlines())} rows here, {len(expected.splitlines())} there)"
        )
    os_account = getpass.getuser()
    for line in expected.decode("utf-8").splitlines():
        row = json.loads(line)
        assert not row["actor"].startswith("device:"), f"a row names a device: {line}"
        assert row["actor"] not in (os_account, ""), f"a row names the OS account: {line}"


def _log_rows(app: App, inspection_id: str) -> list[tuple[str | None, Change]]:
    c = tables.change_log.c
    with app.store.read() as conn:
        rows = conn.execute(
            select(tables.change_log).where(c.inspection_id == inspection_id)
        ).mappings()
        return [
            (
                row["acked_at"],
                Change.from_mapping(row),
            )
            for row in rows
        ]


def _assert_not_lost(
    name: str,
    change: Change,
    final: dict[tuple[str, str, str], Change],
    by_field: dict[tuple[str, str, str], list[Change]],
    conflict_keys: set[tuple[str, str]],
) -> None:
    key = (change.kind, change.record_id, change.field)
    if final[key].value == change.value:
        return
    if _conflict_key(*key, change.hlc, change.device_id) in conflict_keys:
        return
    later = [w for w in by_field[key] if w.order > change.order]
    overwritten_knowingly = later and all(not is_concurrent(change, w) for w in later)
    assert overwritten_knowingly, (
        f"{name}: acknowledged write {change.kind}.{change.field}={change.value!r} "
        f"({change.hlc}) is neither the final value ({final[key].value!r}) nor a conflict"
    )


def _assert_rows_match_entries(app: App, inspection_id: str) -> None:
    """Rows = materialised winners; every record written; no id in two tables or twice."""
    name = app.data_dir.name
    records = materialise(changes_of(app.store, inspection_id))
    ids: list[str] = []
    audit_records = {rid: f for (kind, rid), f in records.items() if kind == AUDIT_KIND}
    records = {key: f for key, f in records.items() if key[0] != AUDIT_KIND}
    with app.store.read() as conn:
        a = tables.audit_log.c
        audit_rows = {
            row["id"]: row
            for row in conn.execute(
                select(tables.audit_log).where(a.inspection_id == inspection_id, ~a.legacy)
            ).mappings()
        }
        # Audit records materialise as audit_log rows, one per entry, nothing more.
        assert set(audit_rows) == set(audit_records), (
            f"{name}: audit rows and audit entries differ: "
            f"{len(set(audit_rows) ^ set(audit_records))} id(s)"
        )
        for kind, table in tables.ENTITY_TABLES.items():
            if kind == "inspection":
                query = select(table).where(table.c.id == inspection_id)
            else:
                query = select(table).where(table.c.inspection_id == inspection_id)
            for row in conn.execute(query).mappings():
                ids.append(row["id"])
                fields = records.get((kind, row["id"]))
                assert fields is not None, f"{name}: {kind} {row['id']} has a row but no entries"
                model = ENTITY_TYPES[kind].model_fields
                for field, value in fields.items():
                    if field in model:
                        assert row[field] == value, (
                            f"{name}: {kind} {row['id']}.{field} row {row[field]!r} ≠ "
                            f"winning entry {value!r}"
                        )
    assert len(ids) == len(set(ids)), f"{name}: duplicate record ids"
    assert len(ids) == len(records), (
        f"{name}: {len(records)} records in the change log, {len(ids)} rows "
        f"(waiting: {get_meta(app.store, PENDING_KEY)})"
    )


def _assert_integrity(app: App) -> None:
    with app.store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        ids = conn.execute(
            text("SELECT count(*) - count(DISTINCT change_id) FROM change_log")
        ).scalar_one()
        assert ids == 0, f"{app.data_dir.name}: change ids repeated in the change log"


def _assert_blobs(app: App) -> None:
    name = app.data_dir.name
    assert missing_blobs(app.store, app.blobs) == [], f"{name}: photos still pending after healing"
    seen: set[str] = set()
    for path in Path(app.blobs.originals).rglob("*"):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert digest == path.name, f"{name}: blob {path} does not match its name"
            assert digest not in seen, f"{name}: blob {digest} stored twice"
            seen.add(digest)


def _assert_server_blobs(server: ServerProcess) -> None:
    seen: set[str] = set()
    for path in server.blobs.rglob("*"):
        # Unfinished uploads, and the print-size copies the server makes for issuing reports
        # (derivatives: named by their original's hash, not their own).
        if not path.is_file() or {".uploads", ".report-cache"} & set(path.parts):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == path.name, f"server blob {path} does not match its name"
        assert digest not in seen, f"server blob {digest} stored twice"
        seen.add(digest)
