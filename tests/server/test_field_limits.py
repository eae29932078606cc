"""A pushed entry whose text is over the model's length limit is rejected with the field and
the limit as its reason, and nothing of it is stored; on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from inspector_app.domain.model import MAX_FACTS, MAX_NAME
from inspector_app.server import db

from .conftest import enrol
from .test_api import pull, push


def test_a_pushed_value_over_the_limit_is_rejected_with_the_reason(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    entries = device.new_inspection()
    iid = entries[0]["inspection_id"]
    hlc = device.hlc()
    defect = {
        "inspection_id": iid,
        "severity": "major",
        "created_at": "2026-11-23T08:00:00.000000Z",
        "deleted": False,
    }
    good = [
        device.entry(iid, k, v, kind="defect", record_id="d-ok", hlc=hlc)
        for k, v in {**defect, "facts": "实" * MAX_FACTS}.items()
    ]
    too_long = device.entry(iid, "facts", "实" * (MAX_FACTS + 1), kind="defect", record_id="d-2")
    long_name = device.entry(iid, "company_name", "公" * (MAX_NAME + 1))
    with live.client(device) as client:
        results = push(client, device, [*entries, *good, too_long, long_name]).results
        page = pull(client)
    by_id = {r.change_id: r for r in results}
    assert by_id[too_long["change_id"]].status == "rejected"
    assert by_id[too_long["change_id"]].reason == (
        f"invalid: defect.facts: at most {MAX_FACTS} characters"
    )
    assert by_id[long_name["change_id"]].status == "rejected"
    assert by_id[long_name["change_id"]].reason == (
        f"invalid: inspection.company_name: at most {MAX_NAME} characters"
    )
    assert all(by_id[e["change_id"]].status == "applied" for e in [*entries, *good])
    pulled = {c.change_id for c in page.changes}
    assert too_long["change_id"] not in pulled and long_name["change_id"] not in pulled
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(db.changes)).scalar_one()
    assert stored == len(entries) + len(good)
