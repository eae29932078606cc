"""Content checks for the device GMP (2025 revision) pre-inspection checklist."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from inspector_app.checklist.loader import load_checklist
from inspector_app.checklist.schema import Checklist, Item, Section, Tier

PATH = Path(__file__).parents[2] / "checklists" / "device-gmp-2025.v1.yaml"

CHAPTER_CODES = [
    "第一章", "第二章", "第三章", "第四章", "第五章", "第六章", "第七章", "第八章",
    "第九章", "第十章", "第十一章", "第十二章", "第十三章", "第十四章", "第十五章",
]  # fmt: skip
DIGITS = "零一二三四五六七八九"


@cache
def checklist() -> Checklist:
    return Checklist.model_validate(yaml.safe_load(PATH.read_text(encoding="utf-8")))


def items() -> list[tuple[Section, Item]]:
    return [(chain[0], item) for chain, item in checklist().walk_items()]


def zh_article(n: int) -> str:
    """第N条 numbering as the regulation writes it (十, 二十七, 一百零五, 一百一十)."""
    if n >= 100:
        rest = n % 100
        head = DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + DIGITS[rest]
        return head + DIGITS[rest // 10] + "十" + (DIGITS[rest % 10] if rest % 10 else "")
    tens, ones = divmod(n, 10)
    return (
        (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[ones] if ones else "")
    )


def test_article_numerals() -> None:
    assert [zh_article(n) for n in (5, 10, 27, 100, 105, 110, 132)] == [
        "五", "十", "二十七", "一百", "一百零五", "一百一十", "一百三十二",
    ]  # fmt: skip


def test_identity_and_regulation() -> None:
    cl = checklist()
    assert (cl.id, cl.version, cl.kind) == ("device-gmp-2025", 1, "device-gmp")
    assert cl.rule_profile == "device-gmp-2025"
    assert cl.regulation.document_no == "国家药监局公告2025年第107号"
    assert cl.regulation.effective_date.isoformat() == "2026-11-01"
    assert cl.is_current


def test_passes_the_full_loader_with_its_rule_profile() -> None:
    loaded = load_checklist(PATH, rule_profiles={"device-gmp-2025"})
    assert len(loaded.walk_items()) == len(items())


def test_at_least_150_items() -> None:
    assert len(items()) >= 150


def test_fifteen_chapters_as_top_level_sections_with_contiguous_ranges() -> None:
    sections = checklist().sections
    assert [s.code for s in sections] == CHAPTER_CODES
    assert sections[0].articles == (1, 6)
    assert sections[-1].articles[1] == 132
    for before, after in itertools.pairwise(sections):
        assert after.articles[0] == before.articles[1] + 1, (before.id, after.id)


def test_every_ref_is_a_main_text_article_inside_its_chapter() -> None:
    for chapter, item in items():
        assert item.refs, item.id
        first, last = chapter.articles
        for ref in item.refs:
            assert ref.annex is None and ref.source is None, item.id
            assert 1 <= ref.article <= 132, item.id
            assert first <= ref.article <= last, (item.id, chapter.code)


def test_every_item_is_tiered_with_the_three_device_tiers() -> None:
    assert checklist().tiers == [Tier.CRITICAL, Tier.MAJOR, Tier.GENERAL]
    assert all(item.tier in {Tier.CRITICAL, Tier.MAJOR, Tier.GENERAL} for _, item in items())


def test_tier_mix_is_credible() -> None:
    tiers = Counter(item.tier for _, item in items())
    total = sum(tiers.values())
    assert tiers[Tier.CRITICAL] >= 1
    # Critical items are the exception; most items are major or general.
    assert tiers[Tier.CRITICAL] < tiers[Tier.GENERAL] < tiers[Tier.MAJOR]
    assert 0.10 <= tiers[Tier.CRITICAL] / total <= 0.25


@pytest.mark.parametrize(
    "topic",
    ["不得编造、篡改", "注册变更或备案后方可实施", "关键工序和特殊过程应经过确认", "洁净室"],
)
def test_the_expected_critical_topics_are_critical(topic: str) -> None:
    assert any(topic in item.requirement and item.tier is Tier.CRITICAL for _, item in items()), (
        topic
    )


def test_every_chapter_has_items() -> None:
    for section in checklist().sections:
        assert section.items, section.code


def test_ids_and_codes_are_unique_and_follow_the_article() -> None:
    seen_ids: set[str] = set()
    seen_codes: set[str] = set()
    for _, item in items():
        assert item.id not in seen_ids and item.code not in seen_codes, item.id
        seen_ids.add(item.id)
        seen_codes.add(item.code)
        article = item.refs[0].article
        match = re.fullmatch(r"dgmp25-(\d{3})(?:-(\d+))?", item.id)
        assert match and int(match[1]) == article, item.id
        expected = f"第{zh_article(article)}条" + (f"（{match[2]}）" if match[2] else "")
        assert item.code == expected, item.id


def test_items_are_practical_and_not_repeated() -> None:
    requirements = [item.requirement for _, item in items()]
    assert len(requirements) == len(set(requirements))
    for _, item in items():
        assert item.check and item.evidence, item.id


def test_product_specific_tags_are_used() -> None:
    used = Counter(tag for _, item in items() for tag in item.tags)
    assert {t.id for t in checklist().tags} == {"sterile", "implantable", "ivd", "software"}
    assert all(used[tag] >= 1 for tag in ("sterile", "implantable", "ivd", "software"))
    # Sterilisation only concerns sterile (or implantable, supplied sterile) products, so such
    # items must be marked not-applicable-able for everyone else.
    for _, item in items():
        if "灭菌" in item.requirement:
            assert {"sterile", "implantable"} & set(item.tags), item.id


def test_notes_flag_the_unverified_parts() -> None:
    notes = checklist().notes
    for phrase in ("估计值", "征求意见稿", "严重项39个", "附则"):
        assert phrase in notes, phrase
