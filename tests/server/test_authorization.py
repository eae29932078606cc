"""Who may do what: one table of principals × operations, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from tests.pg import pg_admin, pg_database_url

from inspector_app.domain.ids import new_id
from inspector_app.server import admin
from inspector_app.server.app import create_app
from inspector_app.server.context import open_context
from inspector_app.server.settings import ServerSettings, normalise_db_url

from .conftest import VERSION_HEADERS, Device, enrol

OPS = ("push_record", "push_review", "pull", "admin", "blob_head", "blob_get", "upload")
DENIED = dict.fromkeys(OPS, "401")
MATRIX = {
    #              push_record  push_review  pull      admin  head   get    upload
    "inspector_a": ("applied", "rejected", "sees", "403", "200", "200", "200"),
    # HEAD answers as GET does: another team's blob is "absent" (404) to inspector_b.
    "inspector_b": ("rejected", "rejected", "hidden", "403", "404", "404", "200"),
    "reviewer": ("rejected", "applied", "sees", "403", "200", "200", "200"),
    "admin": ("rejected", "rejected", "sees", "200", "200", "200", "200"),
    "revoked": tuple(DENIED.values()),
    "no_token": tuple(DENIED.values()),
    "bad_token": tuple(DENIED.values()),
}


@dataclass
class World:
    client: TestClient
    devices: dict[str, Device]
    inspection_id: str
    blob_sha: str


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def world(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("authz")
    dbname = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite'}"
    else:
        pg = request.getfixturevalue("pg_url")
        dbname = f"inspector_sv_authz_{uuid.uuid4().hex[:10]}"
        pg_admin(pg, f'CREATE DATABASE "{dbname}"')
        url = normalise_db_url(pg_database_url(pg, dbname))
    ctx = open_context(ServerSettings(db_url=url, blobs_dir=tmp / "blobs"))
    devices = {
        "inspector_a": enrol(ctx, "inspector_a", "inspector", ["A"]),
        "inspector_b": enrol(ctx, "inspector_b", "inspector", ["B"]),
        "reviewer": enrol(ctx, "reviewer", "reviewer", []),
        "admin": enrol(ctx, "admin", "admin", []),
        "revoked": enrol(ctx, "revoked", "inspector", ["A"]),
    }
    admin.revoke_device(ctx.engine, devices["revoked"].device_id)
    devices["bad_token"] = Device("nobody", "not-a-token", "nobody")
    client = TestClient(create_app(context=ctx))
    owner = devices["inspector_a"]
    blob = os.urandom(500)
    sha = hashlib.sha256(blob).hexdigest()
    created = owner.new_inspection()
    iid, photo = created[0]["inspection_id"], new_id()
    created += [
        owner.entry(iid, "inspection_id", iid, kind="photo", record_id=photo),
        owner.entry(iid, "sha256", sha, kind="photo", record_id=photo),
    ]
    response = client.post("/api/v1/push", json=owner.push_body(created), headers=owner.headers)
    assert all(r["status"] == "applied" for r in response.json()["results"])
    state = client.post(
        "/api/v1/uploads", json={"sha256": sha, "size": len(blob)}, headers=owner.headers
    ).json()
    done = client.put(
        f"/api/v1/uploads/{state['upload_id']}?offset=0", content=blob, headers=owner.headers
    )
    assert done.json()["complete"]
    yield World(client, devices, iid, sha)
    client.close()
    ctx.engine.dispose()
    if dbname:
        pg_admin(request.getfixturevalue("pg_url"), f'DROP DATABASE "{dbname}" WITH (FORCE)')


def _headers(world: World, who: str) -> dict[str, str]:
    if who == "no_token":
        return dict(VERSION_HEADERS)
    return world.devices[who].headers


def _push(world: World, who: str, kind: str) -> str:
    device = world.devices.get(who) or Device("nobody", "", "nobody")
    iid = world.inspection_id
    if kind == "review":
        record = new_id()
        entries = [device.entry(iid, "state", "commented", kind="review", record_id=record)]
    else:
        entries = [device.entry(iid, "site_address", f"{who} 写的地址")]
    response = world.client.post(
        "/api/v1/push", json=device.push_body(entries), headers=_headers(world, who)
    )
    if response.status_code != 200:
        return str(response.status_code)
    return response.json()["results"][0]["status"]


def _operation(world: World, who: str, op: str) -> str:
    headers = _headers(world, who)
    client = world.client
    if op == "push_record":
        return _push(world, who, "record")
    if op == "push_review":
        return _push(world, who, "review")
    if op == "pull":
        response = client.get("/api/v1/pull", headers=headers)
        if response.status_code != 200:
            return str(response.status_code)
        seen = {c["inspection_id"] for c in response.json()["changes"]}
        return "sees" if world.inspection_id in seen else "hidden"
    if op == "admin":
        return str(client.get("/api/v1/admin/users", headers=headers).status_code)
    if op == "blob_head":
        return str(client.head(f"/api/v1/blobs/{world.blob_sha}", headers=headers).status_code)
    if op == "blob_get":
        return str(client.get(f"/api/v1/blobs/{world.blob_sha}", headers=headers).status_code)
    if op == "upload":
        body = {"sha256": hashlib.sha256(os.urandom(8)).hexdigest(), "size": 8}
        return str(client.post("/api/v1/uploads", json=body, headers=headers).status_code)
    raise AssertionError(op)


@pytest.mark.parametrize(
    ("who", "op", "expected"),
    [(who, op, row[i]) for who, row in MATRIX.items() for i, op in enumerate(OPS)],
)
def test_authorization_matrix(world, who, op, expected):
    assert _operation(world, who, op) == expected


def test_rejections_say_why(world):
    device = world.devices["inspector_b"]
    entries = [device.entry(world.inspection_id, "site_address", "x")]
    response = world.client.post(
        "/api/v1/push", json=device.push_body(entries), headers=device.headers
    )
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert result["reason"] == "unauthorized: the inspection belongs to another team"
