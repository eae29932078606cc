"""Content checks for the registration-verification, licence and device registration-QMS lists.

Each file must load through the schema and the full loader, and carry the structure its brief
asks for: minimum sizes, declared-versus-observed items, graded licence items, and the device
guide's design-and-development and sample-authenticity parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspector_app.checklist.loader import check_checklist_file
from inspector_app.checklist.profiles import bundled_profiles_dir, load_profiles
from inspector_app.checklist.schema import Checklist, Item, Section, Tier

CHECKLISTS = Path(__file__).parents[2] / "checklists"
REGISTRATION = CHECKLISTS / "drug-registration-site-verification-2021.v1.yaml"
LICENCE = CHECKLISTS / "drug-licence-2020.v1.yaml"
DEVICE_QMS = CHECKLISTS / "device-registration-qms-2022.v1.yaml"
DEVICE_GMP_2025 = CHECKLISTS / "device-gmp-2025.v1.yaml"
ALL_FILES = [REGISTRATION, LICENCE, DEVICE_QMS]
DRUG_GMP_SOURCE = "药品生产质量管理规范（2010年修订）"
DEVICE_GMP_2025_SOURCE = "医疗器械生产质量管理规范（2025年修订）"
DEVICE_GMP_2025_ARTICLES = range(1, 133)  # 15 chapters, 132 articles
# Scopes the guide's 委托生产 topic; the device GMP has no such applicability tag.
DEVICE_QMS_ONLY_TAGS = {"outsourced"}


def load(path: Path) -> Checklist:
    return Checklist.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def items(checklist: Checklist) -> list[Item]:
    return [item for _, item in checklist.walk_items()]


def items_under(checklist: Checklist, section_id: str) -> list[Item]:
    """Items of the section with this id, including its sub-sections."""
    return [item for chain, item in checklist.walk_items() if section_id in {s.id for s in chain}]


def top_titles(checklist: Checklist) -> list[str]:
    return [section.title for section in checklist.sections]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_file_passes_the_full_loader(path: Path) -> None:
    profiles = set(load_profiles(bundled_profiles_dir()))
    checklist, problems = check_checklist_file(path, rule_profiles=profiles)
    assert checklist is not None
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_ids_and_codes_are_unique_and_items_are_complete(path: Path) -> None:
    all_items = items(load(path))
    ids = [item.id for item in all_items]
    codes = [item.code for item in all_items]
    assert len(ids) == len(set(ids))
    assert len(codes) == len(set(codes))
    for item in all_items:
        assert item.refs, item.id
        assert item.check.strip(), item.id
        assert item.evidence, item.id


@pytest.mark.parametrize(
    ("path", "kind", "profile", "minimum"),
    [
        (REGISTRATION, "drug-registration-verification", "registration-verification-2021", 60),
        (LICENCE, "licence", "drug-licence", 40),
        (DEVICE_QMS, "device-registration-qms", "device-registration-qms", 60),
    ],
    ids=["registration", "licence", "device-qms"],
)
def test_identity_and_size(path: Path, kind: str, profile: str, minimum: int) -> None:
    checklist = load(path)
    assert path.name == f"{checklist.id}.v{checklist.version}.yaml"
    assert checklist.kind == kind
    assert checklist.rule_profile == profile
    assert len(items(checklist)) >= minimum


# --- drug registration verification ---------------------------------------------------------


def test_registration_covers_the_key_point_chapters() -> None:
    titles = top_titles(load(REGISTRATION))
    for expected in ("质量管理", "厂房与设施、设备", "物料", "批量生产", "质量控制", "数据可靠性"):
        assert expected in titles
    assert "研制现场" in titles


def test_registration_has_declared_observed_items_across_chapters() -> None:
    checklist = load(REGISTRATION)
    compared = [
        (chain[0].id, item)
        for chain, item in checklist.walk_items()
        if item.declared_observed is not None
    ]
    assert len(compared) >= 15
    chapters = {chapter for chapter, _ in compared}
    assert {"premises-equipment", "materials", "batch-production", "quality-control"} <= chapters
    labels = [item.declared_observed.label for _, item in compared]
    assert len(labels) == len(set(labels)), "each comparison should name a distinct value"


def test_registration_batch_production_splits_validation_and_registration_batches() -> None:
    batch = next(s for s in load(REGISTRATION).sections if s.id == "batch-production")
    assert [s.id for s in batch.sections] == [
        "registration-batches",
        "process-validation",
        "commercial-readiness",
    ]


def test_registration_codes_follow_the_chapter_number() -> None:
    # The first ref is the key-point chapter, and the code starts with that chapter number.
    for chain, item in load(REGISTRATION).walk_items():
        chapter = chain[0].code
        assert item.refs[0].source is None
        assert item.refs[0].article == int(chapter)
        assert item.code.split(".")[0] == chapter


# --- drug licence ---------------------------------------------------------------------------


def test_licence_items_are_all_graded_key_or_general() -> None:
    checklist = load(LICENCE)
    assert checklist.tiers == [Tier.KEY, Tier.GENERAL]
    tiers = [item.tier for item in items(checklist)]
    assert set(tiers) == {Tier.KEY, Tier.GENERAL}
    # Key items are marked with a leading * in their code, as on the center's forms.
    for item in items(checklist):
        assert item.code.startswith("*") == (item.tier == Tier.KEY), item.id


def test_licence_names_the_four_key_persons() -> None:
    text = "".join(item.requirement for item in items_under(load(LICENCE), "key-personnel"))
    for person in ("enterprise head", "production head", "quality head", "qualified person"):
        assert person in text


def test_licence_conditions_cite_article_6_or_7_and_gmp() -> None:
    checklist = load(LICENCE)
    conditions = items_under(checklist, "licence-conditions")
    assert all(item.refs[0].article in (6, 7) for item in conditions)
    cites_gmp = [i for i in conditions if any(r.source == DRUG_GMP_SOURCE for r in i.refs)]
    assert len(cites_gmp) >= 30
    changes = items_under(checklist, "licence-change")
    assert changes and all(15 <= item.refs[0].article <= 17 for item in changes)


# --- device registration QMS ----------------------------------------------------------------


def section_by_title(checklist: Checklist, title: str) -> Section:
    return next(s for s in checklist.sections if s.title == title)


def test_device_design_and_development_is_detailed() -> None:
    design = section_by_title(load(DEVICE_QMS), "设计开发")
    assert len(design.items) >= 12


def test_device_sample_authenticity_part() -> None:
    checklist = load(DEVICE_QMS)
    authenticity = section_by_title(checklist, "注册检验样品和临床试验样品的真实性核查")
    assert len(authenticity.items) >= 8
    assert sum(1 for item in authenticity.items if item.declared_observed) >= 4
    assert top_titles(checklist)[-1] == authenticity.title


def test_device_topics_follow_the_guide_order() -> None:
    titles = top_titles(load(DEVICE_QMS))
    assert titles == [
        "质量管理体系原则",
        "机构与人员",
        "厂房、设施和设备",
        "文件管理",
        "设计开发",
        "采购",
        "生产管理",
        "质量控制",
        "委托生产",
        "注册检验样品和临床试验样品的真实性核查",
    ]


def test_device_gmp_refs_cite_the_2025_gmp_within_its_articles() -> None:
    # The 2014 GMP was repealed on 2026-11-01; the underlying GMP clause is the 2025 one.
    for _, item in load(DEVICE_QMS).walk_items():
        sourced = [ref for ref in item.refs if ref.source is not None]
        assert sourced, f"{item.id} cites no 2025 GMP article"
        for ref in sourced:
            assert ref.source == DEVICE_GMP_2025_SOURCE, item.id
            assert ref.article in DEVICE_GMP_2025_ARTICLES, item.id


def test_device_gmp_refs_use_the_numbering_of_the_device_gmp_checklist() -> None:
    # Both files follow one (partly estimated) numbering and must be corrected together: every
    # cited article is one that the device-gmp-2025 checklist has items for.
    gmp_articles = {ref.article for item in items(load(DEVICE_GMP_2025)) for ref in item.refs}
    cited = {
        ref.article
        for item in items(load(DEVICE_QMS))
        for ref in item.refs
        if ref.source == DEVICE_GMP_2025_SOURCE
    }
    assert cited - gmp_articles == set()


def test_device_tags_match_the_device_gmp_tags() -> None:
    qms_tags = {tag.id: tag.label for tag in load(DEVICE_QMS).tags}
    gmp_tags = {tag.id: tag.label for tag in load(DEVICE_GMP_2025).tags}
    product_tags = {k: v for k, v in qms_tags.items() if k not in DEVICE_QMS_ONLY_TAGS}
    assert set(product_tags) <= set(gmp_tags)
    assert product_tags == {k: gmp_tags[k] for k in product_tags}
    assert {"sterile", "implantable", "ivd", "software"} <= set(product_tags)
