"""Applying change entries from elsewhere (a pull page, a USB bundle) to the laptop store.

State is a function of the set of change entries (docs/sync-protocol.md, D11): merging is
inserting entries idempotently by change id and re-materialising the records they touch
from ALL their entries with `domain.merge.winners`. Everything here happens in ONE write
transaction: the entries, the rows, the audit rows, the conflicts, the clock and the pull
cursor commit together or not at all.

Merging never writes audit rows of its own: the author's rows arrive as `audit` entries
(domain/audit.py) and are appended to `audit_log` as they are, so every replica holds the
same trail, naming the person who made each change.

A record whose entries do not yet make a valid complete record (a record split across pull
pages), or whose parent row is not here yet, is kept in `meta.merge_pending` and retried by
every later merge until it can be written.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from inspector_app.domain.audit import AUDIT_FIELD, AUDIT_KIND, AuditRow
from inspector_app.domain.hlc import Timestamp
from inspector_app.domain.merge import (
    CHANGE_FIELDS,
    Change,
    is_concurrent,
    materialise,
    state_hash,
    value_problem,
    winners,
)
from inspector_app.domain.model import ENTITY_TYPES, STORED
from inspector_app.store import tables
from inspector_app.store.store import Store, _iso, utc_now


class SignedEntry(Protocol):
    """A change as it travels (sync.protocol.ChangeEntry): the store takes any such shape,
    so it need not know the wire format above it."""

    signature: str | None

    def to_change(self) -> Change: ...


class ReportedConflict(Protocol):
    """A conflict the server reports (sync.protocol.Conflict), as the store records it."""

    def model_dump(self) -> dict[str, Any]: ...


CURSOR_KEY = "sync_cursor"
PENDING_KEY = "merge_pending"
# Entries no server has checked (bundles) with clocks further ahead than this are refused,
# so one laptop with a wrong date cannot win every future edit (same limit as the server).
MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000

# Parents before children: every kind refers to its inspection, photos to their defect.
KIND_ORDER = (
    "inspection",
    "team_member",
    "item_result",
    "defect",
    "photo",
    "signature",
    "review",
    "review_response",
    "issued_report",
)
# `audit` entries carry trail rows (domain/audit.py): appended, never materialised as records.
_PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    kind: (("inspection_id", "inspection"),) for kind in KIND_ORDER if kind != "inspection"
}
_PARENTS["inspection"] = ()
_PARENTS["photo"] = (("inspection_id", "inspection"), ("defect_id", "defect"))

# Conflict ids are derived from the losing change id, so every replica records one conflict
# once. Never change this namespace (the server derives the same ids).
_CONFLICT_NAMESPACE = uuid.UUID("0b6f6d3c-2f5e-4d61-9a0f-5c1d7e3a9b24")
_CHUNK = 400  # bound SQL IN-lists well below SQLite's variable limit


def conflict_id(losing_change_id: str) -> str:
    return str(uuid.uuid5(_CONFLICT_NAMESPACE, f"conflict:{losing_change_id}"))


@dataclass
class MergeResult:
    received: int = 0
    inserted: int = 0  # entries new to this laptop
    duplicates: int = 0  # already here (a replay, or our own entries coming back)
    created: int = 0  # rows that appeared
    updated: int = 0  # rows that changed
    conflicts_new: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (change id, reason)
    pending: int = 0  # records still waiting for more entries or their parent
    inspections: set[str] = field(default_factory=set)  # inspections whose rows changed


def _as_change(entry: SignedEntry | Change) -> tuple[Change, str | None]:
    """The entry and its author's signature (None for a bare Change)."""
    if isinstance(entry, Change):
        return entry, None
    return entry.to_change(), entry.signature


