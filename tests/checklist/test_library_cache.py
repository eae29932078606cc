"""The checked-checklist cache: the same library either way; a changed, broken or foreign
cache is never trusted; an edited file is checked again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
from inspector_app.checklist.loader import ChecklistError
from inspector_app.checklist.profiles import bundled_profiles

PROFILES = set(bundled_profiles())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "lists"
    target.mkdir()
    for name in ("drug-licence-2020.v1.yaml", "device-registration-qms-2022.v1.yaml"):
        shutil.copy(bundled_checklists_dir() / name, target / name)
    return target


def test_a_cached_load_is_the_same_library(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "checklists.json"
    first = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    assert cache.is_file()
    second = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    assert second.all() == first.all()
    assert second.source("drug-licence-2020", 1) == folder / "drug-licence-2020.v1.yaml"


def test_an_edited_file_is_checked_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "checklists.json"
    ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    path = folder / "drug-licence-2020.v1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rule_profile: drug-licence", "rule_profile: x"),
        encoding="utf-8",
    )
    with pytest.raises(ChecklistError, match="unknown rule profile 'x'"):
        ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)


def test_a_broken_or_foreign_cache_is_ignored_and_rebuilt(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "checklists.json"
    cache.write_text("{not json", encoding="utf-8")
    library = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    assert len(library) == 2
    data = json.loads(cache.read_text(encoding="utf-8"))
    # An entry tampered with is refused by the models' validation, not believed.
    digest = next(iter(data["entries"]))
    data["entries"][digest] = json.dumps({"id": "evil"})
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache).all() == (
        library.all()
    )
    # Checked against other rule profiles: not valid for this set.
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["stamp"]["profiles"] == sorted(PROFILES)
    with pytest.raises(ChecklistError, match="unknown rule profile"):
        ChecklistLibrary.load([folder], rule_profiles={"another"}, cache=cache)


def test_duplicates_are_still_reported_from_the_cache(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "checklists.json"
    ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    other = tmp_path / "received"
    other.mkdir()
    shutil.copy(folder / "drug-licence-2020.v1.yaml", other / "drug-licence-2020.v1.yaml")
    with pytest.raises(ChecklistError, match="already defined in"):
        ChecklistLibrary.load([folder, other], rule_profiles=PROFILES, cache=cache)


def test_an_unwritable_cache_place_only_costs_time(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    library = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=blocker / "c.json")
    assert len(library) == 2


def test_a_cached_load_validates_a_checklist_only_when_asked(folder: Path, tmp_path: Path) -> None:
    # What the report command relies on: one checklist validated, not the whole library.
    cache = tmp_path / "checklists.json"
    first = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    library = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    assert library.versions("drug-licence-2020") == [1]
    assert ("drug-licence-2020", 1) in library and len(library) == 2
    deferred = [k for k, v in library._by_key.items() if not hasattr(v, "key")]
    assert len(deferred) == 2
    assert library.get("drug-licence-2020", 1) == first.get("drug-licence-2020", 1)
    deferred = [k for k, v in library._by_key.items() if not hasattr(v, "key")]
    assert deferred == [("device-registration-qms-2022", 1)]


@pytest.mark.parametrize("text", ['{"id": "evil"}', "{not json", "swap"])
def test_a_tampered_cache_entry_is_checked_against_its_file(
    folder: Path, tmp_path: Path, text: str
) -> None:
    cache = tmp_path / "checklists.json"
    truth = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    entries = data["entries"]
    licence = next(d for d, e in entries.items() if e[0] == "drug-licence-2020")
    other = next(d for d in entries if d != licence)
    # "swap": well-formed JSON of another checklist under this one's key.
    entries[licence][2] = entries[other][2] if text == "swap" else text
    cache.write_text(json.dumps(data), encoding="utf-8")
    library = ChecklistLibrary.load([folder], rule_profiles=PROFILES, cache=cache)
    assert library.get("drug-licence-2020", 1) == truth.get("drug-licence-2020", 1)
