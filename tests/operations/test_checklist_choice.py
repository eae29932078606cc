"""Which checklist an inspection may use: every shipped one for new inspections; a replaced
regulation's checklist only for inspections that already pinned it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector_app.checklist.applicability import KINDS_FOR_TYPE
from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
from inspector_app.checklist.profiles import bundled_profiles
from inspector_app.domain.conclusion import profile_for
from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import Inspection, InspectionType
from inspector_app.operations import App
from inspector_app.operations import inspections as ops

SHIPPED = [
    "drug-gmp-2010",
    "drug-registration-site-verification-2021",
    "device-gmp-2025",
    "device-registration-qms-2022",
    "drug-licence-2020",
]


def _shipped():
    library = ChecklistLibrary.load([bundled_checklists_dir()], rule_profiles=bundled_profiles())
    return library.offered()


@pytest.fixture(scope="module")
def bundled_app(tmp_path_factory):
    application = App(tmp_path_factory.mktemp("bundled"), actor="测试员")
    yield application
    application.close()


def test_every_shipped_checklist_is_offered(bundled_app):
    assert sorted(c.id for c in bundled_app.library.offered()) == sorted(SHIPPED)


SERVED = [
    (checklist_id, kind)
    for checklist_id in SHIPPED
    for kind, kinds in KINDS_FOR_TYPE.items()
    if any(c.id == checklist_id and c.kind in kinds for c in _shipped())
]


@pytest.mark.parametrize(("checklist_id", "inspection_type"), SERVED)
def test_each_shipped_checklist_can_start_an_inspection(bundled_app, checklist_id, inspection_type):
    """Every checklist, for every inspection type it serves, with every optional part
    selected, starts an inspection and reaches a conclusion of the profile that judges it."""
    checklist = bundled_app.library.latest(checklist_id)
    insp = ops.create_inspection(
        bundled_app,
        company_name=f"{checklist_id} 试用企业",
        inspection_type=inspection_type,
        checklist_id=checklist_id,
        scope_tags=[t.id for t in checklist.tags],
    )
    for _, item in checklist.walk_items()[:: max(1, len(checklist.walk_items()) // 5)]:
        ops.record_result(bundled_app, insp.id, item.id, "non_conforming")
        ops.add_defect(bundled_app, insp.id, severity="major", facts="试用缺陷", item_id=item.id)
    final = ops.suggested_conclusion(bundled_app, insp.id)
    judge = profile_for(bundled_app.profiles, checklist.rule_profile, inspection_type)
    assert final.suggested.profile_id == judge.id
    assert final.label in judge.outcomes.values()
    assert final.suggested.reasons


def test_device_licence_inspections_take_the_draft_rule_and_others_the_centers(bundled_app):
    judged = {
        kind: profile_for(bundled_app.profiles, "device-gmp-2025", kind).id
        for checklist_id, kind in SERVED
        if checklist_id == "device-gmp-2025"
    }
    assert judged == {
        InspectionType.GMP_COMPLIANCE: "device-gmp-2025-center",
        InspectionType.LICENCE: "device-gmp-2025",
    }


def _type_served_by(checklist):
    return next(t for t, kinds in KINDS_FOR_TYPE.items() if checklist.kind in kinds)


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_a_checklist_of_another_inspection_type_is_refused_and_nothing_saved(
    bundled_app, checklist_id
):
    checklist = bundled_app.library.latest(checklist_id)
    served = _type_served_by(checklist)
    before = len(ops.list_inspections(bundled_app))
    for other in (t for t in KINDS_FOR_TYPE if checklist.kind not in KINDS_FOR_TYPE[t]):
        with pytest.raises(DomainError) as err:
            ops.create_inspection(
                bundled_app,
                company_name="类型不符企业",
                inspection_type=other,
                checklist_id=checklist_id,
            )
        assert err.value.field == "checklist_id"
        assert other.value in err.value.message and checklist_id in err.value.message
    assert len(ops.list_inspections(bundled_app)) == before
    assert served is not None


def test_replaced_regulation_is_refused_for_new_inspections(app):
    with pytest.raises(DomainError) as err:
        ops.create_inspection(
            app, company_name="某公司", inspection_type="gmp_compliance", checklist_id="old-mini"
        )
    assert err.value.field == "checklist_id"
    assert "replaced" in err.value.message and "old inspections only" in err.value.message


def test_old_inspection_on_a_replaced_checklist_still_opens_and_works(app):
    old = Inspection(
        id=new_id(),
        company_name="老检查药业",
        inspection_type="gmp_compliance",
        checklist_id="old-mini",
        checklist_version=1,
        created_at=datetime(2010, 5, 1, tzinfo=UTC),
    )
    with app.store.write("迁移") as uow:
        uow.add(old)
    ops.add_defect(app, old.id, severity="major", facts="负责人资质不足", item_id="o-005")
    record = ops.load_inspection(app, old.id)
    assert record.defects[0].clause_refs == ["第五条"]
    final = ops.suggested_conclusion(app, old.id)
    assert final.suggested.profile_id == "drug-inspection-2021"
    assert final.label == "基本符合要求"
