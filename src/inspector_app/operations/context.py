"""The application context: the open store, blob store, checklist library and rule profiles."""

from __future__ import annotations

import getpass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.paths import data_dir as resolve_data_dir
from inspector_app.store.blobs import BlobStore
from inspector_app.store.store import Store

if TYPE_CHECKING:
    from inspector_app.checklist.library import ChecklistLibrary
    from inspector_app.domain.conclusion import RuleProfile


class App:
    """One per process (or per test). Cheap to create: library and profiles load on first use."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        actor: str | None = None,
        checklist_dirs: list[Path] | None = None,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self._checklist_dirs = checklist_dirs
        self.store = Store(self.data_dir)
        self.blobs = BlobStore(self.data_dir / "blobs")
        self._actor = actor

    @property
    def actor(self) -> str:
        """Who is working on this laptop, for the audit trail."""
        return self._actor or self.store.meta_value("user_name") or getpass.getuser()

    @cached_property
    def profiles(self) -> dict[str, RuleProfile]:
        from inspector_app.checklist.profiles import bundled_profiles

        return bundled_profiles()

    @cached_property
    def library(self) -> ChecklistLibrary:
        from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir

        # Checklists received from the center later live beside the bundled ones.
        received = self.data_dir / "checklists"
        dirs = self._checklist_dirs or [bundled_checklists_dir()]
        if received.is_dir():
            dirs = [*dirs, received]
        return ChecklistLibrary.load(dirs, rule_profiles=set(self.profiles))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
