"""Operations against a real SQLite file; assertions on what the store holds."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from inspector_app.domain.errors import DomainError
from inspector_app.domain.ids import item_result_id
from inspector_app.domain.model import ResultValue, SignatureRole, Status, TeamRole
from inspector_app.operations import inspections as ops
from inspector_app.store.blobs import PhotoRefused


def new_inspection(app, **kw):
    args = dict(
        company_name="某某制药有限公司",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_tags=["sterile"],
        planned_start=date(2026, 11, 24),
        planned_end=date(2026, 11, 25),
        team=[
            ops.TeamMemberInput("王组长", TeamRole.LEAD),
            ops.TeamMemberInput("陈专家", TeamRole.EXPERT, "外聘"),
        ],
    )
    return ops.create_inspection(app, **{**args, **kw})


def audit_rows(app, iid):
    return ops.audit_trail(app, iid)


def photo_file(tmp_path, name="p.jpg", color=(10, 200, 30)):
    path = tmp_path / name
    Image.new("RGB", (2400, 1800), color).save(path, "JPEG")
    return path


def test_create_pins_checklist_version_and_team(app):
    insp = new_inspection(app)
    record = ops.load_inspection(app, insp.id)
    assert (record.inspection.checklist_id, record.inspection.checklist_version) == ("mini-gmp", 1)
    assert record.inspection.status is Status.DRAFT
    assert [m.role for m in record.team] == [TeamRole.LEAD, TeamRole.EXPERT]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"checklist_id": "no-such"}, "checklist_id"),
        ({"scope_tags": ["biologics"]}, "scope_tags"),
        ({"scope_sections": ["ch99"]}, "scope_sections"),
        ({"company_name": " "}, "company_name"),
        ({"inspection_type": "audit"}, "inspection_type"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(app, kw, field):
    with pytest.raises(DomainError) as err:
        new_inspection(app, **kw)
    assert err.value.field == field
    assert ops.list_inspections(app) == []


def test_record_result_upserts_one_record_per_item(app):
    insp = new_inspection(app)
    ops.record_result(app, insp.id, "t-048", ResultValue.CONFORMING)
    ops.record_result(app, insp.id, "t-048", ResultValue.NON_CONFORMING, note="压差表读数 5 Pa")
    record = ops.load_inspection(app, insp.id)
    assert len(record.results) == 1
    result = record.results[0]
    assert result.id == item_result_id(insp.id, "t-048")
    assert (result.result, result.note) == (ResultValue.NON_CONFORMING, "压差表读数 5 Pa")


def test_not_applicable_needs_reason_and_unknown_item_refused(app):
    insp = new_inspection(app)
    with pytest.raises(DomainError, match="reason is required"):
        ops.record_result(app, insp.id, "t-278", "not_applicable")
    ops.record_result(app, insp.id, "t-278", "not_applicable", reason="无委托生产")
    with pytest.raises(DomainError) as err:
        ops.record_result(app, insp.id, "t-999", "conforming")
    assert err.value.field == "item_id"


def test_declared_observed_only_where_the_item_has_it(app):
    insp = new_inspection(app)
    ops.record_result(
        app, insp.id, "t-a1-010", "non_conforming", declared_value="1", observed_value="0"
    )
    with pytest.raises(DomainError, match="no declared/observed"):
        ops.record_result(app, insp.id, "t-048", "conforming", declared_value="x")


def test_defect_with_two_photos(app, tmp_path):
    insp = new_inspection(app)
    defect = ops.add_defect(
        app, insp.id, severity="major", facts="压差表超出校准有效期", item_id="t-048"
    )
    assert defect.clause_refs == ["第四十八条"]  # pre-filled from the item
    assert defect.author == "测试员"
    for i, color in enumerate([(200, 0, 0), (0, 0, 200)]):
        ops.attach_photo(
            app,
            insp.id,
            photo_file(tmp_path, f"{i}.jpg", color),
            defect_id=defect.id,
            caption=f"照片{i}",
        )
    record = ops.load_inspection(app, insp.id)
    assert len(record.photos) == 2
    assert all(app.blobs.derivative_path(p.sha256).exists() for p in record.photos)


def test_refused_photo_leaves_no_record(app, tmp_path):
    insp = new_inspection(app)
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"not a jpeg")
    with pytest.raises(PhotoRefused):
        ops.attach_photo(app, insp.id, bad)
    assert ops.load_inspection(app, insp.id).photos == []


def test_delete_defect_tombstones_its_photos(app, tmp_path):
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    ops.attach_photo(app, insp.id, photo_file(tmp_path), defect_id=d.id)
    ops.delete_defect(app, d.id)
    record = ops.load_inspection(app, insp.id)
    assert record.defects == [] and record.photos == []


def sign_both(app, iid):
    png = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(png, "PNG")
    ops.sign(app, iid, SignatureRole.INSPECTOR, "王组长", png.getvalue())
    ops.sign(app, iid, SignatureRole.COMPANY, "企业代表张三", png.getvalue())


def test_lifecycle_lock_and_revision_reason(app):
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="general", facts="培训记录不全")
    with pytest.raises(DomainError, match="signatures are collected on site"):
        ops.sign(app, insp.id, SignatureRole.COMPANY, "张三")
    ops.start_on_site(app, insp.id, on=date(2026, 11, 24))
    with pytest.raises(DomainError, match="company representative has not signed"):
        ops.close_on_site(app, insp.id)
    sign_both(app, insp.id)
    closed = ops.close_on_site(app, insp.id, on=date(2026, 11, 25))
    assert closed.status is Status.CLOSED and closed.actual_end == date(2026, 11, 25)

    # Locked: a change without a reason is refused and nothing changes.
    with pytest.raises(DomainError) as err:
        ops.update_defect(app, d.id, {"severity": "major"})
    assert err.value.field == "revision_reason"
    assert ops.load_inspection(app, insp.id).defects[0].severity == "general"
    ops.update_defect(app, d.id, {"severity": "major"}, revision_reason="组长复核后上调等级")
    trail = [r for r in audit_rows(app, insp.id) if r["field"] == "severity"]
    assert trail[-1]["reason"] == "组长复核后上调等级"
    assert (trail[-1]["old"], trail[-1]["new"]) == ("general", "major")
    with pytest.raises(DomainError, match="revision reason"):
        ops.record_result(app, insp.id, "t-018", "conforming")
    with pytest.raises(DomainError, match="cannot go from closed to on_site"):
        ops.start_on_site(app, insp.id)


def test_suggested_conclusion_and_override(app):
    insp = new_inspection(app)
    ops.add_defect(app, insp.id, severity="major", facts="偏差未调查", item_id="t-018")
    final = ops.suggested_conclusion(app, insp.id)
    assert final.suggested.profile_id == "drug-inspection-2023"
    assert final.label == "待整改后评定" and not final.overridden
    with pytest.raises(DomainError):
        ops.override_conclusion(app, insp.id, "nonsense", "x")
    outcome = next(
        code
        for code, label in app.profiles["drug-inspection-2023"].outcomes.items()
        if label == "符合要求"
    )
    ops.override_conclusion(app, insp.id, outcome, "企业现场已完成整改并提供证据")
    final = ops.suggested_conclusion(app, insp.id)
    assert final.overridden and final.label == "符合要求"
    assert final.override_reason == "企业现场已完成整改并提供证据"


def test_list_counts_by_grade_and_pending_sync(app):
    a = new_inspection(app, company_name="甲公司")
    b = new_inspection(app, company_name="乙公司")
    for sev in ("critical", "major", "major", "general"):
        ops.add_defect(app, a.id, severity=sev, facts=f"{sev}缺陷")
    rows = {r.company_name: r for r in ops.list_inspections(app)}
    assert (rows["甲公司"].critical, rows["甲公司"].major, rows["甲公司"].general) == (1, 2, 1)
    assert (rows["乙公司"].critical, rows["乙公司"].major, rows["乙公司"].general) == (0, 0, 0)
    assert rows["甲公司"].pending_sync > rows["乙公司"].pending_sync > 0
    ops.update_inspection(app, b.id, {"archived": True})
    assert [r.company_name for r in ops.list_inspections(app)] == ["甲公司"]
    assert len(ops.list_inspections(app, include_archived=True)) == 2


def test_status_cannot_be_edited_directly(app):
    insp = new_inspection(app)
    with pytest.raises(DomainError) as err:
        ops.update_inspection(app, insp.id, {"status": "closed"})
    assert err.value.field == "status"


def test_restore_defect_brings_back_only_the_photos_deleted_with_it(app, tmp_path):
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="major", facts="压差不足")
    kept = ops.attach_photo(app, insp.id, photo_file(tmp_path, "k.jpg"), defect_id=d.id)
    earlier = ops.attach_photo(
        app, insp.id, photo_file(tmp_path, "e.jpg", (9, 9, 9)), defect_id=d.id
    )
    ops.update_photo(app, earlier.id, {"deleted": True})  # removed on purpose, before
    ops.delete_defect(app, d.id)
    assert ops.load_inspection(app, insp.id).photos == []
    restored = ops.restore_defect(app, d.id)
    record = ops.load_inspection(app, insp.id)
    assert not restored.deleted and [x.id for x in record.defects] == [d.id]
    assert [p.id for p in record.photos] == [kept.id]
