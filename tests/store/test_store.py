"""The unit of work: every write leaves its row, audit rows and change-log rows, or nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from inspector_app.domain.audit import Person
from inspector_app.domain.errors import DomainError
from inspector_app.domain.hlc import Timestamp
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import Defect, Inspection
from inspector_app.store.store import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def make_inspection() -> Inspection:
    return Inspection(
        id=new_id(),
        company_name="某药业",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        checklist_version=1,
        created_at=NOW,
    )


def rows(store: Store, sql: str, *params):
    with store.read() as conn:
        return conn.exec_driver_sql(sql, params).all()


@pytest.fixture
def store(data_dir):
    s = Store(data_dir)
    yield s
    s.close()


def test_durability_pragmas(store):
    assert rows(store, "PRAGMA journal_mode") == [("wal",)]
    assert rows(store, "PRAGMA synchronous") == [(2,)]  # FULL
    assert rows(store, "PRAGMA foreign_keys") == [(1,)]


def test_create_writes_audit_and_change_log(store):
    insp = make_inspection()
    with store.write("张三") as uow:
        uow.add(insp)
    audit = rows(store, "SELECT actor, action, field, old, new FROM audit_log")
    assert len(audit) == 1
    actor, action, field, old, new = audit[0]
    assert (actor, action, field, old) == ("张三", "create", "*", "null")
    assert json.loads(new)["company_name"] == "某药业"
    changes = rows(
        store, "SELECT field, value, device_id FROM change_log WHERE record_id=?", insp.id
    )
    fields = {f for f, _, _ in changes}
    assert fields == set(Inspection.model_fields) - {"id"}
    assert {d for _, _, d in changes} == {store.device_id}


def test_update_logs_only_changed_fields_with_old_and_new(store):
    insp = make_inspection()
    d = Defect(
        id=new_id(), inspection_id=insp.id, severity="major", facts="压差超限", created_at=NOW
    )
    with store.write("张三") as uow:
        uow.add(insp)
        uow.add(d)
    before = rows(store, "SELECT count(*) FROM change_log")[0][0]
    with store.write("李四", reason="复核后调整") as uow:
        uow.update("defect", d.id, {"severity": "general", "facts": "压差超限"})  # facts unchanged
    audit = rows(
        store, "SELECT actor, field, old, new, reason FROM audit_log WHERE action='update'"
    )
    assert audit == [("李四", "severity", '"major"', '"general"', "复核后调整")]
    # One entry for the changed field, one carrying its audit row (domain/audit.py).
    assert rows(store, "SELECT count(*) FROM change_log")[0][0] == before + 2
    assert (
        rows(store, "SELECT count(*) FROM change_log WHERE kind='defect'")[0][0]
        == (
            rows(store, "SELECT count(*) FROM change_log WHERE kind='defect' AND hlc < ?", "9")[0][
                0
            ]
        )
    )
    assert store.get("defect", d.id).severity == "general"


def test_each_audit_row_travels_as_an_entry_with_the_clock_of_its_change(store):
    insp = make_inspection()
    with store.write(Person("张三", account="zhangsan", role="inspector")) as uow:
        uow.add(insp)
    with store.write("张三", reason="更正") as uow:
        uow.update("inspection", insp.id, {"site_address": "新地址"})
    trail = rows(store, "SELECT id, account, role, field FROM audit_log ORDER BY at, id")
    assert [(a, r, f) for _, a, r, f in trail] == [
        ("zhangsan", "inspector", "*"),
        ("", "", "site_address"),
    ]
    for row_id, *_ in trail:
        ((value, hlc, device),) = rows(
            store,
            "SELECT value, hlc, device_id FROM change_log WHERE kind='audit' AND record_id=?",
            row_id,
        )
        row = json.loads(value)
        assert row["id"] == row_id and device == store.device_id == row["device_id"]
        # Same clock as the data entry it describes: they are one save.
        ((data_clock,),) = rows(
            store,
            "SELECT max(hlc) FROM change_log WHERE kind='inspection' AND field=?",
            "company_name" if row["field"] == "*" else row["field"],
        )
        assert hlc == data_clock
    # An audit row names a person: the entries carry what the table holds.
    (value,) = rows(store, "SELECT value FROM change_log WHERE kind='audit' LIMIT 1")[0]
    assert json.loads(value)["actor"] == "张三"


@pytest.mark.parametrize("nobody", ["", "   ", Person("")])
def test_a_write_without_a_person_is_refused_before_anything_is_written(store, nobody):
    with pytest.raises(DomainError) as err, store.write(nobody) as uow:
        uow.add(make_inspection())
    assert err.value.field == "profile" and "name" in err.value.message
    assert rows(store, "SELECT count(*) FROM change_log") == [(0,)]
    assert rows(store, "SELECT count(*) FROM audit_log") == [(0,)]


def test_invalid_update_changes_nothing(store):
    insp = make_inspection()
    with store.write("张三") as uow:
        uow.add(insp)
    snapshot = (
        rows(store, "SELECT count(*) FROM audit_log"),
        rows(store, "SELECT count(*) FROM change_log"),
    )
    with pytest.raises(DomainError) as err, store.write("张三") as uow:
        uow.update("inspection", insp.id, {"site_address": "新地址"})
        uow.update("inspection", insp.id, {"company_name": "  "})  # invalid: rolls back both
    assert err.value.field == "company_name"
    assert store.get("inspection", insp.id).site_address == ""
    assert (
        rows(store, "SELECT count(*) FROM audit_log"),
        rows(store, "SELECT count(*) FROM change_log"),
    ) == snapshot


def test_id_and_unknown_fields_cannot_be_updated(store):
    insp = make_inspection()
    with store.write("x") as uow:
        uow.add(insp)
    for bad in ({"id": "other"}, {"colour": "red"}):
        with pytest.raises(DomainError), store.write("x") as uow:
            uow.update("inspection", insp.id, bad)


def test_delete_is_a_tombstone(store):
    insp = make_inspection()
    d = Defect(id=new_id(), inspection_id=insp.id, severity="general", facts="x", created_at=NOW)
    with store.write("x") as uow:
        uow.add(insp)
        uow.add(d)
    with store.write("x") as uow:
        uow.delete("defect", d.id)
    assert store.find("defect", inspection_id=insp.id) == []
    assert store.find("defect", include_deleted=True, inspection_id=insp.id)[0].deleted
    assert rows(store, "SELECT action FROM audit_log WHERE field='deleted'") == [("delete",)]


def test_clock_survives_restart_and_device_id_is_stable(data_dir):
    with Store(data_dir) as s:
        with s.write("x") as uow:
            uow.add(make_inspection())
        last = s.clock.last
        device = s.device_id
    with Store(data_dir) as s:
        assert s.device_id == device
        assert s.clock.last == last
        assert s.clock.now() > last
    hlcs = rows_in(data_dir, "SELECT hlc FROM change_log")
    assert all(Timestamp.decode(h) <= last for (h,) in hlcs)


def rows_in(data_dir, sql):
    with Store(data_dir) as s:
        return rows(s, sql)


def test_each_change_records_the_clock_it_overwrote(store):
    insp = make_inspection()
    d = Defect(id=new_id(), inspection_id=insp.id, severity="major", facts="初稿", created_at=NOW)
    with store.write("x") as uow:
        uow.add(insp)
        uow.add(d)
    with store.write("x") as uow:
        uow.update("defect", d.id, {"facts": "第二稿"})
    with store.write("x") as uow:
        uow.update("defect", d.id, {"facts": "第三稿"})
    log = rows(
        store,
        "SELECT hlc, base_hlc FROM change_log WHERE record_id=? AND field='facts' ORDER BY seq",
        d.id,
    )
    assert log[0][1] is None  # the create overwrote nothing
    assert log[1][1] == log[0][0] and log[2][1] == log[1][0]
