"""Loading rule profiles: the shipped ones load, and broken ones are reported with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.checklist.profiles import (
    ProfileError,
    bundled_profiles,
    bundled_profiles_dir,
    load_profile,
    load_profiles,
)
from inspector_app.domain.conclusion import METRICS

SHIPPED = {
    "drug-inspection-2021",
    "drug-inspection-2023",
    "device-gmp-2025",
    "device-gmp-2025-center",
    "device-gmp-2015",
    "registration-verification-2021",
    "device-registration-qms",
    "drug-licence",
}

VALID = """\
format: 1
id: sample
version: 1
title: 示例规则
regulation:
  name: 示例法规
  issuer: 示例机关
  version: "2024"
  clause: 第十条
outcomes:
  pass: 通过
  fail: 不通过
rules:
  - id: critical
    outcome: fail
    when: {metric: defects.critical, op: ">=", value: 1}
default:
  outcome: pass
  reason: 未发现严重缺陷
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: ProfileError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_every_shipped_profile_loads() -> None:
    profiles = bundled_profiles()
    assert set(profiles) == SHIPPED
    assert sorted(p.name for p in bundled_profiles_dir().glob("*.yaml")) == sorted(
        f"{pid}.yaml" for pid in SHIPPED
    )


def test_shipped_replacements() -> None:
    profiles = bundled_profiles()
    replaced = {pid: p.replaced_by for pid, p in profiles.items() if p.replaced_by}
    assert replaced == {
        "drug-inspection-2021": "drug-inspection-2023",
        "device-gmp-2015": "device-gmp-2025",
    }


@pytest.mark.parametrize(
    ("profile_id", "labels"),
    [
        ("drug-inspection-2021", ["符合要求", "基本符合要求", "不符合要求"]),
        ("drug-inspection-2023", ["符合要求", "待整改后评定", "不符合要求"]),
        ("device-gmp-2025", ["通过检查", "整改后复查", "未通过检查"]),
        ("device-gmp-2015", ["通过检查", "整改后复查", "未通过检查"]),
        ("registration-verification-2021", ["通过", "不通过"]),
        ("device-registration-qms", ["通过核查", "整改后复查", "未通过核查"]),
        ("drug-licence", ["符合要求", "整改后复查", "不符合要求"]),
    ],
)
def test_shipped_outcome_labels_best_first(profile_id: str, labels: list[str]) -> None:
    assert list(bundled_profiles()[profile_id].outcomes.values()) == labels


def test_drug_escalation_thresholds_are_data_and_the_centers() -> None:
    # Related general defects → one major; related majors → the system cannot work (severe).
    # The texts give no number, so both thresholds are labelled as the center's.
    for pid in ("drug-inspection-2021", "drug-inspection-2023"):
        generals, majors = bundled_profiles()[pid].escalations
        assert (generals.severity, generals.counts_as, generals.min_count) == (
            "general",
            "major",
            3,
        )
        assert (majors.severity, majors.counts_as, majors.min_count) == ("major", "critical", 3)
        for escalation in (generals, majors):
            assert escalation.source == "center"
            assert "中心" in escalation.note
            assert set(escalation.group_labels) == {
                "quality-system",
                "facilities-equipment",
                "materials",
                "production",
                "packaging-labelling",
                "laboratory",
            }


def test_valid_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "sample.yaml", VALID))
    assert profile.id == "sample"
    assert profile.outcomes == {"pass": "通过", "fail": "不通过"}
    assert profile.rules[0].when.terms == ["defects.critical"]


