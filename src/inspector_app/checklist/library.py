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
from typing import Any

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


class _Deferred:
    """A checklist checked before (the cache's JSON), validated when first asked for: a
    report needs one checklist of the library, not all of them (startup budget)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


Key = tuple[str, int]


class ChecklistLibrary:
    def __init__(self, checklists: Iterable[tuple[Checklist | _Deferred, Path, Key]] = ()) -> None:
        self._by_key: dict[Key, Checklist | _Deferred] = {}
        self._sources: dict[Key, Path] = {}
        for checklist, source, key in checklists:
            self._by_key[key] = checklist
            self._sources[key] = source

    def _checklist(self, key: Key) -> Checklist:
        value = self._by_key[key]
        if isinstance(value, _Deferred):
            try:
                checked: Checklist | None = Checklist.model_validate_json(value.text)
            except ValueError:
                checked = None
            if checked is None or checked.key != key:  # a damaged cache: the source decides
                checked, problems, _ = check_checklist_document(self._sources[key])
                if checked is None or problems or checked.key != key:
                    raise ChecklistError(problems) from None
            value = checked
            self._by_key[key] = value
        return value

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
        found: list[tuple[Checklist | _Deferred, Path, Key]] = []
        first_seen: dict[Key, Path] = {}
        for folder in folders:
            if not folder.is_dir():
                problems.append(Problem(str(folder), 1, 1, "", "no such checklist folder"))
                continue
            for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                entry: Checklist | _Deferred | None
                cached, doc = known.get(digest), None
                if cached is not None:
                    key, entry = cached
                else:
                    entry, file_problems, doc = check_checklist_document(
                        path, rule_profiles=rule_profiles
                    )
                    problems.extend(file_problems)
                    if entry is None or file_problems:
                        continue
                    known.put(digest, entry)
                    key = entry.key
                if key in first_seen:
                    checked, _, doc = check_checklist_document(path, rule_profiles=rule_profiles)
                    assert checked is not None  # it was checked before
                    problems.append(_duplicate(doc, checked, first_seen[key]))
                    continue
                first_seen[key] = path
                found.append((entry, path, key))
        if problems:
            raise ChecklistError(problems)
        known.save()
        return cls(found)

    def get(self, checklist_id: str, version: int) -> Checklist:
        try:
            return self._checklist((checklist_id, version))
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
        return self._checklist((checklist_id, versions[-1]))

    def versions(self, checklist_id: str) -> list[int]:
        return sorted(v for (cid, v) in self._by_key if cid == checklist_id)

    def offered(self) -> list[Checklist]:
        """What a new inspection may choose: the latest version of each checklist whose
        regulation has not been replaced. Older versions stay loadable for old inspections."""
        ids = sorted({cid for cid, _ in self._by_key})
        latest = (self.latest(cid) for cid in ids)
        return [checklist for checklist in latest if checklist.is_current]

    def all(self) -> list[Checklist]:
        return [self._checklist(key) for key in sorted(self._by_key)]

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

    FORMAT = 2  # 2: each entry carries its checklist's key, so loading validates nothing

    def __init__(self, path: Path | None, rule_profiles: Collection[str] | None) -> None:
        self.path = path
        self.stamp = {
            "format": self.FORMAT,
            "app": inspector_app.__version__,
            "profiles": sorted(rule_profiles) if rule_profiles is not None else None,
        }
        self.entries: dict[str, list[Any]] = {}  # digest → [id, version, JSON]
        self.used: set[str] = set()
        self.changed = False
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("stamp") == self.stamp:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self.entries = {
                        k: v
                        for k, v in entries.items()
                        if isinstance(v, list)
                        and len(v) == 3
                        and isinstance(v[0], str)
                        and isinstance(v[1], int)
                        and isinstance(v[2], str)
                    }
        except (OSError, ValueError):
            self.entries = {}

    def get(self, digest: str) -> tuple[Key, _Deferred] | None:
        entry = self.entries.get(digest)
        if entry is None:
            return None
        self.used.add(digest)
        return (entry[0], entry[1]), _Deferred(entry[2])

    def put(self, digest: str, checklist: Checklist) -> None:
        self.entries[digest] = [checklist.id, checklist.version, checklist.model_dump_json()]
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
