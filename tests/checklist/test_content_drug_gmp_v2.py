"""Content checks for version 2 of the drug GMP 2010 checklist (issue 12).

v2 keeps every v1 item, rewrites four items so they say only what their article says (citing
252/266 and the recall measures where the item needs them), moves the quality unit's duty to
classify deviations to article 251, marks paragraphs where an item is exactly one 款, and adds
the 2015 annexes 计算机化系统 and 确认与验证 as selectable sections after the sterile annex.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
from inspector_app.checklist.loader import check_checklist_file, load_checklist
from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.checklist.schema import Checklist, Item, Section
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import Inspection, InspectionType

V1 = bundled_checklists_dir() / "drug-gmp-2010.v1.yaml"
V2 = bundled_checklists_dir() / "drug-gmp-2010.v2.yaml"
GMP_2010 = "药品生产质量管理规范（2010年修订）"

# Items whose text or refs v2 changed on purpose; every other v1 item is carried over as is.
REWRITTEN = {"dgmp-224", "dgmp-224-3", "dgmp-249", "dgmp-298"}
PARAGRAPHS = {
    "dgmp-020-2": (20, 2),
    "dgmp-048": (48, 1),
    "dgmp-048-2": (48, 2),
    "dgmp-048-3": (48, 3),
}
SUBSYSTEMS = {
    "quality-system",
    "facilities-equipment",
    "materials",
    "production",
    "packaging-labelling",
    "laboratory",
}

# Per annex: section id, tag, annex name, item id prefix, item count, chapters as
# (title, first, last) in the annex's own numbering, and the first article not verified.
ANNEXES = {
    "computerised-systems": dict(
        section="annex-computerised-systems",
        annex="计算机化系统",
        prefix="dgmp-cs",
        count=26,
        chapters=[("范围", 1, 1), ("原则", 2, 4), ("人员", 5, 5), ("验证", 6, 9), ("系统", 10, 23)],
        first_unverified=4,
    ),
    "qualification-validation": dict(
        section="annex-qualification-validation",
        annex="确认与验证",
        prefix="dgmp-qv",
        count=35,
        chapters=[
            ("范围", 1, 1),
            ("原则", 2, 2),
            ("验证总计划", 3, 6),
            ("文件", 7, 11),
            ("确认", 12, 20),
            ("工艺验证", 21, 40),
            ("运输确认", 41, 43),
            ("清洁验证", 44, 52),
            ("再确认和再验证", 53, 54),
        ],
        first_unverified=3,
    ),
}

_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numeral for 1–99, as the annexes number articles and chapters."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


@pytest.fixture(scope="module")
def profiles() -> set[str]:
    return set(bundled_profiles())


@pytest.fixture(scope="module")
def v1(profiles: set[str]) -> Checklist:
    return load_checklist(V1, rule_profiles=profiles)


@pytest.fixture(scope="module")
def v2(profiles: set[str]) -> Checklist:
    return load_checklist(V2, rule_profiles=profiles)


def _top(checklist: Checklist, section_id: str) -> Section:
    [section] = [s for s in checklist.sections if s.id == section_id]
    return section


def _annex_items(checklist: Checklist, tag: str) -> list[tuple[list[Section], Item]]:
    section_id = ANNEXES[tag]["section"]
    return [(chain, item) for chain, item in checklist.walk_items() if chain[0].id == section_id]


def _own(checklist: Checklist) -> list[tuple[list[Section], Item]]:
    """Items of this file's own sections: parts spliced after the last annex have their tests."""
    ids = [section.id for section in checklist.sections]
    own = set(ids[: ids.index("annex-qualification-validation") + 1])
    return [(chain, item) for chain, item in checklist.walk_items() if chain[0].id in own]


def _inspection(*tags: str) -> Inspection:
    return Inspection(
        id="insp-v2",
        company_name="某制药有限公司",
        inspection_type=InspectionType.GMP_COMPLIANCE,
        checklist_id="drug-gmp-2010",
        checklist_version=2,
        scope_tags=list(tags),
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
    )


# --- the file ----------------------------------------------------------------------------------


def test_v2_validates_with_the_bundled_profiles(profiles: set[str]) -> None:
    checklist, problems = check_checklist_file(V2, rule_profiles=profiles)
    assert problems == []
    assert checklist is not None and checklist.key == ("drug-gmp-2010", 2)


def test_metadata_matches_v1_except_version_and_tags(v1: Checklist, v2: Checklist) -> None:
    assert v2.regulation == v1.regulation
    assert (v2.kind, v2.rule_profile, v2.tiers, v2.title) == (
        v1.kind,
        v1.rule_profile,
        v1.tiers,
        v1.title,
    )
    labels = {tag.id: tag.label for tag in v2.tags}
    # A spliced part may add its own tag later; these three are this file's own.
    assert {"sterile": "无菌药品", "computerised-systems": "计算机化系统"}.items() <= labels.items()
    assert labels["qualification-validation"] == "确认与验证"


