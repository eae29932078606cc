"""Schema 0007 adds `defect.affects_quality`: defects stored before it read false (they were
never assessed for it), and the flag then saves, audits and queues for sync like any field."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from inspector_app.store.db import HEAD_REVISION, _run_alembic, make_engine
from inspector_app.store.store import DB_FILENAME, Store
from inspector_app.store.tables import audit_log, change_log

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"
DEFECT = "01900000-0000-7000-8000-000000000002"  # the fixture's defect (压差表未校准。)


def test_defect_from_schema_0006_reads_affects_quality_false(data_dir):
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0006")  # the database as the previous build left it
        with engine.connect() as conn:
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(defect)")}
        assert "affects_quality" not in columns
    finally:
        engine.dispose()

    with Store(data_dir) as store:
        assert store.last_backup is not None and "schema0006" in store.last_backup.name
        defect = store.get("defect", DEFECT)
        assert defect.facts == "压差表未校准。" and defect.affects_quality is False
        with store.read() as conn:
            raw = conn.exec_driver_sql("SELECT affects_quality FROM defect WHERE id=?", (DEFECT,))
            assert raw.scalar() == 0  # a real NOT NULL column, filled for the old row
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == HEAD_REVISION
        # The new column takes the flag through the one write path: audited, queued for sync.
        with store.write("测试员") as uow:
            uow.update("defect", DEFECT, {"affects_quality": True})
        assert store.get("defect", DEFECT).affects_quality is True
        with store.read() as conn:
            audit = conn.execute(
                audit_log.select().where(
                    audit_log.c.record_id == DEFECT, audit_log.c.field == "affects_quality"
                )
            ).mappings()
            [row] = list(audit)
            queued = conn.execute(
                change_log.select().where(
                    change_log.c.record_id == DEFECT, change_log.c.field == "affects_quality"
                )
            ).mappings()
            [entry] = list(queued)
        assert (row["old"], row["new"], row["actor"]) == (False, True, "测试员")
        assert entry["value"] is True and entry["acked_at"] is None

    # The backup is the untouched 0006 database, without the column.
    con = sqlite3.connect(store.last_backup)
    try:
        columns = {r[1] for r in con.execute("PRAGMA table_info(defect)")}
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0006",)
    finally:
        con.close()
    assert "affects_quality" not in columns


def test_downgrade_to_0006_drops_the_column_and_keeps_the_defect(data_dir):
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0007")
        _run_alembic(engine, "downgrade", "0006")
        with engine.connect() as conn:
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(defect)")}
            facts = conn.exec_driver_sql("SELECT facts FROM defect WHERE id=?", (DEFECT,))
            assert facts.scalar() == "压差表未校准。"
    finally:
        engine.dispose()
    assert "affects_quality" not in columns
