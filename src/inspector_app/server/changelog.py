"""Push and pull on the server: the change log, the materialised winners and conflicts.

A push is applied in ONE serialised transaction (db.write_transaction): either every accepted
entry of the batch is stored, materialised and given its `seq`, or — if anything fails — none
is, and the client re-sends the batch and hears `duplicate` for what had been applied. Each
entry gets its own result, in request order. The merge rule is domain/merge.py, the same one
the laptops use, so the server's winners equal `materialise()` over the entries it holds.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from inspector_app.domain.audit import AUDIT_FIELD, AUDIT_KIND, MAX_AUDIT_ROW_BYTES, trail_bytes
from inspector_app.domain.hlc import ClockDriftError, Timestamp
from inspector_app.domain.merge import (
    CHANGE_FIELDS,
    Change,
    is_concurrent,
    state_hash,
    value_problem,
    wins,
)
from inspector_app.domain.model import ENTITY_TYPES
from inspector_app.server import db
from inspector_app.server.auth import Principal, iso, user_teams, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.store.db import json_compact
from inspector_app.store.merge import audit_entry_problem, conflict_id
from inspector_app.sync import signing
from inspector_app.sync.protocol import (
    MAX_CLOCK_AHEAD_MS,
    REVIEW_KINDS,
    ChangeEntry,
    ChangeResult,
    ChangeStatus,
    ChecklistFile,
    Conflict,
    PullResponse,
    ServerChange,
)

# Ids are UUIDs in practice; anything printable without spaces is accepted, bounded.
# Checked with fullmatch: re's `$` would also accept a trailing newline.
_ID = re.compile(r"[\x21-\x7e]{1,200}")
# Fields whose value names a blob: who may download a blob follows who may see the record.
# An issued report's PDF is made by the server itself (server/issue.py).
BLOB_FIELDS = {("photo", "sha256"), ("signature", "image_sha256"), ("issued_report", "pdf_sha256")}
# The one field and value a reviewer may write on an inspection: issuing its report
# (server/issue.py). Nothing else of an inspection is the center's to change.
REVIEWER_INSPECTION_WRITE = ("status", "report_issued")
# Inspections the console is creating from a service request in the current write
# (server/service.py create_inspection, D32): their inspection and team_member records are the
# reviewer's to write. Set only by server code, never by a push over HTTP.
CONSOLE_CREATES: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "console_creates", default=frozenset()
)
CONSOLE_CREATE_KINDS = frozenset({"inspection", "team_member"})
_IN_CHUNK = 500  # bound IN (...) lists
_ATTEMPTS = 3


def is_id(value: str) -> bool:
    """1-200 printable ASCII characters without spaces, and nothing else."""
    return _ID.fullmatch(value) is not None


def check_entry(entry: ChangeEntry, now_ms: int) -> str | None:
    """Why this entry cannot be accepted from anyone (None: it can). No database needed."""
    for name in ("change_id", "record_id", "inspection_id", "device_id"):
        if not is_id(getattr(entry, name)):
            return f"invalid: {name} must be 1-200 printable ASCII characters"
    try:
        hlc = Timestamp.decode(entry.hlc)
        if entry.base_hlc is not None:
            Timestamp.decode(entry.base_hlc)
    except ValueError as exc:
        return f"invalid: {exc}"
    if entry.kind == AUDIT_KIND:
        problem = _audit_problem(entry)
        if problem:
            return f"invalid: {problem}"
    else:
        cls = ENTITY_TYPES.get(entry.kind)
        if cls is None:
            return f"invalid: unknown kind {entry.kind!r}"
        if entry.field == "id" or entry.field not in cls.model_fields:
            return f"invalid: {entry.kind} has no field {entry.field!r}"
        problem = value_problem(entry.kind, entry.field, entry.value)
        if problem:
            return f"invalid: {problem}"
    if entry.kind == "inspection" and entry.record_id != entry.inspection_id:
        return "invalid: an inspection's inspection_id is its own id"
    if entry.field == "inspection_id" and entry.value != entry.inspection_id:
        return "invalid: the inspection_id value differs from the entry's inspection"
    ahead_ms = hlc.wall_ms - now_ms
    if ahead_ms > MAX_CLOCK_AHEAD_MS:
        return (
            f"clock ahead: the entry's clock is {ahead_ms / 3_600_000:.2f} h ahead of the "
            "server (at most 24 h accepted); fix the laptop's date and time"
        )
    return None


def _audit_problem(entry: ChangeEntry) -> str | None:
    """An audit entry's shape (store.merge.audit_entry_problem, the laptops' own check)."""
    if len(json_compact(entry.value).encode("utf-8")) > MAX_AUDIT_ROW_BYTES:
        return f"an audit row is at most {MAX_AUDIT_ROW_BYTES} bytes of JSON"
    problem = audit_entry_problem(entry.to_change())
    if problem:
        return problem
    if entry.value.get("legacy"):
        # Legacy rows stay on the laptop that wrote them; trail_bytes leaves them out, so a
        # synced one would be a row hidden from every rendered trail.
        return "legacy audit rows are never synced"
    return None


@dataclass(frozen=True)
class _Key:
    """A device's registered key as the push sees it (read before the write transaction)."""

    public: Ed25519PublicKey | None  # None: enrolled before keys existed


