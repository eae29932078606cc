"""Content checks for the general part (chapters 2–13) of the drug GMP 2010 checklist.

The sterile annex is appended to the same file as the last top-level section; these tests
look only at the chapter sections, so they hold with or without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from inspector_app.checklist.schema import Checklist, Item, Section

CHECKLIST_FILE = Path(__file__).parents[2] / "checklists" / "drug-gmp-2010.v1.yaml"

# Chapter number → (title, first article, last article) in 药品生产质量管理规范（2010年修订）.
CHAPTERS = {
    2: ("质量管理", 5, 15),
    3: ("机构与人员", 16, 37),
    4: ("厂房与设施", 38, 70),
    5: ("设备", 71, 101),
    6: ("物料与产品", 102, 137),
    7: ("确认与验证", 138, 149),
    8: ("文件管理", 150, 183),
    9: ("生产管理", 184, 216),
    10: ("质量控制与质量保证", 217, 277),
    11: ("委托生产与委托检验", 278, 292),
    12: ("产品发运与召回", 293, 305),
    13: ("自检", 306, 309),
}
SUBSYSTEMS = {
    "quality-system",
    "facilities-equipment",
    "materials",
    "production",
    "packaging-labelling",
    "laboratory",
}

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CODE = re.compile(r"^第([零一二三四五六七八九十百千]+)(条|章)(?:（(\d+)）)?$")


def cn_to_int(text: str) -> int:
    """Parse a Chinese numeral as statutes write it: 十 → 10, 一百一十 → 110, 一百零二 → 102."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    data = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
    return Checklist.model_validate(data)


@pytest.fixture(scope="module")
def chapters(checklist: Checklist) -> dict[int, Section]:
    """Top-level chapter sections keyed by chapter number (the annex section is skipped)."""
    out: dict[int, Section] = {}
    for section in checklist.sections:
        match = _CODE.match(section.code)
        if match and match.group(2) == "章":
            out[cn_to_int(match.group(1))] = section
    return out


def _items(section: Section) -> list[Item]:
    found = list(section.items)
    for child in section.sections:
        found.extend(_items(child))
    return found


def _all_sections(section: Section) -> list[Section]:
    found = [section]
    for child in section.sections:
        found.extend(_all_sections(child))
    return found


@pytest.fixture(scope="module")
def general_items(chapters: dict[int, Section]) -> list[Item]:
    return [item for number in sorted(chapters) for item in _items(chapters[number])]


def test_numeral_converter() -> None:
    cases = {
        "五": 5,
        "十": 10,
        "十五": 15,
        "二十": 20,
        "四十八": 48,
        "一百": 100,
        "一百零二": 102,
        "一百一十": 110,
        "一百七十五": 175,
        "二百一十七": 217,
        "三百零九": 309,
    }
    assert {text: cn_to_int(text) for text in cases} == cases


def test_metadata(checklist: Checklist) -> None:
    assert checklist.key == ("drug-gmp-2010", 1)
    assert checklist.kind == "drug-gmp"
    assert checklist.regulation.document_no == "卫生部令第79号"
    assert checklist.regulation.effective_date.isoformat() == "2011-03-01"
    assert checklist.tiers == []
    assert checklist.rule_profile == "drug-inspection-2023"
    assert {tag.id: tag.label for tag in checklist.tags} == {"sterile": "无菌药品"}


def test_sections_is_last_key_so_the_annex_can_be_appended() -> None:
    data = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
    assert list(data)[-1] == "sections"


def test_one_section_per_chapter_2_to_13(chapters: dict[int, Section]) -> None:
    assert sorted(chapters) == list(CHAPTERS)
    for number, (title, first, last) in CHAPTERS.items():
        section = chapters[number]
        assert section.title == title
        assert section.articles == (first, last)
        assert section.subsystem in SUBSYSTEMS


def test_every_chapter_has_items(chapters: dict[int, Section]) -> None:
    empty = [number for number, section in chapters.items() if not _items(section)]
    assert empty == []


def test_at_least_200_items(general_items: list[Item]) -> None:
    assert len(general_items) >= 200


def test_sub_sections_lie_inside_their_chapter(chapters: dict[int, Section]) -> None:
    for number, section in chapters.items():
        _, first, last = CHAPTERS[number]
        for sub in _all_sections(section):
            assert sub.subsystem in SUBSYSTEMS, sub.id
            assert sub.articles is not None, sub.id
            assert first <= sub.articles[0] <= sub.articles[1] <= last, sub.id


def test_refs_lie_in_their_chapter_and_section(chapters: dict[int, Section]) -> None:
    for number, chapter in chapters.items():
        _, first, last = CHAPTERS[number]
        for section in _all_sections(chapter):
            low, high = section.articles
            for item in section.items:
                assert item.refs, item.id
                for ref in item.refs:
                    assert ref.annex is None and ref.source is None, item.id
                    assert first <= ref.article <= last, (item.id, ref.article)
                    assert low <= ref.article <= high, (item.id, section.id)


def test_ids_and_codes_unique(general_items: list[Item]) -> None:
    ids = [item.id for item in general_items]
    codes = [item.code for item in general_items]
    assert len(ids) == len(set(ids))
    assert len(codes) == len(set(codes))


def test_code_and_id_follow_first_ref(general_items: list[Item]) -> None:
    for item in general_items:
        match = _CODE.match(item.code)
        assert match and match.group(2) == "条", item.code
        article = item.refs[0].article
        assert cn_to_int(match.group(1)) == article, item.code
        suffix = match.group(3)
        expected_id = f"dgmp-{article:03d}" + (f"-{suffix}" if suffix else "")
        assert item.id == expected_id, item.code
        assert suffix != "1", f"{item.code}: the first item on an article has no suffix"


def test_items_have_checks_and_evidence(general_items: list[Item]) -> None:
    for item in general_items:
        assert item.check.strip(), item.id
        assert item.evidence, item.id
        assert item.tier is None, item.id


def test_dense_articles_have_several_items(general_items: list[Item]) -> None:
    per_article: dict[int, int] = {}
    for item in general_items:
        per_article[item.refs[0].article] = per_article.get(item.refs[0].article, 0) + 1
    # Batch record content, air handling/pressure, OOS, retained samples.
    for article in (175, 48, 224, 225):
        assert per_article.get(article, 0) >= 2, article


def test_chapter_10_splits_lab_and_qa_subsystems(chapters: dict[int, Section]) -> None:
    subsystems = {sub.subsystem for sub in chapters[10].sections}
    assert {"laboratory", "quality-system", "materials"} <= subsystems


def test_sterile_tag_is_rare_in_the_general_part(general_items: list[Item]) -> None:
    tagged = [item.id for item in general_items if "sterile" in item.tags]
    assert 0 < len(tagged) < len(general_items) // 10
