"""Signed changes on the server (issue 10), on SQLite and PostgreSQL: every entry carries its
author device's Ed25519 signature; forged, altered, unsigned, unknown-device and revoked-key
entries are refused with a reason and change nothing; a teammate may relay a valid entry."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from inspector_app.server import admin, auth, changelog, db
from inspector_app.server.app import create_app
from inspector_app.server.changelog import server_state_hash
from inspector_app.sync.protocol import (
    ChangeEntry,
    ErrorBody,
    KeysResponse,
    PushResponse,
    ServerChange,
)
from inspector_app.sync.signing import SigningKey, verify

from .conftest import KEYS, VERSION_HEADERS, Device, enrol, sign


@pytest.fixture
def client(ctx):
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as test_client:
        yield test_client


def push(client, pusher: Device, entries: list[dict]) -> PushResponse:
    response = client.post("/api/v1/push", json=pusher.push_body(entries), headers=pusher.headers)
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json())


def changes_count(ctx) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(db.changes)).scalar_one()


@pytest.fixture
def team(ctx, client):
    """王 (author) and 李 (teammate) in team A, 赵 in team B; 王's inspection on the server."""
    author = enrol(ctx, "王检查", "inspector", ["A"])
    mate = enrol(ctx, "李检查", "inspector", ["A"])
    stranger = enrol(ctx, "赵检查", "inspector", ["B"])
    entries = author.new_inspection()
    entries.append(
        author.entry(
            entries[0]["inspection_id"], "severity", "critical", kind="defect", record_id="d-1"
        )
    )
    entries.append(
        author.entry(
            entries[0]["inspection_id"],
            "inspection_id",
            entries[0]["inspection_id"],
            kind="defect",
            record_id="d-1",
        )
    )
    assert {r.status for r in push(client, author, entries).results} == {"applied"}
    return author, mate, stranger, entries


def _downgrade(author: Device, entries: list[dict], base_hlc: str | None) -> dict:
    """A '严重 -> 一般' style downgrade of 王's defect, claiming 王's device, winning by clock."""
    iid = entries[0]["inspection_id"]
    return author.entry(
        iid,
        "severity",
        "general",
        kind="defect",
        record_id="d-1",
        base_hlc=base_hlc,
        hlc=author.hlc(offset_ms=60_000),
    )


def test_a_forged_entry_claiming_another_device_is_rejected_and_changes_nothing(ctx, client, team):
    author, mate, _stranger, entries = team
    before_hash, before_count = server_state_hash(ctx.engine), changes_count(ctx)
    forged = _downgrade(author, entries, base_hlc=entries[-2]["hlc"])
    # The teammate signs it with their own key: it is not 王's signature.
    result = push(client, mate, [sign(forged, KEYS[mate.device_id])]).results[0]
    assert result.status == "rejected"
    assert result.reason == (
        f"bad signature: the entry was altered or is not from device {author.device_id!r}"
    )
    assert (server_state_hash(ctx.engine), changes_count(ctx)) == (before_hash, before_count)


def test_an_entry_altered_after_signing_is_rejected(ctx, client, team):
    author, mate, _stranger, entries = team
    before = server_state_hash(ctx.engine)
    genuine = sign(author.entry(entries[0]["inspection_id"], "site_address", "上海市浦东新区"))
    for pusher in (author, mate):
        altered = dict(genuine, value="别的地址")
        result = push(client, pusher, [altered]).results[0]
        assert result.status == "rejected" and result.reason.startswith("bad signature: ")
    # Any field counts, not only the value: the clock, the base, the device.
    for name, value in (("hlc", author.hlc(offset_ms=5)), ("base_hlc", entries[0]["hlc"])):
        result = push(client, author, [dict(genuine, **{name: value})]).results[0]
        assert result.status == "rejected" and result.reason.startswith("bad signature: ")
    garbage = dict(genuine, signature="A" * 88)
    assert push(client, author, [garbage]).results[0].reason.startswith("bad signature: ")
    assert server_state_hash(ctx.engine) == before
    # The genuine one goes through.
    assert push(client, author, [genuine]).results[0].status == "applied"


def test_unsigned_entries_are_rejected(ctx, client, team):
    author, _mate, _stranger, entries = team
    before = changes_count(ctx)
    entry = author.entry(entries[0]["inspection_id"], "site_address", "x")
    for unsigned in (dict(entry, signature=None), dict(entry, signature="")):
        result = push(client, author, [unsigned]).results[0]
        assert result.status == "rejected"
        assert result.reason.startswith("unsigned: the entry carries no signature")
    assert changes_count(ctx) == before


