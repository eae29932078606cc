"""Server schema 0007 (issue 14) on SQLite and PostgreSQL: a database at 0006 gains the
statistics tables empty (nothing is backfilled at upgrade time), the first refresh builds
them and sets the cursor, going back to 0006 drops only them and the cursor, and up again
works."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.server.migrating import stepper

from inspector_app.server import db, stats_db

TABLES = {
    "stats_inspections",
    "stats_defects",
    "stats_clauses",
    "stats_day_defects",
    "stats_day_clauses",
}


def test_0007_up_build_down_up(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    to = stepper(engine)

    def cursor() -> str | None:
        m = db.server_meta.c
        with engine.connect() as conn:
            return conn.execute(
                select(m.value).where(m.key == stats_db.CURSOR_KEY)
            ).scalar_one_or_none()

    try:
        assert not TABLES & to("0006")
        assert to("0007") >= TABLES
        with engine.connect() as conn:
            for table in (stats_db.stats_inspections, stats_db.stats_defects):
                assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
        assert cursor() is None  # nothing built at upgrade time
        assert stats_db.refresh(engine) == {"built": 0}
        assert cursor() == "0"
        assert stats_db.refresh(engine) == {"updated": 0}
        tables = to("0006", down=True)
        assert not TABLES & tables and "experts" in tables
        assert cursor() is None
        assert to("0007") >= TABLES
    finally:
        engine.dispose()
