"""The new-inspection wizard, driven through its real widgets."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QWizard,
)
from tests.conftest import FIXTURES
from tests.ui.drive import choose, type_text
from tests.ui.mnemonics import assert_unique_mnemonics, duplicate_mnemonics, visible_mnemonics

from inspector_app.checklist.applicability import KINDS_FOR_TYPE, applicable, proposed
from inspector_app.domain.model import InspectionType, TeamRole
from inspector_app.operations import inspections as ops
from inspector_app.ui.i18n import Translations
from inspector_app.ui.wizard import NewInspectionWizard
from inspector_app.ui.wizard.common import KEY_ROLE


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _next(qtbot, wizard: NewInspectionWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _add_member(qtbot, page, name: str, role: str, org: str, declared: bool) -> None:
    type_text(qtbot, page.findChild(QLineEdit, "memberName"), name)
    choose(qtbot, page.findChild(QComboBox, "memberRole"), role)
    type_text(qtbot, page.findChild(QLineEdit, "memberOrganisation"), org)
    if declared:
        _tick(qtbot, page.findChild(QCheckBox, "memberDeclared"))
    qtbot.mouseClick(page.findChild(QPushButton, "addMember"), Qt.MouseButton.LeftButton)


def _tick(qtbot, box: QCheckBox) -> None:
    """Click the check box's indicator (a wide box only reacts on its indicator and text)."""
    was = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != was


