"""Server schema 0009 (issue 15) on SQLite and PostgreSQL: a database at 0006 is migrated by
the server's start-up, the company and rectification tables work, service_items gains its
rectification days; going back to 0006 drops only them; going up again works."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from tests.pg import pg_admin, pg_database_url

from inspector_app.server import db, rectification
from inspector_app.server.settings import normalise_db_url

TABLES = {
    "company_accounts",
    "rect_responses",
    "rect_objections",
    "rect_evidence",
    "rect_audit",
    "rect_satisfaction",
}


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    pg = request.getfixturevalue("pg_url")
    name = f"inspector_sv_mig9_{uuid.uuid4().hex[:10]}"
    pg_admin(pg, f'CREATE DATABASE "{name}"')
    yield normalise_db_url(pg_database_url(pg, name))
    pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_0009_up_down_up(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    down_to = "0007"  # the revision 0009 follows

    def to(revision: str, down: bool = False) -> set[str]:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
            conn.commit()
        return set(inspect(engine).get_table_names())

    def item_columns() -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns("service_items")}

    try:
        assert not TABLES & to(down_to)
        db.migrate(engine)  # the server's own start-up: the older schema is known
        assert db.current_revision(engine) == db.HEAD_REVISION == "0010"
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert "rectification_days" in item_columns()
        rectification.create_company_account(engine, "admin", "qiye", "华东制药有限公司")
        assert rectification.company_of(engine, "qiye") == "华东制药有限公司"
        assert rectification.set_rectification_days(engine, "admin", "gmp-compliance", 15, "")
        assert rectification.rectification_days_by_item(engine)["gmp-compliance"] == 15
        tables = to(down_to, down=True)
        assert not TABLES & tables and "service_items" in tables
        assert "rectification_days" not in item_columns()
        assert to("0009") >= TABLES
    finally:
        engine.dispose()
