"""The rules the 2026 regulatory review corrected (issue 12), at their boundaries: the
falsification rule of the drug inspection measures, related major defects, the 2023 revision's
second step (综合评定), the 2015 device guideline's quality-affecting flag, and which profile
judges a device inspection of each type."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from tests.domain.test_conclusion import (
    DEVICE_2015,
    DRUG,
    PROFILES,
    conclude,
    defect,
    defects,
    inspection,
    result,
)

from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.loader import load_checklist
from inspector_app.checklist.profiles import ProfileError, bundled_profiles_dir, load_profiles
from inspector_app.domain.conclusion import (
    RectificationStatus,
    RegulationRef,
    RuleProfile,
    assess_after_rectification,
    facts_from,
    profile_for,
)
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import InspectionType, ResultValue, Severity

DRUG_PROFILES = ("drug-inspection-2021", "drug-inspection-2023")
ACCEPTED, INSUFFICIENT, MISSING, PENDING = (
    RectificationStatus.ACCEPTED,
    RectificationStatus.INSUFFICIENT,
    RectificationStatus.MISSING,
    RectificationStatus.PENDING,
)


# --- 1. falsification -------------------------------------------------------------------------


@pytest.mark.parametrize("profile_id", DRUG_PROFILES)
@pytest.mark.parametrize("grade", list(Severity))
def test_drug_falsified_defect_is_non_compliant_whatever_its_grade(
    profile_id: str, grade: Severity
) -> None:
    found = defect(grade, "qs-1", falsification=True)
    c = conclude(profile_id, found=[found])
    assert (c.outcome, c.label) == ("non_compliant", "不符合要求")
    assert c.reasons[0].rule_id == "falsification"
    assert c.reasons[0].text == "存在1项真实性问题（数据造假等）"
    assert c.reasons[0].defect_ids == (found.id,)


@pytest.mark.parametrize("profile_id", DRUG_PROFILES)
def test_drug_same_grades_without_the_flag_keep_their_outcome(profile_id: str) -> None:
    middle = "basically_compliant" if profile_id.endswith("2021") else "pending_rectification"
    assert conclude(profile_id, found=[defect("general", "qs-1")]).outcome == "compliant"
    assert conclude(profile_id, found=[defect("major", "qs-1")]).outcome == middle


# --- 2. related major defects -----------------------------------------------------------------


@pytest.mark.parametrize("profile_id", DRUG_PROFILES)
@pytest.mark.parametrize(("majors", "non_compliant"), [(1, False), (2, False), (3, True)])
def test_related_majors_in_one_system(profile_id: str, majors: int, non_compliant: bool) -> None:
    found = defects("major", majors, "lab-1")
    c = conclude(profile_id, found=found)
    assert (c.outcome == "non_compliant") is non_compliant
    if non_compliant:
        texts = [r.text for r in c.reasons]
        assert texts[0] == "存在1项严重缺陷，其中1项为多项关联缺陷经综合分析评定"
        assert texts[1] == (
            "实验室控制系统多项关联缺陷（3项主要缺陷，达到3项），"
            "表明该系统不能有效运行，经综合分析按严重缺陷评定"
        )
        assert set(c.reasons[1].defect_ids) == {d.id for d in found}


@pytest.mark.parametrize("profile_id", DRUG_PROFILES)
def test_three_majors_in_three_systems_are_not_related(profile_id: str) -> None:
    found = [defect("major", "qs-1"), defect("major", "lab-1"), defect("major", "prod-1")]
    assert conclude(profile_id, found=found).outcome != "non_compliant"


def test_majors_made_of_related_generals_are_not_grouped_again() -> None:
    # Three systems each with three related generals: three majors, but no system has three
    # recorded majors, so the system-failure rule does not fire.
    found = [*defects("general", 3, "qs-1"), *defects("general", 3, "lab-1")]
    found += defects("general", 3, "prod-1")
    c = conclude("drug-inspection-2023", found=found)
    assert c.outcome == "pending_rectification"


# --- 3. 综合评定 after rectification (2023) -------------------------------------------------


def assess(found, statuses, profile_id="drug-inspection-2023"):
    facts = facts_from(DRUG, inspection(), [], found)
    return assess_after_rectification(PROFILES[profile_id], facts, statuses)


def test_first_step_outcomes_without_a_second_step_are_final() -> None:
    for found in ([], [defect("general", "qs-1")], [defect("critical", "qs-1")]):
        a = assess(found, {})
        assert a.state == "single_step"
        assert a.conclusion == a.first


def test_the_2021_measures_have_no_second_step() -> None:
    a = assess([defect("major", "qs-1")], {}, "drug-inspection-2021")
    assert (a.state, a.conclusion.outcome) == ("single_step", "basically_compliant")


def test_pending_rectification_waits_for_every_defect() -> None:
    major, general = defect("major", "qs-1"), defect("general", "lab-1")
    a = assess([major, general], {major.id: ACCEPTED})
    assert a.state == "awaiting_rectification"
    assert a.awaiting == (general.id,)
    assert a.conclusion.outcome == "pending_rectification"
    a = assess([major, general], {major.id: ACCEPTED, general.id: PENDING})
    assert a.state == "awaiting_rectification"


def test_every_rectification_accepted_complies() -> None:
    found = [defect("major", "qs-1"), defect("general", "lab-1")]
    a = assess(found, {d.id: ACCEPTED for d in found})
    assert (a.state, a.conclusion.outcome, a.conclusion.label) == (
        "assessed",
        "compliant",
        "符合要求",
    )
    assert a.first.outcome == "pending_rectification"
    assert a.conclusion.reasons[0].text == "全部缺陷的整改经核实均已到位"


@pytest.mark.parametrize(
    ("major", "general", "rule"),
    [
        (INSUFFICIENT, ACCEPTED, "major-not-rectified"),
        (ACCEPTED, INSUFFICIENT, "general-not-rectified"),
        (MISSING, ACCEPTED, "rectification-missing"),
        (ACCEPTED, MISSING, "rectification-missing"),
    ],
)
def test_a_rectification_not_effective_is_non_compliant(major, general, rule) -> None:
    found = [defect("major", "qs-1"), defect("general", "lab-1")]
    a = assess(found, {found[0].id: major, found[1].id: general})
    assert (a.state, a.conclusion.outcome) == ("assessed", "non_compliant")
    assert a.conclusion.reasons[0].rule_id == rule


def test_general_not_rectified_is_the_centers_rule() -> None:
    (rule,) = [
        r
        for r in PROFILES["drug-inspection-2023"].after_rectification.rules
        if r.id == "general-not-rectified"
    ]
    assert rule.source == "center"


def test_an_escalated_group_counts_as_one_major_not_rectified() -> None:
    generals = defects("general", 3, "prod-1")
    statuses = {d.id: ACCEPTED for d in generals} | {generals[1].id: INSUFFICIENT}
    a = assess(generals, statuses)
    assert a.first.outcome == "pending_rectification"
    assert a.conclusion.reasons[0].rule_id == "major-not-rectified"
    assert a.conclusion.reasons[0].text == (
        "存在1项整改不到位或未按期整改的主要缺陷，其中1项为多项关联缺陷经综合分析评定"
    )


# --- 5. the 2015 device guideline: affects product quality -----------------------------------


@pytest.mark.parametrize(
    ("affects", "expected"), [(False, "recheck_after_rectification"), (True, "failed")]
)
def test_device_2015_general_item_failed_by_a_quality_affecting_defect(affects, expected) -> None:
    results = [result("k-1", ResultValue.CONFORMING), result("g-1", ResultValue.NON_CONFORMING)]
    found = [defect("general", "g-1", affects_quality=affects)]
    c = conclude("device-gmp-2015", DEVICE_2015, results, found)
    assert c.outcome == expected
    if affects:
        assert c.reasons[0].rule_id == "quality-affecting-defect"
        assert c.reasons[0].text == "存在1项直接影响产品质量的缺陷"


def test_device_2015_key_item_still_decides_first() -> None:
    found = [defect("general", "k-1", affects_quality=True)]
    c = conclude("device-gmp-2015", DEVICE_2015, found=found)
    assert c.reasons[0].rule_id == "key-item-failed"


def test_only_the_2015_profile_reads_the_flag() -> None:
    readers = {pid for pid, p in PROFILES.items() if p.uses_metric("defects.quality_affecting")}
    assert readers == {"device-gmp-2015"}


# --- 4. device GMP 2025: a draft, for licence inspections only --------------------------------


def test_device_2025_draft_is_labelled_and_limited_to_licence_inspections() -> None:
    draft = PROFILES["device-gmp-2025"]
    assert draft.regulation.status == "draft"
    assert str(draft.regulation.published) == "2026-06-09"
    assert "征求意见稿" in draft.title and "许可" in draft.title
    assert draft.regulation.basis.startswith(
        "《医疗器械生产质量管理规范现场检查指导原则》（征求意见稿，2026年6月9日发布）"
    )
    assert draft.applies_to == [InspectionType.LICENCE]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (InspectionType.LICENCE, "device-gmp-2025"),
        (InspectionType.GMP_COMPLIANCE, "device-gmp-2025-center"),
        (InspectionType.REGISTRATION_VERIFICATION, "device-gmp-2025-center"),
    ],
)
def test_which_profile_judges_a_device_inspection(kind, expected) -> None:
    assert profile_for(PROFILES, "device-gmp-2025", kind).id == expected


def test_the_center_profile_says_every_threshold_is_the_centers() -> None:
    center = PROFILES["device-gmp-2025-center"]
    assert all(rule.source == "center" for rule in center.rules)
    assert "中心" in center.title
    assert center.regulation.status == "in_force"
    # Same figures as the draft: the center applies them, it does not invent new ones.
    draft = PROFILES["device-gmp-2025"]
    assert [r.when for r in center.rules] == [r.when for r in draft.rules]


def test_profiles_without_applies_to_judge_every_type() -> None:
    for kind in InspectionType:
        assert profile_for(PROFILES, "drug-inspection-2023", kind).id == "drug-inspection-2023"


def test_a_profile_with_no_fallback_for_a_type_is_refused() -> None:
    data = PROFILES["device-gmp-2025"].model_dump() | {"otherwise": None}
    lonely = RuleProfile.model_validate(data)
    with pytest.raises(DomainError, match="covers only 许可检查预检查"):
        profile_for({lonely.id: lonely}, lonely.id, InspectionType.GMP_COMPLIANCE)


# --- 6. registration verification cites one source ------------------------------------------


def test_registration_profile_and_checklist_cite_the_same_document() -> None:
    profile = PROFILES["registration-verification-2021"].regulation
    checklist = load_checklist(
        bundled_checklists_dir() / "drug-registration-site-verification-2021.v1.yaml"
    ).regulation
    assert (profile.name, profile.issuer, profile.document_no) == (
        checklist.name,
        checklist.issuer,
        checklist.document_no,
    )


# --- the format refuses what would be wrong ----------------------------------------------------


def test_a_draft_needs_its_date() -> None:
    with pytest.raises(ValidationError, match="publication date"):
        RegulationRef(
            name="某指导原则", issuer="某局", version="征求意见稿", clause="x", status="draft"
        )


def _copy(tmp_path: Path, profile_id: str, old: str, new: str) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    for path in bundled_profiles_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == profile_id:
            assert old in text
            text = text.replace(old, new)
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


def test_rectification_metrics_belong_to_the_second_step(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path,
        "drug-inspection-2021",
        'when: {metric: defects.critical, op: ">=", value: 1}',
        'when: {metric: rectification.missing, op: ">=", value: 1}',
    )
    with pytest.raises(ProfileError, match="known only after rectification"):
        load_profiles(folder)


def test_second_step_outcomes_must_be_final(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path,
        "drug-inspection-2023",
        "  default:\n    outcome: compliant",
        "  default:\n    outcome: pending_rectification",
    )
    with pytest.raises(ProfileError, match="'pending_rectification' is not a final outcome"):
        load_profiles(folder)


def test_fallback_profile_must_exist(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path, "device-gmp-2025", "otherwise: device-gmp-2025-center", "otherwise: nowhere"
    )
    with pytest.raises(ProfileError, match="no profile 'nowhere'"):
        load_profiles(folder)
