"""The sync API against a real uvicorn on 127.0.0.1, on SQLite and on PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector_app.domain.merge import Change, materialise, state_hash
from inspector_app.server import admin, db
from inspector_app.server.changelog import server_state_hash
from inspector_app.server.errors import ApiError
from inspector_app.store.merge import conflict_id
from inspector_app.sync.protocol import (
    EnrollResponse,
    ErrorBody,
    PullResponse,
    PushResponse,
)
from inspector_app.sync.signing import SigningKey

from .conftest import VERSION_HEADERS, Device, enrol, new_public_key

CHECKLIST = Path(__file__).parents[1] / "checklist" / "fixtures" / "library" / "demo-gmp.v1.yaml"


def push(client, device: Device, entries: list[dict]) -> PushResponse:
    response = client.post("/api/v1/push", json=device.push_body(entries))
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json())


def pull(client, since: int = 0, limit: int = 1000) -> PullResponse:
    response = client.get("/api/v1/pull", params={"since": since, "limit": limit})
    assert response.status_code == 200, response.text
    return PullResponse.model_validate(response.json())


def expected_hash(entries: list[dict]) -> str:
    return state_hash(materialise(Change(**e) for e in entries))


def count(ctx, table) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# ---- enrolment and versions --------------------------------------------------------------


def test_enrol_once_then_token_works_and_code_is_spent(ctx, live):
    admin.add_user(ctx.engine, "王检查", "inspector", ["华东组"])
    from inspector_app.server import auth

    code, _ = auth.make_enroll_code(ctx.engine, "王检查", 1)
    with live.client() as client:
        key = SigningKey.generate()
        body = {
            "code": code.lower().replace("-", " "),
            "device_id": "laptop-1",
            "public_key": key.public_text,
        }
        response = client.post("/api/v1/enroll", json=body)
        assert response.status_code == 200, response.text
        enrolled = EnrollResponse.model_validate(response.json())
        assert (enrolled.user, enrolled.role, enrolled.teams) == ("王检查", "inspector", ["华东组"])
        assert enrolled.server_id == ctx.server_id
        again = client.post("/api/v1/enroll", json=body)
        assert again.status_code == 401
        assert ErrorBody.model_validate(again.json()).code == "unauthorized"
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(db.devices.c.token_hash)).scalar_one()
    assert enrolled.token not in stored and len(stored) == 64  # only the hash is kept
    device = Device("laptop-1", enrolled.token, "王检查")
    with live.client(device) as client:
        assert pull(client).changes == []


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 426, "upgrade_required"),
        ({"X-Inspector-Protocol": "0", "X-Inspector-Schema": "0003"}, 426, "upgrade_required"),
        ({"X-Inspector-Protocol": "1"}, 426, "upgrade_required"),
        ({"X-Inspector-Protocol": "abc", "X-Inspector-Schema": "0003"}, 426, "upgrade_required"),
        ({"X-Inspector-Protocol": "99", "X-Inspector-Schema": "0003"}, 400, "server_outdated"),
    ],
)
def test_old_or_missing_protocol_gets_upgrade_required(ctx, live, headers, status, code):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    auth_only = {"Authorization": f"Bearer {device.token}"}
    import httpx

    with httpx.Client(base_url=live.url, headers={**auth_only, **headers}) as client:
        for response in (
            client.get("/api/v1/pull"),
            client.post("/api/v1/push", json=device.push_body([])),
            client.post(
                "/api/v1/enroll",
                json={"code": "x", "device_id": "d", "public_key": new_public_key()},
            ),
        ):
            assert response.status_code == status
            assert ErrorBody.model_validate(response.json()).code == code


# ---- push --------------------------------------------------------------------------------


def test_push_is_idempotent_and_pull_returns_the_entries(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    entries = device.new_inspection()
    with live.client(device) as client:
        first = push(client, device, entries)
        assert [r.status for r in first.results] == ["applied"] * len(entries)
        seqs = [r.seq for r in first.results]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        again = push(client, device, entries)
        assert [r.status for r in again.results] == ["duplicate"] * len(entries)
        assert [r.seq for r in again.results] == seqs
        page = pull(client)
    assert [c.change_id for c in page.changes] == [e["change_id"] for e in entries]
    assert count(ctx, db.changes) == len(entries)
    assert server_state_hash(ctx.engine) == expected_hash(entries)
    assert server_state_hash(ctx.engine, entries[0]["inspection_id"]) == expected_hash(entries)


def test_rejected_entries_get_reasons_and_leave_nothing_applied(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    good = device.new_inspection()
    iid = good[0]["inspection_id"]
    day_ms = 24 * 3600 * 1000
    bad = [
        device.entry(iid, "company_name", "未来公司", hlc=device.hlc(day_ms + 60_000)),
        device.entry(iid, "state", "accepted", kind="review", record_id="r1"),
        device.entry(iid, "colour", "red", kind="spaceship"),
        device.entry(iid, "no_such_field", "x"),
        device.entry(iid, "checklist_version", "one"),
        device.entry(iid, "planned_start", "not a date"),
        device.entry(iid, "deleted", "true"),  # a string is not a boolean on the wire
    ]
    ok_soon = device.entry(iid, "document_no", "药检2026-1", hlc=device.hlc(day_ms - 60_000))
    batch = [*good[:3], *bad, ok_soon, *good[3:]]
    with live.client(device) as client:
        results = push(client, device, batch).results
        page = pull(client)
    by_id = {r.change_id: r for r in results}
    assert [r.change_id for r in results] == [e["change_id"] for e in batch]  # request order
    reasons = [by_id[e["change_id"]].reason for e in bad]
    assert all(by_id[e["change_id"]].status == "rejected" for e in bad)
    assert all(by_id[e["change_id"]].seq is None for e in bad)
    assert reasons[0].startswith("clock ahead")
    assert reasons[1].startswith("unauthorized")
    assert all(r.startswith("invalid") for r in reasons[2:])
    applied = [*good, ok_soon]
    assert all(by_id[e["change_id"]].status == "applied" for e in applied)
    assert {c.change_id for c in page.changes} == {e["change_id"] for e in applied}
    assert count(ctx, db.changes) == len(applied)
    assert server_state_hash(ctx.engine) == expected_hash(applied)


def test_a_batch_that_fails_midway_applies_nothing(ctx, live, monkeypatch):
    from inspector_app.server import changelog

    device = enrol(ctx, "inspector", "inspector", ["A"])
    entries = device.new_inspection()

    def crash(*_args, **_kwargs):
        raise RuntimeError("simulated crash after the entries were inserted")

    monkeypatch.setattr(changelog, "_materialise", crash)
    with live.client(device) as client:
        response = client.post("/api/v1/push", json=device.push_body(entries))
        assert response.status_code == 500
        for table in (db.changes, db.winners, db.inspections):
            assert count(ctx, table) == 0
    monkeypatch.undo()
    with live.client(device) as client:  # the server closed the failed connection
        results = push(client, device, entries).results
    assert [r.status for r in results] == ["applied"] * len(entries)
    assert server_state_hash(ctx.engine) == expected_hash(entries)


def test_push_with_another_devices_id_is_forbidden(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    with live.client(device) as client:
        body = {"device_id": "someone-else", "changes": device.new_inspection()}
        response = client.post("/api/v1/push", json=body)
    assert response.status_code == 403
    assert count(ctx, db.changes) == 0


# ---- pull --------------------------------------------------------------------------------


def test_pull_pages_with_cursors(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    entries = device.new_inspection() + device.new_inspection() + device.new_inspection()
    with live.client(device) as client:
        push(client, device, entries)
        cursor, seen, pages = 0, [], []
        while True:
            page = pull(client, cursor, limit=8)
            seqs = [c.seq for c in page.changes]
            assert seqs == sorted(set(seqs)) and all(s > cursor for s in seqs)
            if page.more:
                assert page.next_cursor == seqs[-1]
            seen += [c.change_id for c in page.changes]
            pages.append(len(seqs))
            cursor = page.next_cursor
            if not page.more:
                break
        assert pages == [8, 8, 5]
        assert seen == [e["change_id"] for e in entries]
        empty = pull(client, cursor)
        assert (empty.changes, empty.more, empty.next_cursor) == ([], False, cursor)


def test_pull_shows_only_the_users_teams(ctx, live):
    a = enrol(ctx, "a", "inspector", ["A"])
    b = enrol(ctx, "b", "inspector", ["B"])
    reviewer = enrol(ctx, "r", "reviewer", [])
    a_entries, b_entries = a.new_inspection(), b.new_inspection()
    with live.client(a) as ca, live.client(b) as cb, live.client(reviewer) as cr:
        push(ca, a, a_entries)
        push(cb, b, b_entries)
        a_page, b_page, r_page = pull(ca), pull(cb), pull(cr)
        # The cursor moves to the head: a later pull does not rescan the other team's entries.
        assert a_page.next_cursor == b_page.next_cursor == r_page.next_cursor
    assert {c.change_id for c in a_page.changes} == {e["change_id"] for e in a_entries}
    assert {c.change_id for c in b_page.changes} == {e["change_id"] for e in b_entries}
    assert len(r_page.changes) == len(a_entries) + len(b_entries)


# ---- conflicts ---------------------------------------------------------------------------


def test_concurrent_losing_push_is_recorded_as_a_conflict(ctx, live):
    lead = enrol(ctx, "lead", "inspector", ["A"])
    member = enrol(ctx, "member", "inspector", ["A"])
    created = lead.new_inspection()
    iid, base = created[0]["inspection_id"], created[0]["hlc"]
    with live.client(lead) as cl, live.client(member) as cm:
        push(cl, lead, created)
        member.wall_ms = lead.wall_ms  # both edit offline from the same base
        lead_edit = lead.entry(iid, "company_name", "甲公司", base_hlc=base, hlc=lead.hlc(5))
        member_edit = member.entry(iid, "company_name", "乙公司", base_hlc=base, hlc=member.hlc(1))
        push(cl, lead, [lead_edit])
        push(cm, member, [member_edit])  # older clock: loses, concurrently
        # A deliberate overwrite of the winner (its base is the winner's clock): no conflict.
        fix = member.entry(iid, "document_no", "1", base_hlc=None, hlc=member.hlc(10))
        fix2 = lead.entry(iid, "document_no", "2", base_hlc=fix["hlc"], hlc=lead.hlc(20))
        push(cm, member, [fix])
        push(cl, lead, [fix2])
        page = pull(cm)
    assert len(page.conflicts) == 1
    conflict = page.conflicts[0]
    assert conflict.id == conflict_id(member_edit["change_id"])
    assert (conflict.losing_value, conflict.winning_value) == ("乙公司", "甲公司")
    assert count(ctx, db.conflicts) == 1
    everything = [*created, lead_edit, member_edit, fix, fix2]
    assert server_state_hash(ctx.engine) == expected_hash(everything)


def test_displaced_concurrent_winner_is_recorded_as_a_conflict(ctx, live):
    a = enrol(ctx, "a", "inspector", ["A"])
    b = enrol(ctx, "b", "inspector", ["A"])
    created = a.new_inspection()
    iid, base = created[0]["inspection_id"], created[0]["hlc"]
    with live.client(a) as ca, live.client(b) as cb:
        push(ca, a, created)
        b.wall_ms = a.wall_ms
        early = a.entry(iid, "site_address", "一号楼", base_hlc=base, hlc=a.hlc(1))
        later = b.entry(iid, "site_address", "二号楼", base_hlc=base, hlc=b.hlc(50))
        push(ca, a, [early])
        push(cb, b, [later])  # wins, and displaces a concurrent value
        page = pull(ca)
    assert [c.id for c in page.conflicts] == [conflict_id(early["change_id"])]
    assert page.conflicts[0].winning_value == "二号楼"


# ---- checklists --------------------------------------------------------------------------


def test_checklists_flow_to_laptops_once_and_are_immutable(ctx, live, tmp_path):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    with live.client(device) as client:
        first = pull(client)
        assert first.checklists == []
        file, added = admin.add_checklist_file(ctx.engine, CHECKLIST)
        assert added
        page = pull(client, first.next_cursor)
        assert [(c.id, c.version, c.sha256) for c in page.checklists] == [
            (file.id, file.version, file.sha256)
        ]
        assert page.checklists[0].yaml == CHECKLIST.read_text(encoding="utf-8")
        assert pull(client, page.next_cursor).checklists == []
        assert len(pull(client, 0).checklists) == 1  # a new laptop gets it too
    _same, added_again = admin.add_checklist_file(ctx.engine, CHECKLIST)
    assert not added_again
    changed = tmp_path / CHECKLIST.name
    changed.write_text(CHECKLIST.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(ApiError) as refused:
        admin.add_checklist_file(ctx.engine, changed)
    assert refused.value.status == 409


# ---- concurrency -------------------------------------------------------------------------


def test_fifty_concurrent_pushers_get_unique_seqs(ctx, live):
    devices = [enrol(ctx, f"user{i}", "inspector", ["A"]) for i in range(50)]
    batches = [d.new_inspection() + d.new_inspection() + d.new_inspection() for d in devices]

    def run(i: int) -> PushResponse:
        with live.client(devices[i]) as client:
            return push(client, devices[i], batches[i])

    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(run, range(50)))
    seqs = [r.seq for resp in responses for r in resp.results]
    assert all(r.status == "applied" for resp in responses for r in resp.results)
    assert len(seqs) == len(set(seqs)) == 50 * 21
    everything = [e for batch in batches for e in batch]
    assert server_state_hash(ctx.engine) == expected_hash(everything)
    # Pulled in seq order, every entry exactly once.
    with live.client(devices[0]) as client:
        cursor, seen = 0, []
        while True:
            page = pull(client, cursor, limit=300)
            seen += [c.seq for c in page.changes]
            cursor = page.next_cursor
            if not page.more:
                break
    assert seen == sorted(seqs)


def test_head_and_version_headers_are_not_needed_for_openapi(live):
    import httpx

    response = httpx.get(live.url + "/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/push", "/api/v1/pull", "/api/v1/enroll", "/api/v1/uploads"):
        assert path in paths
    assert VERSION_HEADERS  # the API itself needs them (see the 426 test)
