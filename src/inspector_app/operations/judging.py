"""What judges a record: its pinned checklist, its rule profile, its conclusion.

Apart from operations/inspections.py (whose writes import the store's SQL) so that a report,
which only reads, reaches them without SQLAlchemy (docs/startup-budget.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.domain.checklist import Checklist
    from inspector_app.domain.conclusion import FinalConclusion, RuleProfile
    from inspector_app.domain.model import Inspection
    from inspector_app.operations.context import App
    from inspector_app.operations.records import InspectionRecord


def checklist_of(app: App, inspection: Inspection) -> Checklist:
    """The pinned checklist version, which may be older than what new inspections get."""
    return app.library.get(inspection.checklist_id, inspection.checklist_version)


def profile_of(app: App, inspection: Inspection) -> RuleProfile:
    """The rule profile that judges this inspection (its checklist's, or the one that
    profile names for an inspection type its source does not cover)."""
    from inspector_app.domain.conclusion import profile_for

    checklist = checklist_of(app, inspection)
    return profile_for(app.profiles, checklist.rule_profile, inspection.inspection_type)


def conclusion_of(app: App, record: InspectionRecord) -> FinalConclusion:
    """The conclusion of a record already read (a report reads the store once)."""
    from inspector_app.domain.conclusion import evaluate, facts_from, final_conclusion

    checklist = checklist_of(app, record.inspection)
    profile = profile_of(app, record.inspection)
    facts = facts_from(checklist, record.inspection, record.results, record.defects)
    return final_conclusion(profile, evaluate(profile, facts), record.inspection)
