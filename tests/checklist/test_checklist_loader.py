"""Loading valid checklists, and the edges of the YAML and schema error translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.checklist import yamlsource
from inspector_app.checklist.loader import (
    ChecklistError,
    _yaml_path,
    check_checklist_file,
    load_checklist,
)
from inspector_app.checklist.schema import ClauseRef, Tier

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = FIXTURES / "library" / "demo-gmp.v1.yaml"


def test_valid_fixture_loads_with_shorthand_refs_coerced():
    checklist = load_checklist(DEMO, rule_profiles={"demo-rules"})
    assert checklist.key == ("demo-gmp", 1)
    items = checklist.items_by_id()
    assert items["demo-005"].refs == [ClauseRef(article=5)]
    assert items["demo-007-2"].refs[1].source == "示例规范实施细则"
    assert items["demo-sterile-004"].refs[0].annex == "无菌药品"
    assert items["demo-014"].declared_observed.unit == "℃"
    assert items["demo-005"].tier is Tier.KEY
    assert [s.id for s in checklist.sections[1].sections] == ["production-principles"]


def test_check_returns_the_checklist_when_only_semantic_problems_remain(tmp_path):
    text = DEMO.read_text(encoding="utf-8")
    path = tmp_path / "demo-gmp.v1.yaml"
    text = text.replace(
        "code: 第十四条\n            refs: [14]", "code: 第四十条\n            refs: [40]"
    )
    path.write_text(text, encoding="utf-8")
    checklist, problems = check_checklist_file(path)
    assert checklist is not None and checklist.id == "demo-gmp"
    assert [p.field for p in problems] == ["sections.1.sections.0.items.0.refs.0"]
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    assert caught.value.problems == problems


def test_rule_profiles_are_only_checked_when_given():
    assert check_checklist_file(DEMO)[1] == []
    _, problems = check_checklist_file(DEMO, rule_profiles=[])
    assert [p.message for p in problems] == ["unknown rule profile 'demo-rules' (known: none)"]


def test_windows_byte_order_mark_and_line_endings_are_accepted(tmp_path):
    text = DEMO.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "demo-gmp.v1.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("[key, general]", "[key]").encode())
    _, problems = check_checklist_file(path)
    # Line numbers are unaffected by the BOM and CRLF.
    assert [(p.line, p.field) for p in problems] == [
        (42, "sections.0.items.2.tier"),
        (58, "sections.1.sections.0.items.0.tier"),
    ]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    checklist, problems = check_checklist_file(tmp_path / "absent.v1.yaml")
    assert checklist is None
    assert problems[0].message.startswith("cannot read the file")


def test_a_null_document_is_a_problem(tmp_path):
    path = tmp_path / "null.v1.yaml"
    path.write_text("~\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"null.v1.yaml:1:1: the file holds no checklist"):
        load_checklist(path)


def test_alias_expansion_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "_MAX_NODES", 50)
    path = tmp_path / "bomb.v1.yaml"
    path.write_text("a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b]\n")
    checklist, problems = check_checklist_file(path)
    assert checklist is None
    assert [p.message for p in problems] == ["the document expands to too many values"]


@pytest.mark.parametrize(
    ("data", "loc", "expected"),
    [
        # Coerced shorthand: the error is on `article`, the YAML has a scalar at refs.0.
        ({"refs": [0]}, ("refs", 0, "article"), ("refs", 0)),
        ({"refs": [{"article": 0}]}, ("refs", 0, "article"), ("refs", 0, "article")),
        # A missing field keeps its name; its parent locates it.
        ({"items": [{}]}, ("items", 0, "requirement"), ("items", 0, "requirement")),
        ({}, ("regulation", "name"), ()),
        ({"sections": "x"}, ("sections", 0), ("sections",)),
    ],
)
def test_pydantic_locations_map_to_yaml_paths(data, loc, expected):
    assert _yaml_path(data, loc) == expected


def _synthetic_checklist(items: int, per_section: int = 40) -> str:
    """A checklist shaped like the real ones: ~8 lines and ~15 values per item."""
    lines = [
        "format: 1",
        "id: synthetic",
        "version: 1",
        "title: 合成检查表",
        "kind: drug-gmp",
        "regulation:",
        "  name: 示例规范",
        "  issuer: 示例机构",
        "  version: 2020年版",
        "  effective_date: 2020-01-01",
        "rule_profile: demo-rules",
        "tiers: [key, general]",
        "tags:",
        "  - {id: sterile, label: 无菌}",
        "sections:",
    ]
    for s in range(items // per_section):
        first, last = s * per_section + 1, (s + 1) * per_section
        lines += [
            f"  - id: ch{s + 1}",
            f"    code: 第{s + 1}章",
            f"    title: 第{s + 1}章",
            f"    articles: [{first}, {last}]",
            "    items:",
        ]
        for a in range(first, last + 1):
            lines += [
                f"      - id: syn-{a:03d}",
                f"        code: 第{a}条",
                f"        refs: [{a}, {{article: {a}, paragraph: 2}}]",
                f"        requirement: 第{a}条要求企业建立并执行相应的管理规程，确保持续符合规定。",
                "        check: 查阅相关文件和记录，现场核实执行情况。",
                "        evidence: [管理规程, 执行记录]",
                f"        tier: {'key' if a % 7 == 0 else 'general'}",
                "        tags: [sterile]",
            ]
    return "\n".join(lines) + "\n"


def test_an_800_item_checklist_loads_and_validates(tmp_path):
    # Speed is measured by `python -m benchmarks` (load and validate all checklists), not here.
    path = tmp_path / "synthetic.v1.yaml"
    path.write_text(_synthetic_checklist(800), encoding="utf-8")
    checklist = load_checklist(path, rule_profiles={"demo-rules"})
    assert len(checklist.walk_items()) == 800


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("articles: [5, 12]", "articles: [12, 5]", "sections.0.articles", "is reversed"),
        (
            "    label: 无菌药品\n",
            "    label: 无菌药品\n  - {id: sterile, label: 无菌}\n",
            "tags.1.id",
            "tag 'sterile' is defined twice",
        ),
        (
            "  effective_date: 2020-03-01\n",
            "  effective_date: 2020-03-01\n  replaced_on: 2021-01-01\n",
            "regulation.replaced_on",
            "replaced_on is set but replaced_by is not",
        ),
        (
            "articles: [13, 16]",
            "articles: [13, 30]",
            "sections.1.sections.0.articles",
            None,  # a sub-section may span its whole parent range: no problem
        ),
        (
            "{article: 3, source: 示例规范实施细则}",
            "{article: 99, source: 示例规范实施细则}",
            "",
            None,  # refs to another document are outside this regulation's numbering
        ),
        (
            "refs: [{article: 4, annex: 无菌药品}]",
            "refs: [{article: 14, annex: 无菌药品}]",
            "sections.2.items.0.refs.0",
            "article 14 of annex 无菌药品 is outside the range [1, 10] of section 'annex-sterile'",
        ),
        # A main-text chapter citing an annex clause: not in the chapter's numbering, not checked.
        ("refs: [5]", "refs: [5, {article: 40, annex: 无菌药品}]", "", None),
        ("refs: [{article: 7, paragraph: 1}]", "refs: [{article: 40, annex: 无菌药品}]", "", None),
    ],
)
def test_semantic_checks_on_variants_of_the_fixture(tmp_path, old, new, field, message):
    text = DEMO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "demo-gmp.v1.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = check_checklist_file(path)
    if message is None:
        assert problems == []
    else:
        assert [p.field for p in problems] == [field]
        assert message in problems[0].message


def test_sub_sections_sharing_one_article_get_a_hint(tmp_path):
    text = DEMO.read_text(encoding="utf-8")
    second = """      - id: production-records
        code: 第二节
        title: 记录
        articles: [13, 16]
        items:
          - id: demo-016
            code: 第十六条
            refs: [16]
            requirement: 生产记录应及时填写。
            tier: general
"""
    text = text.replace("  - id: annex-sterile\n", second + "  - id: annex-sterile\n")
    path = tmp_path / "demo-gmp.v1.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_checklist_file(path)
    assert [p.field for p in problems] == ["sections.1.sections.1.articles"]
    assert "can leave out articles (inherited)" in problems[0].message
