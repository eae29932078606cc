"""The versioned library of checklists: every (id, version) found in one or more folders.

Versions are immutable and inspections pin one, so the library keeps them all; `offered()`
is the narrower set a new inspection may choose from.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

import inspector_app
from inspector_app.checklist.loader import ChecklistError, check_checklist_document
from inspector_app.checklist.schema import Checklist
from inspector_app.checklist.yamlsource import Problem, YamlDocument
from inspector_app.domain.errors import InspectorError
from inspector_app.files import atomic_write


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
        cache: Path | None = None,
    ) -> ChecklistLibrary:
        """Every `*.yaml` directly inside each folder (subfolders hold other formats).

        Raises ChecklistError with the problems of all files, so one run shows everything.
        With `cache`, a file whose exact bytes were checked before (same app version, same
        rule profiles) is read back from the cache instead of parsed and validated again:
        the YAML parse with positions is most of a library load (docs/startup-budget.md).
        """
        folders = [bundled_checklists_dir()] if dirs is None else [Path(d) for d in dirs]
        known = _CheckedCache(cache, rule_profiles)
        problems: list[Problem] = []
        found: list[tuple[Checklist, Path]] = []
        first_seen: dict[tuple[str, int], Path] = {}
        for folder in folders:
            if not folder.is_dir():
                problems.append(Problem(str(folder), 1, 1, "", "no such checklist folder"))
                continue
            for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                checklist, doc = known.get(digest), None
                if checklist is None:
                    checklist, file_problems, doc = check_checklist_document(
                        path, rule_profiles=rule_profiles
                    )
                    problems.extend(file_problems)
                    if checklist is None or file_problems:
                        continue
                    known.put(digest, checklist)
                if checklist.key in first_seen:
                    doc = doc or check_checklist_document(path, rule_profiles=rule_profiles)[2]
                    problems.append(_duplicate(doc, checklist, first_seen[checklist.key]))
                    continue
                first_seen[checklist.key] = path
                found.append((checklist, path))
        if problems:
            raise ChecklistError(problems)
        known.save()
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


class _CheckedCache:
    """Checklists already checked, by the SHA-256 of their file, as pydantic JSON.

    Valid only for the app version and rule-profile set that checked them (either change
    empties it). JSON, not pickle: the file lives in the user's data folder, and reading it
    back runs the models' own validation, never code. Unreadable or foreign: ignored, rebuilt.
    """

    FORMAT = 1

    def __init__(self, path: Path | None, rule_profiles: Collection[str] | None) -> None:
        self.path = path
        self.stamp = {
            "format": self.FORMAT,
            "app": inspector_app.__version__,
            "profiles": sorted(rule_profiles) if rule_profiles is not None else None,
        }
        self.entries: dict[str, str] = {}
        self.used: set[str] = set()
        self.changed = False
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("stamp") == self.stamp:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self.entries = {k: v for k, v in entries.items() if isinstance(v, str)}
        except (OSError, ValueError):
            self.entries = {}

    def get(self, digest: str) -> Checklist | None:
        text = self.entries.get(digest)
        if text is None:
            return None
        try:
            checklist = Checklist.model_validate_json(text)
        except ValueError:
            self.changed = True
            return None
        self.used.add(digest)
        return checklist

    def put(self, digest: str, checklist: Checklist) -> None:
        self.entries[digest] = checklist.model_dump_json()
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        stale = set(self.entries) - self.used
        if self.path is None or not (self.changed or stale):
            return
        keep = {k: v for k, v in self.entries.items() if k in self.used}
        text = json.dumps({"stamp": self.stamp, "entries": keep}, ensure_ascii=False)
        # A read-only data folder: every start validates, nothing breaks.
        with contextlib.suppress(OSError):
            atomic_write(self.path, text.encode("utf-8"))
