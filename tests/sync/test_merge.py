"""store.merge.apply_changes: idempotent insert, re-materialise, conflicts, cursor, and the
audit trail arriving with the data (never rows invented by the merge)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from tests.sync.conftest import all_rows, entries, first_item, new_inspection

from inspector_app.domain.audit import trail_bytes
from inspector_app.domain.hlc import Timestamp
from inspector_app.domain.merge import Change
from inspector_app.domain.model import ResultValue
from inspector_app.operations import inspections as ops
from inspector_app.store import tables
from inspector_app.store.merge import (
    CURSOR_KEY,
    apply_changes,
    conflict_id,
    get_meta,
    laptop_state_hash,
)
from inspector_app.store.store import Store


def count(app, table, *where) -> int:
    with app.store.read() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def seeded(laptop):
    a = laptop("a")
    insp = new_inspection(a)
    ops.record_result(a, insp.id, first_item(a, insp.id), ResultValue.NON_CONFORMING)
    defect = ops.add_defect(a, insp.id, severity="major", facts="灭菌柜再验证缺失")
    ops.update_defect(a, defect.id, {"location": "配液间"})
    return a, insp, defect


def test_pulled_entries_make_the_same_rows_audited_as_sync(laptop):
    a, insp, _ = seeded(laptop)
    b = laptop("b")
    result = apply_changes(b.store, entries(a), acknowledged=True, cursor=42)
    assert result.inserted == len(entries(a)) and result.duplicates == 0
    assert result.created == 4 and result.pending == 0  # inspection, member, result, defect
    assert all_rows(b) == all_rows(a)
    assert laptop_state_hash(b.store, insp.id) == laptop_state_hash(a.store, insp.id)
    assert get_meta(b.store, CURSOR_KEY) == "42"
    # From the server: nothing to deliver again.
    assert ops.pending_sync_count(b) == 0
    # The author's own trail came with the data, byte for byte; the merge added no row.
    trail = ops.audit_trail(b, insp.id)
    assert trail_bytes(trail) == trail_bytes(ops.audit_trail(a, insp.id))
    assert {(r["actor"], r["device_id"]) for r in trail} == {("inspector-a", a.store.device_id)}
    assert {r["action"] for r in trail} == {"create", "update"}
    # The merged clock is past everything received.
    top = max(Timestamp.decode(c.hlc) for c in entries(a))
    assert b.store.clock.last > top
    assert get_meta(b.store, "hlc") == b.store.clock.last.encode()


def test_applying_the_same_entries_again_changes_nothing(laptop):
    a, _, _ = seeded(laptop)
    b = laptop("b")
    apply_changes(b.store, entries(a), acknowledged=True)
    audits = count(b, tables.audit_log)
    again = apply_changes(b.store, entries(a) + entries(a)[:3], acknowledged=True)
    assert again.inserted == 0 and again.created == again.updated == 0
    assert count(b, tables.audit_log) == audits
    assert count(b, tables.change_log) == len(entries(a))


def test_children_before_parents_and_split_records_wait_then_apply(laptop):
    a, _, _ = seeded(laptop)
    b = laptop("b")
    reversed_entries = list(reversed(entries(a)))
    results = [
        apply_changes(b.store, reversed_entries[i : i + 3], acknowledged=True, cursor=i)
        for i in range(0, len(reversed_entries), 3)
    ]
    assert results[0].created == 0 and results[0].pending > 0
    assert results[-1].pending == 0
    assert all_rows(b) == all_rows(a)


def test_bundle_entries_stay_in_the_outbox_and_far_future_clocks_are_refused(laptop):
    a, insp, defect = seeded(laptop)
    b = laptop("b")
    apply_changes(b.store, entries(a), acknowledged=False)
    assert ops.pending_sync_count(b) == ops.pending_sync_count(a)
    assert trail_bytes(ops.audit_trail(b, insp.id)) == trail_bytes(ops.audit_trail(a, insp.id))
    future = Timestamp(Timestamp.decode(entries(a)[-1].hlc).wall_ms + 25 * 3600 * 1000).encode()
    bad = Change("c-future", "defect", defect.id, insp.id, "facts", "未来", future, "dev-x", None)
    refused = apply_changes(b.store, [bad], acknowledged=False)
    assert refused.inserted == 0
    assert refused.refused[0][0] == "c-future" and "clock ahead" in refused.refused[0][1]
    assert b.store.get("defect", defect.id).facts == "灭菌柜再验证缺失"
    # The server checked what it sends: accepted from a pull.
    assert apply_changes(b.store, [bad], acknowledged=True).inserted == 1
    assert b.store.get("defect", defect.id).facts == "未来"


def test_unknown_kinds_and_fields_are_refused_with_a_reason(laptop):
    b = laptop("b")
    hlc = Timestamp(1, 0).encode()
    result = apply_changes(
        b.store,
        [
            Change("x1", "spaceship", "r", "i", "name", 1, hlc, "d"),
            Change("x2", "defect", "r", "i", "colour", 1, hlc, "d"),
        ],
        acknowledged=True,
    )
    assert [cid for cid, _ in result.refused] == ["x1", "x2"]
    assert count(b, tables.change_log) == 0


def test_concurrent_edit_is_one_conflict_on_both_laptops_and_updates_are_audited(laptop):
    a, insp, defect = seeded(laptop)
    b = laptop("b")
    apply_changes(b.store, entries(a), acknowledged=False)
    ops.update_defect(a, defect.id, {"facts": "A 的描述"})
    ops.update_defect(b, defect.id, {"facts": "B 的描述"})  # later clock: B wins
    a_entries, b_entries = entries(a), entries(b)
    to_a = apply_changes(a.store, b_entries, acknowledged=False)
    to_b = apply_changes(b.store, a_entries, acknowledged=False)
    assert to_a.conflicts_new == 1 and to_b.conflicts_new == 1
    assert a.store.get("defect", defect.id).facts == "B 的描述"
    assert laptop_state_hash(a.store) == laptop_state_hash(b.store)
    with a.store.read() as conn:
        (conflict,) = conn.execute(select(tables.conflict)).mappings().all()
    assert conflict["losing_value"] == "A 的描述" and conflict["winning_value"] == "B 的描述"
    assert conflict["losing_device_id"] == a.store.device_id
    losing = next(c for c in a_entries if c.value == "A 的描述")
    assert conflict["id"] == conflict_id(losing.change_id)
    # Replaying never records it twice.
    assert apply_changes(a.store, b_entries, acknowledged=True).conflicts_new == 0
    # Each person's edit is in both trails as that person made it (old → new as they saw
    # it); the merge that let B's value win wrote nothing of its own.
    trail = ops.audit_trail(a, insp.id)
    assert trail_bytes(trail) == trail_bytes(ops.audit_trail(b, insp.id))
    facts = sorted((r["actor"], r["old"], r["new"]) for r in trail if r["field"] == "facts")
    assert facts == [
        ("inspector-a", "灭菌柜再验证缺失", "A 的描述"),
        ("inspector-b", "灭菌柜再验证缺失", "B 的描述"),
    ]
    assert not any(r["actor"].startswith("device:") for r in trail)


def test_tombstone_is_audited_as_delete(laptop):
    a, insp, defect = seeded(laptop)
    b = laptop("b")
    apply_changes(b.store, entries(a), acknowledged=True)
    ops.delete_defect(a, defect.id)
    apply_changes(b.store, entries(a), acknowledged=True)
    assert b.store.get("defect", defect.id).deleted is True
    assert [r["action"] for r in ops.audit_trail(b, insp.id) if r["field"] == "deleted"] == [
        "delete"
    ]


# ---- property: order, duplication and paging do not matter -------------------------------

_DEVICES = ("dev-a", "dev-b", "dev-c")
_INSPECTION = "01900000-0000-7000-8000-000000000001"
_RECORDS = ("01900000-0000-7000-8000-0000000000d1", "01900000-0000-7000-8000-0000000000d2")


def _record_entries(record_id, wall, device, n):
    base = {
        "inspection_id": _INSPECTION,
        "severity": "major",
        "facts": f"事实{n}",
        "clause_refs": [],
        "location": "",
        "created_at": "2026-11-23T08:00:00Z",
        "deleted": False,
    }
    hlc = Timestamp(wall, 0).encode()
    return [
        Change(f"{record_id}-{n}-{k}", "defect", record_id, _INSPECTION, k, v, hlc, device)
        for k, v in base.items()
    ]


def _inspection_entries():
    values = {
        "company_name": "企业",
        "inspection_type": "gmp_compliance",
        "checklist_id": "mini-gmp",
        "checklist_version": 1,
        "created_at": "2026-11-23T08:00:00Z",
    }
    hlc = Timestamp(1, 0).encode()
    return [
        Change(f"i-{k}", "inspection", _INSPECTION, _INSPECTION, k, v, hlc, "dev-a")
        for k, v in values.items()
    ]


_edit = st.builds(
    lambda n, rec, field, value, wall, dev, base: Change(
        f"e{n}",
        "defect",
        rec,
        _INSPECTION,
        field,
        value,
        Timestamp(wall, 0).encode(),
        dev,
        None if base is None else Timestamp(base, 0).encode(),
    ),
    st.integers(0, 10**6),
    st.sampled_from(_RECORDS),
    st.sampled_from(["facts", "location", "severity", "deleted"]),
    st.sampled_from(["甲", "乙", "critical", "general", True, False]),
    st.integers(2, 60),
    st.sampled_from(_DEVICES),
    st.one_of(st.none(), st.integers(1, 60)),
).filter(
    lambda c: (
        (c.field != "deleted") == isinstance(c.value, str)
        and (c.field != "severity" or c.value in {"critical", "general"})
    )
)


def _template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template")
    Store(path).close()
    return path


_TEMPLATE: list[Path] = []


def _no_fsync(dbapi_conn, _record) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")


def _fresh_store(tmp: Path, name: str) -> Store:
    target = tmp / name
    shutil.copytree(_TEMPLATE[0], target)
    store = Store(target)
    # Throwaway stores: skip the fsync of every commit, which is all this test would time.
    event.listen(
        store.engine, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA synchronous=OFF")
    )
    store.engine.dispose()
    return store


def _defect_rows(store):
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(tables.defect).order_by("id")).mappings()]


def test_merge_order_duplicates_and_pages_do_not_matter(tmp_path_factory):
    _TEMPLATE.append(_template(tmp_path_factory))
    counter = iter(range(10**6))

    @settings(max_examples=100, derandomize=True, deadline=None)
    @given(st.lists(_edit, max_size=25, unique_by=lambda c: c.change_id), st.integers(0, 2**32))
    def check(edits, seed):
        rng = random.Random(seed)
        everything = (
            _inspection_entries()
            + [e for i, rec in enumerate(_RECORDS) for e in _record_entries(rec, 1, _DEVICES[i], i)]
            + edits
        )
        tmp = tmp_path_factory.mktemp(f"run{next(counter)}")
        one, two = _fresh_store(tmp, "one"), _fresh_store(tmp, "two")
        try:
            apply_changes(one, everything, acknowledged=True)
            shuffled = everything[:]
            rng.shuffle(shuffled)
            shuffled += rng.sample(shuffled, k=len(shuffled) // 3)
            page = rng.randint(1, 8)
            for start in range(0, len(shuffled), page):
                apply_changes(two, shuffled[start : start + page], acknowledged=rng.random() < 0.5)
            assert laptop_state_hash(one) == laptop_state_hash(two)
            assert _defect_rows(one) == _defect_rows(two)
            assert len(_defect_rows(two)) == len(_RECORDS)
            with one.read() as c1, two.read() as c2:
                ids1 = set(c1.execute(select(tables.conflict.c.id)).scalars())
                ids2 = set(c2.execute(select(tables.conflict.c.id)).scalars())
            assert ids1 == ids2
        finally:
            one.close()
            two.close()
            shutil.rmtree(tmp)

    check()