def test_malformed_profile_reports_every_problem_with_its_position(tmp_path: Path) -> None:
    text = VALID.replace("defects.critical", "defects.severe")
    text = text.replace("    outcome: fail\n", "    outcome: maybe\n")
    text = text[: text.index("default:")]
    path = write(tmp_path, "sample.yaml", text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    found = messages(caught.value)
    assert found[0] == f"{path}:1:1: default: required field is missing"
    assert found[1] == (
        f"{path}:15:5: rules.0.outcome: unknown outcome 'maybe'; "
        "this profile's outcomes: pass, fail"
    )
    assert found[2].startswith(
        f"{path}:16:12: rules.0.when.metric: unknown metric 'defects.severe'"
    )
    assert len(found) == 3


def test_problems_inside_nested_conditions_are_located(tmp_path: Path) -> None:
    rule = """\
  - id: combined
    outcome: fail
    when:
      any:
        - {metric: defects.major + items.failed_ratio, op: ">", value: 1}
        - all:
            - {metric: items.failed_ratio, op: ">", value: 120}
            - {metric: defects.general, op: "=>", value: 1}
        - {metric: defects.total, op: ">", value: 1, any: []}
"""
    text = VALID.replace("default:", rule + "default:")
    path = write(tmp_path, "sample.yaml", text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    fields = {p.field: (p.line, p.message) for p in caught.value.problems}
    assert fields["rules.1.when.any.0.metric"][0] == 21
    assert "percentage cannot be summed" in fields["rules.1.when.any.0.metric"][1]
    assert fields["rules.1.when.any.1.all.0"] == (23, "a percentage threshold is at most 100")
    assert fields["rules.1.when.any.1.all.1.op"][0] == 24
    assert fields["rules.1.when.any.2.any"][0] == 25


def test_condition_shape_is_checked(tmp_path: Path) -> None:
    text = VALID.replace(
        '{metric: defects.critical, op: ">=", value: 1}',
        '{metric: defects.critical, op: ">=", value: 1, all: [{metric: defects.major, '
        'op: ">", value: 0}]}',
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "sample.yaml", text))
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("rules.0.when", 16)
    assert "either {metric, op, value}" in problem.message


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID.replace("  clause: 第十条", "  clase: 第十条").replace("    when:", "    wen:")
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "sample.yaml", text))
    found = {p.field: p.message for p in caught.value.problems}
    assert found["regulation.clase"] == "unknown field 'clase' (did you mean 'clause'?)"
    assert found["rules.0.wen"] == "unknown field 'wen' (did you mean 'when'?)"


def test_yaml_booleans_as_outcome_codes_are_explained(tmp_path: Path) -> None:
    text = VALID.replace("  fail: 不通过", "  no: 不通过").replace("outcome: fail", "outcome: no")
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "sample.yaml", text))
    assert any("put the word in quotes" in m for m in messages(caught.value))


def test_cross_field_problems_are_located(tmp_path: Path) -> None:
    text = VALID.replace("version: 1\n", "version: 1\nreplaced_by: sample\n", 1)
    text = text.replace(
        "default:", VALID[VALID.index("  - id: critical") :].split("default:")[0] + "default:"
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "sample.yaml", text))
    found = {(p.field, p.message) for p in caught.value.problems}
    assert ("replaced_by", "a profile cannot replace itself") in found
    assert ("rules.1.id", "id 'critical' is used twice in this profile") in found


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "sample.yaml", VALID.replace("title: 示例规则", "title: [示例规则"))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.problems[0].message.startswith("invalid YAML")


def test_folder_checks_file_names_and_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", VALID)
    write(tmp_path, "copy.yaml", VALID)
    with pytest.raises(ProfileError) as caught:
        load_profiles(tmp_path)
    copy, sample = tmp_path / "copy.yaml", tmp_path / "sample.yaml"
    assert messages(caught.value) == [
        f"{copy}:2:1: id: file name must be 'sample.yaml'",
        f"{sample}:2:1: id: id 'sample' is also used by {copy}",
    ]


def test_folder_checks_replacement_targets(tmp_path: Path) -> None:
    text = VALID.replace("version: 1\n", "version: 1\nreplaced_by: gone\n", 1)
    path = write(tmp_path, "sample.yaml", text)
    with pytest.raises(ProfileError) as caught:
        load_profiles(tmp_path)
    assert messages(caught.value) == [f"{path}:4:1: replaced_by: no profile 'gone' in {tmp_path}"]
    write(tmp_path, "gone.yaml", VALID.replace("id: sample", "id: gone"))
    assert set(load_profiles(tmp_path)) == {"sample", "gone"}


def test_folder_reports_problems_of_all_files_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID.replace("id: sample", "id: a").replace("defects.critical", "x"))
    write(
        tmp_path,
        "b.yaml",
        VALID.replace("id: sample", "id: b").replace("outcome: pass", "outcome: ok"),
    )
    write(tmp_path, "c.yaml", VALID.replace("id: sample", "id: c"))
    with pytest.raises(ProfileError) as caught:
        load_profiles(tmp_path)
    assert {Path(p.file).name for p in caught.value.problems} == {"a.yaml", "b.yaml"}


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such rule-profile folder"):
        load_profiles(tmp_path / "nowhere")


def test_metric_catalogue_covers_every_tier() -> None:
    assert {
        "items.failed.key",
        "items.failed.general",
        "items.failed.critical",
        "items.failed.major",
    } <= set(METRICS)
