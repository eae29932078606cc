"""The expert pool on the wire (issue 14): `GET /api/v1/experts` → `ExpertPoolResponse`.

A laptop receives the available entries of the pool its teams may use — id, kind, name,
specialties, employer and the companies of open declared conflicts — and keeps them, whole,
as the store's meta value `expert_pool` (replaced at every sync; a cache, never edited on the
laptop). The employer and conflicts travel because the wizard refuses a conflicted expert
offline; notes, agreements and the console's history stay on the server.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel, Field

from inspector_app.domain.experts import PoolExpert

POOL_META_KEY = "expert_pool"


class PoolEntry(BaseModel):
    id: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=200)
    specialties: list[str] = Field(default_factory=list, max_length=50)
    employer: str = Field(default="", max_length=200)
    conflicts: list[str] = Field(default_factory=list, max_length=1000)

    @classmethod
    def of(cls, expert: PoolExpert) -> PoolEntry:
        return cls(
            id=expert.id,
            kind=expert.kind,
            name=expert.name,
            specialties=list(expert.specialties),
            employer=expert.employer,
            conflicts=list(expert.conflicts),
        )

    def domain(self) -> PoolExpert:
        return PoolExpert(
            id=self.id,
            kind=self.kind,
            name=self.name,
            specialties=tuple(self.specialties),
            employer=self.employer,
            conflicts=tuple(self.conflicts),
        )


class ExpertPoolResponse(BaseModel):
    experts: list[PoolEntry]
    generated_at: datetime


def pool_meta_value(answer: ExpertPoolResponse) -> str:
    """The meta value a laptop keeps: the answer as received."""
    return answer.model_dump_json()


def pool_from_meta(value: str | None) -> tuple[list[PoolExpert], datetime | None]:
    """The kept pool and when the server made it; nothing kept (or unreadable): empty."""
    if not value:
        return [], None
    try:
        answer = ExpertPoolResponse.model_validate(json.loads(value))
    except ValueError:
        return [], None
    return [e.domain() for e in answer.experts], answer.generated_at