def _load_keys(source: Engine | Connection, device_ids: set[str]) -> dict[str, _Key]:
    if isinstance(source, Engine):
        with source.connect() as conn:
            return _load_keys(conn, device_ids)
    conn = source
    d = db.devices.c
    found: dict[str, _Key] = {}
    for chunk in _chunks(device_ids):
        for device_id, text in conn.execute(
            select(d.device_id, d.public_key).where(d.device_id.in_(chunk))
        ):
            try:
                public = signing.public_key(text) if text else None
            except ValueError:  # cannot be stored by enroll(); treat as no key
                public = None
            found[device_id] = _Key(public)
    return found


def signature_problem(entry: ChangeEntry, keys: dict[str, _Key]) -> str | None:
    """Why the entry is not provably written by its device (None: the signature checks).
    Kept apart from check_entry, which judges the entry's content alone."""
    if not entry.signature:
        return (
            f"unsigned: the entry carries no signature of its device {entry.device_id!r}; "
            "update inspector-app on that laptop and sync again"
        )
    key = keys.get(entry.device_id)
    if key is None:
        return f"unknown device: no device {entry.device_id!r} is enrolled on this server"
    if key.public is None:
        return (
            f"unsigned: the device {entry.device_id!r} was enrolled before entries were "
            "signed and has no key; re-enrol this laptop"
        )
    if not signing.verify(key.public, entry.to_change(), entry.signature):
        return f"bad signature: the entry was altered or is not from device {entry.device_id!r}"
    return None


@dataclass(frozen=True)
class _Author:
    """The author device of an entry, read inside the write transaction."""

    principal: Principal
    revoked_at: str | None


def _load_authors(conn: Connection, device_ids: set[str]) -> dict[str, _Author]:
    d, u = db.devices.c, db.users.c
    found: dict[str, _Author] = {}
    teams: dict[str, tuple[str, ...]] = {}
    for chunk in _chunks(device_ids):
        rows = conn.execute(
            select(d.device_id, d.user_name, d.revoked_at, u.role)
            .join(db.users, u.name == d.user_name)
            .where(d.device_id.in_(chunk))
        ).all()
        for row in rows:
            if row.user_name not in teams:
                teams[row.user_name] = user_teams(conn, row.user_name)
            who = Principal(row.device_id, row.user_name, row.role, teams[row.user_name])
            found[row.device_id] = _Author(who, row.revoked_at)
    return found


