"""The review list's summary follows the change sequence (issue 11): entries pushed after a
list are in the next list; deleted defects and inspections leave the counts and the list; a
lost cursor rebuilds the table."""

from __future__ import annotations

from sqlalchemy import delete, select

from inspector_app.server import db
from inspector_app.server.console import queries, summary

from .conftest import inspection, push


def _rows(ctx, **filters):
    return queries.review_list(ctx.engine, queries.ListFilter(**filters)).rows


def test_summary_follows_pushes_deletes_and_rebuilds(ctx, laptop):
    first = inspection(ctx, laptop, company="甲制药", defects=(("major", "记录缺失", "第十条"),))
    (row,) = _rows(ctx)
    assert (row.company, row.counts, row.total) == (
        "甲制药",
        {"critical": 0, "major": 1, "general": 0},
        1,
    )

    # A new defect and a renamed company reach the next list.
    second = inspection(ctx, laptop, company="乙药业", defects=())
    iid = first.inspection_id
    new_defect = "d-" + iid[:8]
    hlc = laptop.hlc()
    push(
        ctx,
        laptop,
        [
            laptop.entry(iid, k, v, kind="defect", record_id=new_defect, hlc=hlc)
            for k, v in {
                "inspection_id": iid,
                "severity": "critical",
                "facts": "无菌区粒子超标",
                "clause_refs": ["附录1第九条"],
                "author": "钱组员",
                "created_at": "2026-11-21T10:00:00.000000Z",
                "deleted": False,
            }.items()
        ]
        + [laptop.entry(iid, "company_name", "甲制药股份", hlc=laptop.hlc())],
    )
    by_id = {r.id: r for r in _rows(ctx)}
    assert by_id[iid].company == "甲制药股份"
    assert by_id[iid].counts == {"critical": 1, "major": 1, "general": 0}
    assert [r.id for r in _rows(ctx, inspector="钱组员")] == [iid]
    assert [r.id for r in _rows(ctx, text="粒子")] == [iid]

    # A deleted defect leaves the counts; a deleted inspection leaves the list.
    push(
        ctx,
        laptop,
        [
            laptop.entry(iid, "deleted", True, kind="defect", record_id=new_defect),
            laptop.entry(second.inspection_id, "deleted", True),
        ],
    )
    (row,) = _rows(ctx)
    assert row.id == iid and row.counts["critical"] == 0 and row.total == 1
    assert _rows(ctx, text="粒子") == []

    # Derived data: without its cursor the table is rebuilt from the records.
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(delete(db.server_meta).where(db.server_meta.c.key == summary.CURSOR_KEY))
        conn.execute(delete(db.console_summary))
    (row,) = _rows(ctx)
    assert row.id == iid and row.total == 1
    with ctx.engine.connect() as conn:
        cursor = conn.execute(
            select(db.server_meta.c.value).where(db.server_meta.c.key == summary.CURSOR_KEY)
        ).scalar_one()
        head = conn.execute(select(db.changes.c.seq).order_by(db.changes.c.seq.desc())).first()[0]
    assert int(cursor) == head
