"""Schema 0009 adds `team_member.expert_id` (the expert pool entry, issue 14): members stored
before it read None (typed by hand, no entry guessed), and the link then saves, audits and
queues for sync like any field; a downgrade drops the column and keeps the members."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from inspector_app.store.db import _run_alembic, make_engine
from inspector_app.store.store import DB_FILENAME, Store
from inspector_app.store.tables import change_log

FIXTURE = Path(__file__).parent / "fixtures" / "schema-0001.sqlite"
EXPERT = "01900000-0000-7000-8000-0000000000e1"
INSPECTION = "01900000-0000-7000-8000-000000000001"  # the fixture's inspection
MEMBER = "01900000-0000-7000-8000-0000000000d1"


def member_columns(conn) -> set[str]:
    return {r[1] for r in conn.execute("PRAGMA table_info(team_member)")}


def database_at_0008(data_dir: Path) -> Path:
    db = data_dir / DB_FILENAME
    shutil.copy(FIXTURE, db)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0008")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO team_member (id, inspection_id, name, role, organisation, deleted) "
                "VALUES (?, ?, '孙专家', 'expert', '', 0)",
                (MEMBER, INSPECTION),
            )
            assert "expert_id" not in member_columns(conn.connection.driver_connection)
    finally:
        engine.dispose()
    return db


def test_members_from_schema_0008_name_no_expert_and_take_one(data_dir):
    database_at_0008(data_dir)
    with Store(data_dir) as store:
        assert store.last_backup is not None and "schema0008" in store.last_backup.name
        members = store.find("team_member")
        assert members and all(m.expert_id is None for m in members)
        member = members[0]
        with store.write("测试员") as uow:
            uow.update("team_member", member.id, {"expert_id": EXPERT})
        assert store.get("team_member", member.id).expert_id == EXPERT
        with store.read() as conn:
            [entry] = conn.execute(
                change_log.select().where(
                    change_log.c.record_id == member.id, change_log.c.field == "expert_id"
                )
            ).mappings()
        assert entry["value"] == EXPERT and entry["acked_at"] is None


def test_downgrade_to_0008_drops_the_column_and_keeps_the_members(data_dir):
    db = database_at_0008(data_dir)
    engine = make_engine(db)
    try:
        _run_alembic(engine, "upgrade", "0009")
        with engine.begin() as conn:
            before = conn.exec_driver_sql("SELECT count(*) FROM team_member").scalar()
            conn.exec_driver_sql("UPDATE team_member SET expert_id = ?", (EXPERT,))
        _run_alembic(engine, "downgrade", "0008")
        with engine.connect() as conn:
            after = conn.exec_driver_sql("SELECT count(*) FROM team_member").scalar()
    finally:
        engine.dispose()
    assert before == after > 0
    con = sqlite3.connect(db)
    try:
        assert "expert_id" not in member_columns(con)
    finally:
        con.close()
