"""Enrolment never reassigns a device: a registered device id is refused (issue 10)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inspector_app.server import admin, auth, db
from inspector_app.sync.protocol import ErrorBody

from .conftest import enrol, new_public_key


def _device_row(ctx, device_id: str):
    d = db.devices.c
    with ctx.engine.connect() as conn:
        return conn.execute(
            select(d.user_name, d.name, d.token_hash, d.enrolled_at, d.revoked_at).where(
                d.device_id == device_id
            )
        ).one()


def _code_used(ctx, code: str) -> bool:
    c = db.enroll_codes.c
    with ctx.engine.connect() as conn:
        used = conn.execute(
            select(c.used_at).where(c.code_hash == auth.hash_secret(auth.normalise_code(code)))
        ).scalar_one()
    return used is not None


def test_enrolling_another_users_device_id_is_refused_and_changes_nothing(ctx, live):
    victim = enrol(ctx, "王检查", "inspector", ["华东组"])
    before = _device_row(ctx, victim.device_id)
    admin.add_user(ctx.engine, "赵攻击", "inspector", ["华南组"])
    code, _ = auth.make_enroll_code(ctx.engine, "赵攻击", 1)
    with live.client() as client:
        response = client.post(
            "/api/v1/enroll",
            json={
                "code": code,
                "device_id": victim.device_id,
                "device_name": "mine now",
                "public_key": new_public_key(),
            },
        )
    assert response.status_code == 409, response.text
    error = ErrorBody.model_validate(response.json())
    assert error.code == "device_exists"
    assert victim.device_id in error.message and "already enrolled" in error.message
    assert _device_row(ctx, victim.device_id) == before  # same user, name, token, dates
    assert not _code_used(ctx, code)  # a refused enrolment does not spend the code
    with live.client(victim) as client:  # the victim's token still works
        assert client.get("/api/v1/pull").status_code == 200


def test_re_enrolling_the_same_users_device_id_is_refused_too(ctx, live):
    device = enrol(ctx, "王检查", "inspector", ["华东组"])
    before = _device_row(ctx, device.device_id)
    code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
    with live.client() as client:
        response = client.post(
            "/api/v1/enroll",
            json={"code": code, "device_id": device.device_id, "public_key": new_public_key()},
        )
    assert response.status_code == 409
    assert ErrorBody.model_validate(response.json()).code == "device_exists"
    assert _device_row(ctx, device.device_id) == before


def test_a_revoked_device_id_is_not_reassigned(ctx, live):
    device = enrol(ctx, "王检查", "inspector", ["华东组"])
    admin.revoke_device(ctx.engine, device.device_id)
    before = _device_row(ctx, device.device_id)
    assert before.revoked_at is not None
    admin.add_user(ctx.engine, "赵攻击", "inspector", ["华南组"])
    code, _ = auth.make_enroll_code(ctx.engine, "赵攻击", 1)
    with live.client() as client:
        response = client.post(
            "/api/v1/enroll",
            json={"code": code, "device_id": device.device_id, "public_key": new_public_key()},
        )
    assert response.status_code == 409
    assert _device_row(ctx, device.device_id) == before  # still revoked, still its old user


def test_a_wrong_code_says_nothing_about_device_ids(ctx, live):
    device = enrol(ctx, "王检查", "inspector", ["华东组"])
    with live.client() as client:
        response = client.post(
            "/api/v1/enroll",
            json={
                "code": "AAAA-BBBB-CCCC",
                "device_id": device.device_id,
                "public_key": new_public_key(),
            },
        )
    assert response.status_code == 401  # the same answer as for an unknown device id


def test_console_device_ids_are_reserved(ctx):
    """A laptop cannot enrol as `console:<reviewer>` and so block that reviewer's actions."""
    admin.add_user(ctx.engine, "王检查", "inspector", ["A"])
    code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
    with pytest.raises(auth.ApiError) as refused:
        auth.enroll(ctx.engine, code, "console:李审核", "x", new_public_key())
    assert refused.value.status == 422 and "reserved" in refused.value.message
    # The code was not spent.
    token, who = auth.enroll(ctx.engine, code, "laptop-1", "x", new_public_key())
    assert who.device_id == "laptop-1" and token