def _authorize(
    principal: Principal,
    entry: ChangeEntry,
    owners: dict[str, str],
    new_owners: dict[str, str],
    record_inspection: dict[tuple[str, str], str],
) -> str | None:
    """Why this user may not write this entry (None: allowed). May assign a new inspection."""
    if principal.role == "admin":
        return "unauthorized: admin accounts do not write inspection records"
    if entry.kind in REVIEW_KINDS and principal.role != "reviewer":
        return "unauthorized: only reviewers write review records"
    if (
        principal.role == "reviewer"
        and entry.kind not in REVIEW_KINDS | {AUDIT_KIND}
        and not (
            entry.kind == "inspection" and (entry.field, entry.value) == REVIEWER_INSPECTION_WRITE
        )
        and not (
            entry.kind in CONSOLE_CREATE_KINDS and entry.inspection_id in CONSOLE_CREATES.get()
        )
    ):
        # The one exception (issuing) is not advertised: it is the console's own write.
        return "unauthorized: reviewers write review records only"
    known = record_inspection.get((entry.kind, entry.record_id))
    if known is not None and known != entry.inspection_id:
        return "invalid: this record belongs to another inspection"
    team = owners.get(entry.inspection_id) or new_owners.get(entry.inspection_id)
    if team is None:
        if principal.role == "reviewer":
            return "unauthorized: the server does not know this inspection"
        if not principal.teams:
            return "unauthorized: the user belongs to no team"
        # A new inspection belongs to the author's first team (see docs/server.md).
        new_owners[entry.inspection_id] = principal.teams[0]
        return None
    if principal.role == "reviewer" or team in principal.teams:
        return None
    return "unauthorized: the inspection belongs to another team"


def _relay_problem(pusher: Principal, author: Principal, team: str | None) -> str | None:
    """Why the pushing device may not pass on an entry another device wrote (None: it may).

    The author's own devices may; so may a member of the inspection's team (a teammate who
    got the entry by USB bundle) and a reviewer (reviewers read every inspection).
    """
    if pusher.device_id == author.device_id or pusher.user == author.user:
        return None
    if pusher.role == "reviewer" or (team is not None and team in pusher.teams):
        return None
    return (
        f"unauthorized: device {pusher.device_id!r} may not pass on entries of "
        f"{author.user!r}'s device {author.device_id!r}: the inspection belongs to another team"
    )


def _entry_problem(
    pusher: Principal,
    entry: ChangeEntry,
    authors: dict[str, _Author],
    owners: dict[str, str],
    new_owners: dict[str, str],
    record_inspection: dict[tuple[str, str], str],
) -> str | None:
    """Authorization of one entry: its author may write it and the pusher may relay it."""
    author = authors.get(entry.device_id)
    if author is None:  # removed since the signature was checked
        return f"unknown device: no device {entry.device_id!r} is enrolled on this server"
    reason = _authorize(author.principal, entry, owners, new_owners, record_inspection)
    if reason is not None:
        return reason
    team = owners.get(entry.inspection_id) or new_owners.get(entry.inspection_id)
    return _relay_problem(pusher, author.principal, team)


def _audit_write_problem(
    entry: ChangeEntry,
    author: Principal,
    current: dict[tuple[str, str, str], Change],
    batch_audit: dict[str, str],
) -> str | None:
    """Audit rows: append-only, and the account a row names is its author device's user."""
    held = current.get((AUDIT_KIND, entry.record_id, AUDIT_FIELD))
    first = batch_audit.get(entry.record_id)
    if (held is not None and held.change_id != entry.change_id) or (
        first is not None and first != entry.change_id
    ):
        return f"invalid: audit rows are append-only; audit row {entry.record_id!r} exists"
    account = entry.value.get("account", "")
    # A row taken from an interchange file names its original author; the importing device
    # vouches for it as imported (imported_from/by/at), not as its own.
    if account and account != author.user and not entry.value.get("imported_from"):
        return (
            f"unauthorized: the audit row names another account ({account!r}) than the "
            f"device's user ({author.user!r})"
        )
    return None


