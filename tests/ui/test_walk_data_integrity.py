"""A new user's walk through the corrected rules, with the app's own controls only: from an
empty laptop, the wizard makes a drug GMP inspection with the data-integrity part selected;
the inspector records a falsified record graded only 主要 on a data-integrity item, and the
summary suggests 不符合要求 for that reason (it said 待整改后评定 before the correction).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from tests.ui.drive import answer_dialog, check, choose, click, type_text
from tests.ui.test_end_to_end import _first_start

from inspector_app.domain.model import Status
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.lifecycle import StartOnSiteDialog
from inspector_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _wizard_with_the_data_integrity_part(qtbot, window: MainWindow) -> None:
    window.new_action.trigger()
    wizard = window.wizard

    def next_page() -> None:
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))

    type_text(qtbot, wizard.company_page.company, "江南示例制药有限公司")
    next_page()
    page = wizard.checklist_page
    choose(qtbot, page.type_combo, "GMP符合性检查预检查")
    chosen = page.checklist()
    assert (chosen.id, chosen.version) == ("drug-gmp-2010", 2)  # the corrected version
    next_page()

    scope = wizard.scope_page
    assert wizard.currentPage() is scope
    labels = {tag: box.text() for tag, box in scope.tag_boxes.items()}
    assert labels["computerised-systems"] == "计算机化系统"
    assert labels["qualification-validation"] == "确认与验证"
    before, total = scope.in_scope_count()
    click(qtbot, scope.tag_boxes["data-integrity"])
    after, _ = scope.in_scope_count()
    assert after == before + 34 and total == 436  # the part's 34 items join the scope
    next_page()

    team = wizard.team_page
    type_text(qtbot, team.name, "王建国")
    choose(qtbot, team.role, "组长")
    team.declared.setChecked(True)
    click(qtbot, team.add_button)
    next_page()
    wizard.dates_page.start.setDate(QDate.currentDate())
    wizard.dates_page.end.setDate(QDate.currentDate())
    next_page()
    assert wizard.currentPage() is wizard.confirm_page
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))


def test_falsified_record_graded_major_is_non_compliant_from_an_empty_laptop(qtbot, tmp_path):
    with App(tmp_path / "data") as app:
        window = MainWindow(app)
        qtbot.addWidget(window)
        _first_start(qtbot, window)
        _wizard_with_the_data_integrity_part(qtbot, window)
        qtbot.waitUntil(lambda: len(ops.list_inspections(app)) == 1)
        iid = ops.list_inspections(app)[0].id
        assert ops.get_inspection(app, iid).scope_tags == ["data-integrity"]
        qtbot.waitUntil(lambda: window.workspace(iid) is not None)
        workspace = window.workspace(iid)
        qtbot.waitExposed(workspace)

        started = answer_dialog(
            StartOnSiteDialog,
            lambda d: click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Ok)),
        )
        workspace.start_action.trigger()
        check(started)
        assert ops.get_inspection(app, iid).status is Status.ON_SITE

        # The part's audit-trail item; its code is the part's own clause, not a GMP article.
        workspace.go_to_item("ddi-021")
        assert workspace.current_item_id == "ddi-021"
        assert workspace.item_pane.title.text().startswith("记录与数据第")

        def fill(editor: DefectEditor) -> None:
            choose(qtbot, editor.grade_combo, "主要缺陷")
            type_text(
                qtbot, editor.facts_edit, "色谱数据系统审计追踪关闭，检验记录与电子数据不一致。"
            )
            assert editor.falsification_check.isVisible()
            assert not editor.findChild(
                type(editor.falsification_check), "affectsQualityCheck"
            ).isVisible()
            # Space on the focused box, as a keyboard user ticks it.
            editor.falsification_check.setFocus()
            qtbot.keyClick(editor.falsification_check, Qt.Key.Key_Space)
            assert editor.falsification_check.isChecked()
            click(qtbot, editor.save_button)

        seen = answer_dialog(DefectEditor, fill, timeout_ms=20_000)
        workspace.new_defect_action.trigger()
        check(seen)
        (defect,) = ops.load_inspection(app, iid).defects
        assert (defect.severity, defect.falsification, defect.item_id) == ("major", True, "ddi-021")

        summary = workspace.show_summary()
        assert summary.suggested.text().startswith("不符合要求")
        assert "存在1项真实性问题（数据造假等）" in summary.reasons.text()
        assert "综合评定" not in summary.basis.text()  # a final outcome: no second step
        window.close()
