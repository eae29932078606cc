"""Server schema 0005 (issue 14) on SQLite and PostgreSQL: a database at 0004 gains the
service catalogue (seeded, pre-inspection first) and the request tables; going back to 0004
drops them and leaves the rest; going up again works."""

from __future__ import annotations

from tests.server.migrating import stepper

from inspector_app.server import db, service

TABLES = {
    "service_items",
    "service_requests",
    "request_clock_stops",
    "request_inspections",
    "request_events",
}


def test_0005_up_down_up(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    to = stepper(engine)

    try:
        assert not TABLES & to("0004")
        assert to("0005") >= TABLES
        # Read at schema 0005 (service.catalogue selects every column of the current
        # schema, e.g. 0009's rectification_days, which 0005 does not have yet).
        catalogue = service.catalogue
        items = catalogue(engine) if db.HEAD_REVISION == "0005" else _items_0005(engine)
        assert items[0].name == "许可预检查"
        assert {i.limit_days for i in items} == {20} and all(i.version == 1 for i in items)
        tables = to("0004", down=True)
        assert not TABLES & tables and "console_summary" in tables
        assert to("0005") >= TABLES
    finally:
        engine.dispose()


def _items_0005(engine):
    """The seeded catalogue with the columns schema 0005 has, in the catalogue's order."""
    from sqlalchemy import select

    from inspector_app.server.service_db import service_items

    s = service_items.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.name, s.limit_days, s.version, s.pre_inspection, s.position)
        ).all()
    return sorted(rows, key=lambda r: (not r.pre_inspection, r.position, r.name))
