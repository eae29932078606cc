"""Sync protocol version 1: the messages exchanged by laptops and the center's server.

docs/sync-protocol.md describes the exchange (enrol, push then pull, photos, bundles). These
models are the contract; both sides import them, so a field cannot drift between them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from inspector_app.domain.merge import Change

PROTOCOL_VERSION = 1
# Oldest client protocol the server still accepts; older clients get 426 "upgrade required".
MIN_PROTOCOL_VERSION = 1

# Headers every request carries.
HEADER_PROTOCOL = "X-Inspector-Protocol"
HEADER_SCHEMA = "X-Inspector-Schema"  # the laptop's store schema revision (store.db.HEAD_REVISION)

MAX_PUSH_BATCH = 500
MAX_PULL_PAGE = 1000
CHUNK_SIZE = 4 * 1024 * 1024  # photo upload chunks (≤ 4 MiB)
MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000  # pushes with clocks further ahead are refused

# Fields only reviewers may write, by record kind. All fields of a `review` are review fields.
# The center's records: reviews and issued reports (written in the console, signed by the
# server's console key for the reviewer). Inspectors answer reviews with `review_response`.
REVIEW_KINDS = frozenset({"review", "issued_report"})


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChangeEntry(_Message):
    """One field of one record set at one clock time on one device (see domain/merge.py)."""

    change_id: str
    kind: str
    record_id: str
    inspection_id: str
    field: str
    value: Any = None
    hlc: str
    device_id: str
    base_hlc: str | None = None
    # The author device's Ed25519 signature over domain.merge.signing_bytes, base64 (88
    # characters). Required by the server and by bundle import (docs/sync-protocol.md).
    signature: str | None = Field(default=None, max_length=100)

    def to_change(self) -> Change:
        # A ServerChange also carries the server's `seq`, which from_mapping leaves out.
        return Change.from_mapping(self.model_dump())

    @classmethod
    def from_change(cls, change: Change, signature: str | None = None) -> ChangeEntry:
        fields = {f: getattr(change, f) for f in cls.model_fields if f != "signature"}
        return cls(**fields, signature=signature)


class ServerChange(ChangeEntry):
    seq: int  # the server's monotonic sequence: the pull cursor


# ---- enrolment ---------------------------------------------------------------------------


class EnrollRequest(_Message):
    code: str  # one-time code from `inspector-server enroll-code NAME`
    device_id: str
    device_name: str = ""
    # The device's Ed25519 public key (base64 of the raw 32 bytes, sync/signing.py): the
    # server registers it with the device; every entry the device writes is signed with it.
    public_key: str = Field(min_length=44, max_length=44)


class EnrollResponse(_Message):
    token: str  # shown once; the server keeps only its hash
    user: str
    role: Literal["inspector", "reviewer", "admin"]
    teams: list[str]
    server_id: str


# ---- keys ---------------------------------------------------------------------------------


class DeviceKeyInfo(_Message):
    device_id: str
    user: str
    public_key: str
    revoked_at: datetime | None = None  # a revoked device's key signs nothing after this


class KeysResponse(_Message):
    """GET /v1/keys: the keys of every device whose entries this device may receive (the
    devices of its users' teams; for reviewers, every device)."""

    keys: list[DeviceKeyInfo]


# ---- push --------------------------------------------------------------------------------


class PushRequest(_Message):
    device_id: str
    changes: list[ChangeEntry] = Field(max_length=MAX_PUSH_BATCH)


class ChangeStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already applied before (a replay): never applied twice
    REJECTED = "rejected"  # with a reason; shown to the user, never counted as success


class ChangeResult(_Message):
    change_id: str
    status: ChangeStatus
    reason: str = ""
    seq: int | None = None


class PushResponse(_Message):
    results: list[ChangeResult]  # one per pushed change, same order
    server_time_ms: int


# ---- pull --------------------------------------------------------------------------------


class Conflict(_Message):
    """A value that lost last-writer-wins to a concurrent edit (domain.merge.is_concurrent)."""

    id: str  # derived from the losing change id, so every replica records it once
    kind: str
    record_id: str
    inspection_id: str
    field: str
    losing_value: Any = None
    losing_hlc: str
    losing_device_id: str
    winning_value: Any = None
    winning_hlc: str
    winning_device_id: str


class ChecklistFile(_Message):
    id: str
    version: int
    sha256: str
    yaml: str  # the file's text; immutable per (id, version)


class PullResponse(_Message):
    changes: list[ServerChange]
    next_cursor: int  # store it with the applied rows, in the same transaction
    more: bool  # another page is waiting
    conflicts: list[Conflict] = Field(default_factory=list)
    checklists: list[ChecklistFile] = Field(default_factory=list)


# ---- photos ------------------------------------------------------------------------------


class UploadStart(_Message):
    sha256: str
    size: int = Field(ge=1)


class UploadState(_Message):
    upload_id: str
    sha256: str
    size: int
    offset: int  # bytes received so far: resume from here
    complete: bool = False


# ---- errors ------------------------------------------------------------------------------


class ErrorBody(_Message):
    """Every non-2xx answer: a stable code for programs and a sentence for people."""

    code: str  # e.g. upgrade_required, unauthorized, forbidden, not_found, invalid
    message: str
    at: datetime | None = None
    # With 409 "wrong_offset" on an upload chunk: where the upload stands (resume from there).
    upload: UploadState | None = None
