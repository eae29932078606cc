"""Store benchmarks (issue 2): durable defect save at 100,000 defects; open + list 1,000.

Issue 16: the same two figures on an encrypted data folder (SQLCipher store, D36), printed
right after the plain ones so the cost of encryption reads off side by side.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

from benchmarks.harness import Benchmark, Target
from inspector_app.domain.hlc import Timestamp
from inspector_app.domain.ids import new_id
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.store import tables
from inspector_app.store.store import Store

SEVERITIES = ("critical", "major", "general", "general")


def _bulk_defects(store: Store, inspection_id: str, count: int) -> None:
    """Existing history, written the way the unit of work writes it (row + audit + change
    log per field) but in large batches, so the setup takes seconds rather than hours."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    hlc_base = Timestamp(int(time.time() * 1000) - 10_000_000, 0)
    batch = 5_000
    with store.engine.begin() as conn:
        for start in range(0, count, batch):
            defects, audits, changes = [], [], []
            for n in range(start, min(start + batch, count)):
                row = {
                    "id": new_id(),
                    "inspection_id": inspection_id,
                    "item_id": None,
                    "severity": SEVERITIES[n % 4],
                    "facts": f"第{n}项缺陷：现场发现的事实描述，涉及记录与操作的具体情况。",
                    "clause_refs": ["第四十八条"],
                    "location": "配液间",
                    "suggested_rectification": "",
                    "falsification": False,
                    "author": "bench",
                    "created_at": now,
                    "deleted": False,
                }
                defects.append(row)
                audits.append(
                    {
                        "id": new_id(),
                        "at": now,
                        "actor": "bench",
                        "device_id": store.device_id,
                        "kind": "defect",
                        "record_id": row["id"],
                        "inspection_id": inspection_id,
                        "action": "create",
                        "field": "*",
                        "old": None,
                        "new": row,
                        "reason": "",
                    }
                )
                hlc = Timestamp(hlc_base.wall_ms + n, 0).encode()
                for field, value in row.items():
                    if field != "id":
                        changes.append(
                            {
                                "change_id": new_id(),
                                "kind": "defect",
                                "record_id": row["id"],
                                "inspection_id": inspection_id,
                                "field": field,
                                "value": value,
                                "hlc": hlc,
                                "device_id": store.device_id,
                            }
                        )
            conn.execute(insert(tables.defect), defects)
            conn.execute(insert(tables.audit_log), audits)
            conn.execute(insert(tables.change_log), changes)


def _app(folder: Path, encrypted: bool) -> App:
    """An App on `folder`; encrypted: a new data key (wrapped by a passphrase, as on a laptop
    without a keyring — the key in use is the same either way)."""
    key = None
    if encrypted:
        from inspector_app.store.crypto import create_key

        key = create_key(folder, "benchmark passphrase", use_keyring=False)
    return App(folder, actor="bench", key=key)


def defect_save_at_100k(
    existing: int = 100_000, saves: int = 300, encrypted: bool = False
) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="bench-save-") as tmp:
        app = _app(Path(tmp), encrypted)
        try:
            insp = ops.create_inspection(
                app,
                company_name="基准测试药业",
                inspection_type="gmp_compliance",
                checklist_id="drug-gmp-2010",
                scope_tags=["sterile"],
            )
            _bulk_defects(app.store, insp.id, existing)
            item_ids = list(app.library.latest("drug-gmp-2010").items_by_id())[:50]
            samples = []
            for n in range(saves):
                t0 = time.perf_counter()
                # The real path: validation, lock guard, row + audit + change log, fsync'd commit.
                ops.add_defect(
                    app,
                    insp.id,
                    severity=SEVERITIES[n % 4],
                    facts=f"新缺陷{n}：称量记录与电子天平打印条不一致。",
                    item_id=item_ids[n % len(item_ids)],
                    location="称量间",
                )
                samples.append((time.perf_counter() - t0) * 1000)
            return samples
        finally:
            app.close()


def open_and_list_1000(
    inspections: int = 1_000, runs: int = 21, encrypted: bool = False
) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="bench-list-") as tmp:
        key = None
        if encrypted:
            from inspector_app.store.crypto import create_key

            key = create_key(Path(tmp), "benchmark passphrase", use_keyring=False)
        with Store(Path(tmp), key) as store, store.engine.begin() as conn:
            now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
            rows, defects = [], []
            for n in range(inspections):
                iid = new_id()
                rows.append(
                    {
                        "id": iid,
                        "company_name": f"第{n}号制药有限公司",
                        "site_address": "某市某路",
                        "products": ["注射液"],
                        "inspection_type": "gmp_compliance",
                        "checklist_id": "drug-gmp-2010",
                        "checklist_version": 1,
                        "scope_sections": [],
                        "scope_tags": [],
                        "planned_start": str(date.today()),
                        "planned_end": None,
                        "actual_start": None,
                        "actual_end": None,
                        "status": "on_site",
                        "document_no": "",
                        "conclusion_override": None,
                        "conclusion_override_reason": "",
                        "created_at": now,
                        "archived": False,
                        "deleted": False,
                    }
                )
                for k in range(5):
                    defects.append(
                        {
                            "id": new_id(),
                            "inspection_id": iid,
                            "item_id": None,
                            "severity": SEVERITIES[k % 4],
                            "facts": "事实",
                            "clause_refs": [],
                            "location": "",
                            "suggested_rectification": "",
                            "falsification": False,
                            "author": "",
                            "created_at": now,
                            "deleted": False,
                        }
                    )
            conn.execute(insert(tables.inspection), rows)
            conn.execute(insert(tables.defect), defects)
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            app = App(Path(tmp), actor="bench", key=key)
            listed = ops.list_inspections(app)
            samples.append((time.perf_counter() - t0) * 1000)
            app.close()
            assert len(listed) == inspections, len(listed)
        return samples


BENCHMARKS = [
    Benchmark(
        "durable defect save (+audit +change log) at 100,000 defects",
        2,
        Target(15, "ms", "p95"),
        defect_save_at_100k,
    ),
    Benchmark(
        "durable defect save at 100,000 defects, encrypted (D36)",
        16,
        Target(15, "ms", "p95"),
        lambda: defect_save_at_100k(encrypted=True),
    ),
    Benchmark(
        "open the store and list 1,000 inspections", 2, Target(200, "ms"), open_and_list_1000
    ),
    Benchmark(
        "open the store and list 1,000 inspections, encrypted",
        16,
        Target(200, "ms"),
        lambda: open_and_list_1000(encrypted=True),
    ),
]
