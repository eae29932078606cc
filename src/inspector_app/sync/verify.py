"""Who wrote an entry that arrived by file: its signature checked against keys this laptop
already trusts, never against anything the file carries.

Trusted keys: this device's own public key (sync/credentials.py) for entries that claim this
device, and the team's keys as the server last listed them (`store.keys.device_keys`) for
every other device. Each entry is then

- valid:   signed by the key of the device it claims;
- bad:     unsigned, signed by another key, or claiming a device whose key was revoked —
           a bundle holding one is refused whole (sync/bundle.py);
- unknown: claiming a device whose key this laptop does not know yet — held unapplied in
           `held_change` and retried by `retry_held` after the next key pull.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from inspector_app.store import keys as key_store
from inspector_app.store.keys import DeviceKey
from inspector_app.store.merge import MergeResult, apply_changes, changes_of
from inspector_app.store.store import Store
from inspector_app.sync.credentials import DeviceKeyStore
from inspector_app.sync.protocol import ChangeEntry
from inspector_app.sync.signing import public_key, verify

Status = Literal["valid", "bad", "unknown"]


@dataclass(frozen=True)
class TrustedKeys:
    own_device: str
    own_key: str | None  # None: this laptop never made a key, so it signed nothing
    team: Mapping[str, DeviceKey]

    @classmethod
    def of(cls, store: Store) -> TrustedKeys:
        own = DeviceKeyStore(store.data_dir, store.device_id).get()
        return cls(store.device_id, own.public_text if own else None, key_store.device_keys(store))


@dataclass(frozen=True)
class Outcome:
    status: Status
    reason: str = ""  # one line naming the entry and its device; empty when valid


class _Checker:
    """Checks entries against one set of trusted keys, parsing each key once."""

    def __init__(self, trusted: TrustedKeys) -> None:
        self.trusted = trusted
        self._parsed: dict[str, Ed25519PublicKey | None] = {}

    def _key(self, device_id: str, text: str) -> Ed25519PublicKey | None:
        if device_id not in self._parsed:
            try:
                self._parsed[device_id] = public_key(text)
            except ValueError:  # a damaged stored key verifies nothing
                self._parsed[device_id] = None
        return self._parsed[device_id]

    def check(self, entry: ChangeEntry) -> Outcome:
        device = entry.device_id
        claim = f"entry {entry.change_id} claims device {device}"
        if device == self.trusted.own_device:
            text = self.trusted.own_key
        else:
            known = self.trusted.team.get(device)
            if known is None:
                return Outcome("unknown", f"the key of device {device} is not known here yet")
            if known.revoked_at:
                return Outcome("bad", f"{claim}, whose key was revoked at {known.revoked_at}")
            text = known.public_key
        if not entry.signature:
            return Outcome("bad", f"{claim} but carries no signature: the bundle was altered")
        key = self._key(device, text) if text else None
        if key is None or not verify(key, entry.to_change(), entry.signature):
            return Outcome(
                "bad", f"{claim} but its signature does not verify: the bundle was altered"
            )
        return Outcome("valid")


@dataclass
class Verification:
    valid: list[ChangeEntry] = field(default_factory=list)
    bad: list[tuple[ChangeEntry, str]] = field(default_factory=list)  # in file order
    unknown: list[tuple[ChangeEntry, str]] = field(default_factory=list)

    @property
    def waiting_devices(self) -> list[str]:
        return sorted({entry.device_id for entry, _ in self.unknown})


def verify_entries(entries: Iterable[ChangeEntry], trusted: TrustedKeys) -> Verification:
    checker = _Checker(trusted)
    result = Verification()
    for entry in entries:
        outcome = checker.check(entry)
        if outcome.status == "valid":
            result.valid.append(entry)
        elif outcome.status == "bad":
            result.bad.append((entry, outcome.reason))
        else:
            result.unknown.append((entry, outcome.reason))
    return result


@dataclass
class Retry:
    """What `retry_held` did; unpacks as (applied, still_waiting)."""

    applied: int = 0  # held entries now verified and merged
    still_waiting: int = 0  # their key is still unknown
    refused: list[tuple[str, str]] = field(default_factory=list)  # (change id, reason)
    merge: MergeResult | None = None
    already_here: int = 0  # released: a sync delivered them meanwhile

    def __iter__(self) -> Iterator[int]:
        yield self.applied
        yield self.still_waiting


def retry_held(store: Store) -> Retry:
    """Re-verify held entries against the keys stored now (call after storing the team's keys).

    Valid entries are merged (they stay in the outbox, as bundle entries do) and released;
    bad ones (a revoked or mismatching key) are released and reported; unknown ones stay.
    """
    held = key_store.held(store)
    if not held:
        return Retry()
    retry = Retry()
    # An entry that has arrived since by a checked path (a pull: the server verified it)
    # waits for nothing any more, even if its key never reaches this laptop.
    present: set[str] = set()
    for inspection_id in {row.inspection_id for row in held}:
        present.update(c.change_id for c in changes_of(store, inspection_id))
    arrived = [row.change_id for row in held if row.change_id in present]
    retry.already_here = len(arrived)
    held = [row for row in held if row.change_id not in present]
    entries: list[ChangeEntry] = []
    for row in held:
        try:
            entries.append(ChangeEntry.model_validate(row.entry))
        except ValidationError:  # cannot happen for rows hold() wrote; never apply one
            retry.refused.append((row.change_id, f"entry {row.change_id}: damaged while held"))
    verdict = verify_entries(entries, TrustedKeys.of(store))
    if verdict.valid:
        retry.merge = apply_changes(store, verdict.valid, acknowledged=False)
        retry.refused += retry.merge.refused
    retry.applied = len(verdict.valid) - (len(retry.merge.refused) if retry.merge else 0)
    retry.refused += [(entry.change_id, reason) for entry, reason in verdict.bad]
    retry.still_waiting = len(verdict.unknown)
    waiting = {entry.change_id for entry, _ in verdict.unknown}
    done = [row.change_id for row in held if row.change_id not in waiting]
    key_store.release(store, arrived + done)
    return retry