def _same_change(row: Any, entry: ChangeEntry) -> bool:
    return (
        row.kind == entry.kind
        and row.record_id == entry.record_id
        and row.inspection_id == entry.inspection_id
        and row.field == entry.field
        and row.hlc == entry.hlc
        and row.device_id == entry.device_id
        and row.base_hlc == entry.base_hlc
        and row.value == entry.value
    )


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def push(
    ctx: ServerContext, principal: Principal, entries: Sequence[ChangeEntry]
) -> list[ChangeResult]:
    """Apply one batch; one result per entry, in order."""
    now_ms = time.time_ns() // 1_000_000
    pre = [check_entry(entry, now_ms) for entry in entries]
    # Signatures are checked before the serialised writer starts (~60 us each, so 30-50 ms
    # for a full batch, spent outside the write lock). Keys never change once registered.
    keys = _load_keys(ctx.engine, {e.device_id for e, r in zip(entries, pre, strict=True) if not r})
    pre = [
        reason if reason is not None else signature_problem(entry, keys)
        for entry, reason in zip(entries, pre, strict=True)
    ]
    for attempt in range(_ATTEMPTS):
        try:
            results, newest = _push_once(ctx, principal, entries, pre)
            break
        except (IntegrityError, OperationalError):
            # A unique-violation race or a lock timeout rolled the whole batch back; on the
            # next attempt what another writer stored first is a duplicate.
            if attempt == _ATTEMPTS - 1:
                raise
    if newest is not None:
        with contextlib.suppress(ClockDriftError):  # check_entry already refused such clocks
            ctx.clock.observe(Timestamp.decode(newest))
    return results


def push_in_transaction(
    conn: Connection, ctx: ServerContext, principal: Principal, entries: Sequence[ChangeEntry]
) -> list[ChangeResult]:
    """push() inside the caller's write transaction (db.write_transaction): the console's
    entries (server/review.py) are checked, authorized, stored and materialised exactly as a
    laptop's, together with what the caller writes (a report number). The caller commits,
    or rolls everything back when any result is not `applied`."""
    now_ms = time.time_ns() // 1_000_000
    pre = [check_entry(entry, now_ms) for entry in entries]
    keys = _load_keys(conn, {e.device_id for e, r in zip(entries, pre, strict=True) if not r})
    pre = [
        reason if reason is not None else signature_problem(entry, keys)
        for entry, reason in zip(entries, pre, strict=True)
    ]
    results, _newest = _push_once(ctx, principal, entries, pre, conn)
    return results


