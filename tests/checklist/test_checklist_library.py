"""The versioned library: lookup, latest, what a new inspection is offered, and load errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector_app.checklist.library import (
    ChecklistLibrary,
    ChecklistNotFound,
    bundled_checklists_dir,
)
from inspector_app.checklist.loader import ChecklistError

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = FIXTURES / "library"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library() -> ChecklistLibrary:
    return ChecklistLibrary.load([LIBRARY], rule_profiles={"demo-rules"})


def test_all_lists_every_version_sorted_and_skips_subfolders(library):
    # rule-profiles/demo-rules.yaml would fail as a checklist; it must not be read.
    assert [c.key for c in library.all()] == [("demo-gmp", 1), ("demo-gmp", 2), ("old-gmp", 1)]
    assert len(library) == 3
    assert ("demo-gmp", 2) in library


def test_get_returns_the_pinned_version(library):
    assert library.get("demo-gmp", 1).version == 1
    assert "demo-015" in library.get("demo-gmp", 2).items_by_id()
    assert "demo-015" not in library.get("demo-gmp", 1).items_by_id()
    assert library.source("demo-gmp", 2) == LIBRARY / "demo-gmp.v2.yaml"


def test_get_unknown_version_or_id_says_what_exists(library):
    with pytest.raises(KeyError) as caught:
        library.get("demo-gmp", 3)
    assert str(caught.value) == "checklist 'demo-gmp' has no version 3 (have: 1, 2)"
    with pytest.raises(ChecklistNotFound, match="no checklist 'nope' in the library"):
        library.get("nope", 1)
    with pytest.raises(ChecklistNotFound):
        library.latest("nope")


def test_latest_is_the_highest_version(library):
    assert library.latest("demo-gmp").version == 2
    assert library.latest("old-gmp").version == 1


def test_replaced_regulation_stays_loadable_but_is_not_offered(library):
    assert [c.key for c in library.offered()] == [("demo-gmp", 2)]
    old = library.get("old-gmp", 1)
    assert not old.is_current
    assert old.regulation.replaced_by == "药品生产示例规范（2020年版）"


def test_same_id_and_version_in_two_files_is_a_problem():
    with pytest.raises(ChecklistError) as caught:
        ChecklistLibrary.load([LIBRARY, FIXTURES / "extra"])
    (problem,) = caught.value.problems
    assert problem.file == str(FIXTURES / "extra" / "demo-gmp.v1.yaml")
    assert (problem.line, problem.field) == (4, "version")
    assert f"already defined in {LIBRARY / 'demo-gmp.v1.yaml'}" in problem.message


def test_problems_of_all_files_are_raised_together(tmp_path):
    shutil.copy(LIBRARY / "demo-gmp.v1.yaml", tmp_path)
    for name in ("duplicate-code.v1.yaml", "bad-syntax.v1.yaml", "empty.v1.yaml"):
        shutil.copy(Path(__file__).parent / "malformed" / name, tmp_path)
    with pytest.raises(ChecklistError) as caught:
        ChecklistLibrary.load([tmp_path])
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"duplicate-code.v1.yaml", "bad-syntax.v1.yaml", "empty.v1.yaml"}


def test_rule_profiles_are_checked_across_the_library():
    with pytest.raises(ChecklistError) as caught:
        ChecklistLibrary.load([LIBRARY], rule_profiles={"other"})
    assert len(caught.value.problems) == 3
    assert all(p.field == "rule_profile" for p in caught.value.problems)


def test_a_missing_folder_is_a_problem(tmp_path):
    with pytest.raises(ChecklistError, match="no such checklist folder"):
        ChecklistLibrary.load([tmp_path / "absent"])


def test_an_empty_folder_is_an_empty_library(tmp_path):
    library = ChecklistLibrary.load([tmp_path])
    assert library.all() == [] and library.offered() == []


def test_bundled_dir_in_a_source_checkout_is_the_repo_folder():
    assert bundled_checklists_dir() == REPO / "checklists"


def test_the_shipped_library_loads():
    library = ChecklistLibrary.load()
    assert len(library) == len(list(bundled_checklists_dir().glob("*.yaml")))
