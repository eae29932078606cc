"""The audit trail as evidence: who (a person) changed what, when, old → new, and why.

An audit row is written once, by the device where the change was made, in the same unit of
work as the change, and never changed afterwards. It travels like the data: one change entry
of kind `audit` (field `row`, the whole row as its value) per row, signed by its author
device, under the same team scoping as the inspection (docs/sync-protocol.md). Merging a
pulled or bundled change never writes audit rows of its own: the author's rows arrive with
it. So every replica holding the same entries holds the same rows, and `trail_bytes` renders
them byte-identically on every laptop and on the server.

The actor is a person: the enrolled user (server account, with role), or before enrolment
the inspector profile's name — never an operating-system account, never a device alone.
Rows taken from an interchange file keep their content and say so: `imported_from` (the
file's name and SHA-256), `imported_by` and `imported_at`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

AUDIT_KIND = "audit"
AUDIT_FIELD = "row"

MAX_ACTOR = 200
MAX_AUDIT_REASON = 2_000
# An audit row's old/new carry one field's value or (create) a whole record: bounded by the
# record's own field limits; this caps a forged row's size on the wire.
MAX_AUDIT_ROW_BYTES = 256 * 1024

_Id = Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{1,200}$")]
_Short = Annotated[str, StringConstraints(max_length=MAX_ACTOR)]


@dataclass(frozen=True, slots=True)
class Person:
    """Who is working: the name shown in the trail, and the server account once enrolled."""

    name: str
    account: str = ""  # the server user this laptop is enrolled as ("" before enrolment)
    role: str = ""  # the account's role: inspector | reviewer | admin

    def label(self) -> str:
        """`name` or `name (account)` when the account name differs."""
        if self.account and self.account != self.name:
            return f"{self.name} ({self.account})"
        return self.name


class AuditRow(BaseModel):
    """One row of the trail, exactly as it is stored and as it travels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: _Id
    inspection_id: _Id
    at: Annotated[str, StringConstraints(min_length=1, max_length=40)]  # UTC ISO 8601
    actor: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ACTOR)]
    account: _Short = ""
    role: Literal["", "inspector", "reviewer", "admin"] = ""
    device_id: _Id
    kind: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    record_id: _Id
    action: Literal["create", "update", "delete"]
    field: Annotated[str, StringConstraints(min_length=1, max_length=100)]  # "*": whole record
    old: Any = None
    new: Any = None
    reason: Annotated[str, StringConstraints(max_length=MAX_AUDIT_REASON)] = ""
    # Set only on rows taken from an interchange file (never on rows written here).
    imported_from: Annotated[str, StringConstraints(max_length=400)] = ""
    imported_by: _Short = ""
    imported_at: Annotated[str, StringConstraints(max_length=40)] = ""
    # Rows written by app versions before the trail was synced (schema 0005): kept where
    # they were written, never sent; merges then also wrote rows naming "device:<id>".
    legacy: bool = Field(default=False, exclude=True)

    def wire(self) -> dict[str, Any]:
        """The value of the row's change entry (JSON types only)."""
        return self.model_dump(mode="json")


def trail_bytes(rows: Iterable[Mapping[str, Any] | AuditRow]) -> bytes:
    """The canonical rendering of a trail: one JSON line per row, ordered by (at, id).

    Two replicas with the same rows give the same bytes; used to compare laptops and server.
    Legacy rows are left out: they never travel.
    """
    parsed = [r if isinstance(r, AuditRow) else AuditRow.model_validate(dict(r)) for r in rows]
    lines = [
        json.dumps(row.wire(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        for row in sorted(parsed, key=lambda r: (r.at, r.id))
        if not row.legacy
    ]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")
