"""Last-writer-wins per field, the rule every replica (laptop or server) applies.

A change entry sets one field of one record at a hybrid-logical-clock time on a device. The
value of a field is the value of its winning entry: the greatest (hlc, device_id). Because
that is a pure function of the SET of entries a replica holds, any two replicas holding the
same entries have the same state, whatever order or how many times the entries arrived:
merging is inserting entries (idempotently, by change id) and re-materialising.

Each entry also records `base_hlc`: the clock of the value it overwrote on the device that
wrote it (None for a new record). An entry that overwrote the value another entry set is a
deliberate edit of it; two entries for one field with the same base are concurrent edits,
and the one that loses is a conflict the team lead should see.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from inspector_app.domain.model import ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Change:
    change_id: str
    kind: str
    record_id: str
    inspection_id: str
    field: str
    value: Any
    hlc: str  # encoded Timestamp: string order is clock order
    device_id: str
    base_hlc: str | None = None

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> Change:
        """From a change-log row (laptop or server) or any mapping with these fields;
        extra keys such as `seq` or `acked_at` are ignored."""
        return cls(**{name: row[name] for name in CHANGE_FIELDS})

    @property
    def order(self) -> tuple[str, str, str]:
        # A correct device never issues one clock value twice, but a restored or faulty
        # laptop might; the change id makes the order total so replicas still converge.
        return (self.hlc, self.device_id, self.change_id)


# The columns a change-log row needs to make a Change, in declaration order.
CHANGE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Change))


@functools.cache
def _field_adapter(kind: str, field: str) -> TypeAdapter[Any]:
    info = ENTITY_TYPES[kind].model_fields[field]
    annotation = (
        Annotated[(info.annotation, *info.metadata)]  # type: ignore[valid-type]
        if info.metadata
        else info.annotation
    )
    return TypeAdapter(annotation)


def value_problem(kind: str, field: str, value: Any) -> str | None:
    """Why `value` is not a valid wire value of this record field (None: it is).

    Strict JSON validation with the field's limits: the value must already be in its wire
    form (the form every replica stores); "1" is not a boolean and 1 is not a date. The
    caller has checked that the kind and the field exist.
    """
    try:
        _field_adapter(kind, field).validate_json(json.dumps(value, allow_nan=False), strict=True)
    except (ValidationError, ValueError) as exc:
        detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        return f"{kind}.{field}: {detail}"
    return None


def signing_bytes(change: Change) -> bytes:
    """What the author device signs (Ed25519): every field of the entry, canonical JSON.

    Keys sorted, no spaces, UTF-8 — the same bytes on every replica whatever column order,
    JSON flavour (SQLite JSON, PostgreSQL JSON) or transport carried the entry.
    """
    body = {name: getattr(change, name) for name in CHANGE_FIELDS}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return b"inspector-app change v1\n" + text.encode("utf-8")


def wins(a: Change, b: Change | None) -> bool:
    """Does `a` beat `b` for the same field: greater (hlc, device_id, change_id)?"""
    return b is None or a.order > b.order


def winners(changes: Iterable[Change]) -> dict[tuple[str, str, str], Change]:
    """(kind, record_id, field) → winning change."""
    best: dict[tuple[str, str, str], Change] = {}
    for change in changes:
        key = (change.kind, change.record_id, change.field)
        if wins(change, best.get(key)):
            best[key] = change
    return best


def is_concurrent(loser: Change, winner: Change) -> bool:
    """True when `loser` was not overwritten deliberately by `winner`.

    The winner overwrote the loser on purpose if, when it was written, the loser's value was
    what its device had (winner.base_hlc == loser.hlc) — or an even later value had already
    replaced the loser there (winner.base_hlc > loser.hlc). Otherwise both were written
    without seeing each other, and the losing value must not vanish silently.
    """
    if loser.value == winner.value:
        return False
    return winner.base_hlc is None or winner.base_hlc < loser.hlc


def materialise(changes: Iterable[Change]) -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, record_id) → {field: value} from the winning entry of each field."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for (kind, record_id, field), change in winners(changes).items():
        records.setdefault((kind, record_id), {})[field] = change.value
    return records


def state_hash(records: Mapping[tuple[str, str], Mapping[str, Any]]) -> str:
    """SHA-256 over a canonical rendering of materialised records, for comparing replicas."""
    digest = hashlib.sha256()
    for kind, record_id in sorted(records):
        fields = records[(kind, record_id)]
        line = json.dumps(
            [kind, record_id, {k: fields[k] for k in sorted(fields)}],
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
