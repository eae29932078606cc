"""Server schema 0009 (issue 15) on SQLite and PostgreSQL: a database at 0006 is migrated by
the server's start-up, the company and rectification tables work, service_items gains its
rectification days; going back to 0006 drops only them; going up again works."""

from __future__ import annotations

from sqlalchemy import inspect
from tests.server.migrating import stepper

from inspector_app.server import db, rectification

TABLES = {
    "company_accounts",
    "rect_responses",
    "rect_objections",
    "rect_evidence",
    "rect_audit",
    "rect_satisfaction",
}


def test_0009_up_down_up(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    down_to = "0007"  # the revision 0009 follows
    to = stepper(engine)

    def item_columns() -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns("service_items")}

    try:
        assert not TABLES & to(down_to)
        db.migrate(engine)  # the server's own start-up: the older schema is known
        assert db.current_revision(engine) == db.HEAD_REVISION == "0010"
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert "rectification_days" in item_columns()
        rectification.create_company_account(engine, "admin", "qiye", "华东制药有限公司")
        assert rectification.company_of(engine, "qiye") == "华东制药有限公司"
        assert rectification.set_rectification_days(engine, "admin", "gmp-compliance", 15, "")
        assert rectification.rectification_days_by_item(engine)["gmp-compliance"] == 15
        tables = to(down_to, down=True)
        assert not TABLES & tables and "service_items" in tables
        assert "rectification_days" not in item_columns()
        assert to("0009") >= TABLES
    finally:
        engine.dispose()
