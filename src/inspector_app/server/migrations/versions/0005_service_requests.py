"""Issue 14: the service catalogue (versioned items with their 办结时限 in working days),
service requests, their clock stops, the inspections they carry and their event log
(server/service_db.py). The catalogue starts with the five items the platform names; their
limits are placeholders (20 working days) that the center sets in the console.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Seq = sa.BigInteger().with_variant(sa.Integer, "sqlite")

# (code, name, pre-inspection): the pre-inspection item first, as the platform lists them.
INITIAL_ITEMS = (
    ("licence-pre", "许可预检查", True),
    ("registration-verification", "注册核查", False),
    ("registration-testing", "注册检验", False),
    ("gmp-compliance", "GMP符合性检查", False),
    ("management-certification", "管理体系认证", False),
)
INITIAL_LIMIT = 20
INITIAL_AT = "2026-11-30T00:00:00.000000Z"


def upgrade() -> None:
    items = op.create_table(
        "service_items",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("pre_inspection", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("limit_days", sa.Integer, nullable=False),
        sa.Column("report_template", sa.Text, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("changed_at", sa.Text, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "service_requests",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("company", sa.Text, nullable=False, index=True),
        sa.Column("item_code", sa.Text, nullable=False),
        sa.Column("item_version", sa.Integer, nullable=False),
        sa.Column("products", sa.Text, nullable=False),
        sa.Column("requested_start", sa.Text),
        sa.Column("requested_end", sa.Text),
        sa.Column("received_on", sa.Text, nullable=False, index=True),
        sa.Column("accepted_on", sa.Text),
        sa.Column("limit_days", sa.Integer),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    op.create_table(
        "request_clock_stops",
        sa.Column("id", Seq, sa.Identity(), primary_key=True),
        sa.Column(
            "request_id",
            sa.Text,
            sa.ForeignKey("service_requests.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("stopped_on", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("stopped_by", sa.Text, nullable=False),
        sa.Column("resumed_on", sa.Text),
        sa.Column("resumed_by", sa.Text),
    )
    op.create_table(
        "request_inspections",
        sa.Column("inspection_id", sa.Text, primary_key=True),
        sa.Column(
            "request_id",
            sa.Text,
            sa.ForeignKey("service_requests.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("linked_at", sa.Text, nullable=False),
        sa.Column("linked_by", sa.Text, nullable=False),
    )
    op.create_table(
        "request_events",
        sa.Column("id", Seq, sa.Identity(), primary_key=True),
        sa.Column(
            "request_id",
            sa.Text,
            sa.ForeignKey("service_requests.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.bulk_insert(
        items,
        [
            {
                "code": code,
                "version": 1,
                "name": name,
                "pre_inspection": pre,
                "position": n,
                "limit_days": INITIAL_LIMIT,
                "report_template": "full",
                "retired": False,
                "changed_at": INITIAL_AT,
                "changed_by": "",
                "reason": "初始值，待中心核定 (initial value, to be set by the center)",
            }
            for n, (code, name, pre) in enumerate(INITIAL_ITEMS, 1)
        ],
    )


def downgrade() -> None:
    for table in (
        "request_events",
        "request_inspections",
        "request_clock_stops",
        "service_requests",
        "service_items",
    ):
        op.drop_table(table)
