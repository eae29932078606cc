"""Photo access follows the record (issue 10), on SQLite and PostgreSQL: a device fetches a
blob only when an accepted photo entry of an inspection its team may see references it AND a
device of that team uploaded the bytes; HEAD answers exactly as GET does."""

from __future__ import annotations

import hashlib
import os

import pytest
from fastapi.testclient import TestClient

from inspector_app.domain.ids import new_id
from inspector_app.server.app import create_app
from inspector_app.sync.protocol import UploadState

from .conftest import VERSION_HEADERS, Device, enrol


@pytest.fixture
def client(ctx):
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as test_client:
        yield test_client


def photo_inspection(client, device: Device, sha: str) -> str:
    """Push a new inspection with one photo referencing `sha`; its id."""
    entries = device.new_inspection()
    iid, photo = entries[0]["inspection_id"], new_id()
    entries += [
        device.entry(iid, "inspection_id", iid, kind="photo", record_id=photo),
        device.entry(iid, "sha256", sha, kind="photo", record_id=photo),
    ]
    response = client.post("/api/v1/push", json=device.push_body(entries), headers=device.headers)
    assert {r["status"] for r in response.json()["results"]} == {"applied"}, response.text
    return iid


def upload(client, device: Device, data: bytes) -> UploadState:
    sha = hashlib.sha256(data).hexdigest()
    response = client.post(
        "/api/v1/uploads", json={"sha256": sha, "size": len(data)}, headers=device.headers
    )
    state = UploadState.model_validate(response.json())
    if not state.complete:
        response = client.put(
            f"/api/v1/uploads/{state.upload_id}",
            params={"offset": state.offset},
            content=data[state.offset :],
            headers={**device.headers, "Content-Type": "application/octet-stream"},
        )
        assert response.status_code == 200, response.text
        state = UploadState.model_validate(response.json())
    assert state.complete
    return state


def answers(client, device: Device, sha: str) -> tuple[int, int, bytes]:
    get = client.get(f"/api/v1/blobs/{sha}", headers=device.headers)
    head = client.head(f"/api/v1/blobs/{sha}", headers=device.headers)
    return get.status_code, head.status_code, get.content


@pytest.fixture
def world(ctx, client):
    owner = enrol(ctx, "王检查", "inspector", ["A"])
    mate = enrol(ctx, "李检查", "inspector", ["A"])
    thief = enrol(ctx, "赵检查", "inspector", ["B"])
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    photo_inspection(client, owner, sha)
    upload(client, owner, data)
    return owner, mate, thief, data, sha


def test_the_owning_team_fetches_the_photo(ctx, client, world):
    owner, mate, _thief, data, sha = world
    for device in (owner, mate):
        assert answers(client, device, sha) == (200, 200, data)
    reviewer = enrol(ctx, "审核员", "reviewer", [])
    assert answers(client, reviewer, sha) == (200, 200, data)


def test_another_team_that_knows_the_hash_gets_404_on_get_and_head(client, world):
    _owner, _mate, thief, _data, sha = world
    absent = hashlib.sha256(b"nothing").hexdigest()
    not_yours = client.get(f"/api/v1/blobs/{sha}", headers=thief.headers)
    missing = client.get(f"/api/v1/blobs/{absent}", headers=thief.headers)
    # "Not yours" and "absent" are the same answer, on GET and on HEAD.
    assert (not_yours.status_code, not_yours.json()) == (missing.status_code, missing.json())
    assert not_yours.status_code == 404
    assert client.head(f"/api/v1/blobs/{sha}", headers=thief.headers).status_code == 404
    assert client.head(f"/api/v1/blobs/{absent}", headers=thief.headers).status_code == 404


def test_referencing_the_hash_from_ones_own_inspection_does_not_open_it(client, world):
    _owner, _mate, thief, data, sha = world
    photo_inspection(client, thief, sha)  # accepted: the entry itself is well-formed
    assert answers(client, thief, sha)[:2] == (404, 404)
    # Asking to upload it does not help either: the server wants the bytes, not the hash.
    response = client.post(
        "/api/v1/uploads", json={"sha256": sha, "size": len(data)}, headers=thief.headers
    )
    state = UploadState.model_validate(response.json())
    assert not state.complete and state.offset == 0
    wrong = client.put(
        f"/api/v1/uploads/{state.upload_id}",
        params={"offset": 0},
        content=os.urandom(len(data)),
        headers={**thief.headers, "Content-Type": "application/octet-stream"},
    )
    assert wrong.status_code == 422  # hash mismatch: nothing gained
    assert answers(client, thief, sha)[:2] == (404, 404)


def test_a_team_that_really_holds_the_bytes_may_upload_and_fetch_them(ctx, client, world):
    owner, _mate, thief, data, sha = world
    photo_inspection(client, thief, sha)
    upload(client, thief, data)  # proves possession: the last chunk was hash-checked
    assert answers(client, thief, sha) == (200, 200, data)
    assert answers(client, owner, sha) == (200, 200, data)  # the owners keep their access
    assert ctx.blob_path(sha).read_bytes() == data


def test_an_uploaded_but_unreferenced_blob_is_not_fetchable_yet(ctx, client):
    device = enrol(ctx, "王检查", "inspector", ["A"])
    data = os.urandom(100)
    sha = hashlib.sha256(data).hexdigest()
    upload(client, device, data)
    assert answers(client, device, sha)[:2] == (404, 404)
    # The same team asking again needs no upload (its device sent the bytes).
    again = client.post(
        "/api/v1/uploads", json={"sha256": sha, "size": len(data)}, headers=device.headers
    )
    assert again.json()["complete"] is True
    photo_inspection(client, device, sha)
    assert answers(client, device, sha) == (200, 200, data)