def test_a_device_enrolled_before_keys_must_re_enrol(ctx, client, team):
    author, _mate, _stranger, entries = team
    d = db.devices.c
    with db.write_transaction(ctx.engine) as conn:  # as a device enrolled before schema 0002
        conn.execute(
            update(db.devices).where(d.device_id == author.device_id).values(public_key=None)
        )
    entry = author.entry(entries[0]["inspection_id"], "site_address", "x")
    result = push(client, author, [entry]).results[0]
    assert result.status == "rejected"
    assert result.reason.startswith("unsigned: ") and "re-enrol this laptop" in result.reason


def test_an_entry_of_an_unknown_device_is_rejected(ctx, client, team):
    _author, mate, _stranger, entries = team
    ghost = Device("ghost-laptop", "", "nobody")
    key = SigningKey.generate()
    entry = sign(ghost.entry(entries[0]["inspection_id"], "site_address", "x"), key)
    result = push(client, mate, [entry]).results[0]
    assert result.status == "rejected"
    assert result.reason == "unknown device: no device 'ghost-laptop' is enrolled on this server"


def test_a_teammate_relays_a_signed_entry_and_it_keeps_author_and_signature(ctx, client, team):
    author, mate, _stranger, entries = team
    entry = sign(author.entry(entries[0]["inspection_id"], "site_address", "由李转交"))
    result = push(client, mate, [entry]).results[0]
    assert result.status == "applied", result.reason
    with ctx.engine.connect() as conn:
        row = conn.execute(
            select(db.changes).where(db.changes.c.change_id == entry["change_id"])
        ).one()
    assert row.user_name == "王检查"  # the author's user, not the relaying teammate's
    assert row.signature == entry["signature"]
    pulled = client.get("/api/v1/pull", headers=mate.headers).json()["changes"]
    got = next(c for c in pulled if c["change_id"] == entry["change_id"])
    assert got["signature"] == entry["signature"]
    assert verify(
        KEYS[author.device_id].public_text, ServerChange(**got).to_change(), got["signature"]
    )
    # The author's own laptop later pushes it too: a duplicate with the same seq.
    again = push(client, author, [entry]).results[0]
    assert (again.status, again.seq) == ("duplicate", result.seq)


def test_another_team_may_not_relay_even_a_valid_entry(ctx, client, team):
    author, _mate, stranger, entries = team
    before = changes_count(ctx)
    entry = sign(author.entry(entries[0]["inspection_id"], "site_address", "x"))
    result = push(client, stranger, [entry]).results[0]
    assert result.status == "rejected"
    assert result.reason.startswith(f"unauthorized: device {stranger.device_id!r} may not pass")
    assert changes_count(ctx) == before


def test_the_author_must_be_allowed_to_write_what_a_teammate_relays(ctx, client, team):
    _author, mate, stranger, entries = team
    # 赵 (team B) signs an entry for team A's inspection; 李 (team A) relays it.
    entry = sign(stranger.entry(entries[0]["inspection_id"], "site_address", "x"))
    result = push(client, mate, [entry]).results[0]
    assert result.status == "rejected"
    assert result.reason == "unauthorized: the inspection belongs to another team"
    # A reviewer's device signs an inspection field: reviewers write review records only.
    reviewer = enrol(ctx, "审核", "reviewer", [])
    entry = sign(reviewer.entry(entries[0]["inspection_id"], "site_address", "x"))
    result = push(client, mate, [entry]).results[0]
    assert result.reason == "unauthorized: reviewers write review records only"
    # A new inspection relayed by a teammate belongs to the AUTHOR's first team (C), not
    # the relaying device's (A); the relayer must be a member of that team.
    multi = enrol(ctx, "钱检查", "inspector", ["C", "A"])
    relayer = enrol(ctx, "孙检查", "inspector", ["A", "C"])
    fresh = [sign(e) for e in multi.new_inspection()]
    refused = push(client, mate, fresh).results  # 李 is not in team C
    assert {r.status for r in refused} == {"rejected"}
    assert {r.status for r in push(client, relayer, fresh).results} == {"applied"}
    with ctx.engine.connect() as conn:
        owner = conn.execute(
            select(db.inspections.c.team, db.inspections.c.created_by).where(
                db.inspections.c.id == fresh[0]["inspection_id"]
            )
        ).one()
    assert tuple(owner) == ("C", "钱检查")


def test_a_revoked_devices_new_entries_are_rejected_old_ones_stay_duplicates(ctx, client, team):
    author, mate, _stranger, entries = team
    admin.revoke_device(ctx.engine, author.device_id)
    before = server_state_hash(ctx.engine)
    late = sign(_downgrade(author, entries, base_hlc=entries[-2]["hlc"]))
    result = push(client, mate, [late]).results[0]
    assert result.status == "rejected"
    assert result.reason.startswith(f"signed by a revoked device: {author.device_id!r}")
    assert server_state_hash(ctx.engine) == before
    # What the server took before the revocation is answered as a duplicate when relayed.
    old = push(client, mate, [entries[0]]).results[0]
    assert old.status == "duplicate"
    # The revoked key is listed as revoked.
    keys = KeysResponse.model_validate(client.get("/api/v1/keys", headers=mate.headers).json())
    listed = {k.device_id: k for k in keys.keys}
    assert listed[author.device_id].revoked_at is not None
    assert listed[mate.device_id].revoked_at is None


