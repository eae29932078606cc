"""The wizard's team page picks experts from the pool a real sync brought (issue 14): an
expert whose employer or declared conflicts match the company is refused with the reason,
an acceptable one is added linked to the pool, and the declaration ticked for them reaches
the expert's register entry on the server at the next sync."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QComboBox, QWizard
from tests.conftest import FIXTURES
from tests.sync.conftest import LiveServer
from tests.ui.drive import choose, type_text
from tests.ui.mnemonics import assert_unique_mnemonics
from tests.ui.test_wizard import _add_member, _next, _tick

from inspector_app.domain.model import TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.server import expert_db
from inspector_app.ui.wizard import NewInspectionWizard

COMPANY = "华东示例制药有限公司"


@pytest.fixture(autouse=True)
def _private_settings_and_no_keyring(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path / "server")
    yield live
    live.stop()


def register(server: LiveServer, name: str, employer: str = "") -> str:
    return expert_db.add_expert(
        server.ctx.engine,
        "qian",
        expert_db.ExpertInput(
            kind="expert", name=name, specialties=["sterile", "qc_lab"], employer=employer
        ),
    )


@pytest.fixture
def synced(tmp_path, server):
    """A laptop enrolled with the server and synced once: it holds the pool."""
    ids = {
        "sun": register(server, "孙专家", "江南药业有限公司"),
        "zhou": register(server, "周专家", "华东示例制药（集团）有限公司"),
        "wu": register(server, "吴专家", "华信检测技术有限公司"),
    }
    expert_db.add_conflict(server.ctx.engine, "qian", ids["wu"], COMPANY, "曾任顾问", "2026-02-01")
    app = App(tmp_path / "laptop", actor="测试员", checklist_dirs=[FIXTURES])
    sync_ops.enroll(app, server.url, server.code_for("wang"))
    assert sync_ops.sync_now(app).experts == 3
    yield app, ids
    app.close()


def pick(qtbot, combo: QComboBox, name: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(name))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def to_team_page(qtbot, wizard: NewInspectionWizard) -> None:
    type_text(qtbot, wizard.company_page.company, COMPANY)
    _next(qtbot, wizard)
    page = wizard.checklist_page
    choose(qtbot, page.type_combo, "GMP符合性检查预检查")
    rect = page.checklists.visualItemRect(page.checklists.item(0))
    qtbot.mouseClick(page.checklists.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _next(qtbot, wizard)
    _next(qtbot, wizard)  # the whole checklist
    assert wizard.currentPage() is wizard.team_page


def test_conflicted_experts_are_refused_with_the_reason(qtbot, synced, server):
    app, ids = synced
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    wizard.show()
    to_team_page(qtbot, wizard)
    team = wizard.team_page
    combo = team.findChild(QComboBox, "poolExpert")
    assert combo.isEnabled() and combo.count() == 4  # hand-typed + the three of the pool
    assert "专家库 3 人" in team.pool_note.text()
    assert_unique_mnemonics(wizard)

    # employer is the company's group: refused as soon as picked, and on 添加成员
    pick(qtbot, combo, "周专家")
    assert team.name.text() == "周专家"
    assert team.organisation.text() == "华东示例制药（集团）有限公司"
    assert "不能选择该专家" in team.error.text() and "工作单位" in team.error.text()
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    assert team.members == [] and team.table.rowCount() == 0
    assert "周专家" in team.error.text()

    # a declared conflict with this company: refused with what was declared
    pick(qtbot, combo, "吴专家")
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    assert team.members == []
    assert f"吴专家已申报与“{COMPANY}”存在利益冲突" in team.error.text()

    # no conflict: added, linked to the pool, declaration ticked
    pick(qtbot, combo, "孙专家")
    assert team.error.text() == ""
    _tick(qtbot, team.declared)
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    assert [(m.name, m.role, m.expert_id) for m in team.members] == [
        ("孙专家", TeamRole.EXPERT, ids["sun"])
    ]
    # the same expert twice is refused
    pick(qtbot, combo, "孙专家")
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    assert len(team.members) == 1 and "已在检查组中" in team.error.text()
    team.name.clear()
    # center staff are still typed by hand (and typing unlinks a pick)
    pick(qtbot, combo, "孙专家")
    team.name.clear()
    _add_member(qtbot, team, "王建国", "组长", "国家药监局核查中心", declared=True)
    assert team.members[-1].expert_id is None
    _next(qtbot, wizard)
    wizard.dates_page.start.setDate(QDate(2026, 12, 1))
    wizard.dates_page.end.setDate(QDate(2026, 12, 3))
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    record = ops.load_inspection(app, wizard.created.id)
    sun = next(m for m in record.team if m.name == "孙专家")
    assert sun.expert_id == ids["sun"] and sun.declaration_signed_at is not None

    # the declaration reaches the expert's register entry through sync
    assert expert_db.declarations(server.ctx.engine, ids["sun"]) == []
    report = sync_ops.sync_now(app)
    assert not report.rejected
    (declaration,) = expert_db.declarations(server.ctx.engine, ids["sun"])
    assert declaration.inspection_id == wizard.created.id
    assert declaration.company == COMPANY and declaration.signed_at is not None


def test_going_back_to_change_the_company_rechecks_picked_experts(qtbot, synced):
    app, _ids = synced
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.company_page.company, "江南制药有限公司")
    team = wizard.team_page
    team.initializePage()
    combo = team.findChild(QComboBox, "poolExpert")
    pick(qtbot, combo, "孙专家")
    _tick(qtbot, team.declared)
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    _add_member(qtbot, team, "王建国", "组长", "", declared=True)
    assert team.validatePage()
    # the company turns out to be the expert's employer
    wizard.company_page.company.setText("江南药业有限公司")
    assert not team.validatePage()
    assert "孙专家的工作单位“江南药业有限公司”" in team.error.text()


def test_without_a_synced_pool_the_page_says_so_and_typing_works(qtbot, app):
    wizard = NewInspectionWizard(app)
    qtbot.addWidget(wizard)
    team = wizard.team_page
    team.initializePage()
    combo = team.findChild(QComboBox, "poolExpert")
    assert not combo.isEnabled() and combo.count() == 1
    assert "尚无专家库" in team.pool_note.text()
    _add_member(qtbot, team, "王建国", "组长", "", declared=True)
    assert team.validatePage()
