"""The new-inspection wizard: company, type and checklist, scope, team, dates, confirmation.

One module per page; `wizard.py` assembles them and creates the inspection on the last page
through operations.inspections.create_inspection (nothing is written before that).

    from inspector_app.ui.wizard import NewInspectionWizard
"""

from inspector_app.ui.wizard.checklist import ChecklistPage
from inspector_app.ui.wizard.company import CompanyPage
from inspector_app.ui.wizard.confirm import ConfirmPage
from inspector_app.ui.wizard.dates import DatesPage
from inspector_app.ui.wizard.scope import ScopePage
from inspector_app.ui.wizard.team import MemberRow, TeamPage
from inspector_app.ui.wizard.wizard import NewInspectionWizard

__all__ = [
    "ChecklistPage",
    "CompanyPage",
    "ConfirmPage",
    "DatesPage",
    "MemberRow",
    "NewInspectionWizard",
    "ScopePage",
    "TeamPage",
]