def _click_row(qtbot, tree, item) -> None:
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_create_an_inspection_through_the_wizard(qtbot, app):
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    wizard.show()

    # 企业信息: company is required.
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.company_page
    assert "企业名称" in wizard.company_page.error.text()
    type_text(qtbot, wizard.company_page.company, "华东示例制药有限公司")
    type_text(qtbot, wizard.company_page.site_address, "上海市浦东新区示例路1号")
    type_text(qtbot, wizard.company_page.products, "注射用头孢曲松钠\n\n头孢曲松钠原料药\n")
    _next(qtbot, wizard)

    # 检查类型与检查表: the fixture checklist, with its regulation shown.
    page = wizard.checklist_page
    assert wizard.currentPage() is page
    choose(qtbot, page.type_combo, "GMP符合性检查预检查")
    row = page.checklists.item(0)
    title, regulation = row.text().split("\n")
    assert title == "测试用小型GMP检查表"
    assert (
        regulation
        == "依据《药品生产质量管理规范》（2010年修订） · v1 · 2011-03-01 起施行 · 6 个条目"
    )
    rect = page.checklists.visualItemRect(row)
    qtbot.mouseClick(page.checklists.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.checklist().id == "mini-gmp"
    assert "卫生部令第79号" in page.details.text()
    _next(qtbot, wizard)

    # 检查范围: chapter 4 and the sterile annex, with the sterile tag.
    scope = wizard.scope_page
    assert wizard.currentPage() is scope
    assert "6 / 6" not in scope.count.text()  # annex items need the sterile tag
    assert scope.scope_sections() == []
    for sid in ("ch4", "annex1"):  # select the row, Space ticks it
        item = scope.section_item(sid)
        _click_row(qtbot, scope.sections, item)
        qtbot.keyClick(scope.sections, Qt.Key.Key_Space)
        assert item.checkState(0) == Qt.CheckState.Checked
    sterile = scope.findChild(QCheckBox, "tag:sterile")
    qtbot.waitUntil(lambda: sterile.isVisible() and sterile.width() > 0)
    assert sterile.text() == "无菌药品"
    _tick(qtbot, sterile)
    assert scope.scope_sections() == ["ch4", "annex1"]
    assert scope.scope_tags() == ["sterile"]
    assert "3 / 6" in scope.count.text()
    _next(qtbot, wizard)

    # 检查组: three members; validation wants one lead and declared experts.
    team = wizard.team_page
    assert wizard.currentPage() is team
    _next(qtbot, wizard)
    assert "组长" in team.error.text()
    _add_member(qtbot, team, "王建国", "组长", "国家药监局核查中心", declared=True)
    _add_member(qtbot, team, "李敏", "组员", "上海市药品监督管理局", declared=False)
    _add_member(qtbot, team, "赵工", "外部专家", "某大学药学院", declared=False)
    assert team.table.rowCount() == 3
    _next(qtbot, wizard)
    assert wizard.currentPage() is team
    assert "赵工" in team.error.text()
    # Tick the expert's declaration in the table: it records the time.
    cell = team.table.item(2, 3)
    cell.setCheckState(Qt.CheckState.Checked)
    assert cell.text().startswith("已签署")
    _next(qtbot, wizard)

    # 日期.
    dates = wizard.dates_page
    assert wizard.currentPage() is dates
    dates.start.setDate(QDate(2026, 12, 1))
    dates.end.setFocus()
    dates.end.setDate(QDate(2026, 12, 3))
    _next(qtbot, wizard)

    # 确认: the summary says what will be created, and who still has to declare.
    confirm = wizard.confirm_page
    assert wizard.currentPage() is confirm
    summary = confirm.summary.text()
    for text in ("华东示例制药有限公司", "第四章 厂房与设施", "无菌药品", "3 / 6", "李敏"):
        assert text in summary
    assert "尚未签署声明" in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted

    created = wizard.created
    assert created is not None
    record = ops.load_inspection(app, created.id)
    insp = record.inspection
    assert insp.company_name == "华东示例制药有限公司"
    assert insp.site_address == "上海市浦东新区示例路1号"
    assert insp.products == ["注射用头孢曲松钠", "头孢曲松钠原料药"]
    assert insp.inspection_type == "gmp_compliance"
    assert (insp.checklist_id, insp.checklist_version) == ("mini-gmp", 1)
    assert insp.scope_sections == ["ch4", "annex1"]
    assert insp.scope_tags == ["sterile"]
    assert (insp.planned_start, insp.planned_end) == (date(2026, 12, 1), date(2026, 12, 3))
    members = {m.name: m for m in record.team}
    assert {n: m.role for n, m in members.items()} == {
        "王建国": TeamRole.LEAD,
        "李敏": TeamRole.MEMBER,
        "赵工": TeamRole.EXPERT,
    }
    assert members["王建国"].organisation == "国家药监局核查中心"
    assert members["王建国"].declaration_signed_at is not None
    assert members["赵工"].declaration_signed_at is not None
    assert members["李敏"].declaration_signed_at is None


def test_two_leads_are_refused_and_an_unadded_name_is_not_lost(qtbot, app):
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    team = wizard.team_page
    _add_member(qtbot, team, "甲", "组长", "", declared=True)
    _add_member(qtbot, team, "乙", "组长", "", declared=True)
    assert not team.validatePage()
    assert "只能有一名组长" in team.error.text()
    team.table.selectRow(1)
    qtbot.mouseClick(team.remove_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, team.name, "丙")
    assert not team.validatePage()
    assert "未添加" in team.error.text()
    team.name.clear()
    assert team.validatePage()


def test_dates_can_stay_open_and_end_follows_start(qtbot, app):
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    dates = wizard.dates_page
    dates.start.setDate(QDate(2027, 1, 10))
    assert dates.end.date() >= dates.start.date()
    _tick(qtbot, dates.undecided)
    assert dates.dates() == (None, None)
    assert not dates.start.isEnabled()


def _listed(page) -> list[str]:
    return [page.checklists.item(n).data(KEY_ROLE)[0] for n in range(page.checklists.count())]


def test_bundled_library_lists_only_checklists_of_the_type_and_proposes_the_drug_one(
    qtbot, tmp_path
):
    from inspector_app.operations import App

    with App(tmp_path / "data", actor="测试员") as bundled:
        wizard = NewInspectionWizard(bundled)
        qtbot.addWidget(wizard)
        wizard.show()
        page = wizard.checklist_page
        wizard.company_page.company.setText("东海制药")
        wizard.next()
        assert wizard.currentPage() is page
        expected = {
            "GMP符合性检查预检查": ["drug-gmp-2010", "device-gmp-2025"],
            "注册核查预检查": [
                "drug-registration-site-verification-2021",
                "device-registration-qms-2022",
            ],
            "许可检查预检查": ["drug-licence-2020", "device-gmp-2025"],
        }
        for type_label, ids in expected.items():
            choose(qtbot, page.type_combo, type_label)
            assert _listed(page) == ids, type_label
            assert page.checklist().id == ids[0]  # the proposal fits the type
            assert page.checklist().kind in KINDS_FOR_TYPE[page.inspection_type()]
            _assert_full_titles_visible(page)
        # A choice the user made survives a round trip through another type.
        choose(qtbot, page.type_combo, "GMP符合性检查预检查")
        page.checklists.setCurrentRow(1)
        choose(qtbot, page.type_combo, "许可检查预检查")
        choose(qtbot, page.type_combo, "GMP符合性检查预检查")
        assert page.checklist().id == "device-gmp-2025"


def _assert_full_titles_visible(page) -> None:
    """Each row is tall and wide enough for its whole text, wrapped: nothing is elided."""
    view = page.checklists
    metrics = view.fontMetrics()
    for n in range(view.count()):
        item = view.item(n)
        rect = view.visualItemRect(item)
        needed = metrics.boundingRect(
            QRect(0, 0, rect.width(), 10_000), Qt.TextFlag.TextWordWrap, item.text()
        )
        assert needed.height() <= rect.height(), item.text()
        assert item.data(KEY_ROLE)[0] in item.toolTip()
        assert item.text().split("\n")[0] in item.toolTip()


def test_replaced_and_other_type_checklists_are_not_offered(qtbot, tmp_path):
    """A library with a replaced regulation, a long-titled device checklist and a licence one."""
    from inspector_app.operations import App

    folder = tmp_path / "lists"
    folder.mkdir()
    source = (FIXTURES / "mini-gmp.v1.yaml").read_text(encoding="utf-8")
    shutil.copy(FIXTURES / "mini-gmp.v1.yaml", folder)
    shutil.copy(FIXTURES / "old-mini.v1.yaml", folder)  # drug-gmp, but replaced
    long_title = (
        "医疗器械生产质量管理规范（2025年修订）附录无菌医疗器械及植入性医疗器械现场检查预检查表"
    )
    (folder / "mini-device.v1.yaml").write_text(
        source.replace("id: mini-gmp", "id: mini-device")
        .replace("kind: drug-gmp", "kind: device-gmp")
        .replace("title: 测试用小型GMP检查表", f"title: {long_title}"),
        encoding="utf-8",
    )
    (folder / "mini-licence.v1.yaml").write_text(
        source.replace("id: mini-gmp", "id: mini-licence")
        .replace("kind: drug-gmp", "kind: licence")
        .replace("title: 测试用小型GMP检查表", "title: 测试用许可检查表"),
        encoding="utf-8",
    )
    with App(tmp_path / "data", actor="测试员", checklist_dirs=[folder]) as lib_app:
        wizard = NewInspectionWizard(lib_app)
        qtbot.addWidget(wizard)
        wizard.resize(700, 560)  # narrow: the long title must wrap, not be cut
        wizard.show()
        wizard.company_page.company.setText("东海制药")
        wizard.next()
        page = wizard.checklist_page
        assert wizard.currentPage() is page
        assert page.inspection_type() == "gmp_compliance"
        assert _listed(page) == ["mini-gmp", "mini-device"]  # drug first; old-mini replaced
        assert page.checklist().id == "mini-gmp"
        _assert_full_titles_visible(page)
        assert long_title in page.checklists.item(1).text()
        choose(qtbot, page.type_combo, "注册核查预检查")
        assert _listed(page) == [] and page.checklist() is None
        assert "没有适用于“注册核查预检查”的现行检查表" in page.error.text()
        assert not page.validatePage()
        choose(qtbot, page.type_combo, "许可检查预检查")
        assert _listed(page) == ["mini-licence", "mini-device"]  # a device licence: device GMP
        assert page.error.text() == ""


def test_applicability_rule_orders_by_kind_then_newest_regulation():
    from inspector_app.checklist.library import ChecklistLibrary

    library = ChecklistLibrary.load([FIXTURES])
    checklists = library.all()
    assert [c.id for c in applicable(checklists, InspectionType.GMP_COMPLIANCE)] == ["mini-gmp"]
    assert applicable(checklists, InspectionType.LICENCE) == []
    assert proposed(checklists, InspectionType.GMP_COMPLIANCE).id == "mini-gmp"
    assert proposed(checklists, InspectionType.LICENCE) is None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_has_unique_mnemonics(qtbot, app, language, qapp, tmp_path):
    """Alt+letter reaches exactly one control on each page, the wizard's buttons included."""
    translations = Translations(qapp, cache_dir=tmp_path / "cache")
    assert translations.apply(language) == language
    try:
        wizard = NewInspectionWizard(app)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.company_page.company.setText("东海制药")
        seen = []
        while True:
            page = wizard.currentPage()
            if page is wizard.team_page:
                page.name.setText("王建国")
                page.role.setCurrentIndex(page.role.findData("lead"))
                page.add_member()
            qtbot.waitUntil(lambda: wizard.currentPage().isVisible())
            assert_unique_mnemonics(wizard, f"{language} {type(page).__name__}")
            seen.append(type(page).__name__)
            if page is wizard.confirm_page:
                break
            wizard.next()
            assert wizard.currentPage() is not page, page.error.text()
        assert len(seen) == 6
        # The reported bug, spelled out: 姓名 and 下一步 no longer share Alt+N.
        wizard.restart()
        for _ in range(3):
            wizard.next()
        assert wizard.currentPage() is wizard.team_page
        owners = visible_mnemonics(wizard)
        assert len(owners["n"]) == 1
    finally:
        translations.apply("zh_CN")


def test_helper_finds_a_duplicate(qtbot):
    from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    edit = QLineEdit()
    layout.addWidget(QLabel("姓名(&N)", buddy=edit))
    layout.addWidget(edit)
    layout.addWidget(QPushButton("下一步(&N)"))
    layout.addWidget(QPushButton("Fish && &Chips"))
    dialog.show()
    assert duplicate_mnemonics(dialog) == {"n": ["姓名(&N)", "下一步(&N)"]}
    assert visible_mnemonics(dialog)["c"] == ["Fish && &Chips"]


def test_switching_language_retranslates_the_open_wizard(qtbot, app, qapp, tmp_path):
    translations = Translations(qapp, cache_dir=tmp_path / "cache")
    translations.apply("zh_CN")
    try:
        wizard = NewInspectionWizard(app)
        qtbot.addWidget(wizard)
        wizard.show()
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert next_button.text() == "下一步(&N) >"
        wizard.next()  # company missing: the problem line speaks Chinese
        assert wizard.company_page.error.text() == "请填写企业名称。"
        translations.apply("en")
        qtbot.waitUntil(lambda: next_button.text() == "&Next >")
        assert wizard.windowTitle() == "New inspection"
        assert wizard.company_page.title() == "Company"
        assert wizard.company_page.error.text() != "请填写企业名称。"
        page = wizard.checklist_page
        assert page.type_combo.itemText(0) == "GMP compliance pre-inspection"
        translations.apply("zh_CN")
        qtbot.waitUntil(lambda: next_button.text() == "下一步(&N) >")
        assert page.type_combo.itemText(0) == "GMP符合性检查预检查"
        assert wizard.company_page.error.text() == "请填写企业名称。"
    finally:
        translations.apply("zh_CN")
