"""`verified: false` on a clause reference: parsed, defaulted, checked, and set in the shipped
checklists exactly where their notes say a number was not checked against the published text."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.checklist import jsonschema
from inspector_app.checklist.citation import format_ref
from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.loader import ChecklistError, check_checklist_file, load_checklist
from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.checklist.schema import Checklist, ClauseRef

HEAD = """\
format: 1
id: flags
version: 1
title: 标注测试
kind: drug-gmp
regulation:
  name: 药品生产质量管理规范
  issuer: 卫生部
  version: 2010年修订
  effective_date: 2011-03-01
rule_profile: test-profile
sections:
  - id: ch1
    code: 第一章
    title: 总则
    articles: [1, 20]
    items:
"""


def write(tmp_path: Path, items: str) -> Path:
    path = tmp_path / "flags.v1.yaml"
    path.write_text(HEAD + items, encoding="utf-8")
    return path


def item(n: int, refs: str) -> str:
    return (
        f"      - id: t-{n:03d}\n"
        f"        code: 第{'一二三四五六七八九'[n - 1]}条\n"
        f"        refs: {refs}\n"
        f"        requirement: 要求{n}\n"
    )


def test_the_flag_is_parsed_and_defaults_to_verified(tmp_path):
    path = write(
        tmp_path,
        item(1, "[1]")
        + item(2, "[{article: 2, verified: false}, {article: 9, source: 另一文件}]")
        + item(
            3, "[{article: 3, verified: true}, {article: 4, source: 另一文件, verified: false}]"
        ),
    )
    items = load_checklist(path, rule_profiles={"test-profile"}).items_by_id()
    assert [r.verified for r in items["t-001"].refs] == [True]  # the shorthand
    assert [r.verified for r in items["t-002"].refs] == [False, True]  # a mapping without it
    assert [r.verified for r in items["t-003"].refs] == [True, False]
    assert items["t-003"].refs[1] == ClauseRef(article=4, source="另一文件", verified=False)
    # The flag never changes how a clause is cited.
    assert format_ref(items["t-002"].refs[0]) == "第二条"
    assert ClauseRef(article=5).verified is True


@pytest.mark.parametrize("value", ["maybe", "0", '"no"', "~"])
def test_a_value_other_than_true_or_false_is_reported_at_its_line(tmp_path, value):
    path = write(tmp_path, item(1, "[1]") + item(2, f"[{{article: 2, verified: {value}}}]"))
    checklist, problems = check_checklist_file(path, rule_profiles={"test-profile"})
    assert checklist is None
    shown = {"0": "0", '"no"': "'no'", "~": "nothing"}.get(value, f"'{value}'")
    # Line 24 is the second item's refs; the key `verified` starts at column 29.
    assert [str(p) for p in problems] == [
        f"{path}:24:29: sections.0.items.1.refs.0.verified: expected true or false, got {shown}"
    ]


def test_a_misspelt_flag_is_an_unknown_field_with_a_suggestion(tmp_path):
    path = write(tmp_path, item(1, "[{article: 1, verifed: false}]"))
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, rule_profiles={"test-profile"})
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:20:29: sections.0.items.0.refs.0.verifed: "
        "unknown field 'verifed' (did you mean 'verified'?)"
    ]


def test_one_clause_carries_one_flag_wherever_it_is_cited(tmp_path):
    path = write(
        tmp_path,
        item(1, "[1, {article: 5, source: 另一文件, verified: false}]")
        + item(2, "[2, {article: 5, source: 另一文件}]")
        + item(3, "[3, {article: 5, source: 另一文件, verified: false}]"),
    )
    _, problems = check_checklist_file(path, rule_profiles={"test-profile"})
    # Reported at the citation that disagrees with the first (its mapping: no key to point at).
    assert [str(p) for p in problems] == [
        f"{path}:24:19: sections.0.items.1.refs.1.verified: 《另一文件》第五条 is verified: true "
        "here but false at line 20; every citation of one clause must carry the same flag"
    ]


def test_the_json_schema_has_the_flag_as_an_optional_boolean_defaulting_to_true():
    clause = jsonschema.checklist_json_schema()["$defs"]["ClauseRef"]
    assert clause["properties"]["verified"]["type"] == "boolean"
    assert clause["properties"]["verified"]["default"] is True
    assert "verified" not in clause.get("required", [])
    assert clause["additionalProperties"] is False  # a misspelt flag is an error in editors too


# ---- the shipped checklists ------------------------------------------------------------------

GMP_2010 = "药品生产质量管理规范（2010年修订）"
DEVICE_GMP_2025 = "医疗器械生产质量管理规范（2025年修订）"
DRUG_LAW = "中华人民共和国药品管理法（2019年修订）"
REGISTRATION_RULES = "药品注册管理办法（国家市场监督管理总局令第27号）"
MAH_PROVISIONS = "药品上市许可持有人落实药品质量安全主体责任监督管理规定"
DATA_INTEGRITY = "药品记录与数据管理要求（试行）"

# What each file's notes say was not checked against the published text, as a predicate on
# (top-level section id, ref), and how many refs that is.
EXPECTED = {
    # Notes 3 and 5: the chapter ranges of chapters 2-15 are estimates, so every ref there
    # (第一百二十九条 included); chapter 1 (articles 1-6) is verified.
    "device-gmp-2025": (172, lambda top, ref: top != "ch01-general"),
    # "Every 2025 ref here except 第三条 and 第四条 therefore rests on those estimates"; the
    # guide's own topic numbers are verified.
    "device-registration-qms-2022": (
        90,
        lambda top, ref: ref.source == DEVICE_GMP_2025 and ref.article not in (3, 4),
    ),
    # v2 (the latest, which shipped() keeps): the recall measures' two articles, and the 2015
    # annexes' numbers past those checked (计算机化系统 1-3, 确认与验证 1-2): 58; plus the 34
    # refs of the spliced data-integrity part.
    "drug-gmp-2010": (
        92,
        lambda top, ref: (
            (ref.annex == "计算机化系统" and ref.article >= 4)
            or (ref.annex == "确认与验证" and ref.article >= 3)
            or (ref.source is not None and ref.source.startswith("药品召回管理办法"))
            or ref.source == DATA_INTEGRITY
        ),
    ),
    # v2: 办法 articles cited from memory; GMP 28 is the one not cross-checked; the holder
    # provisions (公告2022年第126号) and the data-integrity part are unverified throughout.
    "drug-licence-2020": (
        114,
        lambda top, ref: (
            ref.source is None
            or (ref.source == GMP_2010 and ref.article == 28)
            or ref.source in (MAH_PROVISIONS, DATA_INTEGRITY)
        ),
    ),
    # GMP 9 and 103, every 药品管理法 ref and 药品注册管理办法第三十四条 cited from memory;
    # chapter 7 of the key points is this checklist's own choice.
    "drug-registration-site-verification-2021": (
        41,
        lambda top, ref: (
            (ref.source is None and ref.article == 7)
            or (ref.source == GMP_2010 and ref.article in (9, 103))
            or ref.source == DRUG_LAW
            or (ref.source == REGISTRATION_RULES and ref.article == 34)
        ),
    ),
}


def shipped() -> dict[str, Checklist]:
    profiles = set(bundled_profiles())
    out = {}
    for path in sorted(bundled_checklists_dir().glob("*.yaml")):
        checklist, problems = check_checklist_file(path, rule_profiles=profiles)
        assert not problems, "\n".join(map(str, problems))
        assert checklist is not None
        out[checklist.id] = checklist
    return out


def test_every_shipped_checklist_loads_and_is_covered_here():
    assert set(shipped()) == set(EXPECTED)


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED))
def test_shipped_checklists_flag_exactly_what_their_notes_call_unverified(checklist_id):
    checklist = shipped()[checklist_id]
    count, expected = EXPECTED[checklist_id]
    refs = [
        (chain[0].id, ref, item.id) for chain, item in checklist.walk_items() for ref in item.refs
    ]
    flagged = [(item_id, format_ref(ref)) for top, ref, item_id in refs if not ref.verified]
    assert len(flagged) == count
    wrong = [
        (item_id, format_ref(ref), ref.verified)
        for top, ref, item_id in refs
        if ref.verified == expected(top, ref)
    ]
    assert wrong == []
    if count:
        assert "verified: false" in checklist.notes  # the notes say the flag carries it
        assert str(count) in checklist.notes


def test_device_gmp_chapter_one_is_verified_and_the_annex_clause_is_not():
    walked = shipped()["device-gmp-2025"].walk_items()
    chapter_one = [
        ref for chain, item in walked if chain[0].id == "ch01-general" for ref in item.refs
    ]
    assert [ref.article for ref in chapter_one] == [3, 4, 5, 5]
    assert all(ref.verified for ref in chapter_one)
    [article_129] = [ref for _, item in walked for ref in item.refs if ref.article == 129]
    assert article_129.verified is False  # note 5: 条号按估计范围取第一百二十九条
