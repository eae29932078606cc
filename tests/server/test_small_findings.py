"""Small findings of the issue-10 review: anchored patterns and authorization before the
duplicate check, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from inspector_app.server import admin, auth, changelog, uploads
from inspector_app.server.app import create_app
from inspector_app.sync.protocol import ErrorBody, PushResponse

from .conftest import VERSION_HEADERS, enrol, new_public_key

SHA = hashlib.sha256(b"photo").hexdigest()


@pytest.fixture
def client(ctx):
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as test_client:
        yield test_client


# ---- patterns: a trailing newline is not part of a hash or an id ----------------------------


def test_pattern_helpers_refuse_a_trailing_newline():
    assert uploads.is_sha256(SHA)
    assert not uploads.is_sha256(SHA + "\n")
    assert changelog.is_id("laptop-1")
    assert not changelog.is_id("laptop-1\n")


def test_an_upload_of_a_hash_with_a_newline_is_refused(ctx, client):
    device = enrol(ctx, "王检查", "inspector", ["A"])
    good = client.post("/api/v1/uploads", json={"sha256": SHA, "size": 5}, headers=device.headers)
    assert good.status_code == 200, good.text
    response = client.post(
        "/api/v1/uploads", json={"sha256": SHA + "\n", "size": 5}, headers=device.headers
    )
    assert response.status_code == 422
    assert "sha256" in ErrorBody.model_validate(response.json()).message


def test_a_blob_path_with_a_newline_is_refused(ctx, client):
    device = enrol(ctx, "王检查", "inspector", ["A"])
    for method in ("GET", "HEAD"):
        response = client.request(method, f"/api/v1/blobs/{SHA}%0A", headers=device.headers)
        assert response.status_code == 422


def test_ids_with_a_newline_are_refused_in_push_and_enrolment(ctx, client):
    device = enrol(ctx, "王检查", "inspector", ["A"])
    entries = device.new_inspection()
    entries[0]["change_id"] += "\n"
    response = client.post("/api/v1/push", json=device.push_body(entries), headers=device.headers)
    result = PushResponse.model_validate(response.json()).results[0]
    assert result.status == "rejected" and "change_id" in result.reason
    code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
    response = client.post(
        "/api/v1/enroll",
        json={"code": code, "device_id": "laptop-9\n", "public_key": new_public_key()},
    )
    assert response.status_code == 422
    assert "device_id" in ErrorBody.model_validate(response.json()).message


def test_names_with_a_newline_are_refused(ctx):
    with pytest.raises(Exception, match="printable"):
        admin.add_user(ctx.engine, "王\n检查", "inspector", ["A"])


# ---- authorization before the duplicate check ----------------------------------------------


def test_a_change_id_of_another_team_is_not_revealed(ctx, client):
    owner = enrol(ctx, "王检查", "inspector", ["A"])
    other = enrol(ctx, "赵检查", "inspector", ["B"])
    entries = owner.new_inspection()
    pushed = client.post("/api/v1/push", json=owner.push_body(entries), headers=owner.headers)
    assert {r.status for r in PushResponse.model_validate(pushed.json()).results} == {"applied"}

    # The other team replays an existing entry and a made-up one of the same inspection:
    # both get the same "another team" answer, not "duplicate".
    made_up = dict(entries[0], change_id="never-used-id")
    replay = client.post(
        "/api/v1/push", json=other.push_body([entries[0], made_up]), headers=other.headers
    )
    results = PushResponse.model_validate(replay.json()).results
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert results[0].reason == results[1].reason
    assert results[0].reason.startswith("unauthorized: ")
    assert results[0].reason.endswith("the inspection belongs to another team")
    assert results[0].seq is None

    # The owner still hears "duplicate" with the seq.
    again = client.post("/api/v1/push", json=owner.push_body(entries[:1]), headers=owner.headers)
    result = PushResponse.model_validate(again.json()).results[0]
    assert result.status == "duplicate" and result.seq is not None


def test_a_reused_change_id_for_a_new_inspection_creates_nothing(ctx, client):
    owner = enrol(ctx, "王检查", "inspector", ["A"])
    other = enrol(ctx, "赵检查", "inspector", ["B"])
    entries = owner.new_inspection()
    client.post("/api/v1/push", json=owner.push_body(entries), headers=owner.headers)
    forged = other.new_inspection()[:1]
    forged[0]["change_id"] = entries[0]["change_id"]
    response = client.post("/api/v1/push", json=other.push_body(forged), headers=other.headers)
    result = PushResponse.model_validate(response.json()).results[0]
    assert result.status == "rejected"
    pulled = client.get("/api/v1/pull", headers=other.headers).json()
    assert pulled["changes"] == []  # no inspection was assigned to team B
    from sqlalchemy import func, select

    from inspector_app.server import db

    with ctx.engine.connect() as conn:
        teams = conn.execute(select(db.inspections.c.team, func.count()).group_by("team")).all()
    assert dict(teams) == {"A": 1}
