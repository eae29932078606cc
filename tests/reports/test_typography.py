"""The line breaker: width, no lost characters, and the punctuation rule (避头尾)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.reports.typography import (
    CLOSING,
    OPENING,
    break_lines,
    line_violations,
    may_break_between,
)


def em(ch: str) -> float:
    return 1.0 if ord(ch) > 0x2E7F else 0.5  # CJK and full-width marks 1 em, Latin half


def test_closing_mark_pulls_the_previous_character_down():
    # Six ems per line: a naive break would start line 2 with "，".
    lines = break_lines("甲乙丙丁戊己，庚辛", 6, em)
    assert lines == ["甲乙丙丁戊", "己，庚辛"]


def test_opening_mark_goes_down_with_what_it_opens():
    lines = break_lines("甲乙丙丁戊《己庚》", 6, em)
    assert lines == ["甲乙丙丁戊", "《己庚》"]


def test_latin_words_and_numbers_are_not_cut():
    lines = break_lines("批号230915灌装停机", 5, em)
    assert "230915" in "".join(lines)
    assert all("2309" not in line or "230915" in line for line in lines)


def test_a_run_wider_than_the_line_is_cut_but_fits():
    digest = "0123456789abcdef" * 4
    lines = break_lines(digest, 10, em)
    assert "".join(lines) == digest
    assert all(sum(map(em, line)) <= 10 for line in lines)


def test_dashes_and_ellipses_stay_whole():
    lines = break_lines("甲乙丙丁——戊己", 5, em)
    assert not any(
        line.startswith("—") or (line.endswith("—") and "——" not in line) for line in lines
    )
    assert any("——" in line for line in lines)


def test_hard_newlines_are_kept():
    assert break_lines("第一行\n第二行", 20, em) == ["第一行", "第二行"]


cjk = st.sampled_from(list("检查缺陷记录灭菌验证偏差质量部门生产洁净区数据"))
marks = st.sampled_from(sorted(CLOSING | OPENING))
latin = st.sampled_from(list("AB12 x"))
texts = st.lists(st.one_of(cjk, cjk, cjk, marks, latin), min_size=1, max_size=120).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(min_value=4, max_value=30))
def test_lines_fit_keep_every_character_and_obey_the_rule(text: str, width: int):
    lines = break_lines(text, width, em)
    assert all(sum(map(em, line)) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # At every break we made (not the text's own first and last character), the rule
    # holds, unless the text leaves no choice: a run of marks wider than a line.
    for before, after in itertools.pairwise(lines):
        if line_violations([after[:1] + "字", "字" + before[-1:]]):
            # Allowed only when the line offered no other place to break.
            inner = itertools.pairwise(before)
            assert not any(may_break_between(a, b) for a, b in inner), (text, width, lines)
