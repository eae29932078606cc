"""Content checks for the sterile-products annex (附录1 无菌药品) of the drug GMP 2010 checklist.

The annex is authored as a fragment and merged by hand as the last top-level section of
checklists/drug-gmp-2010.v1.yaml. The tests read it from the checklist file once it is there,
otherwise from the authoring fragment, and wrap it in a minimal checklist so they hold
whatever state the main file is in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector_app.checklist.schema import Checklist, Item, Section

ROOT = Path(__file__).parents[2]
CHECKLIST_FILE = ROOT / "checklists" / "drug-gmp-2010.v1.yaml"
FRAGMENT_FILE = Path("/tmp/inspector_fragments/drug-gmp-2010-annex-sterile.yaml")
SECTION_ID = "annex-sterile"
ANNEX = "无菌药品"

# The annex's chapters as (title, first article, last article).
CHAPTERS = [
    ("范围", 1, 2),
    ("原则", 3, 7),
    ("洁净度级别及监测", 8, 13),
    ("隔离操作技术", 14, 15),
    ("吹灌封技术", 16, 17),
    ("人员", 18, 25),
    ("厂房", 26, 34),
    ("设备", 35, 42),
    ("消毒", 43, 45),
    ("生产管理", 46, 60),
    ("灭菌工艺", 61, 69),
    ("灭菌方法", 70, 75),
    ("无菌药品的最终处理", 76, 79),
    ("质量控制", 80, 80),
    ("术语", 81, 81),
]
SUBSYSTEMS = {
    "facilities-equipment",
    "production",
    "laboratory",
    "quality-system",
    "materials",
    "packaging-labelling",
}

_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numeral for 1–99, as articles are numbered (十, 十三, 二十, 四十七)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def _find_section(sections: list[dict[str, Any]]) -> dict[str, Any] | None:
    for section in sections:
        if section.get("id") == SECTION_ID:
            return section
        found = _find_section(section.get("sections") or [])
        if found is not None:
            return found
    return None


def _annex_section_data() -> dict[str, Any]:
    """The annex section: from the merged checklist when present, else from the fragment."""
    if CHECKLIST_FILE.exists():
        data = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
        found = _find_section(data.get("sections") or [])
        if found is not None:
            return found
    if FRAGMENT_FILE.exists():
        fragment = yaml.safe_load(FRAGMENT_FILE.read_text(encoding="utf-8"))
        assert isinstance(fragment, list) and len(fragment) == 1, "fragment is one list element"
        return fragment[0]
    pytest.fail(f"section '{SECTION_ID}' is neither in {CHECKLIST_FILE} nor in {FRAGMENT_FILE}")


def _wrapped(section: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": 1,
        "id": "test-sterile",
        "version": 1,
        "title": "无菌药品附录测试",
        "kind": "drug-gmp",
        "regulation": {
            "name": "药品生产质量管理规范",
            "issuer": "卫生部",
            "version": "2010年修订",
            "document_no": "卫生部令第79号",
            "effective_date": "2011-03-01",
        },
        "tags": [{"id": "sterile", "label": "无菌药品"}],
        "rule_profile": "drug-inspection-2023",
        "sections": [section],
    }


@pytest.fixture(scope="module")
def wrapped_data() -> dict[str, Any]:
    return _wrapped(_annex_section_data())


@pytest.fixture(scope="module")
def checklist(wrapped_data: dict[str, Any]) -> Checklist:
    return Checklist.model_validate(wrapped_data)


@pytest.fixture(scope="module")
def annex(checklist: Checklist) -> Section:
    return checklist.sections[0]


@pytest.fixture(scope="module")
def items(checklist: Checklist) -> list[tuple[list[Section], Item]]:
    return checklist.walk_items()


def test_annex_header(annex: Section) -> None:
    assert (annex.id, annex.code, annex.title) == (SECTION_ID, "附录1", ANNEX)
    assert annex.tags == ["sterile"]
    assert annex.articles == (1, 81)
    assert annex.items == []


def test_one_subsection_per_chapter_covering_all_articles(annex: Section) -> None:
    got = [(s.title, *s.articles) for s in annex.sections if s.articles]
    assert got == CHAPTERS
    assert [s.code for s in annex.sections] == [f"附录1第{_cn(i)}章" for i in range(1, 16)]
    assert all(s.subsystem in SUBSYSTEMS for s in annex.sections)
    assert all(s.items and not s.sections for s in annex.sections)


def test_item_count(items: list[tuple[list[Section], Item]]) -> None:
    assert len(items) >= 40


def test_every_item_is_tagged_sterile_through_the_annex(
    items: list[tuple[list[Section], Item]],
) -> None:
    for chain, item in items:
        assert chain[0].id == SECTION_ID, item.id
        assert "sterile" in {tag for section in chain for tag in section.tags} | set(item.tags)


def test_refs_cite_the_annex_within_the_chapter(
    items: list[tuple[list[Section], Item]],
) -> None:
    for chain, item in items:
        first, last = chain[-1].articles
        assert item.refs, item.id
        for ref in item.refs:
            assert ref.annex == ANNEX and ref.source is None, item.id
            assert first <= ref.article <= last, (
                f"{item.id}: {ref.article} not in [{first}, {last}]"
            )


def test_ids_and_codes_follow_the_article(items: list[tuple[list[Section], Item]]) -> None:
    ids = [item.id for _, item in items]
    codes = [item.code for _, item in items]
    assert len(set(ids)) == len(ids)
    assert len(set(codes)) == len(codes)
    for _, item in items:
        article = item.refs[0].article
        match = re.fullmatch(r"dgmp-a1-(\d{3})(?:-(\d+))?", item.id)
        assert match, item.id
        assert int(match[1]) == article, item.id
        n = match[2]
        assert n != "1", f"{item.id}: the first item on an article has no suffix"
        suffix = f"（{n}）" if n else ""
        assert item.code == f"附录1第{_cn(article)}条{suffix}", item.id


def test_items_are_in_article_order_and_distinct(
    items: list[tuple[list[Section], Item]],
) -> None:
    articles = [item.refs[0].article for _, item in items]
    assert articles == sorted(articles)
    texts = ["".join(item.requirement.split()) for _, item in items]
    assert len(set(texts)) == len(texts)
    for _, item in items:
        assert item.check.strip() and item.evidence, item.id
        assert item.tier is None  # the drug GMP does not grade its articles


def test_key_sterile_topics_are_covered(checklist: Checklist) -> None:
    by_id = checklist.items_by_id()
    media_fill = [i for i in by_id if i.startswith("dgmp-a1-047")]
    assert len(media_fill) == 3  # design, frequency, acceptance
    assert "培养基模拟灌装" in by_id["dgmp-a1-047"].requirement
    assert "F0" in by_id["dgmp-a1-061"].requirement
    assert "完整性" in by_id["dgmp-a1-075-2"].requirement
    assert "灯检" in by_id["dgmp-a1-079"].requirement
    assert "注射用水" in by_id["dgmp-a1-049"].requirement


def test_process_parameters_carry_declared_observed(checklist: Checklist) -> None:
    by_id = checklist.items_by_id()
    assert by_id["dgmp-a1-061"].declared_observed.unit == "min"  # F0
    assert by_id["dgmp-a1-062"].declared_observed.unit == "℃"  # sterilisation temperature
    assert by_id["dgmp-a1-057"].declared_observed.unit == "h"  # preparation-to-sterilisation
    compared = [i for i in by_id.values() if i.declared_observed is not None]
    assert len(compared) >= 8
    assert all(i.declared_observed.label.strip() for i in compared)


def test_semantic_loader_accepts_the_wrapped_checklist(
    wrapped_data: dict[str, Any], tmp_path: Path
) -> None:
    loader = pytest.importorskip("inspector_app.checklist.loader")
    path = tmp_path / "test-sterile.v1.yaml"
    path.write_text(yaml.safe_dump(wrapped_data, allow_unicode=True, sort_keys=False), "utf-8")
    loaded = loader.load_checklist(path)
    assert loaded.key == ("test-sterile", 1)
    assert len(loaded.walk_items()) == len(Checklist.model_validate(wrapped_data).walk_items())
