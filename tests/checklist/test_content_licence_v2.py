"""Version 2 of the drug licence checklist (issue 12): the holder's (MAH) duties and the
data-integrity part.

v2 keeps every v1 item as it was, adds 第三章 药品上市许可持有人的义务 citing the Drug
Administration Law 2019, the 2020 production supervision measures (the checklist's own
regulation) and the 2022 provisions on holders' quality and safety responsibility, and carries
the spliced data-integrity part behind its tag.
"""

from __future__ import annotations

import re

import pytest

from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
from inspector_app.checklist.loader import check_checklist_file, load_checklist
from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.checklist.schema import Checklist, Item, Tier

V1 = bundled_checklists_dir() / "drug-licence-2020.v1.yaml"
V2 = bundled_checklists_dir() / "drug-licence-2020.v2.yaml"
DRUG_LAW = "中华人民共和国药品管理法（2019年修订）"
MAH_PROVISIONS = "药品上市许可持有人落实药品质量安全主体责任监督管理规定"
DATA_INTEGRITY = "药品记录与数据管理要求（试行）"
MAH_SECTION = "mah-duties"
# Law articles the section rests on: chapter 3 (持有人) and the post-market articles.
LAW_ARTICLES = set(range(30, 41)) | {77, 79, 80, 82}


@pytest.fixture(scope="module")
def v1() -> Checklist:
    return load_checklist(V1, rule_profiles=set(bundled_profiles()))


@pytest.fixture(scope="module")
def v2() -> Checklist:
    return load_checklist(V2, rule_profiles=set(bundled_profiles()))


def _items(checklist: Checklist, top: str) -> list[Item]:
    return [item for chain, item in checklist.walk_items() if chain[0].id == top]


def test_v2_loads_with_the_bundled_profiles() -> None:
    checklist, problems = check_checklist_file(V2, rule_profiles=set(bundled_profiles()))
    assert [str(p) for p in problems] == []
    assert checklist is not None and checklist.key == ("drug-licence-2020", 2)


def test_the_library_offers_v2_and_keeps_v1_loadable() -> None:
    library = ChecklistLibrary.load(rule_profiles=set(bundled_profiles()))
    assert library.versions("drug-licence-2020")[:2] == [1, 2]
    assert library.latest("drug-licence-2020").version == 2
    assert ("drug-licence-2020", 1) in library


def test_every_v1_item_is_kept_unchanged(v1: Checklist, v2: Checklist) -> None:
    old, new = v1.items_by_id(), v2.items_by_id()
    assert set(old) <= set(new)
    assert [item_id for item_id, item in old.items() if new[item_id] != item] == []
    assert [s.id for s in v2.sections[: len(v1.sections)]] == [s.id for s in v1.sections]


def test_metadata_is_v1_plus_the_data_integrity_tag(v1: Checklist, v2: Checklist) -> None:
    assert v2.regulation == v1.regulation
    assert v2.regulation.document_no == "国家市场监督管理总局令第28号"
    assert (v2.kind, v2.rule_profile, v2.tiers) == (v1.kind, v1.rule_profile, v1.tiers)
    assert [t.id for t in v2.tags] == [*(t.id for t in v1.tags), "data-integrity"]


def test_mah_section_cites_the_three_sources(v2: Checklist) -> None:
    items = _items(v2, MAH_SECTION)
    assert 15 <= len(items) <= 25
    refs = [ref for item in items for ref in item.refs]
    assert {ref.source for ref in refs} == {None, DRUG_LAW, MAH_PROVISIONS}
    for item in items:
        assert re.fullmatch(r"lic-1[1-4]-\d+", item.id), item.id  # new ids, none of v1's
        assert item.tier in (Tier.KEY, Tier.GENERAL), item.id
        assert item.check.strip() and item.evidence, item.id
        assert any(ref.source in (None, DRUG_LAW, MAH_PROVISIONS) for ref in item.refs)
    assert {ref.article for ref in refs if ref.source == DRUG_LAW} <= LAW_ARTICLES
    # The law's numbers were checked against public copies; the 办法 and the 2022 provisions'
    # were not, and say so on every citation.
    assert all(ref.verified for ref in refs if ref.source == DRUG_LAW)
    assert not any(ref.verified for ref in refs if ref.source in (None, MAH_PROVISIONS))


def _cites(item: Item, source: str | None, article: int) -> bool:
    return any(ref.source == source and ref.article == article for ref in item.refs)


def test_mah_items_carry_the_duties_the_issue_names(v2: Checklist) -> None:
    items = {item.id: item for item in _items(v2, MAH_SECTION)}
    annual = [i for i in items.values() if _cites(i, DRUG_LAW, 37)]
    assert [i.id for i in annual] == ["lic-14-2"] and "年度报告" in annual[0].requirement
    contract = [i for i in items.values() if _cites(i, DRUG_LAW, 32)]
    assert contract and all("质量协议" in i.requirement for i in contract)
    assert "质量协议" in items["lic-12-2"].requirement
    release = items["lic-13-1"]
    assert _cites(release, DRUG_LAW, 33) and "质量受权人" in release.requirement
    assert "出厂放行" in items["lic-13-2"].requirement
    assert _cites(items["lic-12-3"], DRUG_LAW, 31)  # periodic audit of the contractor


def test_contract_manufacturing_items_are_out_of_scope_without_the_tag(v2: Checklist) -> None:
    section = next(s for s in v2.sections if s.id == MAH_SECTION)
    contract = next(s for s in section.sections if s.id == "mah-contract-manufacturing")
    assert contract.tags == ["contract-manufacturing"]
    assert {i.id for i in contract.items} == {"lic-12-1", "lic-12-2", "lic-12-3", "lic-12-4"}


def test_the_data_integrity_part_is_spliced_last_behind_its_tag(v2: Checklist) -> None:
    last = v2.sections[-1]
    assert last.id == "part-data-integrity" and last.tags == ["data-integrity"]
    items = _items(v2, last.id)
    assert items and all(ref.source == DATA_INTEGRITY for i in items for ref in i.refs)
    assert all(item.tier is None for item in items)


def test_notes_name_the_changes_and_sources_in_full(v2: Checklist) -> None:
    for text in (
        "国家市场监督管理总局令第28号",
        "公告2022年第126号",
        "公告2020年第74号",
        DRUG_LAW,
        MAH_PROVISIONS,
        "verified: false",
    ):
        assert text in v2.notes, text
    header = V2.read_text(encoding="utf-8").split("\nformat:", 1)[0]
    assert "Changes from version 1" in header
    assert "总局令第28号" not in header.replace("国家市场监督管理总局令第28号", "")
