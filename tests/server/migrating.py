"""Stepping a server database through its Alembic revisions, for the migration tests."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from inspector_app.server import db


def stepper(engine: Engine):  # -> to(revision, down=False) -> the table names after the step
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))

    def to(revision: str, down: bool = False) -> set[str]:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
            conn.commit()
        return set(inspect(engine).get_table_names())

    return to
