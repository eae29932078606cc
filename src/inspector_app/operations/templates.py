"""Start a new inspection from an earlier one: same kind of work, another company."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Inspection, TeamRole
from inspector_app.operations.context import App
from inspector_app.operations.inspections import (
    TeamMemberInput,
    create_inspection,
    load_inspection,
)


def duplicate_as_template(
    app: App,
    inspection_id: str,
    *,
    company_name: str,
    site_address: str = "",
    products: Sequence[str] = (),
    planned_start: date | None = None,
    planned_end: date | None = None,
) -> Inspection:
    """A new draft inspection of `company_name` shaped like `inspection_id`.

    Copied: the inspection type, the checklist, the scope (sections and applicability tags)
    and the team — as new member records. Not copied: results, defects, photos, signatures,
    conclusion, document number, dates, and the members' declarations: a confidentiality and
    no-conflict declaration is made about one company, so every member declares again.

    Checklist version: a new inspection gets what the library offers today, i.e. the latest
    version of the same checklist id. That is the pinned version itself unless a revision
    appeared since, or the pinned version's regulation was replaced (its checklist is kept
    for old inspections only, and a newer version of the id follows the new regulation).
    When no version of the id is offered any more, the copy is refused with the reason.
    Scope sections or tags that the newer version no longer has are dropped (no section left
    means the whole checklist, as always); the inspector reviews the scope before going on
    site.
    """
    source = load_inspection(app, inspection_id)
    old = source.inspection
    offered = {c.id: c for c in app.library.offered()}
    checklist = offered.get(old.checklist_id)
    if checklist is None:
        pinned = app.library.get(old.checklist_id, old.checklist_version)
        raise DomainError(
            "checklist_id",
            f"{old.checklist_id} v{old.checklist_version} follows "
            f"{pinned.regulation.name}（{pinned.regulation.version}）, which was replaced by "
            f"{pinned.regulation.replaced_by or 'a newer regulation'}, and no newer version "
            "of this checklist is available; start the new inspection from the wizard",
        )
    sections = {s.id for chain, _ in checklist.walk_items() for s in chain}
    tags = {t.id for t in checklist.tags}
    team = [
        TeamMemberInput(name=m.name, role=m.role, organisation=m.organisation)
        for m in sorted(source.team, key=lambda m: (m.role is not TeamRole.LEAD, m.name))
    ]
    return create_inspection(
        app,
        company_name=company_name,
        inspection_type=old.inspection_type,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        site_address=site_address,
        products=products,
        scope_sections=[s for s in old.scope_sections if s in sections],
        scope_tags=[t for t in old.scope_tags if t in tags],
        planned_start=planned_start,
        planned_end=planned_end,
        team=team,
    )
