"""The conclusion engine against the shipped rule profiles, at each rule's boundaries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from itertools import count

import pytest
from pydantic import ValidationError

from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.checklist.schema import (
    Checklist,
    ChecklistKind,
    Item,
    Regulation,
    Section,
    Tier,
)
from inspector_app.domain.conclusion import (
    Conclusion,
    InspectionFacts,
    RuleProfile,
    evaluate,
    facts_from,
    final_conclusion,
    in_scope_items,
)
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import (
    Defect,
    Inspection,
    InspectionType,
    ItemResult,
    ResultValue,
    Severity,
)

PROFILES = bundled_profiles()
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
_ids = count(1)


# --- builders --------------------------------------------------------------------------------


def item(item_id: str, tier: Tier | None = None, tags: Iterable[str] = ()) -> Item:
    return Item(id=item_id, code=item_id, requirement="要求", tier=tier, tags=list(tags))


def section(section_id: str, items=(), sections=(), subsystem=None, tags=()) -> Section:
    return Section(
        id=section_id,
        code=section_id,
        title=section_id,
        items=list(items),
        sections=list(sections),
        subsystem=subsystem,
        tags=list(tags),
    )


def checklist(*sections: Section, rule_profile: str = "drug-inspection-2023") -> Checklist:
    return Checklist(
        id="test-checklist",
        version=1,
        title="测试检查表",
        kind=ChecklistKind.DRUG_GMP,
        regulation=Regulation(
            name="测试法规", issuer="测试", version="1", effective_date=date(2020, 1, 1)
        ),
        rule_profile=rule_profile,
        sections=list(sections),
    )


def inspection(**changes) -> Inspection:
    fields = dict(
        id="insp-1",
        company_name="某制药有限公司",
        inspection_type=InspectionType.GMP_COMPLIANCE,
        checklist_id="test-checklist",
        checklist_version=1,
        created_at=NOW,
    )
    return Inspection(**(fields | changes))


def defect(severity: Severity | str, item_id: str | None = None, **more) -> Defect:
    return Defect(
        id=more.pop("id", f"d{next(_ids)}"),
        inspection_id="insp-1",
        item_id=item_id,
        severity=Severity(severity),
        facts="现场发现的问题",
        created_at=NOW,
        **more,
    )


def result(item_id: str, value: ResultValue, **more) -> ItemResult:
    if value is ResultValue.NOT_APPLICABLE:
        more.setdefault("reason", "本企业无此工艺")
    return ItemResult(
        id=f"r{next(_ids)}", inspection_id="insp-1", item_id=item_id, result=value, **more
    )


def defects(severity: str, n: int, item_id: str | None = None, **more) -> list[Defect]:
    return [defect(severity, item_id, **more) for _ in range(n)]


# A drug GMP checklist: two items per subsystem, one nested section without its own subsystem
# (it belongs to its parent's), and an optional sterile section.
DRUG = checklist(
    section("qs", [item("qs-1"), item("qs-2")], subsystem="quality-system"),
    section(
        "mat",
        [item("mat-1")],
        sections=[section("mat-sampling", [item("mat-2")])],
        subsystem="materials",
    ),
    section("prod", [item("prod-1"), item("prod-2")], subsystem="production"),
    section("lab", [item("lab-1")], subsystem="laboratory"),
    section("sterile", [item("st-1"), item("st-2")], subsystem="production", tags=["sterile"]),
)


def conclude(
    profile_id: str,
    cl: Checklist = DRUG,
    results: Iterable[ItemResult] = (),
    found: Iterable[Defect] = (),
    insp: Inspection | None = None,
) -> Conclusion:
    facts = facts_from(cl, insp or inspection(), results, found)
    return evaluate(PROFILES[profile_id], facts)


def all_defect_ids(conclusion: Conclusion) -> set[str]:
    return {i for r in conclusion.reasons for i in r.defect_ids}


# --- device GMP 2025 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("critical", "expected"),
    [
        (0, "passed"),
        (1, "recheck_after_rectification"),
        (2, "recheck_after_rectification"),
        (3, "failed"),
    ],
)
def test_device_2025_critical_count_boundary(critical: int, expected: str) -> None:
    c = conclude("device-gmp-2025", found=defects("critical", critical))
    assert c.outcome == expected


def test_device_2025_three_critical_reason_names_all_three() -> None:
    found = defects("critical", 3)
    c = conclude("device-gmp-2025", found=found)
    assert c.label == "未通过检查"
    (reason,) = c.reasons
    assert reason.rule_id == "not-passed"
    assert reason.text == "严重缺陷共3项（超过2项）"
    assert set(reason.defect_ids) == {d.id for d in found}


@pytest.mark.parametrize(
    ("general", "expected"), [(4, "passed"), (5, "recheck_after_rectification")]
)
def test_device_2025_general_count_boundary(general: int, expected: str) -> None:
    c = conclude("device-gmp-2025", found=defects("general", general))
    assert c.outcome == expected


def test_device_2025_passed_reason_lists_each_condition() -> None:
    c = conclude("device-gmp-2025", found=defects("general", 4))
    assert [r.text for r in c.reasons] == ["无严重缺陷", "无主要缺陷", "一般缺陷共4项（少于5项）"]


@pytest.mark.parametrize(
    ("critical", "major", "expected"),
    [
        (1, 8, "recheck_after_rectification"),
        (2, 8, "failed"),
        (0, 9, "recheck_after_rectification"),
        (0, 10, "failed"),
    ],
)
def test_device_2025_critical_plus_major_boundary(critical: int, major: int, expected: str) -> None:
    c = conclude("device-gmp-2025", found=defects("critical", critical) + defects("major", major))
    assert c.outcome == expected


def test_device_2025_critical_plus_major_reason_names_exactly_those_defects() -> None:
    serious = defects("critical", 2) + defects("major", 8)
    minor = defects("general", 1)
    c = conclude("device-gmp-2025", found=serious + minor)
    (reason,) = c.reasons
    assert reason.text == "严重缺陷、主要缺陷共10项（达到10项）"
    assert set(reason.defect_ids) == {d.id for d in serious}


@pytest.mark.parametrize(
    ("general", "expected"), [(20, "recheck_after_rectification"), (21, "failed")]
)
def test_device_2025_total_boundary(general: int, expected: str) -> None:
    c = conclude("device-gmp-2025", found=defects("general", general))
    assert c.outcome == expected


def test_device_2025_total_counts_every_severity() -> None:
    found = defects("critical", 1) + defects("major", 5) + defects("general", 15)
    c = conclude("device-gmp-2025", found=found)
    assert c.outcome == "failed"
    assert [r.text for r in c.reasons] == ["缺陷共21项（超过20项）"]


def test_device_2025_any_falsification_fails_even_if_only_general() -> None:
    honest = defect("general")
    falsified = defect("general", falsification=True)
    c = conclude("device-gmp-2025", found=[honest, falsified])
    assert c.outcome == "failed"
    (reason,) = c.reasons
    assert reason.text.startswith("存在1项真实性问题")
    assert reason.defect_ids == (falsified.id,)


def test_device_2025_default_mentions_what_remains() -> None:
    found = defects("major", 1) + defects("general", 2)
    c = conclude("device-gmp-2025", found=found)
    assert c.outcome == "recheck_after_rectification"
    assert c.reasons[0].rule_id == "default"
    assert set(c.reasons[0].defect_ids) == {d.id for d in found}
    assert [r.text for r in c.reasons[1:]] == ["存在1项主要缺陷", "存在2项一般缺陷"]


# --- device GMP 2015 (key / general items) -------------------------------------------------------

DEVICE_2015 = checklist(
    section(
        "s1",
        [
            item("k-1", Tier.KEY),
            item("k-2", Tier.KEY),
            item("g-1", Tier.GENERAL),
            item("g-2", Tier.GENERAL),
        ],
    ),
    rule_profile="device-gmp-2015",
)


def test_device_2015_failed_key_item_fails() -> None:
    results = [result("k-1", ResultValue.NON_CONFORMING), result("g-1", ResultValue.NON_CONFORMING)]
    c = conclude("device-gmp-2015", DEVICE_2015, results)
    assert (c.outcome, c.label) == ("failed", "未通过检查")
    assert c.reasons[0].item_ids == ("k-1",)
    assert c.reasons[0].text == "存在1项不符合要求的关键项目"


def test_device_2015_defect_on_key_item_fails_it_even_without_result() -> None:
    found = defect("general", "k-2")
    c = conclude("device-gmp-2015", DEVICE_2015, [result("k-2", ResultValue.CONFORMING)], [found])
    assert c.outcome == "failed"
    assert c.reasons[0].item_ids == ("k-2",)
    assert c.reasons[0].defect_ids == (found.id,)


def test_device_2015_only_general_items_failed_needs_recheck() -> None:
    results = [result("k-1", ResultValue.CONFORMING), result("g-2", ResultValue.NON_CONFORMING)]
    c = conclude("device-gmp-2015", DEVICE_2015, results)
    assert c.outcome == "recheck_after_rectification"
    assert c.reasons[0].item_ids == ("g-2",)


def test_device_2015_nothing_failed_passes() -> None:
    results = [result(i, ResultValue.CONFORMING) for i in ("k-1", "k-2", "g-1", "g-2")]
    c = conclude("device-gmp-2015", DEVICE_2015, results)
    assert (c.outcome, c.label) == ("passed", "通过检查")


def test_device_2015_defect_without_item_is_not_silently_passed() -> None:
    c = conclude("device-gmp-2015", DEVICE_2015, found=[defect("general")])
    assert c.outcome == "recheck_after_rectification"


# --- drug inspections 2021 / 2023 ---------------------------------------------------------------

DRUG_MIDDLE = {"drug-inspection-2021": "基本符合要求", "drug-inspection-2023": "待整改后评定"}


@pytest.mark.parametrize("profile_id", DRUG_MIDDLE)
def test_drug_any_critical_is_non_compliant(profile_id: str) -> None:
    c = conclude(profile_id, found=[defect("critical"), *defects("major", 2)])
    assert c.label == "不符合要求"
    assert c.reasons[0].text == "存在1项严重缺陷"


@pytest.mark.parametrize(("profile_id", "label"), DRUG_MIDDLE.items())
def test_drug_any_major_is_the_middle_outcome(profile_id: str, label: str) -> None:
    c = conclude(profile_id, found=[defect("major", "qs-1"), defect("general")])
    assert c.label == label


@pytest.mark.parametrize("profile_id", DRUG_MIDDLE)
def test_drug_general_only_or_nothing_complies(profile_id: str) -> None:
    assert conclude(profile_id).label == "符合要求"
    found = [defect("general", "qs-1"), defect("general", "prod-1")]
    c = conclude(profile_id, found=found)
    assert c.label == "符合要求"
    assert [r.text for r in c.reasons] == ["未发现严重缺陷和主要缺陷", "存在2项一般缺陷"]
    assert set(c.reasons[1].defect_ids) == {d.id for d in found}


@pytest.mark.parametrize("profile_id", DRUG_MIDDLE)
def test_escalation_below_threshold_does_not_escalate(profile_id: str) -> None:
    c = conclude(profile_id, found=[defect("general", "mat-1"), defect("general", "mat-2")])
    assert c.label == "符合要求"


@pytest.mark.parametrize(("profile_id", "label"), DRUG_MIDDLE.items())
def test_escalation_at_threshold_counts_as_one_major(profile_id: str, label: str) -> None:
    # mat-2 sits in a nested section without subsystem: it belongs to its parent's (materials).
    linked = [defect("general", "mat-1"), defect("general", "mat-2"), defect("general", "mat-1")]
    other = defect("general", "qs-1")
    c = conclude(profile_id, found=[*linked, other])
    assert c.label == label
    major, group = c.reasons
    assert major.text == "存在1项主要缺陷，其中1项为多项关联缺陷经综合分析评定"
    assert set(major.defect_ids) == {d.id for d in linked}
    assert group.rule_id == "linked-general-defects"
    assert group.text == "物料系统多项关联缺陷（3项一般缺陷，达到3项），经综合分析按主要缺陷评定"
    assert set(group.defect_ids) == {d.id for d in linked}


@pytest.mark.parametrize("profile_id", DRUG_MIDDLE)
def test_escalation_needs_one_subsystem(profile_id: str) -> None:
    spread = [defect("general", "qs-1"), defect("general", "mat-1"), defect("general", "prod-1")]
    c = conclude(profile_id, found=spread)
    assert c.label == "符合要求"
    assert set(c.reasons[1].defect_ids) == {d.id for d in spread}


@pytest.mark.parametrize("profile_id", DRUG_MIDDLE)
def test_defects_without_item_are_never_escalated(profile_id: str) -> None:
    assert conclude(profile_id, found=defects("general", 5)).label == "符合要求"


def test_each_escalated_subsystem_is_one_major_and_named() -> None:
    found = defects("general", 3, "qs-2") + defects("general", 4, "lab-1")
    c = conclude("drug-inspection-2023", found=found)
    assert c.reasons[0].text == "存在2项主要缺陷，其中2项为多项关联缺陷经综合分析评定"
    assert {r.text[:6] for r in c.reasons[1:]} == {"质量管理系统", "实验室控制系"}


def test_escalation_is_not_reported_when_a_critical_decides() -> None:
    # The critical rule does not look at major/general counts: no escalation reason then.
    c = conclude("drug-inspection-2023", found=[defect("critical"), *defects("general", 3, "qs-1")])
    assert [r.rule_id for r in c.reasons] == ["critical-defect"]


# --- registration verification / device registration QMS ---------------------------------------


def test_registration_verification() -> None:
    pid = "registration-verification-2021"
    assert conclude(pid).label == "通过"
    assert conclude(pid, found=[defect("major"), defect("general")]).label == "通过"
    assert conclude(pid, found=[defect("critical")]).label == "不通过"
    falsified = defect("major", falsification=True)
    c = conclude(pid, found=[falsified, defect("general")])
    assert c.label == "不通过"
    assert c.reasons[0].defect_ids == (falsified.id,)


@pytest.mark.parametrize(
    ("found", "label"),
    [
        ([], "通过核查"),
        ([defect("general")], "整改后复查"),
        ([defect("major")], "整改后复查"),
        ([defect("critical")], "未通过核查"),
        ([defect("general", falsification=True)], "未通过核查"),
    ],
)
def test_device_registration_qms(found: list[Defect], label: str) -> None:
    assert conclude("device-registration-qms", found=found).label == label


# --- drug licence: failed-item ratio, N/A excluded ---------------------------------------------

LICENCE = checklist(
    section("all", [item(f"i{n}") for n in range(1, 11)]),
    rule_profile="drug-licence",
)


def licence(failed: int, not_applicable: int, conforming: int | None = None) -> Conclusion:
    ids = [f"i{n}" for n in range(1, 11)]
    results = [result(i, ResultValue.NON_CONFORMING) for i in ids[:failed]]
    results += [
        result(i, ResultValue.NOT_APPLICABLE) for i in ids[failed : failed + not_applicable]
    ]
    rest = ids[failed + not_applicable :]
    if conforming is not None:
        rest = rest[:conforming]
    results += [result(i, ResultValue.CONFORMING) for i in rest]
    return conclude("drug-licence", LICENCE, results)


def test_licence_ratio_excludes_not_applicable_above_ten_percent() -> None:
    # 1 failed of 10 is 10 % (not above 10); with 2 N/A left out it is 1/8 = 12.5 %.
    c = licence(failed=1, not_applicable=2)
    assert c.label == "整改后复查"
    assert c.reasons[0].text == "不符合要求的检查项目占比12.5%（超过10%；1/8项，不适用项目不计入）"
    assert c.reasons[0].item_ids == ("i1",)


def test_licence_ratio_excludes_not_applicable_above_thirty_percent() -> None:
    # 3/10 = 30 % would need only a recheck; 3/9 = 33.3 % does not comply.
    c = licence(failed=3, not_applicable=1)
    assert c.label == "不符合要求"
    assert c.reasons[0].item_ids == ("i1", "i2", "i3")


def test_licence_ratio_at_ten_percent_complies() -> None:
    assert licence(failed=1, not_applicable=0).label == "符合要求"


def test_licence_unchecked_items_stay_in_the_denominator() -> None:
    # 1 failed, 9 with no result at all: 1/10, not 1/1.
    assert licence(failed=1, not_applicable=0, conforming=0).label == "符合要求"


def test_licence_item_with_defect_counts_as_failed() -> None:
    on_conforming, on_unchecked = defect("general", "i5"), defect("general", "i6")
    results = [result("i5", ResultValue.CONFORMING)]
    c = conclude("drug-licence", LICENCE, results, [on_conforming, on_unchecked])
    assert c.label == "整改后复查"  # 2/10 = 20 %
    assert c.reasons[0].defect_ids == (on_conforming.id, on_unchecked.id)
    assert c.reasons[0].item_ids == ("i5", "i6")


def test_licence_critical_or_major_defect() -> None:
    assert conclude("drug-licence", LICENCE, found=[defect("critical")]).label == "不符合要求"
    assert conclude("drug-licence", LICENCE, found=[defect("major")]).label == "整改后复查"


# --- facts: scope, deletions ---------------------------------------------------------------------


def test_scope_excludes_sterile_section_unless_tag_chosen() -> None:
    ids = [i.id for _, i in in_scope_items(DRUG, inspection())]
    assert "st-1" not in ids and "qs-1" in ids
    ids = [i.id for _, i in in_scope_items(DRUG, inspection(scope_tags=["sterile"]))]
    assert {"st-1", "st-2"} <= set(ids)


def test_scope_sections_include_nested_sections() -> None:
    insp = inspection(scope_sections=["mat"])
    assert [i.id for _, i in in_scope_items(DRUG, insp)] == ["mat-1", "mat-2"]


def test_item_tag_also_limits_scope() -> None:
    cl = checklist(section("s", [item("a"), item("b", tags=["biologic"])]))
    assert [i.id for _, i in in_scope_items(cl, inspection())] == ["a"]


def test_out_of_scope_results_do_not_count_but_their_defects_do() -> None:
    cl = checklist(
        section("main", [item("a"), item("b")]),
        section("sterile", [item("s1"), item("s2")], tags=["sterile"]),
        rule_profile="drug-licence",
    )
    results = [
        result("a", ResultValue.CONFORMING),
        result("b", ResultValue.CONFORMING),
        result("s1", ResultValue.NON_CONFORMING),
        result("s2", ResultValue.NON_CONFORMING),
    ]
    facts = facts_from(cl, inspection(), results, [])
    assert [f.id for f in facts.items] == ["a", "b"]
    assert evaluate(PROFILES["drug-licence"], facts).label == "符合要求"
    # Counting the sterile items would be 2/4 = 50 %; in scope it is 0/2.
    with_sterile = facts_from(cl, inspection(scope_tags=["sterile"]), results, [])
    assert evaluate(PROFILES["drug-licence"], with_sterile).label == "不符合要求"
    major = defect("major", "s1")
    facts = facts_from(cl, inspection(), results, [major])
    assert [d.id for d in facts.defects] == [major.id]


def test_deleted_records_and_other_inspections_are_ignored() -> None:
    gone = defect("critical", deleted=True)
    elsewhere = defect("critical").model_copy(update={"inspection_id": "insp-2"})
    deleted_result = result("qs-1", ResultValue.NON_CONFORMING, deleted=True)
    facts = facts_from(DRUG, inspection(), [deleted_result], [gone, elsewhere])
    assert facts.defects == ()
    assert not any(f.failed for f in facts.items)


def test_empty_facts_take_the_default() -> None:
    c = evaluate(PROFILES["drug-inspection-2021"], InspectionFacts())
    assert (c.profile_id, c.profile_version, c.outcome) == ("drug-inspection-2021", 2, "compliant")
    assert [r.text for r in c.reasons] == ["未发现严重缺陷和主要缺陷"]


# --- override ----------------------------------------------------------------------------------


def test_no_override_keeps_the_suggestion() -> None:
    profile = PROFILES["drug-inspection-2023"]
    suggested = conclude(profile.id, found=[defect("major")])
    final = final_conclusion(profile, suggested, inspection())
    assert (final.outcome, final.label, final.overridden) == (
        "pending_rectification",
        "待整改后评定",
        False,
    )
    assert final.suggested is suggested


def test_override_with_reason() -> None:
    profile = PROFILES["drug-inspection-2023"]
    suggested = conclude(profile.id, found=[defect("major")])
    insp = inspection(
        conclusion_override="compliant", conclusion_override_reason="缺陷已在现场整改完毕"
    )
    final = final_conclusion(profile, suggested, insp)
    assert (final.outcome, final.label, final.overridden) == ("compliant", "符合要求", True)
    assert final.override_reason == "缺陷已在现场整改完毕"
    assert final.suggested.outcome == "pending_rectification"


def test_override_without_reason_is_refused() -> None:
    with pytest.raises(ValidationError, match="conclusion_override_reason"):
        inspection(conclusion_override="compliant")
    # Records that bypassed validation (e.g. built from storage) are still refused here.
    unchecked = inspection().model_copy(update={"conclusion_override": "compliant"})
    profile = PROFILES["drug-inspection-2023"]
    with pytest.raises(DomainError) as caught:
        final_conclusion(profile, conclude(profile.id), unchecked)
    assert caught.value.field == "conclusion_override_reason"


def test_override_with_unknown_outcome() -> None:
    profile = PROFILES["drug-inspection-2023"]
    insp = inspection(
        conclusion_override="basically_compliant", conclusion_override_reason="旧结论"
    )
    with pytest.raises(DomainError) as caught:
        final_conclusion(profile, conclude(profile.id), insp)
    assert caught.value.field == "conclusion_override"
    assert "basically_compliant" in caught.value.message


def test_conclusion_from_another_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="drug-inspection-2021"):
        final_conclusion(
            PROFILES["drug-inspection-2023"], conclude("drug-inspection-2021"), inspection()
        )


# --- profile model -----------------------------------------------------------------------------


def _profile(**changes) -> dict:
    data = PROFILES["drug-licence"].model_dump()
    return data | changes


def test_profile_built_in_python_is_checked_across_fields() -> None:
    data = _profile(default={"outcome": "maybe", "reason": "x"})
    with pytest.raises(ValidationError, match="unknown outcome 'maybe'"):
        RuleProfile.model_validate(data)


def test_condition_is_declarative_only() -> None:
    bad = _profile(
        rules=[
            {
                "id": "r",
                "outcome": "compliant",
                "when": {"metric": "__import__('os')", "op": ">", "value": 1},
            }
        ]
    )
    with pytest.raises(ValidationError, match="unknown metric"):
        RuleProfile.model_validate(bad)
