"""Page 6, 确认: everything chosen, in one table; Finish creates the inspection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWizardPage

from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.wizard.common import ProblemLine, esc

if TYPE_CHECKING:
    from inspector_app.ui.wizard.wizard import NewInspectionWizard


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: NewInspectionWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._initialized = False
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        # A long scope or team must not push the wizard's buttons off a small screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.summary)
        self.error = ProblemLine()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("确认"))
        self.setSubTitle(self.tr("核对以下信息，点“完成”建立检查。"))
        if self._initialized:
            self.initializePage()

    def initializePage(self) -> None:
        self._initialized = True
        w = self._wizard
        checklist = w.checklist_page.checklist()
        assert checklist is not None
        n, total = w.scope_page.in_scope_count()
        start, end = w.dates_page.dates()
        names = {s.id: f"{s.code} {s.title}" for chain, _ in checklist.walk_items() for s in chain}
        labels = {t.id: t.label for t in checklist.tags}
        sections = w.scope_page.scope_sections()
        team = w.team_page.members
        undeclared = [m.name for m in team if m.declared_at is None]
        rows = [
            (self.tr("企业"), w.company_page.company.text().strip()),
            (self.tr("检查地址"), w.company_page.site_address.text().strip() or "—"),
            (self.tr("品种"), "、".join(w.company_page.product_list()) or "—"),
            (self.tr("检查类型"), enum_label(w.checklist_page.inspection_type())),
            (self.tr("检查表"), f"{checklist.title} v{checklist.version}"),
            (self.tr("范围"), "；".join(names[s] for s in sections) or self.tr("整个检查表")),
            (self.tr("适用标签"), "、".join(labels[t] for t in w.scope_page.scope_tags()) or "—"),
            (self.tr("范围内条目"), f"{n} / {total}"),
            (self.tr("检查组"), "、".join(f"{m.name}（{enum_label(m.role)}）" for m in team)),
            (self.tr("计划日期"), f"{start} — {end}" if start else self.tr("待定")),
        ]
        html = "".join(
            f"<tr><td style='padding-right:12px'><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>"
            for k, v in rows
        )
        note = ""
        if undeclared:
            note = (
                "<p>"
                + esc(
                    self.tr("尚未签署声明（须在首次会议前签署）：{names}").format(
                        names="、".join(undeclared)
                    )
                )
                + "</p>"
            )
        self.summary.setText(f"<table>{html}</table>{note}")

    def validatePage(self) -> bool:
        message = self._wizard.create()
        if message is None:
            self.error.clear()
            return True
        self.error.say(lambda: message)
        return False