def test_the_library_offers_v2_and_keeps_v1(tmp_path: Path, profiles: set[str]) -> None:
    for path in (V1, V2):
        shutil.copy(path, tmp_path / path.name)
    library = ChecklistLibrary.load([tmp_path], rule_profiles=profiles)
    assert library.versions("drug-gmp-2010") == [1, 2]
    assert library.latest("drug-gmp-2010").version == 2
    assert [c.key for c in library.offered()] == [("drug-gmp-2010", 2)]
    assert library.get("drug-gmp-2010", 1).items_by_id().keys() <= (
        library.get("drug-gmp-2010", 2).items_by_id().keys()
    )


def test_notes_list_the_changes_and_the_unverified_numbers(v2: Checklist) -> None:
    for needle in (
        "第二百二十四条",
        "第二百九十八条",
        "药品召回管理办法",
        "第二百五十一条",
        "paragraph",
    ):
        assert needle in v2.notes, needle
    assert "verified: false" in v2.notes
    flagged = [ref for _, item in _own(v2) for ref in item.refs if not ref.verified]
    assert f"{len(flagged)}处" in v2.notes  # the total the notes give is the real one


# --- v1 items kept -----------------------------------------------------------------------------


def test_every_v1_item_id_is_kept(v1: Checklist, v2: Checklist) -> None:
    missing = set(v1.items_by_id()) - set(v2.items_by_id())
    assert missing == set()


def test_unchanged_items_are_carried_over_exactly(v1: Checklist, v2: Checklist) -> None:
    old, new = v1.items_by_id(), v2.items_by_id()
    changed = sorted(i for i in old if old[i] != new[i])
    assert changed == sorted(REWRITTEN | set(PARAGRAPHS))
    for item_id in changed:
        assert new[item_id].code == old[item_id].code, item_id  # codes kept (issue point 8)


def test_v2_adds_only_dgmp_251_and_the_two_annexes(v1: Checklist, v2: Checklist) -> None:
    old = v1.items_by_id()
    added = {(item.id, chain[0].id) for chain, item in _own(v2) if item.id not in old}
    annexes = {spec["section"] for spec in ANNEXES.values()}
    assert {i for i, top in added if top not in annexes} == {"dgmp-251"}
    assert {i for i, top in added if top in annexes} == {
        item.id for tag in ANNEXES for _, item in _annex_items(v2, tag)
    }


def test_paragraphs_only_where_the_item_is_one_paragraph(v2: Checklist) -> None:
    by_id = v2.items_by_id()
    for item_id, (article, paragraph) in PARAGRAPHS.items():
        first = by_id[item_id].refs[0]
        assert (first.article, first.paragraph, first.annex) == (article, paragraph, None)
    others = [
        item.id
        for _, item in v2.walk_items()
        if item.id not in PARAGRAPHS and any(ref.paragraph for ref in item.refs)
    ]
    assert others == []


# --- the four rewritten items and article 251 ---------------------------------------------------


def test_oos_procedure_item_says_only_what_article_224_says(v1: Checklist, v2: Checklist) -> None:
    item = v2.items_by_id()["dgmp-224"]
    assert [(r.article, r.source) for r in item.refs] == [(224, None)]
    assert "超标调查" in item.requirement
    for phase_rule in ("实验室阶段", "全面调查", "复验", "重新取样"):
        assert phase_rule in v1.items_by_id()["dgmp-224"].requirement
        assert phase_rule not in item.requirement, phase_rule
    # The guidance practice moved to the check, with the guidance named.
    assert "实验室阶段" in item.check and "指南" in item.check


def test_oos_follow_up_cites_articles_252_and_266(v2: Checklist) -> None:
    item = v2.items_by_id()["dgmp-224-3"]
    assert item.refs[0].article == 224 and item.refs[0].source is None
    cited = {(ref.article, ref.source) for ref in item.refs[1:]}
    assert cited == {(252, GMP_2010), (266, GMP_2010)}
    assert all(ref.verified for ref in item.refs)
    assert "第二百五十二条" in item.requirement and "第二百六十六条" in item.requirement


def test_recall_procedure_cites_the_recall_measures_by_name(v2: Checklist) -> None:
    item = v2.items_by_id()["dgmp-298"]
    assert item.refs[0].article == 298 and item.refs[0].source is None
    measures = [
        ref for ref in item.refs if ref.source and ref.source.startswith("药品召回管理办法")
    ]
    assert len(measures) == 2
    assert all("2022" in ref.source and not ref.verified for ref in measures)
    assert "药品召回管理办法" in item.requirement


