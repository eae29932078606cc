"""The expert pool on the laptop (issue 14): what the last sync brought (`pool`), the choices
the wizard may offer, and the conflict-of-interest refusal every team write goes through.

The pool is a cache kept whole in the store's meta (`sync/experts.py`); it changes only at a
sync. The refusal lives here, not in a widget: `create_inspection` and `add_team_member` call
`check_team`, so the CLI, an import or a test cannot put a conflicted expert on a team either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from inspector_app.domain.errors import DomainError
from inspector_app.domain.experts import PoolExpert, conflict_reason

if TYPE_CHECKING:
    from inspector_app.operations.context import App


class Member(Protocol):
    """A team member as check_team needs it (operations.inspections.TeamMemberInput)."""

    expert_id: str | None


class ExpertConflict(DomainError):
    """An expert may not join the team of this company; the message says who and why."""


@dataclass(frozen=True)
class Pool:
    experts: list[PoolExpert]
    generated_at: datetime | None  # when the server made it (None: never synced)

    def get(self, expert_id: str) -> PoolExpert | None:
        return next((e for e in self.experts if e.id == expert_id), None)


def pool(app: App) -> Pool:
    from inspector_app.sync.experts import POOL_META_KEY, pool_from_meta

    experts, generated = pool_from_meta(app.store.meta_value(POOL_META_KEY))
    return Pool(sorted(experts, key=lambda e: (e.kind, e.name, e.id)), generated)


def check_expert(app: App, company: str, expert_id: str, the_pool: Pool | None = None) -> None:
    """Refuse (ExpertConflict) an expert not in this laptop's pool, or whose employer or
    declared conflicts match `company`."""
    found = (the_pool or pool(app)).get(expert_id)
    if found is None:
        raise ExpertConflict(
            "team",
            f"expert {expert_id} is not in this laptop's expert pool (withdrawn, unavailable or "
            "not for your team); sync, then pick from the pool again",
        )
    reason = conflict_reason(found, company)
    if reason is not None:
        raise ExpertConflict("team", reason)


def check_team(app: App, company: str, team: Iterable[Member]) -> None:
    """Every member picked from the pool is checked against `company` (typed names are
    the center's own staff and are not in the pool)."""
    picked = [m for m in team if m.expert_id]
    if not picked:
        return
    the_pool = pool(app)
    for member in picked:
        assert member.expert_id is not None
        check_expert(app, company, member.expert_id, the_pool)
