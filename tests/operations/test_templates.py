from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.templates import duplicate_as_template

FIXTURE = Path(__file__).parent / "fixtures" / "mini-gmp.v1.yaml"
SIGNED = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def _source(app: App, **kw) -> str:
    insp = ops.create_inspection(
        app,
        company_name="华东示例制药",
        site_address="上海市示例路1号",
        products=["注射用头孢曲松钠"],
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_sections=["ch4", "annex1"],
        scope_tags=["sterile"],
        planned_start=date(2026, 11, 3),
        document_no="预检〔2026〕1号",
        team=[
            ops.TeamMemberInput("李敏", TeamRole.MEMBER, "省局", SIGNED),
            ops.TeamMemberInput("王建国", TeamRole.LEAD, "核查中心", SIGNED),
            ops.TeamMemberInput("赵工", TeamRole.EXPERT, "某大学", SIGNED),
        ],
        **kw,
    )
    ops.record_result(app, insp.id, "t-048", "non_conforming")
    defect = ops.add_defect(app, insp.id, severity="major", facts="压差无记录", item_id="t-048")
    assert defect
    return insp.id


def test_copies_type_checklist_scope_and_team_but_nothing_recorded(app):
    source_id = _source(app)
    copy = duplicate_as_template(
        app,
        source_id,
        company_name="西岭制药",
        products=["注射用水"],
        planned_start=date(2026, 12, 1),
        planned_end=date(2026, 12, 3),
    )
    record = ops.load_inspection(app, copy.id)
    new = record.inspection
    assert new.id != source_id
    assert (new.company_name, new.site_address, new.products) == ("西岭制药", "", ["注射用水"])
    assert new.inspection_type == "gmp_compliance"
    assert (new.checklist_id, new.checklist_version) == ("mini-gmp", 1)
    assert (new.scope_sections, new.scope_tags) == (["ch4", "annex1"], ["sterile"])
    assert (new.planned_start, new.planned_end) == (date(2026, 12, 1), date(2026, 12, 3))
    assert new.status == "draft" and new.document_no == ""
    assert record.results == [] and record.defects == [] and record.signatures == []
    team = {(m.name, m.role, m.organisation) for m in record.team}
    assert team == {
        ("王建国", TeamRole.LEAD, "核查中心"),
        ("李敏", TeamRole.MEMBER, "省局"),
        ("赵工", TeamRole.EXPERT, "某大学"),
    }
    assert all(m.declaration_signed_at is None for m in record.team)
    old_ids = {m.id for m in ops.load_inspection(app, source_id).team}
    assert old_ids.isdisjoint(m.id for m in record.team)
    # The source is untouched.
    assert len(ops.load_inspection(app, source_id).defects) == 1


def _replaced_v1_and_v2(folder: Path, *, with_v2: bool) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    v1 = text.replace(
        "  effective_date: 2011-03-01\n",
        "  effective_date: 2011-03-01\n  replaced_by: 药品生产质量管理规范（2026年修订）\n"
        "  replaced_on: 2026-10-01\n",
    )
    (folder / "mini-gmp.v1.yaml").write_text(v1, encoding="utf-8")
    if with_v2:
        # v2 follows the new regulation and has no sterile annex any more.
        v2 = text.replace("version: 1\n", "version: 2\n", 1)
        v2 = v2.replace("  version: 2010年修订", "  version: 2026年修订")
        v2 = v2[: v2.index("  - id: annex1")]
        v2 = v2.replace("tags:\n  - {id: sterile, label: 无菌药品}\n", "tags: []\n")
        (folder / "mini-gmp.v2.yaml").write_text(v2, encoding="utf-8")


def test_replaced_regulation_moves_to_the_newest_version(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "mini-gmp.v1.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), "utf-8")
    with App(tmp_path / "data", actor="测试员", checklist_dirs=[lists]) as app:
        insp = ops.create_inspection(
            app,
            company_name="旧企业",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            scope_sections=["ch4", "annex1"],
            scope_tags=["sterile"],
        )
    # Later the regulation is replaced and v2 of the checklist follows the new one.
    _replaced_v1_and_v2(lists, with_v2=True)
    with App(tmp_path / "data", actor="测试员", checklist_dirs=[lists]) as app:
        copy = duplicate_as_template(app, insp.id, company_name="新企业")
        assert (copy.checklist_id, copy.checklist_version) == ("mini-gmp", 2)
        # v2 has no annex 1 and no sterile tag: those parts of the scope are dropped.
        assert copy.scope_sections == ["ch4"]
        assert copy.scope_tags == []
        assert ops.get_inspection(app, insp.id).checklist_version == 1


def test_refused_when_no_version_is_offered(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "mini-gmp.v1.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), "utf-8")
    with App(tmp_path / "data", actor="测试员", checklist_dirs=[lists]) as app:
        insp = ops.create_inspection(
            app, company_name="旧企业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
        )
    _replaced_v1_and_v2(lists, with_v2=False)
    with App(tmp_path / "data", actor="测试员", checklist_dirs=[lists]) as app:
        with pytest.raises(DomainError, match="replaced by 药品生产质量管理规范（2026年修订）"):
            duplicate_as_template(app, insp.id, company_name="新企业")
        assert len(ops.list_inspections(app)) == 1