def _push_once(
    ctx: ServerContext,
    principal: Principal,
    entries: Sequence[ChangeEntry],
    pre: list[str | None],
    conn: Connection | None = None,
) -> tuple[list[ChangeResult], str | None]:
    results: list[ChangeResult | None] = [None] * len(entries)
    candidates = [i for i, reason in enumerate(pre) if reason is None]
    for i, reason in enumerate(pre):
        if reason is not None:
            results[i] = _rejected(entries[i], reason)
    received_at = iso(utc_now())
    transaction = (
        contextlib.nullcontext(conn) if conn is not None else db.write_transaction(ctx.engine)
    )
    with transaction as conn:
        c = db.changes.c
        existing: dict[str, Any] = {}
        for chunk in _chunks({entries[i].change_id for i in candidates}):
            for row in conn.execute(select(db.changes).where(c.change_id.in_(chunk))):
                existing[row.change_id] = row
        owners: dict[str, str] = {}
        inspection_ids = {entries[i].inspection_id for i in candidates}
        inspection_ids.update(row.inspection_id for row in existing.values())
        for chunk in _chunks(inspection_ids):
            ins = db.inspections.c
            owners.update(conn.execute(select(ins.id, ins.team).where(ins.id.in_(chunk))).all())
        current = _load_winners(conn, {entries[i].record_id for i in candidates})
        record_inspection = {(k, r): ch.inspection_id for (k, r, _f), ch in current.items()}
        authors = _load_authors(conn, {entries[i].device_id for i in candidates})

        new_owners: dict[str, str] = {}
        batch_audit: dict[str, str] = {}  # audit record id -> the change id writing it
        accepted: list[int] = []
        first_in_batch: dict[str, int] = {}
        batch_duplicates: list[tuple[int, int]] = []
        for i in candidates:
            entry = entries[i]
            old = existing.get(entry.change_id)
            if old is not None:
                # Authorization first: whether a change id exists is answered only to someone
                # who may write the entry (a scratch dict: a refused entry creates nothing).
                reason = _entry_problem(
                    principal, entry, authors, owners, dict(new_owners), record_inspection
                )
                author = authors.get(entry.device_id)
                if (
                    reason is not None
                    and entry.kind in CONSOLE_CREATE_KINDS
                    and author is not None
                    and author.principal.role == "reviewer"
                    and _same_change(old, entry)
                ):
                    # The console's creation (D32), stored when it was written, relayed by a
                    # teammate's USB bundle: only whether this pusher may relay it matters.
                    team = owners.get(entry.inspection_id)
                    reason = _relay_problem(principal, author.principal, team)
                if reason is not None:
                    results[i] = _rejected(entry, reason)
                elif _same_change(old, entry):
                    results[i] = ChangeResult(
                        change_id=entry.change_id, status=ChangeStatus.DUPLICATE, seq=old.seq
                    )
                else:
                    # Also when the stored entry is in an inspection this user may not see:
                    # the same answer as for a reused id in their own, nothing more.
                    results[i] = _rejected(
                        entry, "invalid: this change id was used for another change"
                    )
                continue
            if entry.change_id in first_in_batch:
                first = first_in_batch[entry.change_id]
                if entries[first] != entry:
                    results[i] = _rejected(
                        entry, "invalid: this change id was used for another change"
                    )
                elif results[first] is not None:  # the first copy was refused: so is this
                    results[i] = results[first]
                else:
                    batch_duplicates.append((i, first))
                continue
            first_in_batch[entry.change_id] = i
            # On a scratch copy: a refused entry must not create an inspection.
            scratch = dict(new_owners)
            reason = _entry_problem(principal, entry, authors, owners, scratch, record_inspection)
            author = authors.get(entry.device_id)
            if reason is None and author is not None and author.revoked_at is not None:
                # Checked after the duplicate answer above: what the server already took
                # from the device before it was revoked stays a duplicate when relayed.
                reason = (
                    f"signed by a revoked device: {entry.device_id!r} was revoked at "
                    f"{author.revoked_at}; its new entries are not accepted"
                )
            if reason is None and entry.kind == AUDIT_KIND and author is not None:
                reason = _audit_write_problem(entry, author.principal, current, batch_audit)
            if reason is not None:
                results[i] = _rejected(entry, reason)
                continue
            new_owners.update(scratch)
            if entry.kind == AUDIT_KIND:
                batch_audit[entry.record_id] = entry.change_id
            accepted.append(i)
            record_inspection.setdefault((entry.kind, entry.record_id), entry.inspection_id)

        if new_owners:
            created_by = {}
            for i in accepted:
                created_by.setdefault(
                    entries[i].inspection_id, authors[entries[i].device_id].principal.user
                )
            conn.execute(
                insert(db.inspections),
                [
                    {
                        "id": iid,
                        "team": team,
                        "created_by": created_by[iid],
                        "created_at": received_at,
                    }
                    for iid, team in new_owners.items()
                ],
            )
        seqs: dict[int, int] = {}
        if accepted:
            rows = [
                {
                    **entries[i].model_dump(),
                    "user_name": authors[entries[i].device_id].principal.user,  # the author
                    "received_at": received_at,
                }
                for i in accepted
            ]
            returned = conn.execute(
                insert(db.changes).returning(c.seq, sort_by_parameter_order=True), rows
            ).scalars()
            seqs = dict(zip(accepted, returned, strict=True))
            _materialise(conn, [(entries[i], seqs[i]) for i in accepted], current, received_at)
            _record_blob_refs(conn, [entries[i] for i in accepted])
    for i in accepted:
        results[i] = ChangeResult(
            change_id=entries[i].change_id, status=ChangeStatus.APPLIED, seq=seqs[i]
        )
    for i, first in batch_duplicates:
        results[i] = ChangeResult(
            change_id=entries[i].change_id, status=ChangeStatus.DUPLICATE, seq=seqs.get(first)
        )
    newest = max((entries[i].hlc for i in accepted), default=None)
    return [r for r in results if r is not None], newest


