"""The data-integrity part (药品记录与数据管理要求（试行）) and scripts/splice_parts.py.

The part is one top-level section kept in checklists/parts/ and spliced verbatim into the
checklists that use it. It must validate inside any drug checklist — tiered (licence) or not
(GMP) — through the real loader, cover the topics a 2026 inspection asks about, stay out of
scope unless the inspection selects its tag, and every spliced copy must equal the part.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.loader import check_checklist_file, load_checklist
from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.checklist.schema import Checklist, Item
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import Inspection, InspectionType

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts" / "splice_parts.py"
PART_ID = "drug-data-integrity-2020"
PART = bundled_checklists_dir() / "parts" / f"{PART_ID}.yaml"
SECTION_ID = "part-data-integrity"
TAG = "data-integrity"
SOURCE = "药品记录与数据管理要求（试行）"

# The topics issue 12 asks for, by the items that carry them.
AUDIT_TRAIL = {"ddi-021": "审计追踪", "ddi-021-2": "审计追踪", "ddi-027": "审计追踪"}
ACCESS = {"ddi-020": "账号", "ddi-020-2": "权限", "ddi-020-3": "权限"}
ELECTRONIC_REVIEW = {"ddi-027": "审核", "ddi-027-2": "审核电子数据"}
ORIGINAL_RECORDS = {"ddi-013": "操作的同时", "ddi-023": "真实副本", "ddi-024": "原始数据"}

TIERED_HEAD = """\
format: 1
id: host-tiered
version: 1
title: 带分级的宿主检查表
kind: licence
regulation:
  name: 药品生产监督管理办法
  issuer: 国家市场监督管理总局
  version: 2020年
  effective_date: 2020-07-01
tiers: [key, general]
tags:
  - {id: data-integrity, label: 数据可靠性}
rule_profile: drug-licence
sections:
  - id: ch02
    code: 第二章
    title: 生产许可
    articles: [6, 7]
    items:
      - id: h-006
        code: "*1.1"
        refs: [6]
        requirement: 申请人应为依法登记的企业。
        tier: key
"""

UNTIERED_HEAD = """\
format: 1
id: host-untiered
version: 1
title: 不分级的宿主检查表
kind: drug-gmp
regulation:
  name: 药品生产质量管理规范
  issuer: 卫生部
  version: 2010年修订
  effective_date: 2011-03-01
tags:
  - {id: data-integrity, label: 数据可靠性}
rule_profile: drug-inspection-2023
sections:
  - id: ch02
    code: 第二章
    title: 质量管理
    articles: [5, 15]
    items:
      - id: h-005
        code: 第五条
        refs: [5]
        requirement: 企业应有书面的质量目标。
      - id: h-010
        code: 第十条
        refs: [10]
        requirement: 生产工艺应经验证。
