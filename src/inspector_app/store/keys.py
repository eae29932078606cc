"""Signatures, the team's device keys and held entries, as the laptop's store keeps them.

- Own entries are signed as they leave the laptop (push, bundle export): `unsigned_own`
  lists them, `set_signatures` stores the signatures so an entry is signed once.
- `device_key` holds the public keys of the team's devices as the server last listed them.
- `held_change` holds bundle entries whose author key is not known yet (docs/sync-protocol.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from inspector_app.domain.merge import CHANGE_FIELDS, Change
from inspector_app.store import tables
from inspector_app.store.store import Store, _iso, utc_now

_CHUNK = 400


@dataclass(frozen=True)
class DeviceKey:
    device_id: str
    public_key: str  # base64 raw Ed25519
    user_name: str
    revoked_at: str | None = None


@dataclass(frozen=True)
class HeldEntry:
    change_id: str
    entry: dict[str, Any]  # the ChangeEntry as it came (signature included)
    device_id: str
    inspection_id: str
    reason: str
    source: str
    received_at: str


def _write(store: Store):  # a connection with the write lock taken up front
    return store.engine.connect().execution_options(sqlite_begin="IMMEDIATE")


# ---- signatures ---------------------------------------------------------------------------


def unsigned_own(store: Store, inspection_id: str | None = None) -> list[Change]:
    """This device's entries that carry no signature yet (of one inspection), clock order."""
    c = tables.change_log.c
    query = select(*[c[name] for name in CHANGE_FIELDS]).where(
        c.device_id == store.device_id, c.signature.is_(None)
    )
    if inspection_id is not None:
        query = query.where(c.inspection_id == inspection_id)
    with store.read() as conn:
        changes = [Change.from_mapping(r) for r in conn.execute(query).mappings()]
    changes.sort(key=lambda ch: ch.order)
    return changes


def set_signatures(store: Store, signatures: Mapping[str, str]) -> None:
    """Store signatures of own entries (one transaction); an entry already signed keeps its."""
    if not signatures:
        return
    c = tables.change_log.c
    with _write(store) as conn, conn.begin():
        for change_id, signature in signatures.items():
            conn.execute(
                update(tables.change_log)
                .where(c.change_id == change_id, c.signature.is_(None))
                .values(signature=signature)
            )


# ---- the team's device keys ---------------------------------------------------------------


def replace_device_keys(store: Store, keys: Iterable[DeviceKey]) -> None:
    """The server's current list replaces the stored one (a revoked key stays, marked)."""
    now = _iso(utc_now())
    rows = [
        {
            "device_id": k.device_id,
            "public_key": k.public_key,
            "user_name": k.user_name,
            "revoked_at": k.revoked_at,
            "fetched_at": now,
        }
        for k in keys
    ]
    with _write(store) as conn, conn.begin():
        conn.execute(delete(tables.device_key))
        if rows:
            conn.execute(insert(tables.device_key), rows)


def device_keys(store: Store) -> dict[str, DeviceKey]:
    k = tables.device_key.c
    with store.read() as conn:
        rows = conn.execute(select(k.device_id, k.public_key, k.user_name, k.revoked_at)).all()
    return {
        r.device_id: DeviceKey(r.device_id, r.public_key, r.user_name, r.revoked_at) for r in rows
    }


# ---- held entries -------------------------------------------------------------------------


def hold(store: Store, entries: Iterable[tuple[dict[str, Any], str]], source: str) -> int:
    """Keep (entry, reason) pairs until their key is known; returns how many were new."""
    now = _iso(utc_now())
    h = tables.held_change.c
    added = 0
    with _write(store) as conn, conn.begin():
        for entry, reason in entries:
            if conn.execute(select(h.change_id).where(h.change_id == entry["change_id"])).first():
                continue
            conn.execute(
                insert(tables.held_change).values(
                    change_id=entry["change_id"],
                    entry=entry,
                    device_id=entry["device_id"],
                    inspection_id=entry["inspection_id"],
                    reason=reason,
                    source=source,
                    received_at=now,
                )
            )
            added += 1
    return added


def held(store: Store, inspection_id: str | None = None) -> list[HeldEntry]:
    h = tables.held_change.c
    query = select(tables.held_change).order_by(h.received_at, h.change_id)
    if inspection_id is not None:
        query = query.where(h.inspection_id == inspection_id)
    with store.read() as conn:
        return [HeldEntry(**dict(r)) for r in conn.execute(query).mappings()]


def release(store: Store, change_ids: Sequence[str]) -> None:
    """Forget held entries (applied or refused after their key arrived)."""
    h = tables.held_change.c
    with _write(store) as conn, conn.begin():
        for start in range(0, len(change_ids), _CHUNK):
            conn.execute(
                delete(tables.held_change).where(
                    h.change_id.in_(list(change_ids[start : start + _CHUNK]))
                )
            )
