"""Page 1, 企业信息: the company's name (required), site address and products."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWizardPage

from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.wizard.common import ProblemLine


class CompanyPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.company = QLineEdit(objectName="company")
        self.site_address = QLineEdit(objectName="siteAddress")
        self.products = QPlainTextEdit(objectName="products")
        self.products.setTabChangesFocus(True)
        self.error = ProblemLine()
        self._labels = [QLabel(buddy=w) for w in (self.company, self.site_address, self.products)]
        form = QFormLayout(self)
        for label, field in zip(
            self._labels, (self.company, self.site_address, self.products), strict=True
        ):
            form.addRow(label, field)
        form.addRow(self.error)
        self.setFocusProxy(self.company)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("企业信息"))
        self.setSubTitle(self.tr("被检查企业的名称、检查地址和涉及的品种。"))
        self.products.setPlaceholderText(self.tr("每行一个品种，例如：注射用头孢曲松钠"))
        texts = (self.tr("企业名称(&C)*"), self.tr("检查地址(&A)"), self.tr("品种(&P)"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)

    def product_list(self) -> list[str]:
        lines = (line.strip() for line in self.products.toPlainText().splitlines())
        return [line for line in lines if line]

    def validatePage(self) -> bool:
        if not self.company.text().strip():
            self.error.say(lambda: self.tr("请填写企业名称。"))
            self.company.setFocus()
            return False
        self.error.clear()
        return True
