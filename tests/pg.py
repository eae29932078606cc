"""PostgreSQL for tests: the throwaway cluster `./dev test` starts, or a skip.

`./dev test` exports INSPECTOR_TEST_PG_URL (a superuser on 127.0.0.1). Without it, tests that
need PostgreSQL skip, except when INSPECTOR_TEST_PG_REQUIRED=1 (CI), where they fail.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from inspector_app.server.settings import normalise_db_url


def pg_url_or_skip() -> str:
    url = os.environ.get("INSPECTOR_TEST_PG_URL")
    if not url:
        if os.environ.get("INSPECTOR_TEST_PG_REQUIRED") == "1":
            pytest.fail("INSPECTOR_TEST_PG_URL is not set but PostgreSQL is required")
        pytest.skip("no PostgreSQL (INSPECTOR_TEST_PG_URL unset)")
    return url


def pg_admin(url: str, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    engine = create_engine(normalise_db_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def pg_database_url(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    return url.rsplit("/", 1)[0] + "/" + name