def audit_entry_problem(change: Change) -> str | None:
    """Why an `audit` entry is not a well-formed row written by its entry's device, or None."""
    if change.field != AUDIT_FIELD:
        return f"an audit entry sets the field {AUDIT_FIELD!r}, not {change.field!r}"
    if not isinstance(change.value, dict):
        return "an audit entry's value is a row (an object)"
    try:
        row = AuditRow.model_validate(change.value, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "row"
        return f"audit.{where}: {first['msg']}"
    if row.id != change.record_id or row.inspection_id != change.inspection_id:
        return "an audit row's id and inspection must be its entry's"
    if row.device_id != change.device_id and not row.imported_from:
        # Only a row taken from a file names another device: the importer's entry carries it.
        return "an audit row names another device than the one that wrote it"
    return None


def entry_problem(change: Change, now_ms: int, check_clock: bool) -> str | None:
    """Why this entry cannot be merged here, or None."""
    cls = ENTITY_TYPES.get(change.kind)
    if change.kind == AUDIT_KIND:
        problem = audit_entry_problem(change)
        if problem:
            return problem
    elif cls is None:
        return f"unknown record kind {change.kind!r} (a newer app version?)"
    elif change.field == "id" or change.field not in cls.model_fields:
        return f"{change.kind} has no field {change.field!r}"
    elif check_clock:
        # Entries no server has checked (a bundle): the same strict value check, limits
        # included, as the server's, so a 20 MB text cannot arrive through a file either.
        problem = value_problem(change.kind, change.field, change.value)
        if problem:
            return problem
    try:
        ts = Timestamp.decode(change.hlc)
    except ValueError:
        return f"not a clock value: {change.hlc!r}"
    if check_clock and ts.wall_ms - now_ms > MAX_CLOCK_AHEAD_MS:
        hours = (ts.wall_ms - now_ms) / 3_600_000
        return f"clock ahead: written {hours:.1f} h in the future of this laptop's clock"
    return None


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_changes(
    store: Store,
    entries: Iterable[SignedEntry | Change],
    *,
    acknowledged: bool,
    cursor: int | None = None,
    server_conflicts: Iterable[ReportedConflict] = (),
) -> MergeResult:
    """Merge `entries` into the store in one transaction; see the module docstring.

    `acknowledged`: the entries come from the server (they need no delivery: marked acked).
    Otherwise (a bundle) they stay in the outbox and clocks > 24 h ahead are refused.
    """
    result = MergeResult()
    now_ms = time.time_ns() // 1_000_000
    unique: dict[str, Change] = {}
    signatures: dict[str, str] = {}
    for entry in entries:
        change, signature = _as_change(entry)
        result.received += 1
        problem = entry_problem(change, now_ms, check_clock=not acknowledged)
        if problem:
            result.refused.append((change.change_id, problem))
        else:
            unique.setdefault(change.change_id, change)
            if signature:
                signatures.setdefault(change.change_id, signature)
    at = _iso(utc_now())
    connection = store.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
    with connection as conn, conn.begin():
        new = _insert_entries(conn, list(unique.values()), acknowledged, at, signatures)
        result.inserted = len(new)
        result.duplicates = len(unique) - len(new)
        if new:
            top = max(Timestamp.decode(c.hlc) for c in new)
            store.clock.observe(top)
            _set_meta(conn, "hlc", store.clock.last.encode())
        touched = {(c.kind, c.record_id) for c in new} | _pending(conn)
        still_pending = _materialise(conn, touched, result, at)
        result.pending = len(still_pending)
        _set_meta(conn, PENDING_KEY, json.dumps(sorted(still_pending), separators=(",", ":")))
        for conflict in server_conflicts:
            result.conflicts_new += _insert_conflict(conn, conflict.model_dump(), at)
        if cursor is not None:
            _set_meta(conn, CURSOR_KEY, str(cursor))
    return result


# ---- entries ------------------------------------------------------------------------------


def _insert_entries(
    conn: Connection,
    changes: list[Change],
    acknowledged: bool,
    at: str,
    signatures: Mapping[str, str],
) -> list[Change]:
    c = tables.change_log.c
    existing: set[str] = set()
    ids = [ch.change_id for ch in changes]
    for part in _chunks(ids):
        existing.update(conn.execute(select(c.change_id).where(c.change_id.in_(part))).scalars())
        if acknowledged:
            # The server has them (our own pushes coming back, or bundle entries another
            # laptop delivered first): nothing left to deliver.
            conn.execute(
                update(tables.change_log)
                .where(c.change_id.in_(part), c.acked_at.is_(None))
                .values(acked_at=at)
            )
    new = [ch for ch in changes if ch.change_id not in existing]
    # Insert in clock order so the local seq of merged entries is reproducible.
    new.sort(key=lambda ch: ch.order)
    if new:
        rows = [
            {
                "change_id": ch.change_id,
                "kind": ch.kind,
                "record_id": ch.record_id,
                "inspection_id": ch.inspection_id,
                "field": ch.field,
                "value": ch.value,
                "hlc": ch.hlc,
                "device_id": ch.device_id,
                "base_hlc": ch.base_hlc,
                "signature": signatures.get(ch.change_id),
                "acked_at": at if acknowledged else None,
            }
            for ch in new
        ]
        conn.execute(insert(tables.change_log), rows)
    return new


def _entries_of(conn: Connection, kind: str, record_ids: Sequence[str]) -> dict[str, list[Change]]:
    c = tables.change_log.c
    found: dict[str, list[Change]] = defaultdict(list)
    cols = [c[name] for name in CHANGE_FIELDS]
    for part in _chunks(list(record_ids)):
        rows = conn.execute(select(*cols).where(c.kind == kind, c.record_id.in_(part)))
        for row in rows.mappings():
            found[row["record_id"]].append(Change.from_mapping(row))
    return found


# ---- rows ---------------------------------------------------------------------------------


def _pending(conn: Connection) -> set[tuple[str, str]]:
    raw = _get_meta(conn, PENDING_KEY)
    return {(kind, rid) for kind, rid in json.loads(raw)} if raw else set()


def _materialise(
    conn: Connection, touched: set[tuple[str, str]], result: MergeResult, at: str
) -> set[tuple[str, str]]:
    """Write each touched record from its winners; return those that cannot be written yet."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, record_id in touched:
        by_kind[kind].append(record_id)
    waiting: set[tuple[str, str]] = set()
    _append_audit_rows(conn, sorted(by_kind.pop(AUDIT_KIND, ())), result)
    for kind in KIND_ORDER:
        record_ids = sorted(by_kind.get(kind, ()))
        if not record_ids:
            continue
        entries = _entries_of(conn, kind, record_ids)
        for record_id in record_ids:
            changes = entries.get(record_id, [])
            if not changes:
                continue
            written = _write_record(conn, kind, record_id, changes, result)
            if not written:
                waiting.add((kind, record_id))
            _record_conflicts(conn, changes, result, at)
    return waiting


def _write_record(
    conn: Connection,
    kind: str,
    record_id: str,
    changes: list[Change],
    result: MergeResult,
) -> bool:
    table = tables.ENTITY_TABLES[kind]
    best = winners(changes)
    fields = {f: ch.value for (_, _, f), ch in best.items()}
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    current = dict(row) if row is not None else None
    candidate = {**(current or {}), **fields, "id": record_id}
    try:
        entity = ENTITY_TYPES[kind].model_validate(candidate, context=STORED)
    except ValidationError:
        return False  # incomplete (more entries to come) or not yet valid: keep waiting
    values = entity.model_dump(mode="json")
    if not _parents_present(conn, kind, values):
        return False
    if current is None:
        conn.execute(insert(table).values(**values))
        result.created += 1
        result.inspections.add(_inspection_of(kind, values))
        return True
    diff = {k: v for k, v in values.items() if current.get(k) != v}
    if diff:
        conn.execute(update(table).where(table.c.id == record_id).values(**diff))
        result.updated += 1
        result.inspections.add(_inspection_of(kind, values))
    return True


def _parents_present(conn: Connection, kind: str, values: Mapping[str, Any]) -> bool:
    for column, parent_kind in _PARENTS[kind]:
        parent_id = values.get(column)
        if parent_id is None:
            continue
        parent = tables.ENTITY_TABLES[parent_kind]
        if conn.execute(select(parent.c.id).where(parent.c.id == parent_id)).first() is None:
            return False
    return True


def _inspection_of(kind: str, values: Mapping[str, Any]) -> str:
    return values["id"] if kind == "inspection" else values["inspection_id"]


def _append_audit_rows(conn: Connection, record_ids: list[str], result: MergeResult) -> None:
    """Append the rows of arrived `audit` entries (append-only: a row id is written once)."""
    if not record_ids:
        return
    a = tables.audit_log.c
    entries = _entries_of(conn, AUDIT_KIND, record_ids)
    for part in _chunks(record_ids):
        have = set(conn.execute(select(a.id).where(a.id.in_(part))).scalars())
        rows = [
            AuditRow.model_validate(min(entries[rid], key=lambda ch: ch.order).value).wire()
            for rid in part
            if rid not in have and entries.get(rid)
        ]
        if rows:
            conn.execute(insert(tables.audit_log), rows)
            result.inspections.update(row["inspection_id"] for row in rows)


# ---- conflicts ----------------------------------------------------------------------------


def conflicting_losers(changes: Iterable[Change]) -> list[tuple[Change, Change]]:
    """(loser, final winner) for every entry that lost to a concurrent value of its field.

    An entry is a conflict when SOME entry that beats it was written without having seen it
    (`domain.merge.is_concurrent`). This depends only on the set of entries, so every
    replica records the same conflicts whatever order they arrived in, and a conflict once
    recorded is never taken back by a later entry. It is reported against the final winner.
    """
    by_field: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for change in changes:
        by_field[(change.kind, change.record_id, change.field)].append(change)
    found: list[tuple[Change, Change]] = []
    for field_changes in by_field.values():
        field_changes.sort(key=lambda ch: ch.order)
        final = field_changes[-1]
        for i, loser in enumerate(field_changes[:-1]):
            if any(is_concurrent(loser, w) for w in field_changes[i + 1 :]):
                found.append((loser, final))
    return found


def _record_conflicts(
    conn: Connection, changes: list[Change], result: MergeResult, at: str
) -> None:
    for loser, winner in conflicting_losers(changes):
        winning = {
            "winning_value": winner.value,
            "winning_hlc": winner.hlc,
            "winning_device_id": winner.device_id,
        }
        values = {
            "id": conflict_id(loser.change_id),
            "kind": loser.kind,
            "record_id": loser.record_id,
            "inspection_id": loser.inspection_id,
            "field": loser.field,
            "losing_value": loser.value,
            "losing_hlc": loser.hlc,
            "losing_device_id": loser.device_id,
            **winning,
        }
        k = tables.conflict.c
        if _insert_conflict(conn, values, at):
            result.conflicts_new += 1
        else:
            # Known already: keep it pointing at the current winner while it is open.
            conn.execute(
                update(tables.conflict)
                .where(k.id == values["id"], k.resolved_at.is_(None))
                .values(**winning)
            )


def _insert_conflict(conn: Connection, values: Mapping[str, Any], at: str) -> int:
    """Insert unless this losing value is recorded already; 1 when inserted."""
    k = tables.conflict.c
    same = conn.execute(
        select(k.id).where(
            k.kind == values["kind"],
            k.record_id == values["record_id"],
            k.field == values["field"],
            k.losing_hlc == values["losing_hlc"],
            k.losing_device_id == values["losing_device_id"],
        )
    ).first()
    if same is not None and same.id != values["id"]:
        return 0  # the server's report of a conflict this laptop found itself
    statement = (
        sqlite_insert(tables.conflict)
        .values(**values, detected_at=at)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    return conn.execute(statement).rowcount or 0


# ---- meta ---------------------------------------------------------------------------------


def _get_meta(conn: Connection, key: str) -> str | None:
    m = tables.meta.c
    return conn.execute(select(m.value).where(m.key == key)).scalar_one_or_none()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    statement = sqlite_insert(tables.meta).values(key=key, value=value)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def get_meta(store: Store, key: str) -> str | None:
    with store.read() as conn:
        return _get_meta(conn, key)


def set_meta(store: Store, key: str, value: str | None) -> None:
    """Write (or with None, remove) one meta value in its own short transaction."""
    connection = store.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
    with connection as conn, conn.begin():
        if value is None:
            conn.execute(tables.meta.delete().where(tables.meta.c.key == key))
        else:
            _set_meta(conn, key, value)


# ---- reading the change log ---------------------------------------------------------------


def signed_changes_of(
    store: Store, inspection_id: str | None = None
) -> list[tuple[Change, str | None]]:
    """Every change entry (of one inspection) with its signature, in clock order."""
    c = tables.change_log.c
    query = select(c.signature, *[c[name] for name in CHANGE_FIELDS])
    if inspection_id is not None:
        query = query.where(c.inspection_id == inspection_id)
    with store.read() as conn:
        found = [(Change.from_mapping(r), r["signature"]) for r in conn.execute(query).mappings()]
    found.sort(key=lambda pair: pair[0].order)
    return found


def changes_of(store: Store, inspection_id: str | None = None) -> list[Change]:
    """Every change entry (of one inspection), in clock order."""
    c = tables.change_log.c
    query = select(*[c[name] for name in CHANGE_FIELDS])
    if inspection_id is not None:
        query = query.where(c.inspection_id == inspection_id)
    with store.read() as conn:
        changes = [Change.from_mapping(r) for r in conn.execute(query).mappings()]
    changes.sort(key=lambda ch: ch.order)
    return changes


def laptop_state_hash(store: Store, inspection_id: str | None = None) -> str:
    """`domain.merge.state_hash` over everything this laptop holds (for one inspection)."""
    return state_hash(materialise(changes_of(store, inspection_id)))


def open_conflicts(conn: Connection, inspection_id: str | None = None) -> list[dict[str, Any]]:
    k = tables.conflict.c
    query = select(tables.conflict).where(k.resolved_at.is_(None))
    if inspection_id is not None:
        query = query.where(and_(k.inspection_id == inspection_id))
    query = query.order_by(k.inspection_id, k.kind, k.record_id, k.field, k.losing_hlc)
    return [dict(r) for r in conn.execute(query).mappings()]


# ---- the outbox ---------------------------------------------------------------------------


def outbox_batch(store: Store, after_seq: int, limit: int) -> list[tuple[int, Change, str | None]]:
    """Up to `limit` un-acknowledged entries with local seq > after_seq, in seq order, each
    with its signature (None: an own entry not signed yet)."""
    c = tables.change_log.c
    query = (
        select(c.seq, c.signature, *[c[name] for name in CHANGE_FIELDS])
        .where(c.acked_at.is_(None), c.seq > after_seq)
        .order_by(c.seq)
        .limit(limit)
    )
    with store.read() as conn:
        return [
            (r["seq"], Change.from_mapping(r), r["signature"])
            for r in conn.execute(query).mappings()
        ]


def outbox_size(store: Store) -> int:
    c = tables.change_log.c
    with store.read() as conn:
        return conn.execute(
            select(func.count()).select_from(tables.change_log).where(c.acked_at.is_(None))
        ).scalar_one()


def mark_acked(store: Store, change_ids: Sequence[str]) -> None:
    """The server answered applied/duplicate: these leave the outbox (one transaction)."""
    if not change_ids:
        return
    c = tables.change_log.c
    at = _iso(utc_now())
    connection = store.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
    with connection as conn, conn.begin():
        for part in _chunks(list(change_ids)):
            conn.execute(
                update(tables.change_log)
                .where(c.change_id.in_(part), c.acked_at.is_(None))
                .values(acked_at=at)
            )


def meta_with_prefix(store: Store, prefix: str) -> dict[str, str]:
    m = tables.meta.c
    with store.read() as conn:
        rows = conn.execute(select(m.key, m.value).where(m.key.startswith(prefix, autoescape=True)))
        return {key[len(prefix) :]: value for key, value in rows.all()}
