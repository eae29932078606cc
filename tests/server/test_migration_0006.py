"""Server schema 0006 (issue 14) on SQLite and PostgreSQL: a database at 0005 gains the expert
pool tables, which the register then writes and reads; a database at 0005 is migrated, not
refused; going back to 0005 drops only them; going up again works."""

from __future__ import annotations

from sqlalchemy import inspect
from tests.server.migrating import stepper

from inspector_app.server import db, expert_db

TABLES = {"experts", "expert_files", "expert_conflicts", "expert_history"}


def test_0006_up_down_up(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    to = stepper(engine)

    try:
        assert not TABLES & to("0005")
        db.migrate(engine)  # the server's own start-up: 0005 is known, so it migrates
        assert db.current_revision(engine) == db.HEAD_REVISION
        assert set(inspect(engine).get_table_names()) >= TABLES
        data = expert_db.ExpertInput(kind="expert", name="孙专家", specialties=["api"])
        expert_id = expert_db.add_expert(engine, "qian", data)
        expert_db.add_conflict(engine, "qian", expert_id, "华东制药", "顾问", "2026-01-01")
        assert [r["name"] for r in expert_db.list_experts(engine)] == ["孙专家"]
        tables = to("0005", down=True)
        assert not TABLES & tables and "service_items" in tables
        assert to("0006") >= TABLES
    finally:
        engine.dispose()
