"""The application context: the open store, blob store, checklist library and rule profiles."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.audit import Person
from inspector_app.paths import data_dir as resolve_data_dir
from inspector_app.store.blobs import BlobStore
from inspector_app.store.crypto import EncryptionError, is_encrypted, refuse_unfinished_migration

if TYPE_CHECKING:
    from inspector_app.checklist.library import ChecklistLibrary
    from inspector_app.domain.conclusion import RuleProfile
    from inspector_app.store.crypto import DataKey
    from inspector_app.store.store import Store

# The inspector profile (set at first start) and the enrolled account, in the store's meta.
PROFILE_NAME_KEY = "profile_name"
PROFILE_UNIT_KEY = "profile_unit"
ACCOUNT_KEY = "sync_user"
ROLE_KEY = "sync_role"


class App:
    """One per process (or per test). Cheap to create: library and profiles load on first use.

    The store opens (creating or migrating the file) in the constructor, so a broken or newer
    database is refused before anything else happens. A command that only reads whole records
    (`report`, `export`) passes `open_store=False`: the store then opens on first use, and
    reads through operations/records.py may never need it (no SQLAlchemy to import)."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        actor: str | None = None,
        checklist_dirs: list[Path] | None = None,
        open_store: bool = True,
        key: DataKey | None = None,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        # The data key (operations/encryption.py `unlock`) of an encrypted folder; the store,
        # the fast readers and the blob store all take it from here.
        refuse_unfinished_migration(self.data_dir)
        self.key = key if is_encrypted(self.data_dir) else None
        if self.key is None and is_encrypted(self.data_dir):
            raise EncryptionError(
                f"{self.data_dir}: the data on this laptop is encrypted: unlock it first "
                "(the app asks for the passphrase; the keyring answers by itself)"
            )
        self._checklist_dirs = checklist_dirs
        self._store: Store | None = None
        if open_store:
            self._open_store()
        self.blobs = BlobStore(self.data_dir / "blobs", self.key)
        self._actor = actor
        self._library: ChecklistLibrary | None = None
        self._library_lock = threading.RLock()

    @property
    def store(self) -> Store:
        return self._store or self._open_store()

    def _open_store(self) -> Store:
        from inspector_app.store.store import Store  # SQLAlchemy: see the class docstring

        self._store = Store(self.data_dir, self.key)
        return self._store

    @property
    def person(self) -> Person:
        """Who is working on this laptop, as the audit trail names them: the inspector
        profile's name (or `actor` given to this App), with the enrolled server account and
        its role once there is one. Never the operating-system account: with no name set,
        writes are refused (Store.write) until the profile is filled in."""
        # One query: every save asks who is working.
        meta = self.store.meta_values(PROFILE_NAME_KEY, ACCOUNT_KEY, ROLE_KEY)
        name = self._actor or meta.get(PROFILE_NAME_KEY, "")
        account = meta.get(ACCOUNT_KEY, "")
        return Person(name=name or account, account=account, role=meta.get(ROLE_KEY, ""))

    @property
    def actor(self) -> str:
        """The person's name (a defect's author, a signer's default)."""
        return self.person.name

    @cached_property
    def profiles(self) -> dict[str, RuleProfile]:
        from inspector_app.checklist.profiles import bundled_profiles

        return bundled_profiles()

    @property
    def library(self) -> ChecklistLibrary:
        # Locked: a sync (worker thread) may call reload_library while the GUI reads it.
        with self._library_lock:
            if self._library is None:
                self._library = self._load_library()
            return self._library

    def reload_library(self) -> None:
        """Read the checklists again on next use (a sync received new ones); any thread."""
        with self._library_lock:
            self._library = None

    def _load_library(self) -> ChecklistLibrary:
        from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir

        # Checklists received from the center later live beside the bundled ones.
        received = self.data_dir / "checklists"
        dirs = self._checklist_dirs or [bundled_checklists_dir()]
        if received.is_dir():
            dirs = [*dirs, received]
        cache = self.data_dir / "cache" / "checklists.json"  # rebuilt when stale
        return ChecklistLibrary.load(dirs, rule_profiles=set(self.profiles), cache=cache)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
