"""A defect's 直接影响产品质量 flag (affects_quality, schema 0007) travels like every field:
through a real server and through a USB bundle, with the audit rows naming who set it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from tests.sync.conftest import all_rows, enrolled, new_inspection
from tests.sync.test_bundle import introduce

from inspector_app.domain.model import Defect
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store import tables
from inspector_app.store.merge import laptop_state_hash


def flag_of(app: App, defect_id: str) -> bool:
    defect = app.store.get("defect", defect_id)
    assert isinstance(defect, Defect)
    return defect.affects_quality


def flag_audit(app: App, defect_id: str) -> list[tuple[str, object, object]]:
    a = tables.audit_log.c
    with app.store.read() as conn:
        rows = conn.execute(
            select(a.actor, a.old, a.new)
            .where(a.record_id == defect_id, a.field == "affects_quality")
            .order_by(a.at)
        ).all()
    return [tuple(r) for r in rows]


def test_the_flag_goes_through_the_server_to_the_other_laptop_and_back(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    b = enrolled(laptop("b"), server, "li")
    insp = new_inspection(a)
    defect = ops.add_defect(
        a, insp.id, severity="general", facts="灭菌柜温度记录缺失", affects_quality=True
    )
    assert flag_of(a, defect.id) is True
    assert sync_ops.sync_now(a).ok and sync_ops.sync_now(b).ok

    # The server holds the value as the JSON the laptop pushed, under its own field.
    from inspector_app.server import db

    c = db.changes.c
    with server.ctx.engine.connect() as conn:
        values = conn.execute(
            select(c.value).where(c.record_id == defect.id, c.field == "affects_quality")
        ).scalars()
        assert list(values) == [True]
    assert flag_of(b, defect.id) is True

    # B corrects it; A receives the correction and the audit row naming B's person.
    ops.update_defect(b, defect.id, {"affects_quality": False})
    assert sync_ops.sync_now(b).ok and sync_ops.sync_now(a).ok
    assert flag_of(a, defect.id) is False
    assert flag_audit(a, defect.id) == flag_audit(b, defect.id) == [("inspector-b", True, False)]
    assert laptop_state_hash(a.store, insp.id) == server.state_hash(insp.id)
    assert laptop_state_hash(b.store, insp.id) == server.state_hash(insp.id)


def test_the_flag_travels_in_a_bundle_both_ways(laptop, tmp_path: Path):
    a, b = laptop("a"), laptop("b")
    introduce(a, b)
    insp = new_inspection(a)
    defect = ops.add_defect(
        a, insp.id, severity="general", facts="洁净区压差超限未评估", affects_quality=True
    )
    sync_ops.bundle_export(a, insp.id, tmp_path / "a.bundle")
    sync_ops.bundle_import(b, tmp_path / "a.bundle")
    assert flag_of(b, defect.id) is True
    assert all_rows(b) == all_rows(a)

    ops.update_defect(b, defect.id, {"affects_quality": False})
    sync_ops.bundle_export(b, insp.id, tmp_path / "b.bundle")
    result = sync_ops.bundle_import(a, tmp_path / "b.bundle")
    assert result.new_changes > 0
    assert flag_of(a, defect.id) is False
    assert flag_audit(a, defect.id) == [("inspector-b", True, False)]
    assert laptop_state_hash(a.store) == laptop_state_hash(b.store)