def _rejected(entry: ChangeEntry, reason: str) -> ChangeResult:
    return ChangeResult(change_id=entry.change_id, status=ChangeStatus.REJECTED, reason=reason)


def _load_winners(conn: Connection, record_ids: set[str]) -> dict[tuple[str, str, str], Change]:
    w = db.winners.c
    found: dict[tuple[str, str, str], Change] = {}
    for chunk in _chunks(record_ids):
        for row in conn.execute(select(db.winners).where(w.record_id.in_(chunk))):
            found[(row.kind, row.record_id, row.field)] = Change.from_mapping(row._mapping)
    return found


def _materialise(
    conn: Connection,
    arrived: list[tuple[ChangeEntry, int]],
    current: dict[tuple[str, str, str], Change],
    detected_at: str,
) -> None:
    """Update the winners with the new entries (in seq order) and record conflicts."""
    before = set(current)
    dirty: set[tuple[str, str, str]] = set()
    found: dict[str, dict[str, Any]] = {}
    for entry, seq in arrived:
        change = entry.to_change()
        key = (change.kind, change.record_id, change.field)
        holder = current.get(key)
        if wins(change, holder):
            if holder is not None and is_concurrent(holder, change):
                found[holder.change_id] = _conflict_row(holder, change, seq, detected_at)
            current[key] = change
            dirty.add(key)
        elif holder is not None and is_concurrent(change, holder):
            found[change.change_id] = _conflict_row(change, holder, seq, detected_at)
    rows = [_winner_row(current[key]) for key in dirty]
    inserts = [r for r in rows if (r["kind"], r["record_id"], r["field"]) not in before]
    updates = [r for r in rows if (r["kind"], r["record_id"], r["field"]) in before]
    if inserts:
        conn.execute(insert(db.winners), inserts)
    if updates:
        w = db.winners.c
        conn.execute(
            update(db.winners)
            .where(
                w.kind == bindparam("k_kind"),
                w.record_id == bindparam("k_record_id"),
                w.field == bindparam("k_field"),
            )
            .values(
                value=bindparam("value"),
                hlc=bindparam("hlc"),
                device_id=bindparam("device_id"),
                change_id=bindparam("change_id"),
                base_hlc=bindparam("base_hlc"),
            ),
            [
                {**r, "k_kind": r["kind"], "k_record_id": r["record_id"], "k_field": r["field"]}
                for r in updates
            ],
        )
    if found:
        have: set[str] = set()
        for chunk in _chunks(found):
            have.update(
                conn.execute(
                    select(db.conflicts.c.id).where(db.conflicts.c.id.in_(chunk))
                ).scalars()
            )
        new = [row for cid, row in found.items() if cid not in have]
        if new:
            conn.execute(insert(db.conflicts), new)


def _winner_row(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "record_id": change.record_id,
        "field": change.field,
        "inspection_id": change.inspection_id,
        "value": change.value,
        "hlc": change.hlc,
        "device_id": change.device_id,
        "change_id": change.change_id,
        "base_hlc": change.base_hlc,
    }


def _conflict_row(loser: Change, winner: Change, seq: int, detected_at: str) -> dict[str, Any]:
    return {
        "id": conflict_id(loser.change_id),  # the laptops derive the same id (store/merge.py)
        "seq": seq,
        "kind": loser.kind,
        "record_id": loser.record_id,
        "inspection_id": loser.inspection_id,
        "field": loser.field,
        "losing_value": loser.value,
        "losing_hlc": loser.hlc,
        "losing_device_id": loser.device_id,
        "winning_value": winner.value,
        "winning_hlc": winner.hlc,
        "winning_device_id": winner.device_id,
        "detected_at": detected_at,
    }


def _record_blob_refs(conn: Connection, entries: list[ChangeEntry]) -> None:
    refs = {
        (e.value, e.inspection_id)
        for e in entries
        if (e.kind, e.field) in BLOB_FIELDS and isinstance(e.value, str)
    }
    if not refs:
        return
    r = db.blob_refs.c
    have = set()
    for chunk in _chunks({sha for sha, _ in refs}):
        have.update(
            conn.execute(select(r.sha256, r.inspection_id).where(r.sha256.in_(chunk))).all()
        )
    new = [{"sha256": sha, "inspection_id": iid} for sha, iid in refs - {tuple(h) for h in have}]
    if new:
        conn.execute(insert(db.blob_refs), new)


