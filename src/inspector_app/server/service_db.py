"""Tables of the service the center runs (schema 0005, issue 14): its catalogue of service
items, companies' service requests with their clock stops, the inspections each request
carries, and who did what to a request.

Defined on `db.metadata`; migration 0005 creates the same tables. Dates are ISO dates
(`YYYY-MM-DD`, China), times ISO UTC like every other table here.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Identity, Integer, Table, Text

from inspector_app.server.db import Seq, metadata

# One row per version of a service item: an edit adds a version, so a request keeps the
# limit and name in force when it was accepted. The current item is its highest version.
service_items = Table(
    "service_items",
    metadata,
    Column("code", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("pre_inspection", Boolean, nullable=False),  # pre-inspection items list first
    Column("position", Integer, nullable=False),  # order within its group
    Column("limit_days", Integer, nullable=False),  # 办结时限, working days
    # 整改时限 in working days from the report's issue day (schema 0009, issue 15; set by
    # server/rectification.py). NULL: as the item's earlier version, else the placeholder.
    Column("rectification_days", Integer),
    Column("report_template", Text, nullable=False),  # full | defect-list
    Column("retired", Boolean, nullable=False),  # no new requests; old ones keep it
    Column("changed_at", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

service_requests = Table(
    "service_requests",
    metadata,
    Column("id", Text, primary_key=True),
    Column("company", Text, nullable=False, index=True),
    Column("item_code", Text, nullable=False),
    Column("item_version", Integer, nullable=False),  # re-pinned at acceptance
    Column("products", Text, nullable=False),
    Column("requested_start", Text),
    Column("requested_end", Text),
    Column("received_on", Text, nullable=False, index=True),
    Column("accepted_on", Text),
    Column("limit_days", Integer),  # the item's limit in force at acceptance
    Column("note", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
)

request_clock_stops = Table(
    "request_clock_stops",
    metadata,
    Column("id", Seq, Identity(), primary_key=True),
    Column("request_id", Text, ForeignKey("service_requests.id"), nullable=False, index=True),
    Column("stopped_on", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("stopped_by", Text, nullable=False),
    Column("resumed_on", Text),
    Column("resumed_by", Text),
)

# An inspection belongs to at most one request; a request may carry several.
request_inspections = Table(
    "request_inspections",
    metadata,
    Column("inspection_id", Text, primary_key=True),
    Column("request_id", Text, ForeignKey("service_requests.id"), nullable=False, index=True),
    Column("linked_at", Text, nullable=False),
    Column("linked_by", Text, nullable=False),
)

# Who did what to a request, when: shown on its page.
request_events = Table(
    "request_events",
    metadata,
    Column("id", Seq, Identity(), primary_key=True),
    Column("request_id", Text, ForeignKey("service_requests.id"), nullable=False, index=True),
    Column("at", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("what", Text, nullable=False),
    Column("detail", JSON, nullable=False),
)
