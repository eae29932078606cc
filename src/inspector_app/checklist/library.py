"""The versioned library of checklists: every (id, version) found in one or more folders.

Versions are immutable and inspections pin one, so the library keeps them all; `offered()`
is the narrower set a new inspection may choose from.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

import inspector_app
from inspector_app.checklist.loader import ChecklistError, check_checklist_document
from inspector_app.checklist.schema import Checklist
from inspector_app.checklist.yamlsource import Problem, YamlDocument
from inspector_app.domain.errors import InspectorError


def bundled_checklists_dir() -> Path:
    """Checklists shipped with the app.

    An installed wheel carries them in `<package>/_bundled/checklists` (pyproject
    force-include); a source checkout or editable install reads `<repo>/checklists`.
    """
    package = Path(inspector_app.__file__).resolve().parent
    bundled = package / "_bundled" / "checklists"
    if bundled.is_dir():
        return bundled
    return package.parents[1] / "checklists"


class ChecklistNotFound(InspectorError, KeyError):
    """No such (id, version) in the library. Reads as a plain sentence, unlike KeyError."""

    def __str__(self) -> str:
        return str(self.args[0])


class ChecklistLibrary:
    def __init__(self, checklists: Iterable[tuple[Checklist, Path]] = ()) -> None:
        self._by_key: dict[tuple[str, int], Checklist] = {}
        self._sources: dict[tuple[str, int], Path] = {}
        for checklist, source in checklists:
            self._by_key[checklist.key] = checklist
            self._sources[checklist.key] = source

    @classmethod
    def load(
        cls,
        dirs: Iterable[Path | str] | None = None,
        *,
        rule_profiles: Collection[str] | None = None,
    ) -> ChecklistLibrary:
        """Every `*.yaml` directly inside each folder (subfolders hold other formats).

        Raises ChecklistError with the problems of all files, so one run shows everything.
        """
        folders = [bundled_checklists_dir()] if dirs is None else [Path(d) for d in dirs]
        problems: list[Problem] = []
        found: list[tuple[Checklist, Path]] = []
        first_seen: dict[tuple[str, int], Path] = {}
        for folder in folders:
            if not folder.is_dir():
                problems.append(Problem(str(folder), 1, 1, "", "no such checklist folder"))
                continue
            for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
                checklist, file_problems, doc = check_checklist_document(
                    path, rule_profiles=rule_profiles
                )
                problems.extend(file_problems)
                if checklist is None:
                    continue
                if checklist.key in first_seen:
                    problems.append(_duplicate(doc, checklist, first_seen[checklist.key]))
                    continue
                first_seen[checklist.key] = path
                found.append((checklist, path))
        if problems:
            raise ChecklistError(problems)
        return cls(found)

    def get(self, checklist_id: str, version: int) -> Checklist:
        try:
            return self._by_key[(checklist_id, version)]
        except KeyError:
            versions = self.versions(checklist_id)
            if versions:
                listed = ", ".join(str(v) for v in versions)
                message = f"checklist '{checklist_id}' has no version {version} (have: {listed})"
            else:
                message = f"no checklist '{checklist_id}' in the library"
            raise ChecklistNotFound(message) from None

    def latest(self, checklist_id: str) -> Checklist:
        versions = self.versions(checklist_id)
        if not versions:
            raise ChecklistNotFound(f"no checklist '{checklist_id}' in the library")
        return self._by_key[(checklist_id, versions[-1])]

    def versions(self, checklist_id: str) -> list[int]:
        return sorted(v for (cid, v) in self._by_key if cid == checklist_id)

    def offered(self) -> list[Checklist]:
        """What a new inspection may choose: the latest version of each checklist whose
        regulation has not been replaced. Older versions stay loadable for old inspections."""
        ids = sorted({cid for cid, _ in self._by_key})
        latest = (self.latest(cid) for cid in ids)
        return [checklist for checklist in latest if checklist.is_current]

    def all(self) -> list[Checklist]:
        return [self._by_key[key] for key in sorted(self._by_key)]

    def source(self, checklist_id: str, version: int) -> Path:
        """The file a checklist was loaded from."""
        self.get(checklist_id, version)  # same error as get() when unknown
        return self._sources[(checklist_id, version)]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Checklist]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._by_key)


def _duplicate(doc: YamlDocument, checklist: Checklist, first: Path) -> Problem:
    return doc.problem(
        ("version",),
        f"checklist '{checklist.id}' version {checklist.version} is already defined in {first}; "
        "a revision needs a new version number",
    )