def test_authorization_comes_before_the_duplicate_check_for_relays(ctx, client, team):
    _author, _mate, stranger, entries = team
    # The stranger replays 王's genuine, already stored entry: refused, not "duplicate".
    result = push(client, stranger, [entries[0]]).results[0]
    assert result.status == "rejected" and result.seq is None
    assert "another team" in result.reason


# ---- enrolment and keys ---------------------------------------------------------------------


def test_enrolment_stores_the_key_and_refuses_a_malformed_one(ctx, client):
    admin.add_user(ctx.engine, "王检查", "inspector", ["A"])
    code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
    key = SigningKey.generate()
    bad_keys = ("!" * 44, "QUFB" * 11, key.public_text[:-4] + "====")
    for bad in bad_keys:
        response = client.post(
            "/api/v1/enroll", json={"code": code, "device_id": "laptop-1", "public_key": bad}
        )
        assert response.status_code == 422, response.text
        message = ErrorBody.model_validate(response.json()).message
        assert "public_key" in message
    response = client.post(
        "/api/v1/enroll",
        json={"code": code, "device_id": "laptop-1", "public_key": key.public_text},
    )
    assert response.status_code == 200, response.text  # the refusals did not spend the code
    with ctx.engine.connect() as conn:
        stored = conn.execute(
            select(db.devices.c.public_key).where(db.devices.c.device_id == "laptop-1")
        ).scalar_one()
    assert stored == key.public_text


def test_keys_are_scoped_to_the_teams_the_caller_shares(ctx, client):
    a1 = enrol(ctx, "a1", "inspector", ["A"])
    a2 = enrol(ctx, "a2", "inspector", ["A", "B"])
    b1 = enrol(ctx, "b1", "inspector", ["B"])
    c1 = enrol(ctx, "c1", "inspector", ["C"])
    reviewer = enrol(ctx, "rev", "reviewer", [])
    boss = enrol(ctx, "boss", "admin", [])
    admin.revoke_device(ctx.engine, b1.device_id)

    def seen(device: Device) -> dict[str, str]:
        response = client.get("/api/v1/keys", headers=device.headers)
        assert response.status_code == 200, response.text
        keys = KeysResponse.model_validate(response.json()).keys
        for k in keys:
            assert k.public_key == KEYS[k.device_id].public_text
        return {k.device_id: k.user for k in keys}

    everyone = {d.device_id for d in (a1, a2, b1, c1, reviewer, boss)}
    assert set(seen(a1)) == {a1.device_id, a2.device_id, reviewer.device_id}
    assert set(seen(a2)) == {a1.device_id, a2.device_id, b1.device_id, reviewer.device_id}
    assert set(seen(c1)) == {c1.device_id, reviewer.device_id}
    assert set(seen(reviewer)) == everyone
    assert set(seen(boss)) == everyone
    assert seen(a1)[a2.device_id] == "a2"
    # Without a token: 401.
    assert client.get("/api/v1/keys").status_code == 401
    # The admin device list says which devices have a key (all of these do).
    listed = client.get("/api/v1/admin/devices", headers=boss.headers).json()
    assert {d["device_id"]: d["has_key"] for d in listed} == dict.fromkeys(everyone, True)


# ---- cost --------------------------------------------------------------------------------------


def test_verifying_a_full_batch_is_cheap(ctx, client):
    device = enrol(ctx, "王检查", "inspector", ["A"])
    iid = device.new_inspection()[0]["inspection_id"]
    entries = [sign(e) for e in device.new_inspection(iid)]
    entries += [
        sign(
            device.entry(
                iid, "note", f"第{n}条" + "检" * 200, kind="item_result", record_id=f"r-{n}"
            )
        )
        for n in range(500 - len(entries))
    ]
    models = [ChangeEntry(**e) for e in entries]
    keys = changelog._load_keys(ctx.engine, {device.device_id})
    started = time.perf_counter()
    problems = [changelog.signature_problem(m, keys) for m in models]
    verify_s = time.perf_counter() - started
    assert problems == [None] * 500
    started = time.perf_counter()
    result = push(client, device, entries)
    push_s = time.perf_counter() - started
    assert {r.status for r in result.results} == {"applied"}
    print(
        f"\n[verify] 500 signatures verified in {verify_s * 1000:.1f} ms "
        f"({verify_s / 500 * 1e6:.0f} us each); the whole 500-entry push took "
        f"{push_s * 1000:.0f} ms"
    )
    assert verify_s < 0.5
