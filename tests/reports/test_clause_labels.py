"""What paper says about clauses and rule sources: an item split internally into
第二十条（2） prints as 第二十条, and a conclusion resting on a draft says it is a draft.

Real stores, real PDFs parsed back."""

from __future__ import annotations

from tests.reports.test_document_state import pages_text

from inspector_app.domain.model import InspectionType, Severity, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.reports import render_bytes


def _inspection(app: App, checklist_id: str, kind: InspectionType, version: int | None = None):
    inspection = ops.create_inspection(
        app,
        company_name="核对制药有限公司",
        inspection_type=kind,
        checklist_id=checklist_id,
        checklist_version=version,
    )
    lead = ops.TeamMemberInput(name="王建国", role=TeamRole.LEAD)
    ops.add_team_member(app, inspection.id, lead)
    ops.start_on_site(app, inspection.id)
    return inspection.id


def test_a_split_article_prints_as_the_regulation_names_it(tmp_path):
    with App(tmp_path, actor="测试员") as app:
        iid = _inspection(app, "drug-gmp-2010", InspectionType.GMP_COMPLIANCE, version=1)
        ops.add_defect(
            app, iid, severity=Severity.MAJOR, facts="质量受权人放行受干扰。", item_id="dgmp-020-2"
        )
        for template in ("defect-list", "full"):
            text = "".join(pages_text(render_bytes(app, iid, template)))
            assert "第二十条" in text, template
            assert "第二十条（2）" not in text and "第二十条(2)" not in text, template


def test_a_conclusion_on_the_device_draft_says_it_rests_on_a_draft(tmp_path):
    with App(tmp_path, actor="测试员") as app:
        licence = _inspection(app, "device-gmp-2025", InspectionType.LICENCE)
        compliance = _inspection(app, "device-gmp-2025", InspectionType.GMP_COMPLIANCE)
        for iid in (licence, compliance):
            ops.add_defect(app, iid, severity=Severity.GENERAL, facts="标识不清。")
        draft = "".join(pages_text(render_bytes(app, licence, "full")))
        assert (
            "《医疗器械生产质量管理规范现场检查指导原则》（征求意见稿，2026年6月9日发布）" in draft
        )
        center = "".join(pages_text(render_bytes(app, compliance, "full")))
        assert "征求意见稿" not in center
        assert "本中心预检查判定规则" in center


def test_a_quality_affecting_defect_says_so_on_paper(tmp_path):
    with App(tmp_path, actor="测试员") as app:
        iid = _inspection(app, "drug-gmp-2010", InspectionType.GMP_COMPLIANCE)
        ops.add_defect(
            app, iid, severity=Severity.GENERAL, facts="灭菌记录缺失。", affects_quality=True
        )
        ops.add_defect(app, iid, severity=Severity.GENERAL, facts="标签模糊。")
        text = "".join(pages_text(render_bytes(app, iid, "defect-list")))
        assert text.count("直接影响产品质量") == 1