"""


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("splice_parts", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


splice = _load_script()


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def profiles() -> set[str]:
    return set(bundled_profiles())


def _host(folder: Path, head: str, name: str) -> Path:
    """A minimal checklist in `folder` with the part spliced in, as --into writes it."""
    path = folder / name
    path.write_text(f"{head}\n{splice.marker(PART_ID)}\n{splice.part_body(PART)}", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def part_checklist(tmp_path_factory: pytest.TempPathFactory) -> Checklist:
    folder = tmp_path_factory.mktemp("host")
    return load_checklist(_host(folder, UNTIERED_HEAD, "host-untiered.v1.yaml"))


def _part_items(checklist: Checklist) -> dict[str, Item]:
    return {item.id: item for chain, item in checklist.walk_items() if chain[0].id == SECTION_ID}


# --- the part validates inside any host -----------------------------------------------------


@pytest.mark.parametrize(
    ("head", "name"),
    [(TIERED_HEAD, "host-tiered.v1.yaml"), (UNTIERED_HEAD, "host-untiered.v1.yaml")],
    ids=["tiered-licence-host", "untiered-gmp-host"],
)
def test_the_part_validates_spliced_into_a_minimal_checklist(
    tmp_path: Path, profiles: set[str], head: str, name: str
) -> None:
    checklist, problems = check_checklist_file(_host(tmp_path, head, name), rule_profiles=profiles)
    assert [str(p) for p in problems] == []
    assert checklist is not None
    assert checklist.sections[-1].id == SECTION_ID
    assert checklist.sections[-1].tags == [TAG]


def test_the_part_file_is_one_section_after_a_header_naming_the_part() -> None:
    text = PART.read_text(encoding="utf-8")
    assert text.startswith(f"# Part {PART_ID}, version 1")
    assert splice.part_tags(PART) == [TAG]
    body = splice.part_body(PART)
    assert body.startswith(f"  - id: {SECTION_ID}\n")
    assert not any(line.startswith("#") for line in body.splitlines())


def test_items_are_numbered_sourced_flagged_and_untiered(part_checklist: Checklist) -> None:
    items = _part_items(part_checklist)
    assert 25 <= len(items) <= 35
    for item in items.values():
        assert item.id.startswith("ddi-"), item.id
        assert item.code.startswith("记录与数据第"), item.id
        assert item.tier is None, item.id
        assert item.check.strip() and item.evidence, item.id
        assert item.refs and all(ref.source == SOURCE for ref in item.refs), item.id
        # No copy of the text could be read: every number is flagged for the centre.
        assert all(ref.verified is False for ref in item.refs), item.id
        article = item.refs[0].article
        assert item.id.split("-")[1] == f"{article:03d}", item.id


@pytest.mark.parametrize(
    "topic",
    [AUDIT_TRAIL, ACCESS, ELECTRONIC_REVIEW, ORIGINAL_RECORDS],
    ids=["audit-trail", "access-privileges", "electronic-data-review", "original-records"],
)
def test_items_cover_the_topics_the_issue_asks_for(
    part_checklist: Checklist, topic: dict[str, str]
) -> None:
    items = _part_items(part_checklist)
    for item_id, word in topic.items():
        assert item_id in items
        assert word in items[item_id].requirement, (item_id, word)


def test_the_part_is_out_of_scope_unless_its_tag_is_selected(part_checklist: Checklist) -> None:
    def in_scope(*tags: str) -> set[str]:
        inspection = Inspection(
            id="insp-ddi",
            company_name="某制药有限公司",
            inspection_type=InspectionType.GMP_COMPLIANCE,
            checklist_id="host-untiered",
            checklist_version=1,
            scope_tags=list(tags),
            created_at=datetime(2026, 11, 30, tzinfo=UTC),
        )
        return {item.id for _, item in in_scope_items(part_checklist, inspection)}

    part_ids = set(_part_items(part_checklist))
    assert in_scope() == {"h-005", "h-010"}
    assert in_scope("sterile") == {"h-005", "h-010"}
    assert in_scope(TAG) == {"h-005", "h-010"} | part_ids


# --- splice_parts.py --------------------------------------------------------------------------


def test_check_passes_on_the_repository() -> None:
    result = run("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    # The licence and GMP v2 checklists carry the part; each carrier's copy is the part's body.
    carriers = {
        path.name
        for path in bundled_checklists_dir().glob("*.yaml")
        if splice.marker(PART_ID) in path.read_text(encoding="utf-8")
    }
    assert {"drug-licence-2020.v2.yaml", "drug-gmp-2010.v2.yaml"} <= carriers
    for name in carriers:
        text = (bundled_checklists_dir() / name).read_text(encoding="utf-8")
        assert splice.spliced(text, PART_ID, splice.part_body(PART)) == text


def _copy_of_repo_checklists(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    shutil.copytree(bundled_checklists_dir() / "parts", folder / "parts")
    shutil.copy(bundled_checklists_dir() / "drug-licence-2020.v2.yaml", folder)
    shutil.copy(bundled_checklists_dir() / "drug-licence-2020.v1.yaml", folder)
    return folder


def test_check_names_a_checklist_whose_copy_was_edited_and_a_splice_restores_it(
    tmp_path: Path,
) -> None:
    folder = _copy_of_repo_checklists(tmp_path)
    licence = folder / "drug-licence-2020.v2.yaml"
    original = licence.read_text(encoding="utf-8")
    edited = original.replace("审计追踪不能被使用人员关闭", "审计追踪可以由管理员关闭", 1)
    assert edited != original
    licence.write_text(edited, encoding="utf-8")

    result = run("--check", "--dir", folder)
    assert result.returncode == 1
    assert str(licence) in result.stdout
    assert "drug-licence-2020.v1.yaml" not in result.stdout
    assert licence.read_text(encoding="utf-8") == edited  # --check changes nothing

    result = run("--dir", folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert licence.read_text(encoding="utf-8") == original
    assert run("--check", "--dir", folder).returncode == 0


def test_an_edit_to_the_part_reaches_every_copy(tmp_path: Path) -> None:
    folder = _copy_of_repo_checklists(tmp_path)
    part = folder / "parts" / f"{PART_ID}.yaml"
    part.write_text(
        part.read_text(encoding="utf-8").replace("原始数据应在产生时", "原始数据须在产生时", 1),
        encoding="utf-8",
    )
    assert run("--check", "--dir", folder).returncode == 1
    assert run("--dir", folder).returncode == 0
    licence = (folder / "drug-licence-2020.v2.yaml").read_text(encoding="utf-8")
    assert "原始数据须在产生时" in licence


def test_into_refuses_a_checklist_that_does_not_declare_the_tag(tmp_path: Path) -> None:
    host = tmp_path / "host-untiered.v1.yaml"
    text = UNTIERED_HEAD.replace("tags:\n  - {id: data-integrity, label: 数据可靠性}\n", "")
    host.write_text(text, encoding="utf-8")

    result = run("--into", host, PART_ID)
    assert result.returncode != 0
    assert str(host) in result.stderr
    assert "data-integrity" in result.stderr and "tags" in result.stderr
    assert host.read_text(encoding="utf-8") == text


def test_into_adds_marker_and_part_to_a_checklist_that_declares_the_tag(
    tmp_path: Path, profiles: set[str]
) -> None:
    host = tmp_path / "host-tiered.v1.yaml"
    host.write_text(TIERED_HEAD, encoding="utf-8")

    result = run("--into", host, PART_ID)
    assert result.returncode == 0, result.stdout + result.stderr
    text = host.read_text(encoding="utf-8")
    assert text.startswith(TIERED_HEAD)
    assert text.endswith(f"{splice.marker(PART_ID)}\n{splice.part_body(PART)}")
    _, problems = check_checklist_file(host, rule_profiles=profiles)
    assert problems == []

    again = run("--into", host, PART_ID)  # a second copy would duplicate every id
    assert again.returncode != 0
    assert "already holds" in again.stderr
