"""A revoked device's token is told so (401 `device_revoked`, naming when: D38), on every
route and also where LimitsGate checks the token before the body; an unknown token keeps the
one answer that tells a guesser nothing. SQLite and PostgreSQL, through a real server."""

from __future__ import annotations

import httpx
from tests.server.conftest import VERSION_HEADERS, Device, enrol

from inspector_app.server import auth

UNKNOWN = "unknown or revoked device token; enrol again"


def _error(response: httpx.Response) -> dict:
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"] == "Bearer"
    return response.json()


def test_a_revoked_device_is_told_so_and_when(ctx, live):
    boss = enrol(ctx, "admin-1", "admin", [])
    laptop = enrol(ctx, "wang", "inspector", ["A"])
    with live.client(laptop) as client:
        assert client.get("/api/v1/keys").status_code == 200
    # The real admin path: an admin's device revokes it over the API.
    with live.client(boss) as client:
        done = client.post(f"/api/v1/admin/devices/{laptop.device_id}/revoke")
    assert done.status_code == 200, done.text
    revoked_at = done.json()["revoked_at"]
    assert revoked_at

    with live.client(laptop) as client:
        # A GET (token checked by the route's dependency) and a push (checked by LimitsGate
        # before the body is read) give the same answer.
        answers = [
            _error(client.get("/api/v1/keys")),
            _error(client.get("/api/v1/experts")),
            _error(client.post("/api/v1/push", json=laptop.push_body(laptop.new_inspection()))),
        ]
    for body in answers:
        assert body["code"] == auth.DEVICE_REVOKED
        assert revoked_at in body["message"]
        assert laptop.device_id in body["message"]
        assert "revoked by the center" in body["message"]


def test_an_unknown_token_keeps_the_answer_that_says_nothing(ctx, live):
    enrol(ctx, "wang", "inspector", ["A"])
    stranger = Device("nobody", "not-a-token-at-all", "nobody")
    with live.client(stranger) as client:
        answers = [
            _error(client.get("/api/v1/keys")),
            _error(client.post("/api/v1/push", json=stranger.push_body([]))),
        ]
    for body in answers:
        assert body["code"] == "unauthorized"
        assert body["message"] == UNKNOWN
    with httpx.Client(base_url=live.url, headers=VERSION_HEADERS, timeout=30) as client:
        body = _error(client.get("/api/v1/keys"))  # no token at all
    assert body["code"] == "unauthorized" and "required" in body["message"]


def test_an_active_device_still_works_beside_a_revoked_one(ctx, live):
    from inspector_app.server import admin

    kept = enrol(ctx, "li", "inspector", ["A"])
    gone = enrol(ctx, "wang", "inspector", ["A"])
    admin.revoke_device(ctx.engine, gone.device_id)
    with live.client(kept) as client:
        assert client.get("/api/v1/keys").status_code == 200
    with live.client(gone) as client:
        assert _error(client.get("/api/v1/keys"))["code"] == auth.DEVICE_REVOKED