def test_deviation_classification_by_the_quality_unit_is_under_article_251(
    v2: Checklist,
) -> None:
    by_id = v2.items_by_id()
    assert [ref.article for ref in by_id["dgmp-251"].refs] == [251]
    assert "质量管理部门" in by_id["dgmp-251"].requirement
    assert "分类" in by_id["dgmp-251"].requirement
    assert "质量管理部门" not in by_id["dgmp-249"].requirement
    # No other item in the deviations section gives the quality unit the classification duty.
    [deviations] = [chain[-1] for chain, item in v2.walk_items() if item.id == "dgmp-251"]
    assert deviations.id == "ch10-s5-deviations"
    duty = [
        item.id
        for item in deviations.items
        if "质量管理部门" in item.requirement and "分类" in item.requirement
    ]
    assert duty == ["dgmp-251"]
    assert [item.id for item in deviations.items][-1] == "dgmp-251"  # article order


# --- the annexes -------------------------------------------------------------------------------


def test_annexes_follow_the_sterile_annex(v2: Checklist) -> None:
    ids = [section.id for section in v2.sections]
    at = ids.index("annex-sterile")
    assert ids[at : at + 3] == [
        "annex-sterile",
        "annex-computerised-systems",
        "annex-qualification-validation",
    ]


@pytest.mark.parametrize("tag", sorted(ANNEXES))
def test_annex_section_shape(v2: Checklist, tag: str) -> None:
    spec = ANNEXES[tag]
    top = _top(v2, spec["section"])
    assert top.tags == [tag]
    assert top.subsystem in SUBSYSTEMS
    assert top.items == []
    chapters = spec["chapters"]
    assert top.articles == (chapters[0][1], chapters[-1][2])
    assert [(s.title, *s.articles) for s in top.sections] == chapters
    assert [s.code for s in top.sections] == [
        f"附录《{spec['annex']}》第{_cn(n)}章" for n in range(1, len(chapters) + 1)
    ]
    for section in top.sections:
        assert section.subsystem in SUBSYSTEMS, section.id
        assert section.items and not section.sections, section.id


@pytest.mark.parametrize("tag", sorted(ANNEXES))
def test_annex_item_count(v2: Checklist, tag: str) -> None:
    items = _annex_items(v2, tag)
    print(f"{tag}: {len(items)} items")
    assert len(items) == ANNEXES[tag]["count"]
    assert f"附录《{ANNEXES[tag]['annex']}》{len(items)}个条目" in v2.notes


@pytest.mark.parametrize("tag", sorted(ANNEXES))
def test_annex_refs_are_annex_numbered_inside_their_chapter(v2: Checklist, tag: str) -> None:
    spec = ANNEXES[tag]
    for chain, item in _annex_items(v2, tag):
        first, last = chain[-1].articles
        assert item.refs, item.id
        for ref in item.refs:
            assert (ref.annex, ref.source, ref.paragraph) == (spec["annex"], None, None), item.id
            assert first <= ref.article <= last, (item.id, ref.article, chain[-1].id)
            # Numbers past those checked against the text are flagged, the checked ones not.
            assert ref.verified == (ref.article < spec["first_unverified"]), (item.id, ref)


@pytest.mark.parametrize("tag", sorted(ANNEXES))
def test_annex_ids_and_codes_follow_the_article(v2: Checklist, tag: str) -> None:
    spec = ANNEXES[tag]
    items = _annex_items(v2, tag)
    pattern = re.compile(rf"{spec['prefix']}-(\d{{3}})(?:-(\d+))?")
    for _, item in items:
        match = pattern.fullmatch(item.id)
        assert match, item.id
        article = item.refs[0].article
        assert int(match[1]) == article, item.id
        assert match[2] != "1", f"{item.id}: the first item on an article has no suffix"
        suffix = f"（{match[2]}）" if match[2] else ""
        assert item.code == f"附录《{spec['annex']}》第{_cn(article)}条{suffix}", item.id
        assert item.check.strip() and item.evidence, item.id
        assert item.tier is None, item.id
    articles = [item.refs[0].article for _, item in items]
    assert articles == sorted(articles)


def test_annexes_are_out_of_scope_unless_their_tag_is_selected(v2: Checklist) -> None:
    def in_scope(*tags: str) -> set[str]:
        return {item.id for _, item in in_scope_items(v2, _inspection(*tags))}

    cs = {item.id for _, item in _annex_items(v2, "computerised-systems")}
    qv = {item.id for _, item in _annex_items(v2, "qualification-validation")}
    none = in_scope()
    assert not none & (cs | qv)
    assert "dgmp-224" in none and "dgmp-251" in none
    assert cs <= in_scope("computerised-systems") and not qv & in_scope("computerised-systems")
    assert qv <= in_scope("qualification-validation")
    assert not cs & in_scope("qualification-validation")
    both = in_scope("computerised-systems", "qualification-validation")
    assert cs | qv <= both
    assert both - (cs | qv) == none  # the tags add their annex and nothing else
    assert len(in_scope("sterile", "computerised-systems")) == len(in_scope("sterile")) + len(cs)
