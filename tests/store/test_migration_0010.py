"""Schema 0010 adds the re-inspection fields (issue 15): `inspection.follows_inspection_id`,
and on a defect `origin_defect_id`, `origin_answer` (the company's answer as fetched, JSON),
`followup` and `followup_note`. Records stored before it read None / empty; the fields then
round-trip, audit old → new and queue for sync like any field; a downgrade keeps the rows."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from inspector_app.domain.model import Defect
from inspector_app.domain.reinspection import AnswerSnapshot, Followup
from inspector_app.store.db import HEAD_REVISION, _run_alembic, current_revision, make_engine
from inspector_app.store.store import DB_FILENAME, Store
from inspector_app.store.tables import audit_log, change_log

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"
INSPECTION = "01900000-0000-7000-8000-000000000001"  # the fixture's inspection
DEFECT = "01900000-0000-7000-8000-0000000000f1"
ORIGIN = "01900000-0000-7000-8000-0000000000f0"


def columns(conn, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def database_at_0009(data_dir: Path) -> Path:
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0009")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO defect (id, inspection_id, severity, facts, clause_refs, location,"
                " suggested_rectification, falsification, affects_quality, author, created_at,"
                " deleted) VALUES (?, ?, 'major', '原缺陷事实', '[]', '', '', 0, 0, '',"
                " '2026-05-01T08:00:00Z', 0)",
                (DEFECT, INSPECTION),
            )
            assert "followup" not in columns(conn.connection.driver_connection, "defect")
    finally:
        engine.dispose()
    return db


SNAPSHOT = AnswerSnapshot(
    report_number="〔2026〕第3号",
    severity="major",
    facts="原缺陷事实（审核后）",
    status="accepted",
    cause="培训不到位",
    actions="修订SOP并培训",
    completed_on=date(2026, 6, 1),
    evidence=["培训记录.pdf"],
    verification="accepted",
    verified_by="审核员甲",
    fetched_at=datetime(2026, 6, 2, 8, 0, tzinfo=UTC),
)


def test_records_from_0009_read_empty_and_the_fields_round_trip_with_audit_and_sync(data_dir):
    database_at_0009(data_dir)
    with Store(data_dir) as store:
        assert store.last_backup is not None and "schema0009" in store.last_backup.name
        assert current_revision(store.engine) == HEAD_REVISION == "0010"
        inspection = store.get("inspection", INSPECTION)
        assert inspection.follows_inspection_id is None
        defect = store.get("defect", DEFECT)
        assert isinstance(defect, Defect)
        assert (defect.origin_defect_id, defect.origin_answer, defect.followup) == (
            None,
            None,
            None,
        )
        assert defect.followup_note == ""
        with store.write("测试员") as uow:
            uow.update("inspection", INSPECTION, {"follows_inspection_id": ORIGIN})
            uow.update(
                "defect",
                DEFECT,
                {
                    "origin_defect_id": ORIGIN,
                    "origin_answer": SNAPSHOT,
                    "followup": Followup.PARTLY,
                    "followup_note": "SOP已修订，培训记录不全",
                },
            )
        again = store.get("defect", DEFECT)
        assert again.origin_answer == SNAPSHOT
        assert again.followup is Followup.PARTLY
        assert again.followup_note == "SOP已修订，培训记录不全"
        assert store.get("inspection", INSPECTION).follows_inspection_id == ORIGIN
        with store.read() as conn:
            entries = {
                r["field"]: r
                for r in conn.execute(
                    change_log.select().where(change_log.c.record_id == DEFECT)
                ).mappings()
            }
            trail = {
                r["field"]: r
                for r in conn.execute(
                    audit_log.select().where(audit_log.c.record_id == DEFECT)
                ).mappings()
            }
        # The snapshot travels in its JSON form (dates as text), like any other value.
        assert entries["origin_answer"]["value"]["completed_on"] == "2026-06-01"
        assert entries["origin_answer"]["value"]["actions"] == "修订SOP并培训"
        assert entries["followup"]["value"] == "partly" and entries["followup"]["acked_at"] is None
        assert trail["followup"]["old"] is None and trail["followup"]["new"] == "partly"
        assert trail["followup_note"]["new"] == "SOP已修订，培训记录不全"


def test_downgrade_to_0009_drops_the_columns_and_keeps_the_rows(data_dir):
    db = database_at_0009(data_dir)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0010")
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE defect SET followup = 'closed'")
        _run_alembic(engine, "downgrade", "0009")
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM defect").scalar()
    finally:
        engine.dispose()
    assert count >= 1
    con = sqlite3.connect(db)
    try:
        assert not {"origin_defect_id", "origin_answer", "followup", "followup_note"} & columns(
            con, "defect"
        )
        assert "follows_inspection_id" not in columns(con, "inspection")
    finally:
        con.close()


def test_a_laptop_with_a_photo_on_a_defect_upgrades(data_dir):
    # The first cut of this migration recreated `defect` (batch copy-and-replace), which a
    # photo's foreign key refuses: such a laptop could not open its data at all.
    db = database_at_0009(data_dir)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO photo (id, inspection_id, defect_id, sha256, original_name, caption,"
            " annotations, deleted) VALUES ('p1', ?, ?, ?, 'a.jpg', '', '[]', 0)",
            (INSPECTION, DEFECT, "0" * 64),
        )
    conn.close()
    with Store(data_dir) as store:
        assert store.get("defect", DEFECT).followup is None
        assert store.get("photo", "p1").defect_id == DEFECT
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
