"""The conflict-of-interest rule of the expert pool (issue 14), without a database."""

from __future__ import annotations

import pytest

from inspector_app.domain.experts import PoolExpert, company_key, conflict_reason, same_company


def expert(employer: str = "", conflicts: tuple[str, ...] = ()) -> PoolExpert:
    return PoolExpert("e1", "expert", "孙专家", ("sterile",), employer, conflicts)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华东制药有限公司", "华东制药有限公司"),
        ("华东制药有限公司", "华东制药"),  # legal form left out
        ("华东制药股份有限公司", "华东制药有限公司"),
        ("某某制药（集团）有限公司", "某某制药集团有限公司"),  # brackets
        ("ＡＢＣ Pharma Co., Ltd.", "abc pharma"),  # full width, case, suffix
        ("华东制药有限公司", "华东制药有限公司第二分厂"),  # a site named after its company
    ],
)
def test_the_same_company(a, b):
    assert same_company(a, b) and same_company(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华东制药有限公司", "华北制药有限公司"),
        ("江南药业有限公司", "江南大学"),
        ("", "华东制药有限公司"),
        ("有限公司", "华东制药有限公司"),  # nothing but a legal form names nobody
        ("华东", "华东制药有限公司"),  # too short to stand for a company
    ],
)
def test_different_companies(a, b):
    assert not same_company(a, b)


def test_company_key_keeps_a_name_that_is_only_a_suffix():
    assert company_key("有限公司") == "有限公司"


def test_conflict_reason_names_the_employer_or_the_declared_company():
    assert conflict_reason(expert("江南药业有限公司"), "华东制药有限公司") is None
    employer = conflict_reason(expert("华东制药有限公司"), "华东制药")
    assert employer == "孙专家的工作单位“华东制药有限公司”与被检查企业“华东制药”相同或关联"
    declared = conflict_reason(expert("江南药业有限公司", ("华东制药",)), "华东制药有限公司")
    assert declared == "孙专家已申报与“华东制药”存在利益冲突，不能检查“华东制药有限公司”"
    assert conflict_reason(expert("", ("华北制药",)), "华东制药有限公司") is None
