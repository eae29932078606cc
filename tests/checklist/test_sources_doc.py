"""docs/regulatory-sources.md is the one list of every estimate: it names each shipped
checklist version and profile with the number of references the files flag unverified."""

from __future__ import annotations

import re
from pathlib import Path

from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
from inspector_app.checklist.profiles import bundled_profiles

DOC = Path(__file__).resolve().parents[2] / "docs" / "regulatory-sources.md"


def _rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_every_checklist_version_is_listed_with_its_flag_count() -> None:
    rows = _rows(DOC.read_text(encoding="utf-8"))
    library = ChecklistLibrary.load([bundled_checklists_dir()], rule_profiles=bundled_profiles())
    for checklist in library.all():
        key = f"`{checklist.id}` v{checklist.version}"
        assert key in rows, f"{key} is not in {DOC.name}"
        items, _source, flagged = rows[key][:3]
        walked = checklist.walk_items()
        count = sum(not ref.verified for _, item in walked for ref in item.refs)
        assert (int(items), int(flagged)) == (len(walked), count), key
        assert str(count) in checklist.notes or count == 0, key  # the file says it too


def test_every_profile_is_listed_with_its_version_and_status() -> None:
    rows = _rows(DOC.read_text(encoding="utf-8"))
    for profile_id, profile in bundled_profiles().items():
        key = f"`{profile_id}`"
        assert key in rows, f"{key} is not in {DOC.name}"
        version, _source, status = rows[key][:3]
        assert int(version) == profile.version, key
        if profile.regulation.status == "draft":
            assert re.search(r"\bdraft\b", status), key
        if profile.regulation.status == "repealed":
            assert "repealed" in status, key
