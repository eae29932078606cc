"""Schema 0008 adds `photo.deleted_with`: photos stored before it read None (no link, nothing
guessed), and the link then saves, audits and queues for sync like any field; a downgrade
drops the column and keeps the photos."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from inspector_app.store.db import HEAD_REVISION, _run_alembic, make_engine
from inspector_app.store.store import DB_FILENAME, Store
from inspector_app.store.tables import audit_log, change_log

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"
INSPECTION = "01900000-0000-7000-8000-000000000001"
DEFECT = "01900000-0000-7000-8000-000000000002"  # the fixture's defect (压差表未校准。)
PHOTO = "01900000-0000-7000-8000-0000000000f1"


def photo_columns(conn) -> set[str]:
    return {r[1] for r in conn.execute("PRAGMA table_info(photo)")}


def database_at_0007(data_dir: Path, deleted: bool) -> Path:
    """The fixture as the previous build left it, with one photo of the fixture's defect."""
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0007")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO photo (id, inspection_id, defect_id, sha256, original_name, "
                "caption, taken_at, annotations, deleted) "
                "VALUES (?, ?, ?, ?, 'IMG_0001.JPG', '压差表', NULL, '[]', ?)",
                (PHOTO, INSPECTION, DEFECT, "a" * 64, int(deleted)),
            )
            assert "deleted_with" not in photo_columns(conn.connection.driver_connection)
    finally:
        engine.dispose()
    return db


def test_photo_from_schema_0007_reads_no_link(data_dir):
    database_at_0007(data_dir, deleted=True)
    with Store(data_dir) as store:
        assert store.last_backup is not None and "schema0007" in store.last_backup.name
        photo = store.get("photo", PHOTO)
        assert photo.deleted and photo.deleted_with is None
        with store.read() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == HEAD_REVISION
        # The new column takes the link through the one write path: audited, queued for sync.
        with store.write("测试员") as uow:
            uow.update("photo", PHOTO, {"deleted_with": DEFECT})
        assert store.get("photo", PHOTO).deleted_with == DEFECT
        with store.read() as conn:
            [row] = conn.execute(
                audit_log.select().where(
                    audit_log.c.record_id == PHOTO, audit_log.c.field == "deleted_with"
                )
            ).mappings()
            [entry] = conn.execute(
                change_log.select().where(
                    change_log.c.record_id == PHOTO, change_log.c.field == "deleted_with"
                )
            ).mappings()
        assert (row["old"], row["new"]) == (None, DEFECT)
        assert entry["value"] == DEFECT and entry["acked_at"] is None

    # The backup is the untouched 0007 database, without the column.
    con = sqlite3.connect(store.last_backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert "deleted_with" not in photo_columns(con)
    finally:
        con.close()


def test_downgrade_to_0007_drops_the_column_and_keeps_the_photo(data_dir):
    db = database_at_0007(data_dir, deleted=False)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0008")
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE photo SET deleted_with = ? WHERE id = ?", (DEFECT, PHOTO))
        _run_alembic(engine, "downgrade", "0007")
        with engine.connect() as conn:
            caption = conn.exec_driver_sql("SELECT caption FROM photo WHERE id=?", (PHOTO,))
            assert caption.scalar() == "压差表"
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert version == "0007"
    finally:
        engine.dispose()
    con = sqlite3.connect(db)
    try:
        assert "deleted_with" not in photo_columns(con)
    finally:
        con.close()
