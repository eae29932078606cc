"""Two laptops and a server: one inspection's audit trail, the same bytes everywhere, naming
the people who made each change (issue 10: an attributable, synced trail)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from tests.sync.conftest import FIXTURES, LiveServer, enrolled, new_inspection

from inspector_app.domain.audit import AUDIT_KIND, trail_bytes
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store import tables
from inspector_app.store.merge import changes_of, laptop_state_hash


def laptop_trail(app: App, inspection_id: str) -> bytes:
    a = tables.audit_log.c
    with app.store.read() as conn:
        rows = conn.execute(
            select(tables.audit_log).where(a.inspection_id == inspection_id, ~a.legacy)
        ).mappings()
        return trail_bytes(dict(row) for row in rows)


def server_trail(server: LiveServer, inspection_id: str) -> bytes:
    from inspector_app.server import db

    c = db.changes.c
    with server.ctx.engine.connect() as conn:
        values = conn.execute(
            select(c.value).where(c.inspection_id == inspection_id, c.kind == AUDIT_KIND)
        ).scalars()
        return trail_bytes(values)


def rows_of(trail: bytes) -> list[dict]:
    return [json.loads(line) for line in trail.decode("utf-8").splitlines()]


def test_two_laptops_and_the_server_hold_one_trail_naming_people(tmp_path: Path, server):
    a = App(tmp_path / "a", actor="王五", checklist_dirs=[FIXTURES])
    b = App(tmp_path / "b", actor="李四", checklist_dirs=[FIXTURES])
    try:
        enrolled(a, server, "wang")
        enrolled(b, server, "li")
        insp = new_inspection(a)
        defect = ops.add_defect(a, insp.id, severity="major", facts="原始事实")
        a_before = rows_of(laptop_trail(a, insp.id))
        assert sync_ops.sync_now(a).ok
        assert sync_ops.sync_now(b).ok
        # The author's rows arrived with the data: the same rows, nothing added by merging.
        assert rows_of(laptop_trail(b, insp.id)) == a_before
        # Both edit: different fields, and the same field at once (a conflict on merge).
        ops.update_defect(b, defect.id, {"facts": "李四补充的事实"})
        ops.update_defect(b, defect.id, {"location": "李四的位置"})
        ops.update_defect(a, defect.id, {"location": "王五的位置"})
        for app in (b, a, b):
            assert sync_ops.sync_now(app).ok
        assert sync_ops.list_conflicts(a, insp.id) or sync_ops.list_conflicts(b, insp.id)

        expected = server_trail(server, insp.id)
        assert laptop_trail(a, insp.id) == expected == laptop_trail(b, insp.id)
        assert laptop_state_hash(a.store, insp.id) == server.state_hash(insp.id)
        rows = rows_of(expected)
        people = {
            a.store.device_id: ("王五", "wang", "inspector"),
            b.store.device_id: ("李四", "li", "inspector"),
        }
        for row in rows:
            # Each row names the person at the device that wrote it, with account and role.
            assert (row["actor"], row["account"], row["role"]) == people[row["device_id"]]
        facts = [r for r in rows if r["kind"] == "defect" and r["field"] == "facts"]
        assert [(r["actor"], r["old"], r["new"]) for r in facts] == [
            ("李四", "原始事实", "李四补充的事实")
        ]
        # No row invented by merging: every laptop's rows are exactly its audit entries,
        # each written by the device the row names.
        for app in (a, b):
            audit_entries = {
                c.record_id: c for c in changes_of(app.store, insp.id) if c.kind == AUDIT_KIND
            }
            assert {r["id"] for r in rows_of(laptop_trail(app, insp.id))} == set(audit_entries)
            assert all(c.device_id == c.value["device_id"] for c in audit_entries.values())
        # Merging wrote no row on a about b's change, and no row naming a device.
        assert not any(r["actor"].startswith("device:") for r in rows)
        locations = [r for r in rows if r["field"] == "location"]
        assert sorted(r["actor"] for r in locations) == ["李四", "王五"]
    finally:
        a.close()
        b.close()