# ---- pull --------------------------------------------------------------------------------


def pull(ctx: ServerContext, principal: Principal, since: int, limit: int) -> PullResponse:
    c = db.changes.c
    with db.read_transaction(ctx.engine) as conn:
        visible = None
        if not principal.sees_everything:
            ins = db.inspections.c
            visible = select(ins.id).where(ins.team.in_(principal.teams)).scalar_subquery()
        query = select(db.changes).where(c.seq > since)
        if visible is not None:
            query = query.where(c.inspection_id.in_(visible))
        rows = conn.execute(query.order_by(c.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        changes = [
            ServerChange(
                seq=row.seq,
                signature=row.signature,
                **{name: row._mapping[name] for name in CHANGE_FIELDS},
            )
            for row in rows
        ]
        # Bounded in bytes too: a page takes no entry that would carry its entries' JSON past
        # the budget (but always one, so the cursor moves); the rest comes with the next page.
        budget, used = ctx.settings.max_pull_page_bytes, 0
        for n, change in enumerate(changes):
            size = len(change.model_dump_json().encode("utf-8"))
            if n > 0 and used + size > budget:
                changes, rows, more = changes[:n], rows[:n], True
                break
            used += size
        if more:
            next_cursor = rows[-1].seq
        else:
            # Last page: everything up to the head that this user may see is in it, so the
            # cursor moves to the head (writers commit in seq order, see db.py) and the next
            # pull does not rescan entries of other teams.
            head = max(
                conn.execute(select(func.coalesce(func.max(c.seq), 0))).scalar_one(),
                conn.execute(select(func.coalesce(func.max(db.checklists.c.seq), 0))).scalar_one(),
            )
            next_cursor = max(since, head, rows[-1].seq if rows else 0)
        k = db.conflicts.c
        conflict_query = select(db.conflicts).where(k.seq > since, k.seq <= next_cursor)
        if visible is not None:
            conflict_query = conflict_query.where(k.inspection_id.in_(visible))
        conflicts = [
            Conflict(**{f: getattr(row, f) for f in Conflict.model_fields})
            for row in conn.execute(conflict_query.order_by(k.seq, k.id))
        ]
        cl = db.checklists.c
        checklists = [
            ChecklistFile(id=row.id, version=row.version, sha256=row.sha256, yaml=row.yaml)
            for row in conn.execute(
                select(db.checklists).where(cl.seq > since, cl.seq <= next_cursor).order_by(cl.seq)
            )
        ]
    return PullResponse(
        changes=changes,
        next_cursor=next_cursor,
        more=more,
        conflicts=conflicts,
        checklists=checklists,
    )


def server_state_hash(engine: Engine, inspection_id: str | None = None) -> str:
    """domain.merge.state_hash over the server's winners (the shape materialise() returns)."""
    w = db.winners.c
    query = select(w.kind, w.record_id, w.field, w.value)
    if inspection_id is not None:
        query = query.where(w.inspection_id == inspection_id)
    records: dict[tuple[str, str], dict[str, Any]] = {}
    with engine.connect() as conn:
        for kind, record_id, field, value in conn.execute(query):
            records.setdefault((kind, record_id), {})[field] = value
    return state_hash(records)


def server_audit_trail(engine: Engine, inspection_id: str) -> bytes:
    """The inspection's audit trail as the server holds it: domain.audit.trail_bytes over the
    accepted audit rows, byte-identical to a laptop's rendering of the same rows."""
    w = db.winners.c
    with engine.connect() as conn:
        values = conn.execute(
            select(w.value).where(
                w.inspection_id == inspection_id, w.kind == AUDIT_KIND, w.field == AUDIT_FIELD
            )
        ).scalars()
        return trail_bytes(list(values))
