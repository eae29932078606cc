"""Server schema 0002 (issue 10) on SQLite and PostgreSQL: a database written at 0001 gains
device keys, change signatures and blob uploaders; its devices must re-enrol before their
entries are accepted, and its photos stay downloadable by their teams."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import insert, inspect, select
from tests.pg import pg_admin, pg_database_url

from inspector_app.server import admin, auth, db
from inspector_app.server.app import create_app
from inspector_app.server.context import open_context
from inspector_app.server.settings import ServerSettings, normalise_db_url
from inspector_app.sync.signing import SigningKey

from .conftest import KEYS, Device, new_public_key


@pytest.fixture
def old_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database (not the migrated template) to build at revision 0001."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    pg = request.getfixturevalue("pg_url")
    name = f"inspector_sv_mig_{uuid.uuid4().hex[:10]}"
    pg_admin(pg, f'CREATE DATABASE "{name}"')
    yield normalise_db_url(pg_database_url(pg, name))
    pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_0001_database_upgrades_and_old_devices_must_re_enrol(old_url, tmp_path):
    engine = db.make_engine(old_url)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.commit()
    assert db.current_revision(engine) == "0001"
    # An 0001 server's data: a user, a device enrolled without a key, a finished upload.
    token = auth.new_token()
    sha = hashlib.sha256(b"photo").hexdigest()
    now = auth.iso(auth.utc_now())
    with db.write_transaction(engine) as conn:
        # Raw SQL: the tables as they were at 0001 (the current definitions have more columns).
        conn.exec_driver_sql(
            f"INSERT INTO users (name, role, created_at) VALUES ('王检查', 'inspector', '{now}')"
        )
        conn.exec_driver_sql("INSERT INTO teams (name) VALUES ('A')")
        conn.exec_driver_sql(
            "INSERT INTO memberships (user_name, team, position) VALUES ('王检查', 'A', 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO devices (device_id, user_name, name, token_hash, enrolled_at) "
            f"VALUES ('old-laptop', '王检查', 'x', '{auth.hash_secret(token)}', '{now}')"
        )
        conn.execute(insert(db.blobs).values(sha256=sha, size=5, complete=True, created_at=now))
        conn.exec_driver_sql(
            'INSERT INTO uploads (id, sha256, size, "offset", temp_path, complete, device_id,'
            f" created_at, updated_at) VALUES ('u1', '{sha}', 5, 5, '', TRUE, 'old-laptop',"
            f" '{now}', '{now}')"
        )
    engine.dispose()

    ctx = open_context(ServerSettings(db_url=old_url, blobs_dir=tmp_path / "blobs"))
    try:
        assert db.current_revision(ctx.engine) == db.HEAD_REVISION
        with ctx.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("devices")}
            assert "public_key" in columns
            assert "signature" in {c["name"] for c in inspect(conn).get_columns("changes")}
            uploaders = conn.execute(select(db.blob_uploaders)).all()
            key = conn.execute(select(db.devices.c.public_key)).scalar_one()
        assert [tuple(r) for r in uploaders] == [(sha, "old-laptop")]
        assert key is None
        assert [d.has_key for d in admin.list_devices(ctx.engine)] == [False]  # "no key"
        old = Device("old-laptop", token, "王检查")
        with TestClient(create_app(context=ctx), headers=old.headers) as client:
            entries = [dict(e, signature="A" * 88) for e in old.new_inspection()]
            response = client.post("/api/v1/push", json=old.push_body(entries))
            results = response.json()["results"]
            assert {r["status"] for r in results} == {"rejected"}
            assert all("re-enrol this laptop" in r["reason"] for r in results)
            assert client.get("/api/v1/pull").status_code == 200  # the token still works
        # Another user's code cannot claim the keyless id; its own user's code gives it a
        # key (same id, same user: nothing is reassigned) and a new token.
        admin.add_user(ctx.engine, "李某", "inspector", ["A"])
        other_code, _ = auth.make_enroll_code(ctx.engine, "李某", 1)
        with pytest.raises(auth.ApiError) as refused:
            auth.enroll(ctx.engine, other_code, "old-laptop", "x", new_public_key())
        assert refused.value.status == 409
        code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
        key = SigningKey.generate()
        new_token, who = auth.enroll(ctx.engine, code, "old-laptop", "x", key.public_text)
        assert (who.device_id, who.user) == ("old-laptop", "王检查")
        KEYS["old-laptop"] = key
        again = Device("old-laptop", new_token, "王检查")
        with TestClient(create_app(context=ctx), headers=again.headers) as client:
            response = client.post("/api/v1/push", json=again.push_body(again.new_inspection()))
            assert {r["status"] for r in response.json()["results"]} == {"applied"}
            old_token = client.get("/api/v1/pull", headers={"Authorization": f"Bearer {token}"})
            assert old_token.status_code == 401
        # Once keyed, the id is bound like any other: a second enrolment is refused.
        code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
        with pytest.raises(auth.ApiError) as twice:
            auth.enroll(ctx.engine, code, "old-laptop", "x", new_public_key())
        assert twice.value.status == 409
    finally:
        ctx.engine.dispose()
