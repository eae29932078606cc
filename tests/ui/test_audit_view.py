"""The audit-trail view: newest first, Chinese labels for codes, the person with account and
role, imported and legacy rows marked, filters by record kind, source and reason."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from tests.ui.drive import click

from inspector_app.domain.model import ResultValue
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY
from inspector_app.operations.interchange import export_inspection, import_inspection
from inspector_app.operations.profile import set_profile
from inspector_app.store.merge import set_meta
from inspector_app.store.store import DB_FILENAME
from inspector_app.ui.audit_view import AuditTrailDialog, display_value
from inspector_app.ui.session import InspectionSession


def test_values_read_as_people_say_them():
    assert display_value("defect", "severity", "critical") == "严重缺陷"
    assert display_value("item_result", "result", "not_applicable") == "不适用"
    assert display_value("signature", "role", "company") == "企业代表"
    assert display_value("defect", "falsification", True) == "是"
    assert display_value("defect", "clause_refs", ["第十条", "第十一条"]) == "第十条；第十一条"
    assert display_value("defect", "location", "") == "—"


def test_newest_first_and_filter_by_kind(qtbot, app):
    insp = ops.create_inspection(
        app, company_name="审计药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    session = InspectionSession(app, insp.id)
    session.set_result("t-048", ResultValue.NON_CONFORMING)
    defect = session.add_defect(severity="general", facts="压差记录缺失", item_id="t-048")
    session.update_defect(defect.id, {"severity": "major"})
    dialog = AuditTrailDialog(session)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.item(0, 4).text() == "一般缺陷 → 主要缺陷"  # the latest change on top
    assert table.item(0, 1).text() == "测试员"
    assert table.item(0, 2).text() == "缺陷：压差记录缺失"
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("item_result"))
    assert table.rowCount() == 1
    assert table.item(0, 2).text() == "检查结果：第四十八条"
    # A new change shows up while the dialog is open.
    dialog.kind_filter.setCurrentIndex(0)
    before = table.rowCount()
    session.update_defect(defect.id, {"location": "灌装间"})
    assert table.rowCount() == before + 1
    assert table.item(0, 3).text() == "位置"


FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"
OLD_DATABASE = Path(__file__).parents[1] / "store" / "fixtures" / "schema-0001.sqlite"


def rows_of(dialog: AuditTrailDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def new_inspection(app, company: str = "审计药业"):
    return ops.create_inspection(
        app, company_name=company, inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )


def open_trail(qtbot, app, inspection_id: str) -> AuditTrailDialog:
    dialog = AuditTrailDialog(InspectionSession(app, inspection_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_rows_name_the_person_with_account_and_role_once_enrolled(qtbot, tmp_path):
    with App(tmp_path / "laptop", checklist_dirs=[FIXTURES]) as app:
        set_profile(app, "张明", "检查一处")
        insp = new_inspection(app)
        set_meta(app.store, ACCOUNT_KEY, "zhangm")  # what enrolment stores
        set_meta(app.store, ROLE_KEY, "inspector")
        ops.update_inspection(app, insp.id, {"site_address": "示范路1号"})
        dialog = open_trail(qtbot, app, insp.id)
        assert dialog.table.horizontalHeaderItem(1).text() == "操作人"
        people = [row[1] for row in rows_of(dialog)]
        assert people[0] == "张明（zhangm，检查员）"  # newest: written after enrolment
        assert people[-1] == "张明"  # before enrolment: the profile's name alone
        # Rows of the synced trail need no source note.
        assert {row[6] for row in rows_of(dialog)} == {""}


def test_an_account_without_a_profile_name_is_named_once(qtbot, tmp_path):
    with App(tmp_path / "laptop", checklist_dirs=[FIXTURES]) as app:
        set_meta(app.store, ACCOUNT_KEY, "reviewer1")
        set_meta(app.store, ROLE_KEY, "reviewer")
        insp = new_inspection(app)
        dialog = open_trail(qtbot, app, insp.id)
        assert {row[1] for row in rows_of(dialog)} == {"reviewer1（审核员）"}


def test_imported_rows_say_from_which_file_by_whom_and_when(qtbot, tmp_path):
    source = tmp_path / "来自A的检查.json"
    with App(tmp_path / "a", actor="王建国", checklist_dirs=[FIXTURES]) as a:
        insp = new_inspection(a, "导入药业")
        ops.start_on_site(a, insp.id)
        a_rows = len(ops.audit_trail(a, insp.id))
        source.write_bytes(export_inspection(a, insp.id))
    with App(tmp_path / "b", checklist_dirs=[FIXTURES]) as b:
        set_profile(b, "李敏")
        import_inspection(b, source.read_bytes(), source=str(source))
        ops.update_inspection(b, insp.id, {"site_address": "导入后补充的地址"})
        dialog = open_trail(qtbot, b, insp.id)
        rows = rows_of(dialog)
        imported = [row for row in rows if row[6]]
        assert len(imported) == a_rows
        for row in imported:
            assert row[1] == "王建国"  # the original author, not the importer
            assert row[6].startswith("来自文件 来自A的检查.json，由 李敏 于 ")
            assert row[6].endswith(" 导入")
        # The tooltip carries the file's SHA-256, the evidence of which file it was.
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        tip = dialog.table.item(rows.index(imported[0]), 6).toolTip()
        assert digest in tip
        assert dialog.table.item(rows.index(imported[0]), 0).font().italic()
        # The import itself is a row of B's own trail, naming the importer.
        [event] = [row for row in rows if row[3] == "从文件导入"]
        assert event[1] == "李敏" and event[6] == ""
        assert event[4] == f"文件 来自A的检查.json，含 {a_rows} 条审计记录"
        assert rows[0][1] == "李敏" and rows[0][6] == ""  # the edit after the import

        # The source filter: only the file's rows, then only this trail's own rows.
        choose_source(dialog, "imported")
        assert dialog.table.rowCount() == a_rows
        assert all(row[6] for row in rows_of(dialog))
        choose_source(dialog, "recorded")
        assert [row[1] for row in rows_of(dialog)] == ["李敏", "李敏"]
        # Filters combine: the kind filter still works on top of the source filter.
        dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("item_result"))
        assert dialog.table.rowCount() == 0
        dialog.kind_filter.setCurrentIndex(0)
        choose_source(dialog, None)
        assert dialog.table.rowCount() == len(rows)
        # 只看有修订原因的: the import carries its reason (the file it came from).
        click(qtbot, dialog.reasons_only)
        assert [(row[3], row[5]) for row in rows_of(dialog)] == [
            ("从文件导入", "从文件导入：来自A的检查.json")
        ]


def test_rows_of_the_old_local_trail_are_marked_legacy(qtbot, data_dir):
    """A database of an app version before the synced trail: its rows stay, marked
    旧版本记录，仅本机 (they never travel, and may name an OS account)."""
    shutil.copy(OLD_DATABASE, data_dir / DB_FILENAME)
    con = sqlite3.connect(data_dir / DB_FILENAME)
    iid = con.execute("SELECT id FROM inspection").fetchone()[0]
    con.execute(
        "INSERT INTO audit_log(id, at, actor, device_id, kind, record_id, inspection_id, "
        "action, field, old, new, reason) VALUES ('old-1', '2026-01-05T08:00:00.000000Z', "
        "'root', 'old-device', 'inspection', ?, ?, 'update', 'site_address', '\"\"', "
        "'\"旧地址\"', '')",
        (iid, iid),
    )
    con.commit()
    con.close()
    with App(data_dir, actor="张明", checklist_dirs=[FIXTURES]) as app:
        ops.update_inspection(app, iid, {"site_address": "新地址"})
        dialog = open_trail(qtbot, app, iid)
        new, old = rows_of(dialog)
        assert new[1] == "张明" and new[6] == ""
        assert old[1] == "root" and old[6] == "旧版本记录，仅本机"
        assert "不会同步" in dialog.table.item(1, 6).toolTip()
        choose_source(dialog, "legacy")
        assert rows_of(dialog) == [old]


def choose_source(dialog: AuditTrailDialog, source: str | None) -> None:
    dialog.source_filter.setCurrentIndex(dialog.source_filter.findData(source))


def test_every_field_of_every_record_has_a_label():
    # A field added to a record (a migration) must read as words in the trail, not a name.
    from inspector_app.domain.model import ENTITY_TYPES
    from inspector_app.ui.audit_view import FIELD_LABELS, KIND_LABELS

    missing = [
        f"{kind}.{name}"
        for kind, cls in ENTITY_TYPES.items()
        for name in cls.model_fields
        if name not in FIELD_LABELS and name not in ("id", "inspection_id")
    ]
    assert missing == []
    assert set(ENTITY_TYPES) <= set(KIND_LABELS)
