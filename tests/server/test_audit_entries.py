"""Audit rows as synced, signed, append-only entries on the server (issue 10), on SQLite and
PostgreSQL: validated like on the laptops, never rewritten, naming only the author's account,
and rendered byte-identically by `server_audit_trail`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from inspector_app.domain.audit import AuditRow, trail_bytes
from inspector_app.domain.ids import new_id
from inspector_app.domain.merge import Change, materialise, state_hash
from inspector_app.server import db
from inspector_app.server.app import create_app
from inspector_app.server.changelog import server_audit_trail, server_state_hash
from inspector_app.sync.protocol import PushResponse

from .conftest import VERSION_HEADERS, Device, enrol


@pytest.fixture
def client(ctx):
    with TestClient(create_app(context=ctx), headers=VERSION_HEADERS) as test_client:
        yield test_client


def push(client, pusher: Device, entries: list[dict]) -> PushResponse:
    response = client.post("/api/v1/push", json=pusher.push_body(entries), headers=pusher.headers)
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json())


def audit_row(device: Device, iid: str, account: str, **overrides) -> AuditRow:
    values = {
        "id": new_id(),
        "inspection_id": iid,
        "at": "2026-11-30T08:00:00.000000Z",
        "actor": "王小明",
        "account": account,
        "role": "inspector",
        "device_id": device.device_id,
        "kind": "defect",
        "record_id": "d-1",
        "action": "update",
        "field": "severity",
        "old": "critical",
        "new": "general",
        "reason": "复核后降级",
    }
    return AuditRow(**{**values, **overrides})


def audit_entry(device: Device, row: AuditRow, hlc: str | None = None) -> dict:
    return device.entry(
        row.inspection_id, "row", row.wire(), kind="audit", record_id=row.id, hlc=hlc
    )


def audit_count(ctx) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(db.changes).where(db.changes.c.kind == "audit")
        ).scalar_one()


@pytest.fixture
def inspection(ctx, client):
    author = enrol(ctx, "王检查", "inspector", ["A"])
    entries = author.new_inspection()
    assert {r.status for r in push(client, author, entries).results} == {"applied"}
    return author, entries


def test_audit_entries_are_accepted_and_the_trail_renders_like_on_a_laptop(ctx, client, inspection):
    author, entries = inspection
    iid = entries[0]["inspection_id"]
    rows = [
        audit_row(author, iid, "王检查", at="2026-11-30T08:00:01.000000Z"),
        audit_row(author, iid, "", at="2026-11-30T08:00:00.000000Z", actor="王小明"),
    ]
    audit = [audit_entry(author, row) for row in rows]
    results = push(client, author, audit).results
    assert [r.status for r in results] == ["applied", "applied"], results
    assert server_audit_trail(ctx.engine, iid) == trail_bytes(rows)
    lines = server_audit_trail(ctx.engine, iid).decode().splitlines()
    assert [AuditRow.model_validate_json(line).id for line in lines] == [rows[1].id, rows[0].id]
    # Audit entries are records in the winners: laptop and server state hashes still match.
    expected = state_hash(materialise(Change(**e) for e in entries + audit))
    assert server_state_hash(ctx.engine, iid) == expected
    # They travel in pulls like any entry, with their signatures.
    pulled = client.get("/api/v1/pull", headers=author.headers).json()["changes"]
    kinds = [c["kind"] for c in pulled if c["kind"] == "audit"]
    assert len(kinds) == 2 and all(c["signature"] for c in pulled)
    # A replay is a duplicate, not a rewrite.
    assert {r.status for r in push(client, author, audit).results} == {"duplicate"}


def test_reviewers_write_audit_rows_for_reviews(ctx, client, inspection):
    _author, entries = inspection
    iid = entries[0]["inspection_id"]
    reviewer = enrol(ctx, "审核员", "reviewer", [])
    row = audit_row(reviewer, iid, "审核员", role="reviewer", kind="review", record_id="rv-1")
    review = reviewer.entry(iid, "state", "commented", kind="review", record_id="rv-1")
    results = push(client, reviewer, [review, audit_entry(reviewer, row)]).results
    assert [r.status for r in results] == ["applied", "applied"], results


def test_an_audit_row_naming_another_account_is_rejected(ctx, client, inspection):
    author, entries = inspection
    row = audit_row(author, entries[0]["inspection_id"], "director", actor="主任")
    result = push(client, author, [audit_entry(author, row)]).results[0]
    assert result.status == "rejected"
    assert result.reason == (
        "unauthorized: the audit row names another account ('director') than the device's "
        "user ('王检查')"
    )
    assert audit_count(ctx) == 0


def test_an_imported_row_keeps_its_original_account_vouched_by_the_importer(
    ctx, client, inspection
):
    author, entries = inspection
    iid = entries[0]["inspection_id"]
    # Taken from an interchange file: the row names its original author and device; the
    # importing device's signed entry carries it, marked as imported.
    row = audit_row(
        author,
        iid,
        "原作者",
        device_id="other-laptop",
        imported_from="record.json (SHA-256 " + "0" * 64 + ")",
        imported_by="王检查",
        imported_at="2026-11-30T09:00:00.000000Z",
    )
    assert push(client, author, [audit_entry(author, row)]).results[0].status == "applied"
    (line,) = server_audit_trail(ctx.engine, iid).decode().splitlines()
    assert AuditRow.model_validate_json(line).imported_by == "王检查"
    # Without the marks the same row is a claim in another's name: refused.
    forged = audit_row(author, iid, "原作者")
    result = push(client, author, [audit_entry(author, forged)]).results[0]
    assert result.status == "rejected" and "another account" in result.reason


def test_audit_rows_are_append_only(ctx, client, inspection):
    author, entries = inspection
    iid = entries[0]["inspection_id"]
    row = audit_row(author, iid, "王检查")
    assert push(client, author, [audit_entry(author, row)]).results[0].status == "applied"
    before = server_audit_trail(ctx.engine, iid)
    # The same row id again with other content and a later clock (it would win): refused.
    rewrite = row.model_copy(update={"new": "critical", "reason": "改写"})
    result = push(client, author, [audit_entry(author, rewrite, author.hlc(60_000))]).results[0]
    assert result.status == "rejected"
    assert result.reason == f"invalid: audit rows are append-only; audit row {row.id!r} exists"
    # Two writes of one new row in one batch: the second is refused.
    fresh = audit_row(author, iid, "王检查")
    twice = [
        audit_entry(author, fresh),
        audit_entry(author, fresh.model_copy(update={"reason": "x"})),
    ]
    assert [r.status for r in push(client, author, twice).results] == ["applied", "rejected"]
    # The stored row is the first one, unchanged.
    assert server_audit_trail(ctx.engine, iid) == trail_bytes([row, fresh])
    assert before == trail_bytes([row])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"field": "value"}, "invalid: an audit entry sets the field 'row', not 'value'"),
        ({"value": "a string"}, "invalid: an audit entry's value is a row (an object)"),
        ({"row": {"action": "approve"}}, "invalid: audit.action: "),
        ({"row": {"device_id": "another-laptop"}}, "invalid: an audit row names another device"),
        ({"row": {"legacy": True}}, "invalid: legacy audit rows are never synced"),
        ({"row": {"extra": "x"}}, "invalid: audit.extra: "),
    ],
)
def test_malformed_audit_entries_are_rejected(ctx, client, inspection, change, reason):
    author, entries = inspection
    row = audit_row(author, entries[0]["inspection_id"], "王检查")
    entry = audit_entry(author, row)
    if "row" in change:
        entry["value"] = {**row.wire(), **change["row"]}
    else:
        entry.update(change)
    result = push(client, author, [entry]).results[0]
    assert result.status == "rejected"
    assert result.reason.startswith(reason), result.reason
    assert audit_count(ctx) == 0


def test_another_team_cannot_add_audit_rows_to_an_inspection(ctx, client, inspection):
    _author, entries = inspection
    stranger = enrol(ctx, "赵检查", "inspector", ["B"])
    row = audit_row(stranger, entries[0]["inspection_id"], "赵检查")
    result = push(client, stranger, [audit_entry(stranger, row)]).results[0]
    assert (result.status, result.reason) == (
        "rejected",
        "unauthorized: the inspection belongs to another team",
    )
    admin_device = enrol(ctx, "boss", "admin", [])
    row = audit_row(admin_device, entries[0]["inspection_id"], "boss", role="admin")
    result = push(client, admin_device, [audit_entry(admin_device, row)]).results[0]
    assert result.reason == "unauthorized: admin accounts do not write inspection records"
