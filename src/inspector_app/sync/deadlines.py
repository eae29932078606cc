"""Deadlines on the wire (issue 14, D32): `GET /api/v1/deadlines` → `DeadlinesResponse`.

For each inspection of the caller's teams that a service request carries, where the
request's 办结时限 stands: due date, working days left (negative: late), and whether the
clock is stopped (with the reason) or the request is overdue — as the server counted them
on `as_of` (China date). A laptop keeps the answer whole as the store's meta value
`deadlines` (replaced at every sync, like `expert_pool`); the inspections list reads it,
also on the first-paint path with `json` alone (operations/listing.py).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from inspector_app.store.quick import DEADLINES_META_KEY as DEADLINES_META_KEY


class DeadlineEntry(BaseModel):
    inspection_id: str = Field(max_length=200)
    request_id: str = Field(max_length=200)
    item_name: str = Field(default="", max_length=200)
    limit_days: int | None = None
    accepted_on: date | None = None
    due_on: date | None = None  # None while the clock is stopped or before acceptance
    left: int | None = None  # working days left on as_of; negative: that many late
    # received | running | due_soon | overdue | stopped | on_time | late | unknown
    state: str = Field(max_length=20)
    stopped_on: date | None = None
    stop_reason: str = Field(default="", max_length=2_000)


class DeadlinesResponse(BaseModel):
    deadlines: list[DeadlineEntry]
    as_of: date
    generated_at: datetime


def deadlines_meta_value(answer: DeadlinesResponse) -> str:
    """The meta value a laptop keeps: the answer as received."""
    return answer.model_dump_json()
