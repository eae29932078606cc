"""Schema 0004 adds `photo.annotations`: photos stored before it open with an empty layer."""

from __future__ import annotations

import shutil
from pathlib import Path

from inspector_app.store.db import _run_alembic, make_engine
from inspector_app.store.store import DB_FILENAME, Store

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"
INSPECTION = "01900000-0000-7000-8000-000000000001"
PHOTO = "01900000-0000-7000-8000-0000000000f1"


def test_photo_from_schema_0003_gets_an_empty_annotation_layer(data_dir):
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0003")  # the database as the previous build left it
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO photo (id, inspection_id, defect_id, sha256, original_name, "
                "caption, taken_at, deleted) VALUES (?, ?, NULL, ?, 'IMG_0001.JPG', '压差表', "
                "NULL, 0)",
                (PHOTO, INSPECTION, "a" * 64),
            )
    finally:
        engine.dispose()

    with Store(data_dir) as store:
        assert store.last_backup is not None and "schema0003" in store.last_backup.name
        photo = store.get("photo", PHOTO)
        assert photo.caption == "压差表" and photo.annotations == []
        with store.read() as conn:
            raw = conn.exec_driver_sql("SELECT annotations FROM photo WHERE id=?", (PHOTO,))
            assert raw.scalar() == "[]"
        # The new column takes a layer through the one write path.
        with store.write("测试员") as uow:
            uow.update(
                "photo",
                PHOTO,
                {"annotations": [{"type": "arrow", "x1": 0.1, "y1": 0.1, "x2": 0.5, "y2": 0.5}]},
            )
        assert store.get("photo", PHOTO).annotations[0].type == "arrow"
