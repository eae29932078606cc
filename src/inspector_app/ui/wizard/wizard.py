"""The wizard itself: the six pages in order, its buttons, and `create()`."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget, QWizard

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Inspection
from inspector_app.operations import App
from inspector_app.operations.inspections import create_inspection
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.screen import fit_to_screen
from inspector_app.ui.wizard.checklist import ChecklistPage
from inspector_app.ui.wizard.company import CompanyPage
from inspector_app.ui.wizard.confirm import ConfirmPage
from inspector_app.ui.wizard.dates import DatesPage
from inspector_app.ui.wizard.scope import ScopePage
from inspector_app.ui.wizard.team import TeamPage

PREFERRED_SIZE = QSize(820, 620)


class NewInspectionWizard(QWizard):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.created: Inspection | None = None
        self.setObjectName("newInspectionWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.company_page = CompanyPage()
        self.checklist_page = ChecklistPage(app)
        self.scope_page = ScopePage(self.checklist_page)
        self.team_page = TeamPage(app, lambda: self.company_page.company.text().strip())
        self.dates_page = DatesPage()
        self.confirm_page = ConfirmPage(self)
        for page in (
            self.company_page,
            self.checklist_page,
            self.scope_page,
            self.team_page,
            self.dates_page,
            self.confirm_page,
        ):
            self.addPage(page)
        retranslate_on_change(self, self.retranslate_ui)
        fit_to_screen(self, PREFERRED_SIZE)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("新建检查"))
        # Mnemonics here are shared by every page: no page may use B, N or F.
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成(&F)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))

    def create(self) -> str | None:
        """Create the inspection; returns a message when it was refused (nothing saved)."""
        if self.created is not None:
            return None
        checklist = self.checklist_page.checklist()
        assert checklist is not None
        start, end = self.dates_page.dates()
        try:
            self.created = create_inspection(
                self.app,
                company_name=self.company_page.company.text().strip(),
                site_address=self.company_page.site_address.text().strip(),
                products=self.company_page.product_list(),
                inspection_type=self.checklist_page.inspection_type(),
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                scope_sections=self.scope_page.scope_sections(),
                scope_tags=self.scope_page.scope_tags(),
                planned_start=start,
                planned_end=end,
                team=self.team_page.team(),
            )
        except DomainError as exc:
            return self.tr("未能建立检查：{error}").format(error=exc)
        return None
