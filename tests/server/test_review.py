"""The console's review actions: records and audit rows naming the reviewer, signed with the
console key (verified as a laptop verifies them), applied through the push path, refused
with clear messages when out of order (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, select
from tests.server import reviewdata
from tests.server.conftest import enrol, sign

from inspector_app.domain.merge import Change
from inspector_app.server import admin, auth, changelog, db, review
from inspector_app.server.console_key import console_device, device_id_of
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.sync import signing
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus


def _entries(ctx: ServerContext, record_id: str | None = None, kind: str | None = None):
    c = db.changes.c
    query = select(db.changes).order_by(c.seq)
    if record_id:
        query = query.where(c.record_id == record_id)
    if kind:
        query = query.where(c.kind == kind)
    with ctx.engine.connect() as conn:
        return conn.execute(query).all()


def _winner(ctx: ServerContext, kind: str, record_id: str, field: str):
    w = db.winners.c
    with ctx.engine.connect() as conn:
        return conn.execute(
            select(w.value).where(w.kind == kind, w.record_id == record_id, w.field == field)
        ).scalar_one_or_none()


def _audit_rows(ctx: ServerContext, record_id: str) -> list[dict]:
    return [row.value for row in _entries(ctx, kind="audit") if row.value["record_id"] == record_id]


def test_console_key_is_made_once_and_its_device_is_listed_in_keys(ctx):
    device, reviewer = reviewdata.team(ctx)
    first = console_device(ctx, reviewer)
    assert first == device_id_of(reviewer) == "console:zhao"
    assert console_device(ctx, reviewer) == first
    admin.add_user(ctx.engine, "qian", "reviewer", [])
    console_device(ctx, "qian")
    with ctx.engine.connect() as conn:
        keys = conn.execute(
            select(db.server_meta.c.value).where(db.server_meta.c.key == "console_signing_key")
        ).all()
        rows = conn.execute(
            select(db.devices.c.public_key, db.devices.c.token_hash).where(
                db.devices.c.device_id.like("console:%")
            )
        ).all()
    assert len(keys) == 1
    assert len({r.public_key for r in rows}) == 1  # one key for every reviewer
    assert all(not r.token_hash[:1].isalnum() for r in rows)  # never a token's SHA-256
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)
    listed = {k.device_id: k for k in auth.device_keys(ctx.engine, principal).keys}
    assert listed["console:zhao"].public_key == rows[0].public_key
    assert listed["console:zhao"].user == "zhao"


def test_two_workers_make_one_console_key(ctx):
    reviewdata.team(ctx)
    admin.add_user(ctx.engine, "qian", "reviewer", [])
    errors: list[BaseException] = []

    def worker(user: str) -> None:
        try:
            console_device(ctx, user)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(u,)) for u in ("zhao", "qian") * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with ctx.engine.connect() as conn:
        keys = conn.execute(
            select(db.server_meta.c.value).where(db.server_meta.c.key == "console_signing_key")
        ).all()
    assert len(keys) == 1


def test_each_action_writes_a_signed_review_and_one_audit_row_naming_the_reviewer(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device)
    iid, (d1, d2) = pushed.inspection_id, pushed.defect_ids

    c_id = review.comment(ctx, reviewer, iid, d1, "请核实批号。")
    a_id = review.adjust(
        ctx, reviewer, iid, d1, severity="critical", facts="调整后的描述。", reason="影响产品质量"
    )
    ok_id = review.accept(ctx, reviewer, iid, d2)
    r_id = review.return_for_correction(ctx, reviewer, iid, None, "请补充签到表。")

    with ctx.engine.connect() as conn:
        key_text = conn.execute(
            select(db.devices.c.public_key).where(db.devices.c.device_id == "console:zhao")
        ).scalar_one()
    expected = {
        c_id: ("commented", d1),
        a_id: ("adjusted", d1),
        ok_id: ("accepted", d2),
        r_id: ("returned", None),
    }
    for rid, (state, defect_id) in expected.items():
        rows = _entries(ctx, record_id=rid)
        assert rows and all(r.device_id == "console:zhao" and r.user_name == "zhao" for r in rows)
        for row in rows:  # a laptop verifies each entry with the console's public key
            change = Change.from_mapping(row._mapping)
            assert signing.verify(key_text, change, row.signature)
        assert _winner(ctx, "review", rid, "state") == state
        assert _winner(ctx, "review", rid, "defect_id") == defect_id
        assert _winner(ctx, "review", rid, "reviewer") == "赵审核"
        audit = _audit_rows(ctx, rid)
        assert len(audit) == 1
        row = audit[0]
        assert (row["actor"], row["account"], row["role"]) == ("赵审核", "zhao", "reviewer")
        assert row["device_id"] == "console:zhao" and row["action"] == "create"
        assert row["new"]["state"] == state
    # The adjustment keeps the original: the defect is untouched, the review holds the new.
    assert _winner(ctx, "defect", d1, "severity") == "major"
    assert _winner(ctx, "defect", d1, "facts").startswith("原始描述1")
    assert _winner(ctx, "review", a_id, "adjusted_severity") == "critical"
    assert _winner(ctx, "review", a_id, "adjusted_facts") == "调整后的描述。"
    assert _audit_rows(ctx, a_id)[0]["reason"] == "影响产品质量"


def test_the_laptop_pulls_the_console_entries_with_their_signatures(ctx):
    device, reviewer = reviewdata.team(ctx)
    pushed = reviewdata.closed_inspection(ctx, device)
    rid = review.comment(ctx, reviewer, pushed.inspection_id, None, "总体意见。")
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)
    page = changelog.pull(ctx, principal, 0, 10_000)
    mine = [c for c in page.changes if c.record_id == rid]
    assert mine and all(c.signature for c in mine)
    keys = {k.device_id: k.public_key for k in auth.device_keys(ctx.engine, principal).keys}
    assert all(signing.verify(keys[c.device_id], c.to_change(), c.signature) for c in mine)


def test_order_rules_and_clear_refusals(ctx):
    device, reviewer = reviewdata.team(ctx)
    open_one = reviewdata.closed_inspection(ctx, device, status="on_site")
    with pytest.raises(ApiError, match="status is on_site") as err:
        review.comment(ctx, reviewer, open_one.inspection_id, None, "x")
    assert err.value.status == 409

    pushed = reviewdata.closed_inspection(ctx, device)
    iid, d1 = pushed.inspection_id, pushed.defect_ids[0]
    with pytest.raises(ApiError, match="no inspection 'nope'") as err:
        review.comment(ctx, reviewer, "nope", None, "x")
    assert err.value.status == 404
    with pytest.raises(ApiError, match="has no defect 'nope'"):
        review.accept(ctx, reviewer, iid, "nope")
    with pytest.raises(ApiError, match="is required"):
        review.comment(ctx, reviewer, iid, d1, "   ")
    with pytest.raises(ApiError, match="at most 5000"):
        review.comment(ctx, reviewer, iid, d1, "长" * 5001)
    with pytest.raises(ApiError, match=r"reason of the adjustment .* is required"):
        review.adjust(ctx, reviewer, iid, d1, severity="critical", reason="")
    with pytest.raises(ApiError, match="must be one of critical, major, general"):
        review.adjust(ctx, reviewer, iid, d1, severity="fatal", reason="r")
    with pytest.raises(ApiError, match="changes nothing"):
        review.adjust(ctx, reviewer, iid, d1, severity="major", reason="r")
    with pytest.raises(ApiError, match="control characters"):
        review.comment(ctx, reviewer, iid, d1, "a\x00b")

    returned = review.return_for_correction(ctx, reviewer, iid, d1, "请补充记录。")
    with pytest.raises(ApiError, match="1 returned item") as err:
        review.approve(ctx, reviewer, iid)
    assert err.value.code == "unanswered_returns"
    reviewdata.answer(ctx, device, iid, returned)
    approval = review.approve(ctx, reviewer, iid, "同意出具报告。")
    assert _winner(ctx, "review", approval, "state") == "accepted"
    assert _winner(ctx, "review", approval, "defect_id") is None
    with pytest.raises(ApiError, match="already approved by 赵审核") as err:
        review.approve(ctx, reviewer, iid)
    assert err.value.status == 409
    with pytest.raises(ApiError, match="already approved"):
        review.return_for_correction(ctx, reviewer, iid, None, "again")


def test_only_reviewers_act_and_they_see_every_team(ctx):
    device, reviewer = reviewdata.team(ctx)
    other = enrol(ctx, "sun", "inspector", ["team-b"])
    pushed = reviewdata.closed_inspection(ctx, other)  # team-b; the reviewer is in no team
    assert review.comment(ctx, reviewer, pushed.inspection_id, None, "ok")
    with pytest.raises(ApiError, match="only reviewers") as err:
        review.comment(ctx, "wang", pushed.inspection_id, None, "not mine to write")
    assert err.value.status == 403
    # An inspector's laptop cannot write review records through a push either.
    entry = device.entry(pushed.inspection_id, "comment", "x", kind="review", record_id="r-1")
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)
    [result] = changelog.push(ctx, principal, [ChangeEntry(**sign(entry))])
    assert result.status is ChangeStatus.REJECTED
    assert "only reviewers" in (result.reason or "")


def test_a_laptop_holding_the_console_device_id_is_never_signed_for(ctx):
    reviewdata.team(ctx)
    admin.add_user(ctx.engine, "zhou", "reviewer", [])
    code, _ = auth.make_enroll_code(ctx.engine, "zhou", 1)
    from inspector_app.sync.signing import SigningKey

    key = SigningKey.generate().public_text
    # Enrolment refuses the reserved prefix ...
    with pytest.raises(ApiError, match="reserved"):
        auth.enroll(ctx.engine, code, "console:zhou", "laptop", key)
    # ... and a row put there some other way (an older server) is still never signed for.
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(
            insert(db.devices).values(
                device_id="console:zhou",
                user_name="zhou",
                name="laptop",
                token_hash=auth.hash_secret(auth.new_token()),
                enrolled_at=auth.iso(auth.utc_now()),
                public_key=key,
            )
        )
    with pytest.raises(ApiError, match="held by another device"):
        console_device(ctx, "zhou")
