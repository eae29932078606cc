"""The corpus of broken checklists: each problem is reported at the author's line and field.

Files are named `<id>.v1.yaml` after their own id, so the file-name check stays quiet except
in name-mismatch.v1.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector_app.checklist.loader import ChecklistError, check_checklist_file, load_checklist

MALFORMED = Path(__file__).parent / "malformed"
PROFILES = {"test-profile", "other-profile"}

# (file, line, col, field, message fragment)
EXPECTED = [
    ("bad-syntax", 26, 8, "", "invalid YAML: while parsing a block collection"),
    ("empty", 1, 1, "", "the file is empty"),
    ("not-a-mapping", 1, 1, "", "expected a mapping of fields, got a list"),
    ("not-utf8", 1, 1, "", "not UTF-8 text"),
    ("wrong-type", 18, 19, "sections.0.articles.1", "expected a whole number, got 'ten'"),
    ("version-not-number", 3, 1, "version", "expected a whole number, got 'abc'"),
    (
        "code-as-number",
        25,
        9,
        "sections.0.items.1.code",
        "expected text, got 2.1; put it in quotes",
    ),
    ("missing-field", 24, 9, "sections.0.items.1.requirement", "required field is missing"),
    (
        "unknown-field",
        27,
        9,
        "sections.0.items.1.requirment",
        "unknown field 'requirment' (did you mean 'requirement'?)",
    ),
    ("duplicate-key", 22, 9, "sections.0.items.0.code", "duplicate key 'code'"),
    (
        "duplicate-item-id",
        24,
        9,
        "sections.0.items.1.id",
        "duplicate item id 't-001' (first used at line 20)",
    ),
    (
        "duplicate-code",
        25,
        9,
        "sections.0.items.1.code",
        "code '第一条' is also used by item 't-001' (line 20)",
    ),
    (
        "code-ref-mismatch",
        25,
        9,
        "sections.0.items.1.code",
        "code '第三条' names another article than its first ref (article 2 is 第二条)",
    ),
    (
        "duplicate-section-id",
        28,
        5,
        "sections.1.id",
        "duplicate section id 'ch1' (first used at line 15)",
    ),
    (
        "unknown-tier",
        29,
        9,
        "sections.0.items.1.tier",
        "'vital' is not one of: key, general, critical, major",
    ),
    (
        "tier-not-used",
        30,
        9,
        "sections.0.items.1.tier",
        "tier 'key' is not used by this regulation (uses: critical, major, general)",
    ),
    ("tier-missing", 26, 9, "sections.0.items.1.tier", "tier is missing (this regulation uses"),
    (
        "tier-undeclared",
        28,
        9,
        "sections.0.items.1.tier",
        "tier 'general' is set but the checklist declares no tiers",
    ),
    (
        "bad-rule-profile",
        11,
        1,
        "rule_profile",
        "unknown rule profile 'no-such-profile' (known: other-profile, test-profile)",
    ),
    ("no-clause-ref", 24, 9, "sections.0.items.1.refs", "item has no clause reference"),
    (
        "ref-outside-range",
        26,
        16,
        "sections.0.items.1.refs.0",
        "article 12 is outside the range [1, 10] of section 'ch1'",
    ),
    (
        "annex-range",
        40,
        16,
        "sections.1.items.1.refs.0",
        "article 7 of annex 无菌药品 is outside the range [1, 5] of section 'annex-sterile'",
    ),
    (
        "numbering-out-of-order",
        26,
        16,
        "sections.0.items.1.refs.0",
        "numbering out of order: article 2 comes after article 3 (item 't-001', line 20)",
    ),
    (
        "sections-overlap",
        31,
        5,
        "sections.1.articles",
        "articles [8, 20] overlap or come before section 'ch1' [1, 10] (line 15)",
    ),
    (
        "duplicate-requirement",
        27,
        9,
        "sections.0.items.1.requirement",
        "same requirement text as item 't-001' (line 20)",
    ),
    (
        "undefined-tag",
        28,
        25,
        "sections.0.items.1.tags.1",
        "tag 'biologic' is not defined in the checklist's tags (defined: sterile)",
    ),
    (
        "bad-date",
        10,
        3,
        "regulation.effective_date",
        "expected a date like 2025-01-31, got '2020-13-01' (month value is outside",
    ),
    ("bad-format", 1, 1, "format", "unsupported format 2: this version of the app reads format 1"),
    ("bad-identifier", 24, 9, "sections.0.items.1.id", "'T 002' is not a valid id"),
    # The shorthand `refs: [0]` is coerced to {article: 0}; the error belongs to the scalar.
    ("bad-ref-shorthand", 22, 16, "sections.0.items.0.refs.0", "must be at least 1, got 0"),
    (
        "bad-ref-shorthand",
        26,
        16,
        "sections.0.items.1.refs.0",
        "expected an article number or a mapping with 'article', got 'two'",
    ),
    (
        "unknown-yaml-tag",
        27,
        22,
        "sections.0.items.1.requirement",
        "invalid YAML: could not determine a constructor",
    ),
    (
        "name-mismatch",
        2,
        1,
        "id",
        "file name 'name-mismatch.v1.yaml' does not match id and version: "
        "expected 'other-name.v1.yaml'",
    ),
]


def _problems(name: str):
    path = MALFORMED / f"{name}.v1.yaml"
    assert path.is_file(), path
    _, problems = check_checklist_file(path, rule_profiles=PROFILES)
    return path, problems


@pytest.mark.parametrize(
    ("name", "line", "col", "field", "fragment"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_problem_is_reported_where_the_author_looks(name, line, col, field, fragment):
    path, problems = _problems(name)
    matches = [p for p in problems if fragment in p.message]
    assert matches, f"no problem containing {fragment!r}; got:\n" + "\n".join(map(str, problems))
    problem = matches[0]
    assert (problem.file, problem.line, problem.col, problem.field) == (str(path), line, col, field)
    assert str(problem) == f"{path}:{line}:{col}: {field + ': ' if field else ''}{problem.message}"


def test_every_corpus_file_has_an_expectation():
    covered = {e[0] for e in EXPECTED} | {"many-problems"}
    on_disk = {p.name.removesuffix(".v1.yaml") for p in MALFORMED.glob("*.yaml")}
    assert on_disk == covered
    assert len(on_disk) >= 15


@pytest.mark.parametrize("path", sorted(MALFORMED.glob("*.yaml")), ids=lambda p: p.name)
def test_load_checklist_raises_with_one_line_per_problem(path):
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, rule_profiles=PROFILES)
    problems = caught.value.problems
    assert problems
    lines = str(caught.value).splitlines()
    assert lines == [str(p) for p in problems]
    assert all(re.match(r"^.+\.yaml:\d+:\d+: ", line) for line in lines)


def test_the_corpus_only_has_the_problems_it_was_written_for():
    # Each single-problem file reports exactly its problem: no noise from the other checks.
    for name in {e[0] for e in EXPECTED} - {"bad-ref-shorthand", "unknown-field"}:
        _, problems = _problems(name)
        assert len(problems) == 1, "\n".join(map(str, problems))


def test_all_problems_of_a_file_are_reported_at_once():
    _, problems = _problems("many-problems")
    got = [(p.line, p.col, p.field, p.message) for p in problems]
    assert got == [
        (26, 9, "sections.0.items.1.id", "duplicate item id 't-001' (first used at line 21)"),
        (27, 9, "sections.0.items.1.code", "code '第一条' is also used by item 't-001' (line 21)"),
        (
            27,
            9,
            "sections.0.items.1.code",
            "code '第一条' names another article than its first ref (article 12 is 第十二条)",
        ),
        (
            28,
            16,
            "sections.0.items.1.refs.0",
            "article 12 is outside the range [1, 10] of section 'ch1'",
        ),
        (
            30,
            9,
            "sections.0.items.1.tier",
            "tier 'key' is not used by this regulation (uses: critical, major, general)",
        ),
        (
            31,
            16,
            "sections.0.items.1.tags.0",
            "tag 'biologic' is not defined in the checklist's tags (defined: sterile)",
        ),
        (
            34,
            16,
            "sections.0.items.2.refs.0",
            "numbering out of order: article 3 comes after article 12 (item 't-001', line 26)",
        ),
        (
            35,
            9,
            "sections.0.items.2.requirement",
            "same requirement text as item 't-001' (line 26)",
        ),
    ]


def test_schema_errors_and_duplicate_keys_are_reported_together(tmp_path):
    path = tmp_path / "mixed.v1.yaml"
    text = (MALFORMED / "duplicate-key.v1.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("id: duplicate-key", "id: mixed").replace("[2]", "[x]"), "utf-8")
    _, problems = check_checklist_file(path)
    assert [(p.line, p.field) for p in problems] == [
        (22, "sections.0.items.0.code"),
        (27, "sections.0.items.1.refs.0"),
    ]
