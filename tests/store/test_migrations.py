"""Schema migrations: old databases are upgraded after a backup; newer ones are refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from inspector_app.store.db import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    MIGRATIONS_DIR,
    NewerDatabaseError,
    StoreError,
)
from inspector_app.store.store import DB_FILENAME, Store
from inspector_app.store.tables import metadata

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"


def test_head_constant_matches_the_migration_scripts():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == HEAD_REVISION
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def test_migrated_schema_matches_the_table_definitions(data_dir):
    """Migrations and store/tables.py must describe the same tables and columns."""
    with Store(data_dir) as store, store.read() as conn:
        for table in metadata.sorted_tables:
            cols = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table.name})")}
            assert cols == {c.name for c in table.columns}, table.name


def test_database_from_schema_0001_is_upgraded_with_a_backup(data_dir):
    shutil.copy(FIXTURE, data_dir / DB_FILENAME)
    with Store(data_dir) as store:
        assert store.last_backup is not None and store.last_backup.exists()
        assert "schema0001" in store.last_backup.name
        # The old data is intact and the new schema is usable.
        defect = store.get("defect", "01900000-0000-7000-8000-000000000002")
        assert defect.facts == "压差表未校准。"
        assert store.device_id == "old-device"
        with store.read() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            pending = conn.exec_driver_sql(
                "SELECT count(*) FROM change_log WHERE acked_at IS NULL"
            ).scalar()
        assert version == HEAD_REVISION
        assert pending == 1
    # The backup is the untouched old database.
    con = sqlite3.connect(store.last_backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


def test_newer_database_is_refused_and_left_unchanged(data_dir):
    with Store(data_dir):
        pass
    db = data_dir / DB_FILENAME
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='0099'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(NewerDatabaseError, match=r"newer version of inspector_app.*0099"):
        Store(data_dir)
    assert db.read_bytes() == before


def test_foreign_sqlite_file_is_refused(data_dir):
    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("CREATE TABLE notes(x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not an inspector_app database"):
        Store(data_dir)


def test_rows_of_the_old_unsynced_trail_are_kept_as_legacy(data_dir):
    """Schema 0005: rows written before the trail was synced (an OS account, or a merge's
    "device:<id>") stay, marked legacy, and never enter the shared trail."""
    from inspector_app.domain.audit import trail_bytes
    from inspector_app.store.tables import audit_log

    shutil.copy(FIXTURE, data_dir / DB_FILENAME)
    con = sqlite3.connect(data_dir / DB_FILENAME)
    iid = con.execute("SELECT id FROM inspection").fetchone()[0]
    con.execute(
        "INSERT INTO audit_log(id, at, actor, device_id, kind, record_id, inspection_id, "
        "action, field, old, new, reason) VALUES ('old-1', '2026-01-05T08:00:00.000000Z', "
        "'root', 'old-device', 'inspection', ?, ?, 'update', 'site_address', '\"\"', '\"x\"', '')",
        (iid, iid),
    )
    con.commit()
    con.close()
    with Store(data_dir) as store:
        with store.write("张三") as uow:
            uow.update("inspection", iid, {"site_address": "新地址"})
        with store.read() as conn:
            rows = [dict(r) for r in conn.execute(audit_log.select()).mappings()]
            signature_column = conn.exec_driver_sql(
                "SELECT count(*) FROM pragma_table_info('change_log') WHERE name='signature'"
            ).scalar()
    legacy = [r for r in rows if r["legacy"]]
    assert [r["id"] for r in legacy] == ["old-1"] and legacy[0]["actor"] == "root"
    shared = trail_bytes(rows).decode().splitlines()
    assert len(shared) == 1 and '"actor":"张三"' in shared[0]
    assert signature_column == 1
