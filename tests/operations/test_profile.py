"""The inspector profile: stored in the laptop's meta, validated, and the name every audit row
written afterwards carries; without it nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.domain.errors import DomainError
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY
from inspector_app.operations.profile import MAX_NAME, MAX_UNIT, get_profile, set_profile
from inspector_app.store.merge import set_meta

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def bare(data_dir):
    """A new laptop: no profile, no actor given."""
    with App(data_dir, checklist_dirs=[FIXTURES]) as application:
        yield application


def create(app):
    return ops.create_inspection(
        app, company_name="档案药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )


def test_a_new_laptop_has_no_profile_and_saves_nothing(bare):
    profile = get_profile(bare)
    assert not profile.is_set and profile.name == "" and profile.unit == ""
    with pytest.raises(DomainError) as caught:
        create(bare)
    assert caught.value.field == "profile"
    assert "inspector-app profile --name" in str(caught.value)
    assert ops.list_inspections(bare) == []


def test_set_profile_is_stored_stripped_and_names_the_trail(bare, data_dir):
    saved = set_profile(bare, "  张明  ", " 区新药服务中心 ")
    assert (saved.name, saved.unit) == ("张明", "区新药服务中心")
    assert bare.person.name == "张明"
    insp = create(bare)
    assert {row["actor"] for row in ops.audit_trail(bare, insp.id)} == {"张明"}
    # Kept across restarts: it lives in the store, not in the process.
    with App(data_dir) as again:
        assert get_profile(again) == saved


def test_unit_is_optional_and_an_empty_unit_removes_it(bare):
    set_profile(bare, "张明", "检查一处")
    assert set_profile(bare, "张明").unit == ""
    assert get_profile(bare).unit == ""


def test_renaming_changes_only_later_rows(bare):
    set_profile(bare, "张明")
    insp = create(bare)
    set_profile(bare, "张明远")
    ops.update_inspection(bare, insp.id, {"site_address": "示范路1号"})
    actors = [row["actor"] for row in ops.audit_trail(bare, insp.id)]
    assert actors[0] == "张明" and actors[-1] == "张明远"


@pytest.mark.parametrize(
    ("name", "unit", "field", "says"),
    [
        ("", "", "name", "required"),
        ("   ", "检查一处", "name", "required"),
        ("名" * (MAX_NAME + 1), "", "name", f"at most {MAX_NAME} characters"),
        ("张明", "处" * (MAX_UNIT + 1), "unit", f"at most {MAX_UNIT} characters"),
        ("张明\n局长批准", "", "name", "no line breaks"),
        ("张明", "一处\x00", "unit", "control characters"),
    ],
)
def test_invalid_profiles_are_refused_and_nothing_changes(bare, name, unit, field, says):
    set_profile(bare, "原姓名", "原单位")
    with pytest.raises(DomainError) as caught:
        set_profile(bare, name, unit)
    assert caught.value.field == field and says in caught.value.message
    assert (get_profile(bare).name, get_profile(bare).unit) == ("原姓名", "原单位")


def test_limits_are_inclusive(bare):
    saved = set_profile(bare, "名" * MAX_NAME, "处" * MAX_UNIT)
    assert len(saved.name) == MAX_NAME and len(saved.unit) == MAX_UNIT


def test_the_enrolled_account_shows_beside_the_profile(bare):
    set_profile(bare, "张明")
    set_meta(bare.store, ACCOUNT_KEY, "zhangm")
    set_meta(bare.store, ROLE_KEY, "inspector")
    profile = get_profile(bare)
    assert (profile.name, profile.account, profile.role) == ("张明", "zhangm", "inspector")
    assert bare.person.label() == "张明 (zhangm)"
